// What the launcher (and the e2e tests) may use of this app.
export * from './collector-push.config';
export * from './collector-push.module';
