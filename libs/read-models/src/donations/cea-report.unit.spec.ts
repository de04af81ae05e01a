import { ceaContributionsReport, ceaContributionsTable } from './cea.report.js';
import { disclosedViews, ScenarioLedger } from '../reports/scenario.fixtures.spec.js';

/**
 * A Canadian party's 2026 in Toronto time: A gives $150 and $50.01 (past $200), B exactly $200,
 * C $300 of which $150 is refunded (back to $150), D $100 at 23:30 Toronto time on 31 December
 * 2025 (04:30 UTC on 1 January: 2025's), and two anonymous $20 gifts.
 */
function caScenario() {
  const l = new ScenarioLedger('cmte-ca', 'camp-ca', 'CAD');
  const gift = (id: string, donor: string, at: string, amount: number) => l.received(id, donor, at, amount).accepted(id, donor, at.replace(/\.000Z$/, '.500Z'), amount, null);
  gift('a1', 'dA', '2026-02-01T15:00:00.000Z', 15_000);
  gift('a2', 'dA', '2026-03-01T15:00:00.000Z', 5_001);
  gift('b1', 'dB', '2026-04-01T15:00:00.000Z', 20_000);
  gift('c1', 'dC', '2026-05-01T15:00:00.000Z', 30_000);
  l.refunded('c1', 'dC', '2026-05-10T15:00:00.000Z', 15_000);
  gift('d1', 'dD', '2026-01-01T04:30:00.000Z', 10_000);
  gift('n1', 'anonymous-n1', '2026-06-01T15:00:00.000Z', 2_000);
  gift('n2', 'anonymous-n2', '2026-06-02T15:00:00.000Z', 2_000);
  const rows = [...l.donationRows().values()].map((r) => (r.donorId.startsWith('anonymous-') ? { ...r, sealedPii: null } : r));
  return { rows, donors: disclosedViews(rows) };
}

describe('Canada Elections Act s.432(2): the contributions a registered party reports for a year', () => {
  const { rows, donors } = caScenario();
  const report = ceaContributionsReport({ committeeId: 'cmte-ca', rows, donors, year: 2026, timeZone: 'America/Toronto' });

  it('given A past $200 in 2026, then A alone is named, with each contribution; B at exactly $200.00 is not', () => {
    expect(report.contributors.map((c) => [c.donorId, c.totalMinor, c.contributions.map((k) => [k.donationId, k.receivedOn, k.amountMinor])])).toEqual([
      ['dA', 20_001n, [['a1', '2026-02-01', 15_000n], ['a2', '2026-03-01', 5_001n]]],
    ]);
    expect(report).toMatchObject({ rulePackVersion: 'CA-CEA-PARTY/2026', disclosureThresholdMinor: 20_000n });
  });

  it('given C refunded back to $150 and D received on 31 December in Toronto, then C is counted unnamed and D belongs to 2025', () => {
    expect(report.undisclosed).toEqual({ contributors: 2, totalMinor: 35_000n });
    expect(ceaContributionsReport({ committeeId: 'cmte-ca', rows, donors, year: 2025, timeZone: 'America/Toronto' }).undisclosed).toEqual({ contributors: 1, totalMinor: 10_000n });
  });

  it('given two anonymous $20 gifts, then they are counted apart, and the totals add up to what is kept', () => {
    expect(report.anonymous).toEqual({ count: 2, totalMinor: 4_000n });
    expect(report.totalMinor).toBe(20_001n + 35_000n + 4_000n);
  });

  it('prints one line per named contribution with the contributor\'s address and year total', () => {
    expect(ceaContributionsTable(report).rows).toEqual([
      ['Donor dA', '1 Main St', 'Springfield', 'IL', '62701', '200.01', 'a1', '2026-02-01', '150.00'],
      ['Donor dA', '1 Main St', 'Springfield', 'IL', '62701', '200.01', 'a2', '2026-03-01', '50.01'],
    ]);
  });
});
