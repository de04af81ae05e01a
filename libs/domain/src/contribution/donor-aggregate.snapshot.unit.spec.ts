import type { DonorAggregateEvent } from '#contracts';
import { resumedAtEveryCut } from '../../../testing/src/decider-spec.js';
import { PersistentMap } from '../shared/persistent-map.js';
import { toSnapshotJson } from '../shared/snapshot-json.js';
import type { CountedTable } from './counted-table.js';
import { donorAggregateFold, donorAggregateSnapshot, evolveDonorAggregate, initialDonorAggregate, type DonorAggregateState } from './donor-aggregate.decider.js';
import { counted, GENERAL, metadataOf, PRIMARY, reversed } from './donor-aggregate.fixtures.spec.js';

/** A donor's history of every kind of event the aggregate folds: counts, cash, refunds, benefits, remedies, links made and undone. */
function history(): DonorAggregateEvent[] {
  const events: DonorAggregateEvent[] = [];
  let before = 0n;
  for (let i = 0; i < 60; i++) {
    const amount = BigInt(1_000 + i * 37);
    events.push(counted(`d${i}`, { amount: String(amount), before: String(before), election: i % 3 === 0 ? GENERAL : PRIMARY, method: i % 5 === 0 ? 'cash' : 'card' }));
    before += amount;
    if (i % 7 === 3) events.push(reversed(`d${i - 1}`, (i - 1) % 3 === 0 ? GENERAL : PRIMARY, '500'));
    if (i % 11 === 4) {
      const benefit = (change: 'granted' | 'revoked'): DonorAggregateEvent => ({
        eventId: `ev-benefit-${i}-${change}`,
        type: 'ContributionBenefitRecorded',
        version: 1,
        payload: { donationId: `d${i}`, donorId: 'dn_jane', electionId: PRIMARY, grantId: `grant-${i}`, change, fairMarketValueMinor: '250', currency: 'USD', countedBeforeMinor: '0', countedAfterMinor: '0', rulePackVersion: 'UK-PPERA/2026' },
        metadata: metadataOf(`d${i}`),
      });
      events.push(benefit('granted'));
      if (i % 2 === 0) events.push(benefit('revoked'));
    }
    if (i === 20) {
      events.push({
        eventId: 'ev-excess-20',
        type: 'ExcessCounted',
        version: 1,
        payload: { donationId: 'd20', donorId: 'dn_jane', electionId: GENERAL, amountMinor: '700', currency: 'USD', remedy: 'redesignation', decisionEventId: 'ev-decision-20', paymentMethod: 'cash' },
        metadata: metadataOf('d20'),
      });
    }
    if (i === 30 || i === 45) {
      events.push({
        eventId: `ev-link-${i}`,
        type: 'DonorIdentitiesLinked',
        version: 1,
        payload: { committeeId: 'c-smith', donorId: 'dn_jane', linkedDonorId: `dn_other_${i}`, officer: 'officer@example.org', reason: 'same card' },
        metadata: { ...metadataOf(`link-${i}`), causationId: `link-${i}` },
      });
    }
    if (i === 50) {
      events.push({
        eventId: 'ev-unlink-30',
        type: 'DonorIdentitiesUnlinked',
        version: 1,
        payload: { committeeId: 'c-smith', linkId: 'link-30', donorId: 'dn_jane', linkedDonorId: 'dn_other_30', officer: 'officer@example.org', reason: 'two people' },
        metadata: metadataOf('unlink-30'),
      });
    }
  }
  return events;
}

const fold = (events: readonly DonorAggregateEvent[], from: DonorAggregateState = initialDonorAggregate()): DonorAggregateState => events.reduce(evolveDonorAggregate, from);
/** A state as it compares: the counted donations as a plain Map, in their order. */
const comparable = (state: DonorAggregateState) => ({ ...state, counted: [...state.counted] });
/** What a process started later reads back: through the codec and JSON text, as the ledger keeps it. */
const restored = (state: DonorAggregateState): DonorAggregateState => donorAggregateSnapshot.decode(JSON.parse(JSON.stringify(donorAggregateSnapshot.encode(state))));

describe('donor aggregate snapshots', () => {
  const events = history();

  describe('given a donor history of every kind of event, snapshotted after any one of them', () => {
    it('then the snapshot read back and the events after it fold to exactly the state of the whole stream', () => {
      const whole = comparable(fold(events));
      resumedAtEveryCut(donorAggregateFold, events).forEach((resumed, cut) => expect({ cut, state: comparable(resumed) }).toEqual({ cut, state: whole }));
    });

    it('then the counted donations come back as a PersistentMap, so the next count does not copy them all', () => {
      const back = restored(fold(events));
      expect(back.counted).toBeInstanceOf(PersistentMap);
      expect(back.counted.size).toBe(60);
      expect(back.linkedDonorIds).toEqual(new Set(['dn_other_45']));
    });
  });

  describe('given a donor of many gifts, each with its decision\'s rule ids and figures', () => {
    const many = fold(
      Array.from({ length: 200 }, (_, i) =>
        counted(`donation-${String(i).padStart(4, '0')}`, { amount: '100', before: String(i * 100), election: PRIMARY, method: 'card' }),
      ),
    );

    it('then its snapshot writes each string once: a fraction of the size written gift by gift', () => {
      const compact = JSON.stringify(donorAggregateSnapshot.encode(many)).length;
      const giftByGift = JSON.stringify(toSnapshotJson({ ...many, counted: new Map(many.counted) })).length;
      expect(compact * 2).toBeLessThan(giftByGift);
    });

    it('then read back, equal strings and amounts are shared, not one copy per gift', () => {
      const back = [...restored(many).counted.values()];
      expect(back[7].ruleIds).toEqual(back[8].ruleIds);
      expect(back[7].amountMinor).toBe(100n);
      expect(Object.keys(back[7].figures)).toEqual(Object.keys(many.counted.get('donation-0007')!.figures));
    });
  });

  describe('given a snapshot of another shape (damaged, or written by a fold changed without a new schema)', () => {
    it('then it is refused, so the stream is read from its start instead of decided on', () => {
      const good = donorAggregateSnapshot.encode(fold(events)) as Record<string, unknown>;
      const table = good.counted as CountedTable;
      const row = (change: (row: unknown[]) => void) => {
        const rows = table.rows.map((r) => [...r]);
        change(rows[0]);
        return { ...good, counted: { strings: table.strings, rows } };
      };
      for (const bad of [
        undefined,
        null,
        [],
        { amounts: 'damaged' },
        { ...good, byElection: { $map: [['p-2026', 5]] } },
        { ...good, counted: { $map: [['d1', { amountMinor: '5' }]] } },
        { ...good, linkedDonorIds: [] },
        { ...good, counted: { strings: [...table.strings, 7], rows: table.rows } },
        row((r) => r.pop()),
        row((r) => (r[3] = table.strings.length)),
        row((r) => (r[3] = 0.5)),
        row((r) => (r[3] = table.strings.indexOf('card'))),
        row((r) => (r[7] = 2)),
        row((r) => (r[9] = [0])),
        row((r) => (r[10] = [0, 1])),
      ]) {
        expect(() => donorAggregateSnapshot.decode(JSON.parse(JSON.stringify(bad ?? null)))).toThrow(TypeError);
      }
    });
  });

  describe('given the fold the ledger loads the stream with', () => {
    it('then it carries the codec, under a schema named for the fold and its version', () => {
      expect(donorAggregateFold.snapshot).toBe(donorAggregateSnapshot);
      expect(donorAggregateSnapshot.schema).toBe('donor-aggregate/2');
    });
  });
});
