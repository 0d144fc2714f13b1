// What the launcher (and the e2e tests) may use of this app.
export * from './intake.config';
export * from './intake.module';
