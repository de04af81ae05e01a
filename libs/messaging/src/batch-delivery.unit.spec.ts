import { jest } from '@jest/globals';
import { HEADERS } from '#contracts';
import { deliverBatch, type Delivery, type DeliveryHooks } from './batch-delivery.js';
import type { IncomingMessage } from './event-bus.port.js';
import { RecentIds } from './recent-ids.js';

const policy = { maxAttempts: 3, retryBackoffMs: 1, backoffSteps: 2, group: 'spec' };

const messagesOf = (count: number): IncomingMessage[] =>
  Array.from({ length: count }, (_, i) => ({ topic: 't', partition: 0, offset: String(i), key: 'k', value: Buffer.from(`m${i}`), headers: { [HEADERS.eventId]: `event-${i}` }, attempt: 1 }));

/** Hooks whose heartbeat fails once, the `failAt`-th time it is called, as kafkajs' does when the group rebalances. */
function hooksFailingAt(failAt: number): DeliveryHooks & { settled: jest.Mock<(message: IncomingMessage) => void>; deadLetter: jest.Mock<(message: IncomingMessage, error: unknown) => Promise<void>>; heartbeats: number } {
  const hooks = {
    heartbeats: 0,
    stopping: () => false,
    heartbeat: async () => {
      hooks.heartbeats += 1;
      if (hooks.heartbeats === failAt) throw Object.assign(new Error('The group is rebalancing, so a rejoin is needed'), { type: 'REBALANCE_IN_PROGRESS' });
    },
    settled: jest.fn<(message: IncomingMessage) => void>(),
    deadLetter: jest.fn(async (_message: IncomingMessage, _error: unknown) => undefined),
  };
  return hooks;
}

describe('deliverBatch: a heartbeat that fails is the partition going away, never a message failing', () => {
  it.each([
    ['one at a time, the batch of one message', 1, 'each'],
    ['one at a time, the last of three', 3, 'each'],
    ['a batch handler, the batch of one message', 1, 'batch'],
    ['a batch handler, three messages at once', 3, 'batch'],
  ] as const)('given %s handled, when the heartbeat after it fails, then the heartbeat\'s error comes out, every message is settled once, none is handled again nor dead-lettered', async (_, count, mode) => {
    const messages = messagesOf(count);
    const handled: string[] = [];
    const delivery: Delivery =
      mode === 'each'
        ? { each: async (m) => void handled.push(m.value.toString()) }
        : { batch: async (ms) => void handled.push(...ms.map((m) => m.value.toString())) };
    // The heartbeat after the last message (or after the batch) fails.
    const hooks = hooksFailingAt(mode === 'each' ? count : 1);

    await expect(deliverBatch(messages, delivery, new RecentIds(100), policy, hooks)).rejects.toMatchObject({ type: 'REBALANCE_IN_PROGRESS' });
    expect(hooks.heartbeats).toBe(mode === 'each' ? count : 1);
    expect(handled).toEqual(messages.map((m) => m.value.toString()));
    expect(hooks.settled.mock.calls.map(([m]) => (m as IncomingMessage).offset)).toEqual(messages.map((m) => m.offset));
    expect(hooks.deadLetter).not.toHaveBeenCalled();
  });

  it('given a message handled and more to come, when the heartbeat between them fails, then the next message is not blamed: it is neither retried nor dead-lettered, and stays unsettled for the next owner', async () => {
    const messages = messagesOf(2);
    const handled: string[] = [];
    const hooks = hooksFailingAt(1);
    await expect(deliverBatch(messages, { each: async (m) => void handled.push(m.value.toString()) }, new RecentIds(100), policy, hooks)).rejects.toThrow('rebalancing');
    expect(handled).toEqual(['m0']);
    expect(messages[1].attempt).toBe(1);
    expect(hooks.settled.mock.calls.map(([m]) => (m as IncomingMessage).offset)).toEqual(['0']);
    expect(hooks.deadLetter).not.toHaveBeenCalled();
  });
});
