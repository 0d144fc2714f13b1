export * from './request-lifecycle';
