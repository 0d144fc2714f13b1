export * from './controller-profile.schema';
export * from './profile-loader';
