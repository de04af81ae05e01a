import { jest } from '@jest/globals';
import type { RecordedEvent, SightingKeyKind, SightingKind, StructuringSightingRecordedV1 } from '#contracts';
import { detectStructuring, FEC_STRUCTURING, structuringLookbackMinutes, type StructuringRules } from '#compliance-rules';
import { historyBefore } from './structuring.decider.js';
import { evolveSightingWindow, keepSightingWindow, sightingWindowOf, sightingWindowSnapshot, windowCovers, windowHistory, type SightingWindow } from './structuring-window.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();
const LOOKBACK = structuringLookbackMinutes(FEC_STRUCTURING);

type Sighted = Pick<RecordedEvent, 'eventId' | 'type' | 'revision' | 'payload'>;

/** A key's stream as the ledger holds it: sightings in the order they were appended. */
class KeyStream {
  readonly events: Sighted[] = [];
  constructor(readonly keyKind: SightingKeyKind) {}
  add(donationId: string, donorId: string, sighting: SightingKind, atMs: number, amountMinor = '19000'): Sighted {
    const payload: StructuringSightingRecordedV1 = { donationId, donorId, keyKind: this.keyKind, sighting, amountMinor, currency: 'USD', at: iso(atMs) };
    const event = { eventId: `${sighting}-${donationId}-${this.events.length}`, type: 'StructuringSightingRecorded', revision: this.events.length, payload };
    this.events.push(event);
    return event;
  }
  /** The window caught up with the events after `window` last saw. */
  catchUp(window: SightingWindow, seen: number): SightingWindow {
    return this.events.slice(seen).reduce(evolveSightingWindow, window);
  }
}

/** Findings for a donation, as the whole stream gives them and as the window gives them. */
function bothWays(rules: StructuringRules, stream: KeyStream, window: SightingWindow, subject: { donationId: string; donorId: string; amountMinor: bigint; atMs: number }, ownEventId: string) {
  // Not recorded yet: it is appended after everything the stream holds.
  const recorded = stream.events.some((e) => e.eventId === ownEventId);
  const whole = historyBefore(stream.keyKind, (recorded ? stream.events : [...stream.events, { eventId: ownEventId }]) as RecordedEvent[], ownEventId)!;
  const judged = { donationId: subject.donationId, donorId: subject.donorId, amountMinor: subject.amountMinor, receivedAt: iso(subject.atMs) };
  return { whole: detectStructuring(rules, judged, [whole]), windowed: detectStructuring(rules, judged, [windowHistory(window, stream.keyKind, ownEventId).history]) };
}

