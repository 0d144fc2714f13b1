// What the launcher (and the e2e tests) may use of this app.
export * from './backoffice.config';
export * from './backoffice.module';
