import type { RecordedEvent, SightingKeyKind, SightingKind, StructuringFinding, StructuringSightingRecordedV1 } from '#contracts';
import { detectStructuring, FEC_STRUCTURING, structuringLookbackMinutes, type StructuringRules } from '#compliance-rules';
import { historyBefore } from './structuring.decider.js';
import { evolveSightingWindow, keepSightingWindow, sightingWindowOf, sightingWindowSnapshot, windowCovers, windowHistory, type SightingWindow } from './structuring-window.js';

/*
 * The window's promise, checked over many random key streams: judged from the window (or,
 * where it does not cover the donation, from the whole stream, as compliance does), every
 * donation gets exactly the findings of the whole stream. Windows are short here so that
 * every detector fires often, donations arrive out of order, refunds come for donations long
 * left out, and messages are redelivered.
 */

const MINUTE = 60_000;
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();
const RULES: StructuringRules = {
  ...FEC_STRUCTURING,
  justUnderThreshold: { ...FEC_STRUCTURING.justUnderThreshold, windowMinutes: 120 },
  burst: { minDonations: 3, windowMinutes: 15 },
  roundTripRefund: { minRefundedDonations: 2, windowMinutes: 600 },
  donorNearMatch: { windowMinutes: 300 },
};
const LOOKBACK = structuringLookbackMinutes(RULES);
const AMOUNTS = [19_000n, 18_500n, 5_000n, 95_000n];
// Every judgment is compared with the whole stream's, which costs the stream's length: kept small.
const SEEDS = 8;
const STEPS = 800;

/** A small deterministic generator (mulberry32), so a failure can be replayed by its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Donation {
  donationId: string;
  donorId: string;
  amountMinor: bigint;
  atMs: number;
}

/** The window as a process started later reads it back from its snapshot: through the codec and JSON text. */
const restored = (window: SightingWindow): SightingWindow => sightingWindowSnapshot.decode(JSON.parse(JSON.stringify(sightingWindowSnapshot.encode(window))));

/** `restartEvery`: after every that many judgments, the window is taken from its snapshot (0: never). */
function simulate(seed: number, keyKind: SightingKeyKind, restartEvery = 0) {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const events: Pick<RecordedEvent, 'eventId' | 'type' | 'revision' | 'payload'>[] = [];
  const add = (eventId: string, donationId: string, donorId: string, sighting: SightingKind, amountMinor: bigint, atMs: number) => {
    const payload: StructuringSightingRecordedV1 = { donationId, donorId, keyKind, sighting, amountMinor: amountMinor.toString(), currency: 'USD', at: iso(atMs) };
    events.push({ eventId, type: 'StructuringSightingRecorded', revision: events.length, payload });
  };
  const donations: Donation[] = [];
  const stats = { judged: 0, fromWindow: 0, found: 0, keptSum: 0, events: 0 };
  let window: SightingWindow = sightingWindowOf([]);
  let seen = 0;
  let clock = T0;

  const judge = (donation: Donation): { windowed: StructuringFinding[]; whole: StructuringFinding[] } => {
    const ownId = `sighting-${donation.donationId}`;
    window = events.slice(seen).reduce(evolveSightingWindow, window);
    seen = events.length;
    const covered = windowCovers(window, iso(donation.atMs), LOOKBACK);
    if (!covered) window = sightingWindowOf(events);
    const { recorded, history } = windowHistory(window, keyKind, ownId);
    const whole = historyBefore(keyKind, (recorded ? events : [...events, { eventId: ownId }]) as RecordedEvent[], ownId)!;
    const subject = { donationId: donation.donationId, donorId: donation.donorId, amountMinor: donation.amountMinor, receivedAt: iso(donation.atMs) };
    if (!recorded) {
      add(ownId, donation.donationId, donation.donorId, 'donation', donation.amountMinor, donation.atMs);
      window = evolveSightingWindow(window, events[events.length - 1]);
      seen = events.length;
    }
    window = keepSightingWindow(window, subject.receivedAt, LOOKBACK);
    stats.judged++;
    if (restartEvery > 0 && stats.judged % restartEvery === 0) window = restored(window);
    stats.fromWindow += covered ? 1 : 0;
    stats.keptSum += window.size;
    return { windowed: detectStructuring(RULES, subject, [history]), whole: detectStructuring(RULES, subject, [whole]) };
  };

  for (let step = 0; step < STEPS; step++) {
    clock += Math.floor(next() * 20 * MINUTE);
    const roll = next();
    let outcome: { windowed: StructuringFinding[]; whole: StructuringFinding[] } | null = null;
    if (roll < 0.6 || donations.length === 0) {
      // One in seven is received late, up to three lookbacks before the newest.
      const late = next() < 1 / 7 ? Math.floor(next() * 3 * LOOKBACK * MINUTE) : 0;
      const donation = { donationId: `d${step}`, donorId: pick(['dn_a', 'dn_b', 'dn_c', 'dn_d']), amountMinor: pick(AMOUNTS), atMs: clock - late };
      donations.push(donation);
      outcome = judge(donation);
    } else if (roll < 0.85) {
      // A refund of any earlier donation, however old, or of one never seen on this key.
      const refunded = next() < 0.1 ? { donationId: `unseen-${step}`, donorId: 'dn_a', amountMinor: 5_000n } : pick(donations);
      add(`refund-${step}`, refunded.donationId, refunded.donorId, 'refund', refunded.amountMinor, clock);
    } else {
      outcome = judge(pick(donations));
    }
    if (outcome) {
      expect({ seed, step, findings: outcome.windowed }).toEqual({ seed, step, findings: outcome.whole });
      stats.found += outcome.whole.length > 0 ? 1 : 0;
    }
  }
  return { ...stats, events: events.length };
}

