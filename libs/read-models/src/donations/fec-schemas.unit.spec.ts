import { FEC_CONTRIBUTOR_KIND_OF_DONOR, FEC_EARMARK_MEMO_TYPE, FEC_IN_KIND_RECEIPT_TYPES, FEC_RECEIPT_TYPES, FEC_REFUND_TYPES, hasFecSchema } from '#compliance-rules';
import type { DonorType } from '#contracts';
import { FecSchemas, fecTransactionsIn } from '#testing';
import { fecPartyOf, fecReceiptTransaction, fecRefundTransaction, fecText } from './fec-transactions.js';
import { scheduleA } from './schedule-a.report.js';
import { scheduleB } from './schedule-b.report.js';
import { fecReport } from './fec-report.js';
import { disclosedViews, ELECTIONS, usScenario } from '../reports/scenario.fixtures.spec.js';
import type { DonorView } from '../reports/report-donor.js';

/**
 * What the reports emit as FEC JSON, validated against the FEC's own published schemas
 * (../shared/reference/fec-schemas, read as they are) with Ajv.
 */
const schemas = new FecSchemas();
const committee = { committeeId: 'cmte-us', filerCommitteeId: 'C00123456', elections: ELECTIONS };
const cycle = { from: '2025-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' };
const person = (name: string, more: Partial<Extract<DonorView, { status: 'disclosed' }>> = {}): DonorView => ({
  status: 'disclosed', name, address: { line1: '1 Main St', line2: 'Apt 4', city: 'Springfield', region: 'il', postalCode: '62701-1234', country: 'US' }, occupation: 'Engineer', employer: 'Acme', companyNumber: null, ...more,
});

