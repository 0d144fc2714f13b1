export * from './request-lifecycle';
export * from './fulfilment-lifecycle';