describe('structuring window: the same findings as the whole stream', () => {
  for (const keyKind of ['paymentInstrument', 'donor'] as const) {
    describe(`given ${SEEDS} random ${keyKind} streams of ${STEPS} steps (late donations, old refunds, redeliveries)`, () => {
      it('then every donation judged from the window finds exactly what the whole stream finds, most are judged from the window, and it holds a fraction of the stream', () => {
        const totals = { judged: 0, fromWindow: 0, found: 0, keptSum: 0, events: 0 };
        for (let seed = 1; seed <= SEEDS; seed++) {
          const stats = simulate(seed * 7919 + (keyKind === 'donor' ? 1 : 0), keyKind);
          for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += stats[key];
        }
        expect(totals.fromWindow / totals.judged).toBeGreaterThan(0.7);
        expect(totals.found).toBeGreaterThan(100);
        // About 13 lookbacks of sightings per stream, two of them kept (and refunded donations with their refunds).
        expect(totals.keptSum / totals.judged).toBeLessThan(totals.events / SEEDS / 3);
      });

      it('and a window restarted from its snapshot now and then (a process started later, or one that evicted it) finds exactly the same', () => {
        let judged = 0;
        for (let seed = 1; seed <= SEEDS / 2; seed++) judged += simulate(seed * 7919 + (keyKind === 'donor' ? 1 : 0), keyKind, 1 + (seed % 3)).judged;
        expect(judged).toBeGreaterThan((SEEDS / 2) * STEPS * 0.5);
      });
    });
  }
});

describe('structuring window snapshots', () => {
  describe('given a window with a horizon, an incomplete mark and sightings of both kinds', () => {
    const at = (minutes: number) => iso(T0 + minutes * MINUTE);
    const sighting = (n: number, sighting: SightingKind, minutes: number) => ({
      eventId: `e${n}`,
      type: 'StructuringSightingRecorded',
      revision: n,
      payload: { donationId: `d${n % 4}`, donorId: 'dn_a', keyKind: 'donor', sighting, amountMinor: '12345678901234567', currency: 'USD', at: at(minutes) } satisfies StructuringSightingRecordedV1,
    });
    const events = [sighting(0, 'donation', 0), sighting(1, 'donation', 10), sighting(2, 'donation', 2_000), sighting(3, 'donation', 2_010), sighting(4, 'refund', 2_020)];
    const pruned = keepSightingWindow(sightingWindowOf(events), at(2_020), LOOKBACK);

    it('then read back it keeps the same sightings in the same order, the same horizon and mark, and finds its sightings by event id', () => {
      const back = restored(pruned);
      expect(pruned.horizonMs).not.toBeNull();
      expect({ ...back, store: back.store.sightings.slice(0, back.size) }).toEqual({ ...pruned, store: pruned.store.sightings.slice(0, pruned.size) });
      for (const e of ['e2', 'e3', 'e4']) expect(windowHistory(back, 'donor', e)).toEqual(windowHistory(pruned, 'donor', e));
      const incomplete = evolveSightingWindow(pruned, { ...sighting(5, 'refund', 2_030), payload: { ...sighting(5, 'refund', 2_030).payload, donationId: 'gone' } });
      expect([incomplete.incomplete, restored(incomplete).incomplete]).toEqual([true, true]);
    });

    it('then something that is not a window snapshot is refused, so the stream is read from its start instead', () => {
      expect(() => sightingWindowSnapshot.decode({ kept: 'x', incomplete: false, horizonMs: null })).toThrow(TypeError);
      expect(() => sightingWindowSnapshot.decode({ kept: [['e1', 0, 'd1']], incomplete: false, horizonMs: null })).toThrow(TypeError);
      expect(() => sightingWindowSnapshot.decode(undefined)).toThrow(TypeError);
      const good = sightingWindowSnapshot.encode(restored(pruned)) as { strings: string[]; kept: unknown[][] };
      const first = (change: (k: unknown[]) => void) => {
        const kept = good.kept.map((k) => [...k]);
        change(kept[0]);
        return { ...good, kept };
      };
      for (const bad of [
        { ...good, strings: [...good.strings, 5] },
        first((k) => (k[3] = good.strings.length)),
        first((k) => (k[4] = k[3])),
        first((k) => (k[5] = k[4])),
        first((k) => (k[5] = -1)),
        first((k) => k.pop()),
      ]) {
        expect(() => sightingWindowSnapshot.decode(JSON.parse(JSON.stringify(bad)))).toThrow(TypeError);
      }
      expect(sightingWindowSnapshot.decode(JSON.parse(JSON.stringify(good))).size).toBe(pruned.size);
    });
  });
});
