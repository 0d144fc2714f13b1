// What the launcher (and the e2e tests) may use of this app.
export * from './collector.config';
export * from './collector.module';
export * from './demo/seed-demo-database';
