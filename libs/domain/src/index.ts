export * from './vocabulary';
export * from './deadline';
export * from './request-reference';
export * from './request-status';
