import { describeBusContract } from '#testing';
import { InMemoryEventBus } from './in-memory-event-bus.js';

describeBusContract('in-process adapter', async () => {
  const bus = new InMemoryEventBus();
  return { bus, createTopics: async () => undefined, dispose: () => bus.close() };
});
