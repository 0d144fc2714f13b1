// What the launcher (and the e2e tests) may use of this app.
export * from './collector-manual.config';
export * from './collector-manual.module';
