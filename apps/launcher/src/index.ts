// What the launcher (and the e2e tests) may use of this app.
export * from './database-setup';
export * from './distributed-platform';
export * from './mail-catcher';
export * from './secrets';
export * from './services';
export * from './service-entry';
