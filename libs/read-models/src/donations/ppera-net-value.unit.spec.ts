import { pperaQuarterlyReport, pperaThresholds, pperaWeeklyReport } from './ppera.report.js';
import { ScenarioLedger } from '../reports/scenario.fixtures.spec.js';

// Issue 14, items 2, 8 and 9: a UK report uses the value the decision used (paid less the
// benefits received, PPERA s.50, s.53), the thresholds of the pack in force, and the quarter a
// donation was accepted in (PPERA Sch.6 para 5).
const report = (l: ScenarioLedger, year: number, quarter: number, benefits: Map<string, bigint> = new Map()) =>
  pperaQuarterlyReport({ committeeId: 'cmte-uk', rows: [...l.donationRows().values()], donors: new Map(), year, quarter, benefits });

describe('PPERA reports use the pack in force', () => {
  it('reads £500, £11,180 and £2,230 for 2026 and £7,500 / £1,500 for 2023 from the rule packs', () => {
    expect(pperaThresholds('central', 2026)).toMatchObject({ minimumMinor: 50_000n, initialMinor: 1_118_000n, subsequentMinor: 223_000n, rulePackVersion: 'UK-PPERA-PARTY/2024' });
    expect(pperaThresholds('accounting_unit', 2026)).toMatchObject({ initialMinor: 223_000n, subsequentMinor: 223_000n });
    expect(pperaThresholds('central', 2023)).toMatchObject({ initialMinor: 750_000n, subsequentMinor: 150_000n });
  });
});

describe('PPERA s.50, s.52(2): a donation is valued net of the benefits received for it', () => {
  const single = (amount: number) => {
    const l = new ScenarioLedger('cmte-uk', 'camp-uk', 'GBP');
    l.received('d1', 'dP', '2026-02-01T12:00:00.000Z', amount).accepted('d1', 'dP', '2026-02-01T12:00:01.000Z', amount, null);
    return l;
  };

  it('given £11,680.01 paid for a £500 dinner, then its net £11,180.01 is reported; £11,680.00 (net £11,180.00) is not', () => {
    const benefits = new Map([['d1', 50_000n]]);
    expect(report(single(1_168_001), 2026, 1, benefits).lines.map((l) => [l.donationId, l.valueMinor])).toEqual([['d1', 1_118_001n]]);
    expect(report(single(1_168_000), 2026, 1, benefits).lines).toEqual([]);
  });

  it('given £600 paid for a reward worth £100.01, then its net £499.99 is no donation and appears in no report, not even toward the aggregate', () => {
    const l = single(60_000);
    l.received('d2', 'dP', '2026-03-01T12:00:00.000Z', 1_100_000).accepted('d2', 'dP', '2026-03-01T12:00:01.000Z', 1_100_000, null);
    // Without the benefit: £600 + £11,000 = £11,600 passes £11,180; with it, only £11,000 counts.
    expect(report(l, 2026, 1).lines.map((line) => line.donationId)).toEqual(['d1', 'd2']);
    expect(report(l, 2026, 1, new Map([['d1', 10_001n]])).lines).toEqual([]);
  });
});

describe('PPERA Sch.6 para 5: a donation is reported in the quarter it was accepted', () => {
  it('given £12,000 received on 31 March and accepted on 2 April (UK days), then it is in Q2, not Q1', () => {
    const l = new ScenarioLedger('cmte-uk', 'camp-uk', 'GBP');
    l.received('late', 'dQ', '2026-03-31T12:00:00.000Z', 1_200_000).accepted('late', 'dQ', '2026-04-02T09:00:00.000Z', 1_200_000, null);
    expect(report(l, 2026, 1).lines).toEqual([]);
    expect(report(l, 2026, 2).lines.map((line) => [line.donationId, line.receivedOn, line.acceptedOn])).toEqual([['late', '2026-03-31', '2026-04-02']]);
  });

  it('given £12,000 received on 31 December 2025 and accepted at 00:30 UK time (GMT) on 1 January 2026, then it is in Q1 2026', () => {
    const l = new ScenarioLedger('cmte-uk', 'camp-uk', 'GBP');
    l.received('nye', 'dQ', '2025-12-31T23:00:00.000Z', 1_200_000).accepted('nye', 'dQ', '2026-01-01T00:30:00.000Z', 1_200_000, null);
    expect(report(l, 2025, 4).lines).toEqual([]);
    expect(report(l, 2026, 1).lines.map((line) => line.donationId)).toEqual(['nye']);
  });
});

