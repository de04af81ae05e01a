export * from './kafka-event-bus.js';
export * from './kafka-log.js';
export * from './dead-letter-replay.js';
