export * from './envelope';
export * from './event-data';
export * from './topics';
export * from './validator';
