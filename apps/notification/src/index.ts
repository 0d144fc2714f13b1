// What the launcher (and the e2e tests) may use of this app.
export * from './clock';
export * from './notification.config';
export * from './notification.module';
