import type { RecordedEvent } from '#contracts';
import { PollingSubscription, type PositionedSource } from './polling-subscription.js';

/** A ledger of `count` settled events in memory, read `readSettled` at a time; counts the reads. */
function ledgerOf(count: number) {
  const events = Array.from({ length: count }, (_, i) => ({ position: i + 1, eventId: `e${i + 1}` }) as unknown as RecordedEvent);
  const listeners = new Set<() => void>();
  const reads: number[] = [];
  const source: PositionedSource = {
    head: async () => events.at(-1)?.position ?? null,
    read: async (after, upTo, max) => events.filter((e) => e.position > (after ?? 0) && e.position <= upTo).slice(0, max),
    readSettled: async (after, max) => {
      reads.push(Date.now());
      return { events: events.filter((e) => e.position > (after ?? 0)).slice(0, max), settledBelow: events.length + 1 };
    },
    onAppended: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
  };
  const append = (n: number) => {
    for (let i = 0; i < n; i++) events.push({ position: events.length + 1, eventId: `e${events.length + 1}` } as unknown as RecordedEvent);
    listeners.forEach((l) => l());
  };
  return { source, reads, append };
}

describe('a polling subscription that spaces its reads', () => {
  it('given a ledger far ahead of the checkpoint, when it catches up, then full reads follow each other without the spacing', async () => {
    const ledger = ledgerOf(1_000);
    const seen: number[] = [];
    const started = Date.now();
    const sub = new PollingSubscription(ledger.source, { after: null, batchSize: 100, minReadIntervalMs: 200 }, async (e) => void seen.push(e.position));
    await sub.caughtUp();
    const took = Date.now() - started;
    await sub.stop();
    expect(seen).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    // Ten full reads and one short one: spaced at 200 ms they would take two seconds.
    expect(ledger.reads.length).toBeGreaterThanOrEqual(11);
    expect(took).toBeLessThan(1_500);
  });

  it('given live appends announced one by one, when they keep coming, then one read carries many of them', async () => {
    const ledger = ledgerOf(0);
    const seen: number[] = [];
    const sub = new PollingSubscription(ledger.source, { after: null, batchSize: 500, minReadIntervalMs: 50 }, async (e) => void seen.push(e.position));
    for (let i = 0; i < 40; i++) {
      ledger.append(1);
      await new Promise((r) => setTimeout(r, 2));
    }
    while (seen.length < 40) await new Promise((r) => setTimeout(r, 10));
    await sub.stop();
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Forty announcements over about 80 ms or more, read at most every 50 ms: far fewer reads than appends.
    expect(ledger.reads.length).toBeLessThan(20);
  });
});
