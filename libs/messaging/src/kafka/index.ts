export * from './kafka-event-bus.js';
