import type { DataSource } from 'typeorm';
import { SqlLedgerStore } from '#ledger';
import { EmbeddedDatabase } from '#sql';
import { appendDonationStory, LiveFeed, type DonationStory } from '#testing';
import { campaignTotalsReport, type CampaignTotalsReport } from '../campaign-totals/campaign-totals.query.js';
import { READ_MODEL_PROJECTIONS } from '../registry.js';
import { ProjectionRunner } from '../store/projection-runner.js';
import { openReadModelDataSource } from '../store/read-model-data-source.js';
import { AsOfReads } from './as-of-reads.js';
import { readModelsAsOf } from './replay.js';
import { listSnapshots, makeSnapshot, type ReadModelSnapshot } from './snapshots.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const base = { committeeId: 'smith-2026', campaignId: 'spring' };

/** The ledger grows story by story; a report is taken after each, with the instant and head it was taken at. */
const STORIES: DonationStory[] = [
  { ...base, donationId: 'd1', donorId: 'dn_ada', amountMinor: 10_000 },
  { ...base, donationId: 'd2', donorId: 'dn_bob', amountMinor: 400_000, acceptedMinor: 350_000, refundedMinor: 50_000 },
  { ...base, donationId: 'd3', donorId: 'dn_ada', amountMinor: 2_500, chargedBackMinor: 2_500 },
  { ...base, donationId: 'd4', donorId: 'dn_cy', amountMinor: 900, acceptedMinor: 600, refundedMinor: 900 },
  { ...base, donationId: 'd5', donorId: 'dn_dee', amountMinor: 20_000, refundedMinor: 5_000 },
];

interface Moment {
  instant: string;
  position: number;
  report: CampaignTotalsReport;
}

const withoutStamp = <T extends object>(report: T): Omit<T, 'asOf'> => {
  const { asOf: _stamp, ...rest } = report as T & { asOf?: unknown };
  return rest;
};