describe('structuring evidence kept as a window of each key stream', () => {
  describe('given an address shared by 1,000 donors, one donation every 2 hours for 83 days', () => {
    const stream = new KeyStream('address');
    let window = sightingWindowOf([]);
    for (let i = 0; i < 1_000; i++) {
      const atMs = T0 + i * 2 * 60 * MINUTE;
      window = keepSightingWindow(stream.catchUp(window, stream.events.length), iso(atMs), LOOKBACK);
      window = evolveSightingWindow(window, stream.add(`d${i}`, `dn_${i}`, 'donation', atMs));
    }
    const newestMs = T0 + 999 * 2 * 60 * MINUTE;

    it('then it keeps only the donations of the last two lookbacks (60 days), not the 1,000', () => {
      expect(window.size).toBe(720 + 1);
      expect(window.oldestAtMs).toBeGreaterThanOrEqual(newestMs - 2 * LOOKBACK * MINUTE);
    });
    it('when the next donation is judged, then the window covers it and gives the findings of the whole stream', () => {
      const next = { donationId: 'd-next', donorId: 'dn_next', amountMinor: 19_000n, atMs: newestMs + 60 * MINUTE };
      expect(windowCovers(window, iso(next.atMs), LOOKBACK)).toBe(true);
      const { whole, windowed } = bothWays(FEC_STRUCTURING, stream, window, next, 'donation-d-next');
      expect(windowed).toEqual(whole);
      expect(windowed.map((f) => f.detector)).toEqual(['just-under-threshold']);
    });
    it('when a donation received 40 days before the newest is judged, then the window does not cover it (its key stream is read whole)', () => {
      expect(windowCovers(window, iso(newestMs - 40 * DAY), LOOKBACK)).toBe(false);
      expect(windowCovers(window, iso(newestMs - 29 * DAY), LOOKBACK)).toBe(true);
    });
  });

  describe('given a donation whose sighting is already on the key (a redelivered message)', () => {
    const stream = new KeyStream('paymentInstrument');
    stream.add('d0', 'dn_z', 'donation', T0 - 50 * DAY);
    stream.add('d1', 'dn_a', 'donation', T0 - 60 * MINUTE);
    stream.add('d2', 'dn_b', 'donation', T0 - 30 * MINUTE);
    const own = stream.add('d3', 'dn_c', 'donation', T0);
    stream.add('d4', 'dn_d', 'donation', T0 + 10 * MINUTE);
    const window = sightingWindowOf(stream.events);

    it('then its history is what came before its own sighting, not what came after', () => {
      const { recorded, history } = windowHistory(window, 'paymentInstrument', own.eventId);
      expect(recorded).toBe(true);
      expect(history.earlier.map((s) => s.donationId)).toEqual(['d0', 'd1', 'd2']);
    });
    it('when it is judged again after the window was pruned for a donation 20 days later, then it finds the same', () => {
      const pruned = keepSightingWindow(window, iso(T0 + 20 * DAY), LOOKBACK);
      expect([pruned.size, windowCovers(pruned, iso(T0), LOOKBACK)]).toEqual([4, true]);
      const subject = { donationId: 'd3', donorId: 'dn_c', amountMinor: 19_000n, atMs: T0 };
      const { whole, windowed } = bothWays(FEC_STRUCTURING, stream, pruned, subject, own.eventId);
      expect(windowed).toEqual(whole);
      expect(windowed[0].relatedDonationIds).toEqual(['d1', 'd2']);
    });
  });

  describe('given a donor who gave twice 50 days ago and was refunded both 20 days ago', () => {
    const stream = new KeyStream('donor');
    const now = T0;
    stream.add('d1', 'dn_c', 'donation', now - 50 * DAY);
    stream.add('d2', 'dn_c', 'donation', now - 50 * DAY);
    stream.add('d9', 'dn_c', 'donation', now - 46 * DAY);
    stream.add('d1', 'dn_c', 'refund', now - 20 * DAY);
    stream.add('d2', 'dn_c', 'refund', now - 20 * DAY);
    const window = keepSightingWindow(sightingWindowOf(stream.events), iso(now + 15 * DAY), LOOKBACK);

    it('when the window is pruned past the donations, then each refunded donation is kept with its refunds, the other left out', () => {
      expect(window.size).toBe(4);
      expect(windowHistory(window, 'donor', 'x').history.earlier.map((s) => `${s.sighting}:${s.donationId}`)).toEqual(['donation:d1', 'donation:d2', 'refund:d1', 'refund:d2']);
    });
    it('when the donor gives again, then the round trip is found as from the whole stream', () => {
      const subject = { donationId: 'd-now', donorId: 'dn_c', amountMinor: 5_000n, atMs: now + 5 * DAY };
      const { whole, windowed } = bothWays(FEC_STRUCTURING, stream, window, subject, 'donation-d-now');
      expect(windowed).toEqual(whole);
      expect(windowed.map((f) => f.detector)).toEqual(['round-trip-refund']);
    });
  });

  describe('given a window that left out a donation received 70 days ago', () => {
    const stream = new KeyStream('donor');
    stream.add('d-old', 'dn_c', 'donation', T0 - 70 * DAY);
    stream.add('d-new', 'dn_c', 'donation', T0);
    const window = keepSightingWindow(sightingWindowOf(stream.events), iso(T0), LOOKBACK);

    it('when its refund arrives today, then the window is incomplete: it covers no donation until the stream is read whole', () => {
      expect(window.size).toBe(1);
      const after = evolveSightingWindow(window, stream.add('d-old', 'dn_c', 'refund', T0));
      expect(after.incomplete).toBe(true);
      expect(windowCovers(after, iso(T0 + DAY), LOOKBACK)).toBe(false);
      expect(windowCovers(sightingWindowOf(stream.events), iso(T0 + DAY), LOOKBACK)).toBe(true);
    });
    it('when a refund older than the horizon arrives for a donation it does not hold, then it is not kept (it can never count)', () => {
      const older = { eventId: 'refund-x', type: 'StructuringSightingRecorded', revision: 9, payload: { ...(stream.events[0].payload as object), donationId: 'd-x', sighting: 'refund', at: iso(T0 - 65 * DAY) } };
      expect(evolveSightingWindow(window, older)).toBe(window);
    });
  });
});

