// What the launcher (and the e2e tests and benchmarks) may use of this app.
export * from './collection/postgres-collector';
export * from './collection/system-mapping';
export * from './collector.config';
export * from './collector.module';
export * from './demo/seed-demo-database';
