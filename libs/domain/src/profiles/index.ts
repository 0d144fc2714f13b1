export * from './controller-profile';
export * from './countries';
export * from './durations';
export * from './identity-plan';
export * from './legal-rights';
export * from './profile-helpers';
export * from './profile-path';
export * from './validate-controller-profile';