for (const withSnapshots of [false, true]) describe(`as-of reports on the embedded store${withSnapshots ? ', from snapshots made as the ledger grew' : ''}`, () => {
  let ledgerDb: EmbeddedDatabase;
  let readDb: EmbeddedDatabase;
  let ledger: SqlLedgerStore;
  let live: DataSource;
  let reads: AsOfReads;
  const moments: Moment[] = [];

  beforeAll(async () => {
    ledgerDb = await EmbeddedDatabase.open('memory');
    readDb = await EmbeddedDatabase.open('memory');
    ledger = await SqlLedgerStore.open(ledgerDb);
    live = await openReadModelDataSource({ kind: 'embedded', db: readDb }, 'public');
    const runner = new ProjectionRunner(live, READ_MODEL_PROJECTIONS.map((p) => p.handler));
    const feed = new LiveFeed(ledger, (event, partition) => runner.handle(event, partition));
    reads = new AsOfReads(ledger, live);
    for (const story of STORIES) {
      await appendDonationStory(ledger, story);
      await feed.catchUp();
      if (withSnapshots) await makeSnapshot(ledger, live, READ_MODEL_PROJECTIONS, (await listSnapshots(live))[0] ?? null);
      // The report as staff saw it at this moment, then a pause so later facts are recorded later.
      moments.push({ instant: new Date().toISOString(), position: (await ledger.headPosition()) ?? 0, report: await campaignTotalsReport(live, 'spring') });
      await sleep(5);
    }
  });

  afterAll(async () => {
    await live.destroy();
    await ledger.close();
    await readDb.close();
    await ledgerDb.close();
  });

  it('given the books moved on since, when asked as of each earlier instant, then the answer equals the report taken at that instant', async () => {
    expect(new Set(moments.map((m) => JSON.stringify(m.report))).size).toBe(moments.length);
    for (const moment of moments) {
      const answer = await reads.read({ kind: 'instant', instant: moment.instant }, (source) => campaignTotalsReport(source, 'spring'));
      expect(withoutStamp(answer)).toEqual(moment.report);
      expect(answer).toMatchObject({ asOf: { instant: moment.instant, lastPosition: moment.position } });
    }
  });

  it('when asked as of each ledger position a report was taken at, then the answer equals that report', async () => {
    for (const moment of moments) {
      const answer = await reads.read({ kind: 'position', position: moment.position }, (source) => campaignTotalsReport(source, 'spring'));
      expect(withoutStamp(answer)).toEqual(moment.report);
      expect(answer).toMatchObject({ asOf: { position: moment.position, lastPosition: moment.position } });
    }
  });

  it('given the live rows were tampered with, then as-of answers still come from the ledger alone, and the live answer shows the tampering', async () => {
    await live.query(`UPDATE public.campaign_totals SET raised_minor = 1 WHERE campaign_id = 'spring'`);
    try {
      const last = moments[moments.length - 1];
      const now = await reads.read({ kind: 'instant', instant: new Date().toISOString() }, (source) => campaignTotalsReport(source, 'spring'));
      expect(withoutStamp(now)).toEqual(last.report);
      expect((await reads.read(null, (source) => campaignTotalsReport(source, 'spring'))).raisedMinor).toBe(1);
    } finally {
      await live.query(`UPDATE public.campaign_totals SET raised_minor = $1 WHERE campaign_id = 'spring'`, [String(moments[moments.length - 1].report.raisedMinor)]);
    }
  });

  it('given a cut before the first event, then the books are empty, and no scratch schema is left behind', async () => {
    const empty = { campaignId: 'spring', currency: null, raisedMinor: 0, refundedMinor: 0, chargedBackMinor: 0, netMinor: 0, donationCount: 0, uniqueDonors: 0 };
    expect(withoutStamp(await reads.read({ kind: 'position', position: 0 }, (s) => campaignTotalsReport(s, 'spring')))).toEqual(empty);
    expect(withoutStamp(await reads.read({ kind: 'instant', instant: '2020-01-01T00:00:00.000Z' }, (s) => campaignTotalsReport(s, 'spring')))).toEqual(empty);
    const left = (await live.query(`SELECT nspname FROM pg_namespace WHERE starts_with(nspname, 'asof_')`)) as unknown[];
    expect(left).toEqual([]);
  });

  if (withSnapshots) {
    const foldedFrom = (asOf: Parameters<typeof readModelsAsOf>[3]) => readModelsAsOf(ledger, live, READ_MODEL_PROJECTIONS, asOf, async (_source, fold) => fold.from);

    it('given a snapshot at each moment, when asked as of a moment\'s position, then the fold starts from that moment\'s snapshot', async () => {
      const snapshots = await listSnapshots(live);
      expect(snapshots.map((s) => s.position).sort((a, b) => a - b)).toEqual(moments.map((m) => m.position));
      for (const moment of moments) expect(await foldedFrom({ kind: 'position', position: moment.position })).toBe(moment.position);
      expect(await foldedFrom({ kind: 'position', position: moments[0].position - 1 })).toBeNull();
      // An instant cut is served by the newest snapshot holding nothing recorded after it.
      expect(await foldedFrom({ kind: 'instant', instant: new Date().toISOString() })).toBe(moments[moments.length - 1].position);
      expect(await foldedFrom({ kind: 'instant', instant: '2020-01-01T00:00:00.000Z' })).toBeNull();
    });

    it('given a snapshot made by other migrations, then it is passed over and the answer is still the ledger\'s', async () => {
      const [newest] = await listSnapshots(live);
      const schema = (newest as ReadModelSnapshot).schema;
      await live.query(`UPDATE "${schema}".snapshot_state SET migrations = 'an older history'`);
      const last = moments[moments.length - 1];
      expect(await foldedFrom({ kind: 'position', position: last.position })).toBe(moments[moments.length - 2].position);
      expect(withoutStamp(await reads.read({ kind: 'position', position: last.position }, (source) => campaignTotalsReport(source, 'spring')))).toEqual(last.report);
      // Nor is it the base of the next snapshot: that one is folded from 0, and serves.
      const [tampered] = await listSnapshots(live);
      expect(tampered.migrations).toBe('an older history');
      const remade = await makeSnapshot(ledger, live, READ_MODEL_PROJECTIONS, tampered);
      expect(await foldedFrom({ kind: 'position', position: last.position })).toBe(remade?.position);
      expect(withoutStamp(await reads.read({ kind: 'position', position: last.position }, (source) => campaignTotalsReport(source, 'spring')))).toEqual(last.report);
    });
  }
});
