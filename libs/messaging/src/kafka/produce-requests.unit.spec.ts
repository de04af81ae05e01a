import type { OutgoingMessage } from '../event-bus.port.js';
import { messageBytes, produceRequests } from './produce-requests.js';

const message = (n: number, valueBytes: number): OutgoingMessage => ({
  topic: n % 2 === 0 ? 'hustings.donations.v1' : 'hustings.compliance.v1',
  key: 'cmte-1',
  value: Buffer.alloc(valueBytes, 120),
  headers: { 'event-id': `e-${n}`, 'event-type': 'DonationReceived' },
});

describe('produceRequests: a publish cut to what the broker accepts', () => {
  it('given messages that fit together, when cut, then they go in one request as they came', () => {
    const messages = [0, 1, 2].map((n) => message(n, 100));
    expect(produceRequests(messages, 10_000)).toEqual([messages]);
  });

  it('given 500 events of 2.5 KB under a 512 KiB budget, when cut, then every request stays under it, none is empty, and the order is kept', () => {
    const messages = Array.from({ length: 500 }, (_, n) => message(n, 2_500));
    const requests = produceRequests(messages, 512 * 1024);
    expect(requests.length).toBeGreaterThan(2);
    for (const request of requests) {
      expect(request.length).toBeGreaterThan(0);
      expect(request.reduce((sum, m) => sum + messageBytes(m), 0)).toBeLessThanOrEqual(512 * 1024);
    }
    expect(requests.flat()).toEqual(messages);
  });

  it('given a budget met exactly, one byte over, and a message bigger than the budget, when cut, then the boundary holds and the big one goes alone', () => {
    const size = messageBytes(message(0, 1_000));
    expect(produceRequests([message(0, 1_000), message(1, 1_000)], 2 * size).map((r) => r.length)).toEqual([2]);
    expect(produceRequests([message(0, 1_000), message(1, 1_000)], 2 * size - 1).map((r) => r.length)).toEqual([1, 1]);
    expect(produceRequests([message(0, 10), message(1, 5_000), message(2, 10)], 1_000).map((r) => r.length)).toEqual([1, 1, 1]);
  });

  it('given no messages, when cut, then there is no request', () => {
    expect(produceRequests([], 1_000)).toEqual([]);
  });
});