describe('structuring windows folded from one another', () => {
  describe('given a window of three sightings, and two windows each folded from it with a sighting of its own', () => {
    const stream = new KeyStream('paymentInstrument');
    const base = sightingWindowOf([0, 1, 2].map((i) => stream.add(`d${i}`, `dn_${i}`, 'donation', T0 + i * MINUTE)));
    const mine = evolveSightingWindow(base, { ...stream.add('mine', 'dn_m', 'donation', T0 + 3 * MINUTE), revision: 3 });
    const theirs = evolveSightingWindow(base, { eventId: 'donation-theirs', type: 'StructuringSightingRecorded', revision: 3, payload: { ...(stream.events[3].payload as object), donationId: 'theirs' } });
    const further = evolveSightingWindow(mine, stream.add('later', 'dn_l', 'donation', T0 + 4 * MINUTE));
    const ids = (w: SightingWindow, own: string) => windowHistory(w, 'paymentInstrument', own).history.earlier.map((s) => s.donationId);

    it('then each sees its own sighting and none of the other\'s, and the first is as it was', () => {
      expect(ids(base, 'x')).toEqual(['d0', 'd1', 'd2']);
      expect(ids(mine, 'x')).toEqual(['d0', 'd1', 'd2', 'mine']);
      expect(ids(theirs, 'x')).toEqual(['d0', 'd1', 'd2', 'theirs']);
      expect(ids(further, 'x')).toEqual(['d0', 'd1', 'd2', 'mine', 'later']);
    });
    it('then a sighting is recorded only in the windows that hold it, with what came before it', () => {
      const mineId = stream.events[3].eventId;
      expect(windowHistory(base, 'paymentInstrument', mineId).recorded).toBe(false);
      expect(windowHistory(theirs, 'paymentInstrument', mineId).recorded).toBe(false);
      expect(windowHistory(further, 'paymentInstrument', mineId)).toEqual({ recorded: true, history: { keyKind: 'paymentInstrument', earlier: windowHistory(base, 'paymentInstrument', 'x').history.earlier } });
      expect(windowHistory(theirs, 'paymentInstrument', 'donation-theirs').recorded).toBe(true);
      expect(windowHistory(further, 'paymentInstrument', 'donation-theirs').recorded).toBe(false);
    });
  });
});

describe('a sighting\'s instant, parsed once', () => {
  describe('given a donor key of 200 sightings, folded or read back from its snapshot', () => {
    const stream = new KeyStream('donor');
    for (let i = 0; i < 200; i++) stream.add(`d${i}`, 'dn_jane', 'donation', T0 + i * 90 * MINUTE, '1000');
    const subject = { donationId: 'new', donorId: 'dn_jane', amountMinor: 1_000n, receivedAt: iso(T0 + 200 * 90 * MINUTE) };
    const judgedWith = (window: SightingWindow) => detectStructuring(FEC_STRUCTURING, subject, [windowHistory(window, 'donor', 'x').history]);

    it('then the window and every detector share one parse of each sighting\'s time, however often it is compared', () => {
      const snapshot = JSON.stringify(sightingWindowSnapshot.encode(sightingWindowOf(stream.events)));
      for (const made of [() => sightingWindowOf(stream.events), () => sightingWindowSnapshot.decode(JSON.parse(snapshot))]) {
        const parse = jest.spyOn(Date, 'parse');
        try {
          const window = made();
          const findings = [judgedWith(window), judgedWith(window)];
          expect(findings[1]).toEqual(findings[0]);
          // The sightings' 200, once each; the subject's receipt is parsed by each detector it meets.
          expect(parse.mock.calls.filter(([text]) => text !== subject.receivedAt)).toHaveLength(200);
        } finally {
          parse.mockRestore();
        }
      }
    });

    it('then its snapshot names the donor once, and its amounts and kinds once each, and reads back to the window folded', () => {
      const window = sightingWindowOf(stream.events);
      const text = JSON.stringify(sightingWindowSnapshot.encode(window));
      expect(text.split('dn_jane')).toHaveLength(2);
      expect(text.split('"donation"')).toHaveLength(2);
      const back = sightingWindowSnapshot.decode(JSON.parse(text));
      expect(windowHistory(back, 'donor', 'x')).toEqual(windowHistory(window, 'donor', 'x'));
      expect(judgedWith(back)).toEqual(judgedWith(window));
    });
  });
});
