// What the intake app (and its tests) use of the OpenDSR processor endpoints.
export * from './opendsr.constants';
export * from './opendsr.module';
export * from './opendsr.options';
export * from './opendsr-request.gateway';
export * from './opendsr-callback.sender';
export * from './opendsr-controller-auth';
export * from './opendsr-signer';
export { toOpenDsrStatus, isOpenDsrStatusChange } from './opendsr-status';
