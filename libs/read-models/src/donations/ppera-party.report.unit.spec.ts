import { pperaPartyQuarterlyReport } from './ppera-party.report.js';
import { ukReturnTable } from './ppera-return.js';
import { disclosedViews, ScenarioLedger } from '../reports/scenario.fixtures.spec.js';

// Issue 14, item 11: a party with accounting units (PPERA s.62(11), (12), Sch.6 para 5(1)(b)).
// The central party is 'party'; 'north' is its accounting unit. 2026 figures: £11,180 central,
// £2,230 at a unit and for later donations.
const units = [{ committeeId: 'north', name: 'North Branch' }];
function party(gifts: [id: string, committee: 'party' | 'north', donor: string, at: string, amountMinor: number][]) {
  const ledgers = { party: new ScenarioLedger('party', 'camp-party', 'GBP'), north: new ScenarioLedger('north', 'camp-north', 'GBP') };
  for (const [id, committee, donor, at, amount] of gifts) ledgers[committee].received(id, donor, at, amount).accepted(id, donor, at.replace(/\.000Z$/, '.500Z'), amount, null);
  const rows = [...ledgers.party.donationRows().values(), ...ledgers.north.donationRows().values()];
  return (year: number, quarter: number) => pperaPartyQuarterlyReport({ committeeId: 'party', units, rows, donors: disclosedViews(rows), year, quarter });
}

describe('PPERA s.62(12): a source giving to the central party and a unit', () => {
  it('given £10,000 to the centre and £1,180.01 to the unit, then the party total £11,180.01 passes £11,180 and both are reported as made to the party', () => {
    const report = party([
      ['c1', 'party', 'dA', '2026-02-01T12:00:00.000Z', 1_000_000],
      ['u1', 'north', 'dA', '2026-03-01T12:00:00.000Z', 118_001],
    ])(2026, 1);
    expect(report.lines.map((l) => [l.donationId, l.madeTo, l.treatedAsMadeToParty, l.reportedBecause, l.aggregateInYearMinor])).toEqual([
      ['c1', 'Central Party', true, 'party_aggregate_over_threshold', 1_118_001n],
      ['u1', 'North Branch', true, 'party_aggregate_over_threshold', 1_118_001n],
    ]);
    expect(report.sourceTotals).toEqual([{ donorId: 'dA', centralMinor: 1_000_000n, unitsMinor: { north: 118_001n }, partyMinor: 1_118_001n }]);
  });

  it('given £10,000 and £1,180.00 (a party total of exactly £11,180), then nothing is reported', () => {
    expect(party([
      ['c1', 'party', 'dA', '2026-02-01T12:00:00.000Z', 1_000_000],
      ['u1', 'north', 'dA', '2026-03-01T12:00:00.000Z', 118_000],
    ])(2026, 1).lines).toEqual([]);
  });

  it('given the passing donation accepted in Q2, then both are in Q2 (the quarter the aggregate was passed), none in Q1', () => {
    const report = party([
      ['c1', 'party', 'dA', '2026-02-01T12:00:00.000Z', 1_000_000],
      ['u1', 'north', 'dA', '2026-04-01T12:00:00.000Z', 200_000],
    ]);
    expect(report(2026, 1).lines).toEqual([]);
    expect(report(2026, 2).lines.map((l) => l.donationId)).toEqual(['c1', 'u1']);
  });

  it('given a unit gift of £2,230.01 (reportable by the unit itself) and £9,000 to the centre, then the unit line is the unit\'s own and the centre\'s is the party\'s', () => {
    const report = party([
      ['u1', 'north', 'dA', '2026-01-10T12:00:00.000Z', 223_001],
      ['c1', 'party', 'dA', '2026-02-10T12:00:00.000Z', 900_000],
    ])(2026, 1);
    expect(report.lines.map((l) => [l.donationId, l.madeTo, l.treatedAsMadeToParty, l.reportedBecause])).toEqual([
      ['u1', 'North Branch', false, 'single_over_threshold'],
      ['c1', 'Central Party', true, 'party_aggregate_over_threshold'],
    ]);
  });

  it('given a unit gift of £2,230.00 alone, then nothing: the unit\'s figure is passed only above it', () => {
    expect(party([['u1', 'north', 'dA', '2026-01-10T12:00:00.000Z', 223_000]])(2026, 1).lines).toEqual([]);
  });

  it('given the central party\'s own £11,180.01, then it is the centre\'s own line, and the return names each line\'s accounting unit', () => {
    const report = party([
      ['c1', 'party', 'dB', '2026-01-10T12:00:00.000Z', 1_118_001],
      ['u1', 'north', 'dA', '2026-01-11T12:00:00.000Z', 300_000],
    ])(2026, 1);
    expect(report.lines.map((l) => [l.donationId, l.madeTo, l.treatedAsMadeToParty])).toEqual([
      ['c1', 'Central Party', false],
      ['u1', 'North Branch', false],
    ]);
    const table = ukReturnTable(report, { periodName: 'Q1 2026', accountingUnitName: 'Central Party', prePoll: false });
    const unitColumn = table.header.indexOf('AccountingUnitName');
    expect(table.rows.map((r) => r[unitColumn])).toEqual(['Central Party', 'North Branch']);
  });

  it('given donations of another party\'s committee among the rows, then they count for nothing here', () => {
    const ledger = new ScenarioLedger('other', 'camp-o', 'GBP');
    ledger.received('o1', 'dA', '2026-02-01T12:00:00.000Z', 2_000_000).accepted('o1', 'dA', '2026-02-01T12:00:01.000Z', 2_000_000, null);
    const rows = [...ledger.donationRows().values()];
    expect(pperaPartyQuarterlyReport({ committeeId: 'party', units, rows, donors: new Map(), year: 2026, quarter: 1 }).lines).toEqual([]);
  });
});
