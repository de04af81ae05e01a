import { campaignTotals } from '../campaign-totals/campaign-totals.report.js';
import { remediesDue, reviewQueueReport } from '../compliance-cases/compliance-queue.report.js';
import { FEC_SA_FIELDS } from './fec-records.js';
import { fortyEightHourNotices, noticeWindow } from './forty-eight-hour-notices.report.js';
import { largeDonationRegister } from './large-donations.report.js';
import { toCsv } from '../reports/report-format.js';
import { scheduleA, scheduleATable } from './schedule-a.report.js';
import { disclosedViews, ELECTIONS, ScenarioLedger, usScenario } from '../reports/scenario.fixtures.spec.js';

const committee = { committeeId: 'cmte-us', filerCommitteeId: 'C00123456', elections: ELECTIONS };

describe('campaign totals', () => {
  it('given refunds, a chargeback, a redesignated excess and a refusal, then every figure is the hand-computed one', () => {
    const { rows } = usScenario();
    // accepted: a1 3000 + a2 500+500 + a3 2000 + b1 150 + b2 100 + c1 1200 + c2 1500 + e1 50 = $9,000.00
    // refunded $300 of a3, charged back $100 of b2: net $8,600.00 over 7 gifts still counting
    // small gifts (<= $200): b1 $150 and e1 $50 = $200.00, 232 basis points of $8,600
    // gifts sorted: 50, 150, 1000, 1200, 1500, 1700, 3000 -> median $1,200; mean 8600/7 = 1228.57 rounded down
    expect(campaignTotals(rows, { campaignId: 'camp-us', jurisdiction: 'US-FEC-CANDIDATE' })).toEqual({
      campaignId: 'camp-us',
      currency: 'USD',
      raisedMinor: 900_000n,
      refundedMinor: 30_000n,
      chargedBackMinor: 10_000n,
      netMinor: 860_000n,
      donationCount: 8,
      uniqueDonors: 4,
      giftCount: 7,
      smallGiftMaxMinor: 20_000n,
      smallGiftCount: 2,
      smallGiftMinor: 20_000n,
      smallGiftShareBasisPoints: 232,
      averageGiftMinor: 122_857n,
      medianGiftMinor: 120_000n,
    });
  });

  it('given an even number of gifts, then the median is the mean of the two middle ones', () => {
    const l = new ScenarioLedger('cmte-us', 'camp-2', 'USD');
    for (const [id, amount] of [['x1', 1_000], ['x2', 2_000], ['x3', 3_001], ['x4', 9_000]] as const) {
      l.received(id, id, '2026-03-01T00:00:00.000Z', amount).accepted(id, id, '2026-03-01T00:00:01.000Z', amount, null);
    }
    const totals = campaignTotals([...l.donationRows().values()], { campaignId: 'camp-2', jurisdiction: 'US-FEC-CANDIDATE' });
    expect(totals).toMatchObject({ medianGiftMinor: 2_500n, averageGiftMinor: 3_750n, smallGiftShareBasisPoints: 10_000 });
  });

  it('given no donation, then every figure is zero', () => {
    expect(campaignTotals([], { campaignId: 'none', jurisdiction: 'UK-PPERA-PARTY' })).toMatchObject({ netMinor: 0n, medianGiftMinor: 0n, averageGiftMinor: 0n, smallGiftMaxMinor: 50_000n, currency: null });
  });
});

