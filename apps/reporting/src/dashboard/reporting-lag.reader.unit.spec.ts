import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '#contracts';
import type { LedgerStore, ReadAllOptions } from '#ledger';
import { ReportingLagReader } from './reporting-lag.reader.js';

const event = (position: number, type: string, recordedAt: string) => ({ position, type, recordedAt }) as RecordedEvent;

/** A ledger of a few events, read as the SQL store reads them: after a position, of some types, at most so many. */
function ledgerOf(events: RecordedEvent[]): LedgerStore {
  return {
    headPosition: async () => events.at(-1)?.position ?? null,
    readAll: async ({ after, maxCount, filter }: ReadAllOptions = {}) =>
      events.filter((e) => e.position > (after ?? 0) && (!filter?.eventTypes || filter.eventTypes.includes(e.type))).slice(0, maxCount),
  } as unknown as LedgerStore;
}

/** Checkpoint rows as projection_checkpoints holds them. */
function readModelsOf(rows: { projection: string; partitionKey: string; position: string }[]): DataSource {
  return { getRepository: () => ({ findBy: async ({ projection }: { projection: string }) => rows.filter((r) => r.projection === projection) }) } as unknown as DataSource;
}

const now = new Date('2026-11-03T23:00:30.000Z');
const ledger = ledgerOf([
  event(1, 'DonationReceived', '2026-11-03T23:00:00.000Z'),
  event(2, 'DonationFlagged', '2026-11-03T23:00:10.000Z'),
  event(3, 'DonationReceived', '2026-11-03T23:00:20.000Z'),
  event(4, 'RewardGranted', '2026-11-03T23:00:25.000Z'),
]);

describe('ReportingLagReader', () => {
  it('given both projections past every event they apply, when read, then caught up though the head is an event they ignore', async () => {
    const reader = new ReportingLagReader(readModelsOf([
      { projection: 'campaign-totals', partitionKey: 'donations:0', position: '3' },
      { projection: 'report-donations', partitionKey: 'donations:0', position: '3' },
    ]), ledger);
    expect(await reader.lag(now)).toEqual({ seconds: 0, events: 0, atLeast: false, appliedPosition: 3, headPosition: 4 });
  });

  it('given the donation list behind the totals, when read, then its lag is the dashboard\'s, from its oldest unapplied event', async () => {
    const reader = new ReportingLagReader(readModelsOf([
      { projection: 'campaign-totals', partitionKey: 'donations:0', position: '3' },
      { projection: 'report-donations', partitionKey: 'donations:0', position: '1' },
    ]), ledger);
    expect(await reader.lag(now)).toEqual({ seconds: 20, events: 2, atLeast: false, appliedPosition: 1, headPosition: 4 });
  });

  it('given only the backfill\'s marker rows, when read, then nothing live was applied and every event waits', async () => {
    const reader = new ReportingLagReader(readModelsOf([
      { projection: 'campaign-totals', partitionKey: 'ledger:backfill:done', position: '4' },
      { projection: 'report-donations', partitionKey: 'ledger:backfill', position: '4' },
    ]), ledger);
    expect(await reader.lag(now)).toMatchObject({ seconds: 30, events: 3, appliedPosition: null });
  });
});
