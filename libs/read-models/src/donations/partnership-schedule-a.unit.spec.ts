import { FecSchemas, fecTransactionsIn } from '#testing';
import { partnerPartsCounted } from '#domain';
import { scheduleA } from './schedule-a.report.js';
import type { DonationRow } from './donation-row.js';
import { ELECTIONS, usScenario } from '../reports/scenario.fixtures.spec.js';
import { partnerViewKey, type DonorView } from '../reports/report-donor.js';

/**
 * Issue 14, item 6 on Schedule A: a partnership's receipt (PARTNERSHIP_RECEIPT) with a memo
 * (PARTNERSHIP_ATTRIBUTION) under it for each partner whose own aggregate passes $200, the
 * partner's share counted with what they gave themselves (11 CFR 110.1(e), 104.8(e)); a
 * single-member LLC's gift filed as its member's (110.1(g)(4)). Validated against the FEC's schemas.
 */
const schemas = new FecSchemas();
const committee = { committeeId: 'cmte-us', filerCommitteeId: 'C00123456', elections: ELECTIONS };
const cycle = { from: '2025-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' };
const address = { line1: '1 Main St', line2: null, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };
const person = (name: string): DonorView => ({ status: 'disclosed', name, address, occupation: 'Engineer', employer: 'Acme', companyNumber: null });
const org = (name: string): DonorView => ({ status: 'disclosed', name, address, occupation: null, employer: null, companyNumber: null });

const template = usScenario().rows.find((r) => r.donationId === 'a1')!;
const row = (donationId: string, donorId: string, changes: Partial<DonationRow>): DonationRow => ({
  ...template, donationId, donorId, receivedAt: '2026-03-02T15:00:00.000Z', itemized: false, refundedMinor: 0n, chargedBackMinor: 0n, reversals: [], excessHeldMinor: 0n, ...changes,
});
const share = (donorId: string, amountMinor: bigint, countedMinor: bigint | null = amountMinor) => ({ donorId, sealedPii: `sealed:${donorId}`, amountMinor, countedMinor });
const money = (amountMinor: bigint) => ({ receivedMinor: amountMinor, acceptedMinor: amountMinor, allocations: [{ electionId: template.allocations[0].electionId, amountMinor }] });

describe('Schedule A: a partnership and its partners', () => {
  // Grace gave $150 herself; the firm gives $300, $100 of it attributed to Grace, $200 to Emmy.
  const rows = [
    row('own-grace', 'dn_grace', { donorType: 'individual', ...money(15_000n), receivedAt: '2026-03-01T15:00:00.000Z' }),
    row('firm-1', 'dn_firm', { donorType: 'partnership', attribution: { basis: 'profit_share', shares: [share('dn_grace', 10_000n), share('dn_emmy', 20_000n)] }, ...money(30_000n) }),
    row('llc-1', 'dn_llc', { donorType: 'single_member_llc', attribution: { basis: 'single_member', shares: [share('dn_ada', 25_000n)] }, ...money(25_000n) }),
  ];
  const views = new Map<string, DonorView>([
    ['own-grace', person('Grace Hopper')],
    ['firm-1', org('Hopper & Noether')],
    [partnerViewKey('firm-1', 'dn_grace'), person('Grace Hopper')],
    [partnerViewKey('firm-1', 'dn_emmy'), person('Emmy Noether')],
    ['llc-1', org('Lovelace Engines LLC')],
    [partnerViewKey('llc-1', 'dn_ada'), person('Ada Lovelace')],
  ]);
  const a = scheduleA({ committee, rows, donors: views, ...cycle });
  const lines = a.lines.map((l) => [l.donationId, l.transaction?.transaction_type_identifier, l.amountMinor, l.aggregateMinor, l.memo ?? false]);

  it("itemizes the partnership's $300 with a memo for Grace only: her $150 and her $100 share make $250, past $200; Emmy's $200 is not past it", () => {
    expect(lines).toEqual([
      // Grace's own $150 is itemized too: her aggregate passes $200 with the share attributed to her.
      ['own-grace', 'INDIVIDUAL_RECEIPT', 15_000n, 15_000n, false],
      ['firm-1', 'PARTNERSHIP_RECEIPT', 30_000n, 30_000n, false],
      ['firm-1', 'PARTNERSHIP_ATTRIBUTION', 10_000n, 25_000n, true],
      ['llc-1', 'INDIVIDUAL_RECEIPT', 25_000n, 25_000n, false],
    ]);
    expect(a.totalMinor).toBe(70_000n);
  });

  it('says "See Partnership Attribution(s) below" on the partnership, refers each memo back to it and names the partner', () => {
    const [, firm, memo] = a.lines;
    expect(firm.transaction).toMatchObject({ contributor_organization_name: 'Hopper & Noether', contribution_purpose_descrip: 'See Partnership Attribution(s) below', memo_code: false });
    expect(memo.transaction).toMatchObject({
      contributor_first_name: 'Grace', contributor_last_name: 'Hopper', contributor_occupation: 'Engineer', contribution_purpose_descrip: 'Partnership Attribution', memo_code: true,
      back_reference_tran_id_number: firm.transaction?.transaction_id, back_reference_sched_name: 'SA11AI',
    });
    expect(memo.record).toMatchObject({ memo_code: 'X', back_reference_tran_id_number: firm.record.transaction_id });
  });

  it("files a single-member LLC's gift as its member's, the LLC named in the memo", () => {
    expect(a.lines[3].transaction).toMatchObject({ entity_type: 'IND', contributor_first_name: 'Ada', contributor_last_name: 'Lovelace', memo_text_description: 'via Lovelace Engines LLC, a single-member LLC' });
  });

  it("says the partners' attributions do not meet the threshold when no partner passes $200", () => {
    const firm2 = row('firm-2', 'dn_firm', { donorType: 'partnership', attribution: { basis: 'agreement', shares: [share('dn_emmy', 15_000n), share('dn_grace', 10_000n)] }, ...money(25_000n) });
    const alone = scheduleA({ committee, rows: [firm2], donors: new Map([...views, ['firm-2', org('Hopper & Noether')]]), ...cycle });
    expect(alone.lines.map((l) => l.transaction?.contribution_purpose_descrip)).toEqual(['Partnership attributions do not meet itemization threshold']);
  });

  it('validates every line against the FEC schemas (PARTNERSHIP_RECEIPT, PARTNERSHIP_ATTRIBUTION, INDIVIDUAL_RECEIPT)', () => {
    expect(fecTransactionsIn(a).flatMap((t) => schemas.problems(t))).toEqual([]);
  });
});

