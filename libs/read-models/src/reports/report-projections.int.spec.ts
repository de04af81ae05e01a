import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '#contracts';
import { campaignTotals } from '../campaign-totals/campaign-totals.report.js';
import { reportDonations } from '../donations/donations.projection.js';
import { scheduleA } from '../donations/schedule-a.report.js';
import { foldProjection } from '../projection.js';
import { readReportRows } from '../store/stored-rows.js';
import { ProjectionRunner } from '../store/projection-runner.js';
import { openReadModelDataSource } from '../store/read-model-data-source.js';
import { REPORTING_READ_MODELS } from './report-projections.js';
import { ELECTIONS, usScenario } from './scenario.fixtures.spec.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The committee+donor key of the bus puts each donor's facts on one of three partitions. */
const partitionOf = (event: RecordedEvent): string => `donations:${(event.metadata.donorId ?? '').charCodeAt(1) % 3}`;

describe('reporting read models on a PostgreSQL server', () => {
  const schema = `reports_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;
  let runner: ProjectionRunner;
  const { ledger } = usScenario();

  beforeAll(async () => {
    dataSource = await openReadModelDataSource({ kind: 'postgres', url, poolSize: 6 }, schema);
    runner = new ProjectionRunner(dataSource, REPORTING_READ_MODELS.map((m) => m.projection));
  });
  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  /** Plays events partition by partition, the partitions at once, each in order. */
  const play = async (events: readonly RecordedEvent[]): Promise<void> => {
    const partitions = new Map<string, RecordedEvent[]>();
    for (const e of events) partitions.set(partitionOf(e), [...(partitions.get(partitionOf(e)) ?? []), e]);
    await Promise.all([...partitions].map(async ([key, list]) => {
      for (const e of list) await runner.handle(e, key);
    }));
  };

  it('given every fact delivered, redelivered and partly delivered again, then each table holds exactly the pure fold', async () => {
    await play(ledger.events);
    await play(ledger.events);
    await play(ledger.events.slice(3, 12));
    for (const model of REPORTING_READ_MODELS) {
      const expected = [...foldProjection(model.definition as never, ledger.events).entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row);
      const stored = await readReportRows(dataSource, model as never, { committeeId: 'cmte-us' });
      // jsonb keeps members in its own order: compare values, not text.
      expect(stored).toEqual(expected);
    }
  }, 60_000);

  it('given the stored rows, then the totals and Schedule A read from them are the hand-computed ones', async () => {
    const rows = await readReportRows(dataSource, reportDonations, { campaignId: 'camp-us' });
    // As the unit spec, less the redesignation (the review work's event): a2 counts $500, its excess stays held.
    expect(campaignTotals(rows, { campaignId: 'camp-us', jurisdiction: 'US-FEC-CANDIDATE' })).toMatchObject({ raisedMinor: 850_000n, netMinor: 810_000n, donationCount: 8, uniqueDonors: 4 });
    const report = scheduleA({ committee: { committeeId: 'cmte-us', elections: ELECTIONS }, rows, donors: new Map(), from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00Z' });
    expect(report.lines.map((l) => [l.donationId, l.amountMinor, l.aggregateMinor])).toEqual([
      ['a1', 300_000n, 300_000n],
      ['a2', 50_000n, 350_000n],
      ['b2', 10_000n, 15_000n],
      ['c1', 120_000n, 120_000n],
      ['c2', 150_000n, 270_000n],
    ]);
  });

  it('given a fact older than a row under a checkpoint of another partition, then the row ignores it', async () => {
    const before = await readReportRows(dataSource, reportDonations, { committeeId: 'cmte-us' });
    const refund = ledger.events.find((e) => e.type === 'DonationRefunded');
    if (!refund) throw new Error('no refund in the scenario');
    await runner.handle(refund, 'a-partition-never-seen');
    expect(await readReportRows(dataSource, reportDonations, { committeeId: 'cmte-us' })).toEqual(before);
  });

  it('given the donations table, then its columns carry the status, election and counted amount', async () => {
    const rows = (await dataSource.query(`SELECT key, status, election_id, counted_minor, itemized FROM "${schema}".report_donations WHERE key IN ('a3', 'b2', 'd1') ORDER BY key`)) as Record<string, string | null>[];
    expect(rows).toEqual([
      { key: 'a3', status: 'partly_refunded', election_id: 'general-2026', counted_minor: '170000', itemized: true },
      { key: 'b2', status: 'charged_back', election_id: 'primary-2026', counted_minor: '0', itemized: true },
      { key: 'd1', status: 'rejected', election_id: null, counted_minor: '0', itemized: null },
    ]);
  });
});
