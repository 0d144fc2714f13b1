// What the launcher (and the e2e tests) may use of this app.
export * from './identity.config';
export * from './identity.module';
