export * from './event-bus.port.js';
export * from './retry.js';
export { REPLAY_FOR_GROUP_HEADER } from './batch-delivery.js';
export * from './in-memory-event-bus.js';
export * from './event-codec.js';
export * from './checkpoint-store.js';
export * from './ledger-relay.js';
export * from './recent-ids.js';
export * from './transient-error.js';
