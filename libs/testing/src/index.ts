export * from './database';
export * from './eventually';
export * from './silent-logger';
export * from './events';
export * from './sample-requests';
export * from './unzip';
export * from './s3';