describe('PPERA s.63 weekly report: donations over the threshold received in the week, accepted or pending', () => {
  it('given £11,180.01 still pending an officer and £11,180.00 accepted, then only the first is listed; a refused one is not', () => {
    const l = new ScenarioLedger('cmte-uk', 'camp-uk', 'GBP');
    l.received('pending', 'dA', '2026-04-02T12:00:00.000Z', 1_118_001).flagged('pending', 'dA', '2026-04-02T12:00:01.000Z', [{ action: 'establish_permissibility_or_return', dueOn: '2026-05-01' }]);
    l.received('at', 'dB', '2026-04-03T12:00:00.000Z', 1_118_000).accepted('at', 'dB', '2026-04-03T12:00:01.000Z', 1_118_000, null);
    l.received('refused', 'dC', '2026-04-04T12:00:00.000Z', 2_000_000).rejected('refused', 'dC', '2026-04-04T12:00:01.000Z', 'ppera_impermissible_donor');
    const week = pperaWeeklyReport({ committeeId: 'cmte-uk', rows: [...l.donationRows().values()], donors: new Map(), weekStarting: '2026-04-02' });
    expect(week.lines.map((line) => [line.donationId, line.valueMinor, line.acceptedOn])).toEqual([['pending', 1_118_001n, null]]);
  });
});

describe('PPERA s.54, s.56: donations the party could not keep appear in the quarterly report with the manner and date of return', () => {
  it('given an impermissible £5,000 returned to the donor and an unidentifiable £600 still due, then both are listed in the quarter received, the first with its return date', () => {
    const l = new ScenarioLedger('cmte-uk', 'camp-uk', 'GBP');
    l.received('imp', 'dX', '2026-02-01T12:00:00.000Z', 500_000, { type: 'company' }).rejected('imp', 'dX', '2026-02-01T12:00:01.000Z', 'ppera_impermissible_donor');
    l.returnRequired('imp', 'dX', '2026-02-01T12:00:01.000Z', 500_000, 'ppera_impermissible_donor', 'return_to_donor', '2026-03-02');
    l.refunded('imp', 'dX', '2026-02-20T10:00:00.000Z', 500_000);
    l.received('anon', 'anonymous-1', '2026-03-31T22:30:00.000Z', 60_000).rejected('anon', 'anonymous-1', '2026-03-31T22:30:01.000Z', 'ppera_unidentifiable_donor');
    l.returnRequired('anon', 'anonymous-1', '2026-03-31T22:30:01.000Z', 60_000, 'ppera_unidentifiable_donor', 'return_to_transferor_or_pay_electoral_commission', '2026-04-29');
    // £500.00 exactly is no donation: nothing to return or report.
    l.received('small', 'dY', '2026-03-01T12:00:00.000Z', 50_000).rejected('small', 'dY', '2026-03-01T12:00:01.000Z', 'ppera_impermissible_donor');
    const q1 = report(l, 2026, 1);
    expect(q1.lines).toEqual([]);
    expect(q1.returned.map((r) => [r.donationId, r.receivedOn, r.valueMinor, r.reason, r.manner, r.dueOn, r.returnedOn])).toEqual([
      ['imp', '2026-02-01', 500_000n, 'ppera_impermissible_donor', 'return_to_donor', '2026-03-02', '2026-02-20'],
      ['anon', '2026-03-31', 60_000n, 'ppera_unidentifiable_donor', 'return_to_transferor_or_pay_electoral_commission', '2026-04-29', null],
    ]);
    expect(report(l, 2026, 2).returned).toEqual([]);
  });

  it('given £1,000 from a non-UK company received on 20 March (Q1) and returned on 2 April (Q2, BST), then s.62(9) lists it in Q2, the quarter it was dealt with, not Q1', () => {
    const l = new ScenarioLedger('cmte-uk', 'camp-uk', 'GBP');
    l.received('late-back', 'dZ', '2026-03-20T12:00:00.000Z', 100_000, { type: 'company' }).rejected('late-back', 'dZ', '2026-03-20T12:00:01.000Z', 'ppera_impermissible_donor');
    l.returnRequired('late-back', 'dZ', '2026-03-20T12:00:01.000Z', 100_000, 'ppera_impermissible_donor', 'return_to_donor', '2026-04-18');
    // 23:30Z on 1 April is 00:30 BST on 2 April.
    l.refunded('late-back', 'dZ', '2026-04-01T23:30:00.000Z', 100_000);
    expect(report(l, 2026, 1).returned).toEqual([]);
    expect(report(l, 2026, 2).returned.map((r) => [r.donationId, r.receivedOn, r.manner, r.returnedOn])).toEqual([['late-back', '2026-03-20', 'return_to_donor', '2026-04-02']]);
  });
});
