export * from './delivery';
export * from './inbox/inbox';
export * from './kafka/kafka-transport';
export * from './outbox/messaging-tables.migration';
export * from './outbox/outbox';
export * from './outbox/outbox-relay';
export * from './postgres/postgres-transport';
export * from './transport';