describe('FEC transactions against the FEC schemas', () => {
  const { rows } = usScenario();
  const views = disclosedViews(rows);
  views.set('a1', person('Dr. José Q. Núñez-Sauer, Jr.'));
  views.set('c1', person('Ludwig van Beethoven', { occupation: null, employer: null }));
  const a = scheduleA({ committee, rows, donors: views, ...cycle });
  const b = scheduleB({ committee, rows, donors: views, ...cycle });

  it('given the scenario cycle, when Schedule A is built, then every itemized receipt validates against INDIVIDUAL_RECEIPT', () => {
    const transactions = fecTransactionsIn(a);
    expect(transactions).toHaveLength(a.lines.length);
    expect(transactions.length).toBeGreaterThan(5);
    expect(transactions.flatMap((t) => schemas.problems(t))).toEqual([]);
  });

  it('given a name with a title, a middle initial, a suffix and accents, then its parts are split and printed in ASCII', () => {
    expect(a.lines[0].transaction).toMatchObject({
      transaction_type_identifier: 'INDIVIDUAL_RECEIPT', form_type: 'SA11AI', entity_type: 'IND', aggregation_group: 'GENERAL',
      contributor_prefix: 'Dr', contributor_first_name: 'Jose', contributor_middle_name: 'Q', contributor_last_name: 'Nunez-Sauer', contributor_suffix: 'Jr',
      contributor_state: 'IL', contributor_zip: '627011234', contribution_date: '2026-03-01', contribution_amount: 3000, contribution_aggregate: 3000, memo_code: false, election_code: 'P2026',
    });
    const beethoven = a.lines.find((l) => l.donationId === 'c1')?.transaction;
    expect(beethoven).toMatchObject({ contributor_first_name: 'Ludwig', contributor_last_name: 'van Beethoven', contributor_employer: 'INFORMATION REQUESTED', contributor_occupation: 'INFORMATION REQUESTED' });
  });

  it('given refunds and a chargeback, when Schedule B is built, then each itemized refund validates against INDIVIDUAL_REFUNDS', () => {
    // a3's $300 refund passes $200 for dA and is itemized; b2's $100 chargeback stays on the summary only.
    expect(b.all.map((l) => [l.donationId, l.kind, l.amountMinor, l.itemized])).toEqual([
      ['b2', 'chargeback', 10_000n, false],
      ['a3', 'refund', 30_000n, true],
    ]);
    expect(b).toMatchObject({ refundsMinor: 40_000n, itemizedMinor: 30_000n, unitemizedMinor: 10_000n });
    const transactions = fecTransactionsIn(b.lines);
    expect(transactions).toHaveLength(1);
    expect(transactions[0]).toMatchObject({ form_type: 'SB28A', transaction_type_identifier: 'REFUND_INDIVIDUAL_CONTRIBUTION', expenditure_date: '2026-10-25', expenditure_amount: 300, payee_last_name: 'dA' });
    expect(transactions.flatMap((t) => schemas.problems(t))).toEqual([]);
  });

  it('given every receipt and refund kind the FEC types define, then a line of each validates against its own schema', () => {
    const org = { status: 'disclosed', name: 'Friends of Pat PAC', address: { line1: '2 Elm St', line2: null, city: 'Anytown', region: 'WA', postalCode: '98111', country: 'US' }, occupation: null, employer: null, companyNumber: 'C00654321' } as const;
    const base = { filerCommitteeId: 'C00123456', transactionId: 'A1', date: '2026-03-01', amountMinor: 25_000n, electionCode: 'P2026', electionOther: '', memoText: '' };
    const receipts = [...Object.entries(FEC_RECEIPT_TYPES), ...Object.entries(FEC_IN_KIND_RECEIPT_TYPES).map(([kind, type]) => [`${kind} in kind`, type] as const)];
    for (const [kind, type] of receipts) {
      // The candidate's own money has no FEC JSON schema: its line is in the .fec file only.
      if (!hasFecSchema(type)) continue;
      const party = fecPartyOf(type.entityType === 'IND' ? person('Jane Doe') : org, type.entityType);
      const transaction = fecReceiptTransaction({ ...base, type, party: party!, aggregateMinor: 25_000n, purpose: kind === 'earmark' ? 'Earmarked through ActBlue' : type.inKind ? 'In-Kind: office space' : undefined });
      expect([kind, schemas.problems(transaction)]).toEqual([kind, []]);
    }
    const conduit = fecPartyOf({ ...org, name: 'ActBlue', companyNumber: 'C00401224' }, 'COM');
    const memo = fecReceiptTransaction({ ...base, type: FEC_EARMARK_MEMO_TYPE, party: conduit!, aggregateMinor: 25_000n, memo: true, purpose: 'Earmarked through ActBlue', backReference: { transactionId: 'A1', formType: 'SA11AI' } });
    expect(['earmark memo', schemas.problems(memo)]).toEqual(['earmark memo', []]);
    for (const [kind, type] of Object.entries(FEC_REFUND_TYPES)) {
      if (!hasFecSchema(type)) throw new Error(`refund type of ${kind} has no schema`);
      const party = fecPartyOf(type.entityType === 'IND' ? person('Jane Doe') : org, type.entityType);
      expect([kind, schemas.problems(fecRefundTransaction({ ...base, type, party: party!, purpose: 'Refund' }))]).toEqual([kind, []]);
    }
  });

  describe('given a $2,000 contribution and a $300 refund from each donor type a US candidate committee may accept', () => {
    const template = rows.find((r) => r.donationId === 'a3')!;
    const donorTypes = Object.keys(FEC_CONTRIBUTOR_KIND_OF_DONOR) as DonorType[];
    const typed = donorTypes.map((donorType) => ({ ...template, donationId: `t-${donorType}`, donorId: `d-${donorType}`, donorType, itemized: true }));
    const committeeLike = (t: DonorType) => ['candidate_committee', 'multicandidate_pac', 'pac', 'party_committee'].includes(t);
    const org = { status: 'disclosed', address: { line1: '2 Elm St', line2: null, city: 'Anytown', region: 'WA', postalCode: '98111', country: 'US' }, occupation: null, employer: null } as const;
    const typedViews = new Map<string, DonorView>(
      typed.map((r) => [r.donationId, ['individual', 'candidate', 'single_member_llc'].includes(r.donorType) ? person('Pat Q. Smith') : { ...org, name: `Org ${r.donorType}`, companyNumber: committeeLike(r.donorType) ? 'C00654321' : null }]),
    );
    const report = fecReport({ committee, rows: typed, donors: typedViews, ...cycle, treasurerName: 'Jane Doe' });
    const lines = new Map(report.scheduleA.lines.map((l) => [l.donationId, l.transaction]));

    it('then each Schedule A line is the FEC type its kind maps to (FEC_CONTRIBUTOR_KIND_OF_DONOR) and validates against that schema', () => {
      expect(Object.fromEntries(donorTypes.map((t) => [t, [lines.get(`t-${t}`)?.transaction_type_identifier, lines.get(`t-${t}`)?.form_type]]))).toEqual({
        individual: ['INDIVIDUAL_RECEIPT', 'SA11AI'],
        candidate: [null, 'SA11D'],
        candidate_committee: ['PAC_RECEIPT', 'SA11C'],
        multicandidate_pac: ['PAC_RECEIPT', 'SA11C'],
        pac: ['PAC_RECEIPT', 'SA11C'],
        party_committee: ['PARTY_RECEIPT', 'SA11B'],
        partnership: ['PARTNERSHIP_RECEIPT', 'SA11AI'],
        llc: ['PARTNERSHIP_RECEIPT', 'SA11AI'],
        single_member_llc: ['INDIVIDUAL_RECEIPT', 'SA11AI'],
      });
      const transactions = fecTransactionsIn(report.export.transactions);
      expect(transactions.length).toBe(2 * donorTypes.length - 1);
      expect(transactions.flatMap((t) => schemas.problems(t))).toEqual([]);
    });

    it('then the Form 3 adds each kind on its own line: 11(b) parties, 11(c) other committees, 11(d) the candidate, 20(a)-(c) their refunds', () => {
      const { period } = report;
      expect({ L11b: period.L11b, L11c: period.L11c, L11d: period.L11d, L20a: period.L20a, L20b: period.L20b, L20c: period.L20c }).toEqual({
        L11b: 200_000n, L11c: 600_000n, L11d: 200_000n, L20a: 5n * 30_000n, L20b: 30_000n, L20c: 3n * 30_000n,
      });
      expect(report.file).toContain('SA11D');
      expect(report.file).toContain('SB28C');
    });
  });

  describe('given gifts in kind from an individual, a party committee and a partnership, recorded with what they were', () => {
    const template = rows.find((r) => r.donationId === 'a3')!;
    const gift = { nature: 'premises', description: 'Office space for the campaign, October', valuationBasis: 'market rent' } as const;
    const kinds: DonorType[] = ['individual', 'party_committee', 'partnership'];
    const given = kinds.map((donorType) => ({ ...template, donationId: `k-${donorType}`, donorId: `dk-${donorType}`, donorType, itemized: true, paymentMethod: 'in_kind' as const, inKind: gift }));
    const org = { status: 'disclosed', address: { line1: '2 Elm St', line2: null, city: 'Anytown', region: 'WA', postalCode: '98111', country: 'US' }, occupation: null, employer: null } as const;
    const kindViews = new Map<string, DonorView>(given.map((r) => [r.donationId, r.donorType === 'individual' ? person('Pat Smith') : { ...org, name: `Org ${r.donorType}`, companyNumber: r.donorType === 'party_committee' ? 'C00654321' : null }]));
    const a3 = scheduleA({ committee, rows: given, donors: kindViews, ...cycle });
    const byId = new Map(a3.lines.map((l) => [l.donationId, l]));

    it('then each is the FEC in-kind type where one exists, with "In-Kind: <what>" as its purpose, else its receipt with the words in the memo; all validate', () => {
      expect(kinds.map((t) => { const l = byId.get(`k-${t}`)!; return [t, l.transaction?.transaction_type_identifier, l.transaction?.contribution_purpose_descrip, l.transaction?.memo_text_description, l.record.contribution_purpose_descrip]; })).toEqual([
        ['individual', 'IN_KIND_RECEIPT', 'In-Kind: Office space for the campaign, October', null, 'In-Kind: Office space for the campaign, October'],
        ['party_committee', 'PARTY_IN_KIND_RECEIPT', 'In-Kind: Office space for the campaign, October', null, 'In-Kind: Office space for the campaign, October'],
        ['partnership', 'PARTNERSHIP_RECEIPT', 'Partnership attributions do not meet itemization threshold', 'In-Kind: Office space for the campaign, October', ''],
      ]);
      expect(fecTransactionsIn(a3).flatMap((t) => schemas.problems(t))).toEqual([]);
    });

    it('then a gift in kind recorded before its details were kept says it was not described, and still validates', () => {
      const old = scheduleA({ committee, rows: [{ ...given[0], inKind: null }], donors: kindViews, ...cycle });
      expect(old.lines[0].transaction).toMatchObject({ transaction_type_identifier: 'IN_KIND_RECEIPT', contribution_purpose_descrip: 'In-Kind: not described' });
      expect(fecTransactionsIn(old).flatMap((t) => schemas.problems(t))).toEqual([]);
    });
  });

  it('given a line that breaks the schema, then the validator says where (the check can fail)', () => {
    const bad = { ...(a.lines[0].transaction as Record<string, unknown>), contribution_date: '20260301', contribution_amount: '3000.00' };
    expect(schemas.problems(bad)[0].errors.join('\n')).toMatch(/contribution_date[\s\S]*contribution_amount/);
  });

  it('given text the FEC cannot hold, then it is folded to printable ASCII and cut at the field length', () => {
    expect(fecText('Zoë  Øster\u00a0Łódź\u0007', 30)).toBe('Zoe Oster Lodz?');
    expect(fecText('x'.repeat(40), 30)).toHaveLength(30);
  });
});
