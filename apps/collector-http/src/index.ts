// What the launcher (and the e2e tests) may use of this app.
export * from './collector-http.config';
export * from './collector-http.module';
