export * from './parties';
export * from './request-details';
