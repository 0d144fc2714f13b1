// What the launcher (and the e2e tests) may use of this app.
export * from './fulfilment.config';
export * from './fulfilment.module';
export * from './orchestration/package-checkpoint';