describe("Schedule A after a refund or chargeback of a partnership's gift (11 CFR 110.1(e))", () => {
  const own = row('own-grace', 'dn_grace', { donorType: 'individual', ...money(15_000n), receivedAt: '2026-03-01T15:00:00.000Z' });
  const firm = (changes: Partial<DonationRow>) => row('firm-1', 'dn_firm', { donorType: 'partnership', attribution: { basis: 'profit_share', shares: [share('dn_grace', 10_000n), share('dn_emmy', 20_000n)] }, ...money(30_000n), ...changes });
  const views = new Map<string, DonorView>([
    ['own-grace', person('Grace Hopper')],
    ['firm-1', org('Hopper & Noether')],
    [partnerViewKey('firm-1', 'dn_grace'), person('Grace Hopper')],
    [partnerViewKey('firm-1', 'dn_emmy'), person('Emmy Noether')],
  ]);
  const memos = (rows: DonationRow[]) => scheduleA({ committee, rows, donors: views, ...cycle }).lines.filter((l) => l.memo).map((l) => [l.donorId, l.amountMinor, l.aggregateMinor, l.record.contribution_amount]);

  it("given $100.00 of the $300.00 refunded, then Grace's memo states her part of the $200.00 still counted, $66.67, as compliance gives back the rest on her aggregate", () => {
    const refunded = firm({ refundedMinor: 10_000n, reversals: [{ kind: 'refund', at: '2026-03-10T15:00:00.000Z', amountMinor: 10_000n }] });
    expect(partnerPartsCounted(20_000n, [10_000n, 20_000n])).toEqual([6_667n, 13_333n]);
    expect(memos([own, refunded])).toEqual([['dn_grace', 6_667n, 21_667n, '66.67']]);
  });

  it("given $150.00 charged back, then Grace's part is $50.00 and her aggregate $200.00 exactly: not past $200, so no memo for her", () => {
    const chargedBack = firm({ chargedBackMinor: 15_000n, reversals: [{ kind: 'chargeback', at: '2026-03-10T15:00:00.000Z', amountMinor: 15_000n }] });
    expect(memos([own, chargedBack])).toEqual([]);
  });

  it('given the whole gift refunded, then no partner is counted any part of it', () => {
    expect(memos([own, firm({ refundedMinor: 30_000n, reversals: [{ kind: 'refund', at: '2026-03-10T15:00:00.000Z', amountMinor: 30_000n }] })])).toEqual([]);
  });
});
