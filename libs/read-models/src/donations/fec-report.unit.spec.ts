import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FecSchemas, fecSchemasDir } from '#testing';
import { campaignTotals } from '../campaign-totals/campaign-totals.report.js';
import { F3_COLUMNS, FS, HDR_COLUMNS, SA_COLUMNS, SB_COLUMNS } from './fec-file.js';
import { fecReport, quarterCode, type FecSummaryFigures } from './fec-report.js';
import { disclosedViews, ELECTIONS, usScenario } from '../reports/scenario.fixtures.spec.js';

const schemas = new FecSchemas();
const committee = { committeeId: 'cmte-us', filerCommitteeId: 'C00123456', elections: ELECTIONS, name: 'Pat for Congress' };
const { rows } = usScenario();
const donors = disclosedViews(rows);
const report = (from: string, to: string) => fecReport({ committee, rows, donors, from, to, treasurerName: 'Dr. Jane Q. Treasurer' });
const h1 = report('2026-01-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z');
const h2 = report('2026-07-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z');

/** The column names of a schema in the FEC's .fec order (its COL_SEQ). */
function colSeq(schema: string): string[] {
  const json = JSON.parse(readFileSync(join(fecSchemasDir(), `${schema}.json`), 'utf8')) as { properties: Record<string, { fec_spec?: { COL_SEQ?: number } }> };
  return Object.entries(json.properties).filter(([, p]) => typeof p.fec_spec?.COL_SEQ === 'number').sort(([, a], [, b]) => (a.fec_spec?.COL_SEQ ?? 0) - (b.fec_spec?.COL_SEQ ?? 0)).map(([name]) => name);
}

describe('the FEC Form 3 report of a period', () => {
  it('given the FEC schemas, then the .fec columns of each record are theirs in COL_SEQ order', () => {
    expect([...HDR_COLUMNS]).toEqual(colSeq('HDR'));
    expect([...F3_COLUMNS]).toEqual(colSeq('F3'));
    expect(SA_COLUMNS).toEqual(colSeq('SchA'));
    expect(SB_COLUMNS).toEqual(colSeq('SchB'));
  });

  it('given refunds, a chargeback, an excess redesignated and two elections, then the summary reconciles with the schedules, across periods and with the campaign totals', () => {
    // H1: accepted from individuals a1 3000 + a2 500+500 + b1 150 + b2 100 + c1 1200 + c2 1500 + e1 50 = $7,000;
    // itemized on Schedule A: a1, a2 (both parts), b2, c1, c2 = $6,800; unitemized b1 + e1 = $200; refunds: b2's $100 chargeback.
    expect(h1.period).toMatchObject({ L11ai: 680_000n, L11aii: 20_000n, L11aiii: 700_000n, L11e: 700_000n, L16: 700_000n, L20a: 10_000n, L20d: 10_000n, L6a: 700_000n, L6b: 10_000n, L6c: 690_000n });
    // H2: a3 $2,000 itemized; a3's $300 refund, itemized on Schedule B.
    expect(h2.period).toMatchObject({ L11ai: 200_000n, L11aii: 0n, L11e: 200_000n, L20a: 30_000n, L6c: 170_000n });
    for (const r of [h1, h2]) {
      expect(r.period.L11ai).toBe(r.scheduleA.totalMinor);
      expect(r.period.L11ai + r.period.L11aii).toBe(r.period.L11aiii);
      expect(r.period.L20a).toBe(r.scheduleB.itemizedMinor + r.scheduleB.unitemizedMinor);
    }
    const sum = (key: keyof FecSummaryFigures): bigint => h1.period[key] + h2.period[key];
    expect(h2.cycleToDate).toEqual(Object.fromEntries(Object.keys(h2.cycleToDate).map((k) => [k, sum(k as keyof FecSummaryFigures)])));
    const totals = campaignTotals(rows, { campaignId: 'camp-us', jurisdiction: 'US-FEC-CANDIDATE' });
    expect([h2.cycleToDate.L6a, h2.cycleToDate.L6b, h2.cycleToDate.L6c]).toEqual([totals.raisedMinor, totals.refundedMinor + totals.chargedBackMinor, totals.netMinor]);
  });

  it('given the report, then the header and Form 3 validate against HDR and F3 and every transaction against its own schema', () => {
    expect(schemas.problems(h1.export.header, 'HDR')).toEqual([]);
    expect(schemas.problems(h1.export.report, 'F3')).toEqual([]);
    expect(h1.export.report).toMatchObject({ form_type: 'F3N', report_code: null, treasurer_prefix: 'Dr', treasurer_first_name: 'Jane', treasurer_middle_name: 'Q', treasurer_last_name: 'Treasurer', L6a_total_contributions_period: 7000, L11aii_individuals_unitemized_ytd: 200 });
    for (const r of [h1, h2]) expect(r.export.transactions.flatMap((t) => schemas.problems(t))).toEqual([]);
  });

  it('given the report, then the .fec file holds the header, the summary and one record per itemized line, in the FEC columns', () => {
    const records = h2.file.trimEnd().split('\n').map((line) => line.split(FS));
    expect(records.map((r) => [r[0], r.length])).toEqual([['HDR', 8], ['F3N', 93], ['SA11AI', 45], ['SB28A', 44]]);
    expect(records[0].slice(0, 3)).toEqual(['HDR', 'FEC', '8.3']);
    expect(records[1].slice(15, 17)).toEqual(['20260701', '20261231']);
    const sa = Object.fromEntries(SA_COLUMNS.map((c, i) => [c, records[2][i]]));
    expect(sa).toMatchObject({ contribution_date: '20261020', contribution_amount: '2000.00', contribution_aggregate: '5700.00', election_code: 'G2026', memo_code: '', contributor_last_name: 'dA' });
    const sb = Object.fromEntries(SB_COLUMNS.map((c, i) => [c, records[3][i]]));
    expect(sb).toMatchObject({ expenditure_date: '20261025', expenditure_amount: '300.00', expenditure_purpose_descrip: 'Contribution refund' });
    expect(h2.fileName).toBe('C00123456_F3N_20260701_20261231.fec');
  });

  it('given the same ledger in another order, then the file is byte for byte the same', () => {
    const again = fecReport({ committee, rows: [...rows].reverse(), donors, from: '2026-07-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z', treasurerName: 'Dr. Jane Q. Treasurer' });
    expect(again.file).toBe(h2.file);
  });

  it('given a calendar quarter, then its report code is derived; any other span has none', () => {
    expect(quarterCode('2026-04-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z')).toBe('Q2');
    expect(quarterCode('2026-10-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')).toBe('YE');
    expect(quarterCode('2026-04-02T00:00:00.000Z', '2026-07-01T00:00:00.000Z')).toBeNull();
  });
});
