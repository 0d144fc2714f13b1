export * from './vocabulary';
export * from './deadline';
export * from './request-reference';
export * from './deadlines';
export * from './audit';
export * from './lifecycle';
export * from './requests';
export * from './profiles';
