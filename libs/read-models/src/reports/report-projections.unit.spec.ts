import { countedForElection, countedOf, type DonationRow } from '../donations/donation-row.js';
import { foldProjection, rowFromJson, rowToJson } from '../projection.js';
import { REPORT_PROJECTIONS } from './report-projections.js';
import { GENERAL, PRIMARY, usScenario } from './scenario.fixtures.spec.js';

describe('report projections as folds', () => {
  it('given every fact delivered twice and older facts again at the end, then every row is as after one delivery', () => {
    const { ledger } = usScenario();
    for (const projection of Object.values(REPORT_PROJECTIONS)) {
      const once = foldProjection(projection as never, ledger.events);
      const twice = foldProjection(projection as never, [...ledger.events.flatMap((e) => [e, e]), ...ledger.events.slice(0, 5)]);
      expect(rowToJson([...twice])).toBe(rowToJson([...once]));
    }
  });

  it('given a row written as JSON, then it reads back with its money as bigint', () => {
    const rows = usScenario().rows;
    expect(rows.map((r) => rowFromJson(rowToJson(r)))).toEqual(rows);
  });

  it('given a donor over the primary limit who then gives for the general, then the per-election and per-year aggregates are apart', () => {
    const { ledger, rows } = usScenario();
    // A donor's aggregates are sums of the donor's donation rows, each counted by the row's own rule.
    const folded = [...foldProjection(REPORT_PROJECTIONS.donations, ledger.events).values()] as DonationRow[];
    const ofDonor = (donorId: string) => folded.filter((r) => r.committeeId === 'cmte-us' && r.donorId === donorId);
    const forElection = (donorId: string, electionId: string) => ofDonor(donorId).reduce((sum, r) => sum + countedForElection(r, electionId), 0n);
    const forYear = (donorId: string, year: string) => ofDonor(donorId).filter((r) => r.receivedAt.startsWith(year)).reduce((sum, r) => sum + countedOf(r).countedMinor, 0n);
    // primary: a1 3000 + a2 500 accepted; general: a3 2000 less the $300 refund (the redesignation is the review work's event)
    expect([forElection('dA', PRIMARY), forElection('dA', GENERAL), forYear('dA', '2026')]).toEqual([350_000n, 170_000n, 520_000n]);
    expect(forElection('dB', PRIMARY)).toBe(15_000n);
    const a2 = rows.find((r) => r.donationId === 'a2');
    expect(a2 && [a2.status, countedForElection(a2, PRIMARY), countedForElection(a2, GENERAL), a2.excessHeldMinor]).toEqual(['accepted', 50_000n, 50_000n, 0n]);
  });
});
