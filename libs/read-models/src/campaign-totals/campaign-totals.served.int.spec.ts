import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '#contracts';
import { reportDonations } from '../donations/donations.projection.js';
import { toJsonValue } from '../reports/report-format.js';
import { ReportRunner } from '../reports/report-runner.js';
import { usScenario } from '../reports/scenario.fixtures.spec.js';
import { ProjectionRunner } from '../store/projection-runner.js';
import { openReadModelDataSource } from '../store/read-model-data-source.js';
import { readReportRows } from '../store/stored-rows.js';
import { totalsOfDonations } from './campaign-totals.evolve.js';
import { campaignTotalsProjection } from './campaign-totals.projection.js';
import { campaignTotalsReport, readCampaignTotals } from './campaign-totals.query.js';
import { campaignTotals } from './campaign-totals.report.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The committee+donor key of the bus puts each donor's facts on one of three partitions. */
const partitionOf = (event: RecordedEvent): string => `donations:${(event.metadata.donorId ?? '').charCodeAt(1) % 3}`;

describe('campaign totals computed once: the stored row, both endpoints and the in-memory fold agree', () => {
  const schema = `served_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;
  const { ledger } = usScenario();

  beforeAll(async () => {
    dataSource = await openReadModelDataSource({ kind: 'postgres', url, poolSize: 4 }, schema);
    const runner = new ProjectionRunner(dataSource, [campaignTotalsProjection, reportDonations.projection]);
    const partitions = new Map<string, RecordedEvent[]>();
    for (const e of ledger.events) partitions.set(partitionOf(e), [...(partitions.get(partitionOf(e)) ?? []), e]);
    await Promise.all([...partitions].map(async ([key, list]) => {
      for (const e of list) await runner.handle(e, key);
    }));
  });
  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('given the scenario applied by partitions at once, then the stored totals are the evolve folded over the donation rows', async () => {
    const rows = await readReportRows(dataSource, reportDonations, { campaignId: 'camp-us' });
    // As the unit spec, less the redesignation: $8,500.00 raised, $300.00 refunded, $100.00 charged back.
    expect(await readCampaignTotals(dataSource, 'camp-us')).toEqual({ ...totalsOfDonations(rows), committeeId: 'cmte-us', currency: 'USD' });
    expect(totalsOfDonations(rows)).toEqual({ raisedMinor: 850_000n, refundedMinor: 30_000n, chargedBackMinor: 10_000n, donationCount: 8, uniqueDonors: 4 });
  });

  it('given the stored rows, then /reports/totals serves the in-memory report, and /totals its figures', async () => {
    const rows = await readReportRows(dataSource, reportDonations, { campaignId: 'camp-us' });
    const report = await new ReportRunner(dataSource, null).campaignTotals('camp-us', 'US-FEC-CANDIDATE');
    expect(report.json).toEqual(toJsonValue(campaignTotals(rows, { campaignId: 'camp-us', jurisdiction: 'US-FEC-CANDIDATE' })));
    const { giftCount: _g, smallGiftMaxMinor: _m, smallGiftCount: _c, smallGiftMinor: _s, smallGiftShareBasisPoints: _b, averageGiftMinor: _a, medianGiftMinor: _d, ...figures } = report.json as Record<string, unknown>;
    expect(await campaignTotalsReport(dataSource, 'camp-us')).toEqual({ ...figures, committeeId: 'cmte-us' });
  });

  it('given a campaign with no acceptance, then both answer zeros', async () => {
    expect(await campaignTotalsReport(dataSource, 'camp-none')).toMatchObject({ currency: null, netMinor: 0, donationCount: 0 });
    expect((await new ReportRunner(dataSource, null).campaignTotals('camp-none', 'UK-PPERA-PARTY')).json).toMatchObject({ currency: null, netMinor: 0, giftCount: 0, medianGiftMinor: 0 });
  });
});
