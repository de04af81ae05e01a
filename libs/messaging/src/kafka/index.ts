export * from './kafka-event-bus.js';
export * from './kafka-log.js';
