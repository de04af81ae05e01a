import { pperaQuarterlyReport } from './ppera.report.js';
import { ScenarioLedger } from '../reports/scenario.fixtures.spec.js';

// Issue 14, item 7: the quarterly report states the manner a donation the party could not keep
// was actually dealt with and the day it was (Sch.6 para 6-7), in the quarter of that day
// (s.62(9)); remedies-due lists its return until then.
const report = (l: ScenarioLedger, year: number, quarter: number) => pperaQuarterlyReport({ committeeId: 'cmte-uk', rows: [...l.donationRows().values()], donors: new Map(), year, quarter });
const returnedOf = (l: ScenarioLedger, year: number, quarter: number) => report(l, year, quarter).returned.map((r) => [r.donationId, r.receivedOn, r.manner, r.returnedOn, r.reference]);

const unidentifiable = () =>
  new ScenarioLedger('cmte-uk', 'camp-uk', 'GBP')
    .received('anon', 'anonymous-1', '2026-03-20T12:00:00.000Z', 60_000)
    .rejected('anon', 'anonymous-1', '2026-03-20T12:00:01.000Z', 'ppera_unidentifiable_donor')
    .returnRequired('anon', 'anonymous-1', '2026-03-20T12:00:01.000Z', 60_000, 'ppera_unidentifiable_donor', 'return_to_transferor_or_pay_electoral_commission', '2026-04-18');

describe('given an unidentifiable £600 received on 20 March (Q1)', () => {
  it('while not dealt with, then Q1 lists it with what the law requires, still due', () => {
    expect(returnedOf(unidentifiable(), 2026, 1)).toEqual([['anon', '2026-03-20', 'return_to_transferor_or_pay_electoral_commission', null, null]]);
  });

  it('when paid to the Electoral Commission on 10 April, then Q2 lists it so, on that day, and Q1 no longer does', () => {
    const l = unidentifiable().dealtWith('anon', 'anonymous-1', '2026-04-10T09:00:00.000Z', 'paid_to_electoral_commission', '2026-04-10', 'EC 2026/4');
    expect(returnedOf(l, 2026, 1)).toEqual([]);
    expect(returnedOf(l, 2026, 2)).toEqual([['anon', '2026-03-20', 'paid_to_electoral_commission', '2026-04-10', 'EC 2026/4']]);
    expect(report(l, 2026, 2).lines).toEqual([]);
  });

  it('when forfeited by a court order on 15 May, then Q2 lists it as forfeited on that day', () => {
    const l = unidentifiable().dealtWith('anon', 'anonymous-1', '2026-05-15T09:00:00.000Z', 'forfeited', '2026-05-15', 'FO/2026/7', '2026-04-18', true);
    expect(returnedOf(l, 2026, 2)).toEqual([['anon', '2026-03-20', 'forfeited', '2026-05-15', 'FO/2026/7']]);
  });

  it('when refunded in full with nothing recorded, then the refund went back to whoever paid it: the transferor', () => {
    const l = unidentifiable().refunded('anon', 'anonymous-1', '2026-04-02T10:00:00.000Z', 60_000);
    expect(returnedOf(l, 2026, 2)).toEqual([['anon', '2026-03-20', 'return_to_transferor', '2026-04-02', null]]);
  });

  it('when dealt with, then remedies-due no longer lists its return', () => {
    const open = unidentifiable().caseRows()[0].obligations.map((o) => [o.kind, o.metBy]);
    expect(open).toEqual([['return_required', null]]);
    const l = unidentifiable().dealtWith('anon', 'anonymous-1', '2026-04-10T09:00:00.000Z', 'paid_to_electoral_commission', '2026-04-10');
    expect(l.caseRows()[0].obligations.map((o) => [o.kind, o.metBy])).toEqual([['return_required', 'ImpermissibleDonationDealtWith']]);
  });
});