describe('FEC Schedule A', () => {
  const { rows } = usScenario();
  const report = scheduleA({ committee, rows, donors: disclosedViews(rows), from: '2026-01-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' });

  it('given the first half-year, then contributors past $200 in the cycle are itemized, with the redesignated part a line of its own', () => {
    // A: $3,000 then $500 primary and $500 redesignated to the general; B's $100 was marked itemized
    // when accepted (aggregate $250 then) and stays so, its aggregate now $150 after the chargeback;
    // C: $1,200 then $1,500; E ($50) never passes $200; D was refused; F is undecided.
    expect(report.lines.map((l) => [l.donationId, l.electionId, l.amountMinor, l.aggregateMinor])).toEqual([
      ['a1', 'primary-2026', 300_000n, 300_000n],
      ['a2', 'primary-2026', 50_000n, 350_000n],
      ['a2', 'general-2026', 50_000n, 400_000n],
      ['b2', 'primary-2026', 10_000n, 15_000n],
      ['c1', 'primary-2026', 120_000n, 120_000n],
      ['c2', 'primary-2026', 150_000n, 270_000n],
    ]);
    expect(report).toMatchObject({ lineCount: 6, totalMinor: 680_000n });
  });

  it('given a line, then its record carries the SA11AI fields in the FEC order', () => {
    const [first, , redesignation] = report.lines;
    expect(first.record).toMatchObject({
      form_type: 'SA11AI', filer_committee_id_number: 'C00123456', entity_type: 'IND', contributor_last_name: 'dA', contributor_first_name: 'Donor',
      contributor_city: 'Springfield', contributor_state: 'IL', contributor_zip_code: '62701', election_code: 'P2026', contribution_date: '20260301',
      contribution_amount: '3000.00', contribution_aggregate: '3000.00', contributor_employer: 'Acme', contributor_occupation: 'Engineer',
    });
    expect(first.record.transaction_id).toMatch(/^A[0-9A-F]{19}$/);
    expect(redesignation.record).toMatchObject({ election_code: 'G2026', memo_text_description: 'redesignated to G2026', contribution_aggregate: '4000.00' });
    const csv = toCsv(scheduleATable(report)).split('\r\n');
    expect(csv[0]).toBe(FEC_SA_FIELDS.join(','));
    expect(csv[1].split(',').slice(0, 2)).toEqual(['SA11AI', 'C00123456']);
    expect(csv).toHaveLength(8);
  });

  it('given the second half-year, then only the October gift of A is itemized, with the cycle aggregate net of its refund', () => {
    const late = scheduleA({ committee, rows, donors: disclosedViews(rows), from: '2026-07-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    // a3: $2,000 accepted for the general; A's cycle aggregate 4000 + (2000 - 300 refunded) = $5,700
    expect(late.lines.map((l) => [l.donationId, l.record.election_code, l.amountMinor, l.aggregateMinor])).toEqual([['a3', 'G2026', 200_000n, 570_000n]]);
  });

  it('given an erased or withheld donor, then the line keeps its amounts and says so instead of a name', () => {
    const views = disclosedViews(rows);
    views.set('a1', { status: 'erased' });
    views.delete('c1');
    const masked = scheduleA({ committee, rows, donors: views, from: '2026-01-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' });
    expect(masked.lines[0].record).toMatchObject({ contributor_last_name: '[erased person]', contributor_city: '', contribution_amount: '3000.00', memo_text_description: 'contributor erased' });
    expect(masked.lines[4].record).toMatchObject({ contributor_last_name: '[withheld]', contribution_amount: '1200.00' });
    expect(masked.totalMinor).toBe(report.totalMinor);
  });
});

describe('FEC 48-hour notices (11 CFR 104.5(f))', () => {
  it('given the general on 3 November, then the window runs from 15 October to 48 hours before 00:01 of election day', () => {
    expect(noticeWindow('2026-11-03')).toEqual({ from: '2026-10-15T00:00:00.000Z', to: '2026-11-01T00:01:00.000Z' });
  });

  it('given the scenario, then $1,000+ receipts inside each window are noticed and refused or late ones are not', () => {
    const { rows } = usScenario();
    const notices = fortyEightHourNotices({ committeeId: 'cmte-us', elections: ELECTIONS, rows, donors: disclosedViews(rows) });
    // c1 $1,200 on 20 May is in the primary's window (14 May - 31 May 00:01); c2 came at noon on 31 May, too late;
    // a3 $2,000 on 20 October is in the general's, reported as received though $300 went back since.
    expect(notices.lines.map((l) => [l.donationId, l.electionCode, l.amountMinor, l.countedMinor, l.dueBy])).toEqual([
      ['c1', 'P2026', 120_000n, 120_000n, '2026-05-22T10:00:00.000Z'],
      ['a3', 'G2026', 200_000n, 170_000n, '2026-10-22T15:00:00.000Z'],
    ]);
  });

  it('given receipts one second either side of the window edges and one cent under $1,000, then only those inside and at $1,000 count', () => {
    const l = new ScenarioLedger('cmte-us', 'camp-us', 'USD');
    l.received('early', 'd1', '2026-05-13T23:59:59.999Z', 100_000).received('first', 'd2', '2026-05-14T00:00:00.000Z', 100_000);
    l.received('small', 'd3', '2026-05-20T00:00:00.000Z', 99_999).received('last', 'd4', '2026-05-31T00:00:59.999Z', 100_000);
    l.received('late', 'd5', '2026-05-31T00:01:00.000Z', 100_000);
    const notices = fortyEightHourNotices({ committeeId: 'cmte-us', elections: [ELECTIONS[0]], rows: [...l.donationRows().values()], donors: new Map() });
    expect(notices.lines.map((n) => n.donationId)).toEqual(['first', 'last']);
  });
});

describe('large-donation register', () => {
  it('given a threshold of $1,000, then every donation over it is listed whatever became of it', () => {
    const { rows } = usScenario();
    const register = largeDonationRegister({ committeeId: 'cmte-us', rows, donors: new Map(), from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z', thresholdMinor: 100_000n });
    // a2 gave exactly $1,000: not over it.
    expect(register.entries.map((e) => [e.donationId, e.status, e.receivedMinor, e.countedMinor])).toEqual([
      ['a1', 'accepted', 300_000n, 300_000n],
      ['d1', 'rejected', 500_000n, 0n],
      ['c1', 'accepted', 120_000n, 120_000n],
      ['c2', 'accepted', 150_000n, 150_000n],
      ['a3', 'partly_refunded', 200_000n, 170_000n],
    ]);
    expect(register).toMatchObject({ count: 5, receivedTotalMinor: 1_270_000n });
    expect(register.entries[0].donor).toEqual({ status: 'withheld' });
  });
});

describe('remedies due and the review queue', () => {
  it('given 20 May, then open obligations are listed by deadline and the passed one is overdue', () => {
    const { ledger } = usScenario();
    const due = remediesDue({ committeeId: 'cmte-us', rows: ledger.caseRows(), asOf: '2026-05-20T12:00:00.000Z' });
    expect(due.items.map((i) => [i.donationId, i.kind, i.dueOn, i.overdue, i.amountMinor])).toEqual([
      ['f1', 'flag_deadline', '2026-05-12', true, null],
      ['f1', 'flag_deadline', '2026-06-01', false, null],
      ['a2', 'excess_remedy', '2026-06-09', false, 50_000n],
      ['c1', 'best_efforts_request', '2026-06-19', false, null],
    ]);
    expect(due.overdueCount).toBe(1);
    expect(reviewQueueReport({ committeeId: 'cmte-us', rows: ledger.caseRows(), asOf: '2026-05-20T12:00:00.000Z' }).items).toEqual([
      expect.objectContaining({ donationId: 'f1', dueOn: '2026-05-12', overdue: true, receivedMinor: 25_000n }),
    ]);
  });

  it('given the excess refunded and the flagged donation returned in full, then both leave the lists', () => {
    const { ledger } = usScenario();
    ledger.refunded('a2', 'dA', '2026-05-21T00:00:00.000Z', 50_000).refunded('f1', 'dF', '2026-05-21T00:00:00.000Z', 25_000);
    const due = remediesDue({ committeeId: 'cmte-us', rows: ledger.caseRows(), asOf: '2026-05-22T00:00:00.000Z' });
    expect(due.items.map((i) => [i.donationId, i.kind])).toEqual([['c1', 'best_efforts_request']]);
    expect(reviewQueueReport({ committeeId: 'cmte-us', rows: ledger.caseRows(), asOf: '2026-05-22T00:00:00.000Z' }).items).toEqual([]);
  });
});
