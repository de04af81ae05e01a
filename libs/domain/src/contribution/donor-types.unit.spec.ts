import type { DonorType } from '#contracts';
import { rulePackFor } from '#compliance-rules';
import { decide, donationOf, donor, PRIMARY, spec } from './donor-aggregate.fixtures.spec.js';

// Issue 14, item 6: each kind of giver a candidate committee receives, with its own per-election
// limit, written from the statute: one cent under, at and over each figure.
// A partnership or LLC says to whom its gift is attributed (11 CFR 110.1(e), (g)(5)): here one
// partner (or the single member) who has given nothing, so the giver's own limit is the one met.
const attributionFor = (type: DonorType, amountMinor: string) =>
  type === 'partnership' || type === 'llc' || type === 'single_member_llc'
    ? { attribution: { basis: type === 'single_member_llc' ? ('single_member' as const) : ('profit_share' as const), shares: [{ donorId: 'dn_partner', amountMinor, sealedPii: 'sealed:partner', detailsGiven: { mailingAddress: true, occupation: true, employer: true } }] } }
    : {};
const gift = (type: DonorType, amountMinor: string, donationId = 'g1') =>
  donationOf(donationId, amountMinor, PRIMARY, { donor: donor({ type, attestations: {}, registrationNumber: type === 'individual' ? null : 'C00123456', ...attributionFor(type, amountMinor) }) });
const decision = (type: DonorType, amountMinor: string) => spec.given([]).when(decide(gift(type, amountMinor))).decision();
const acceptedOf = (type: DonorType, amountMinor: string) => {
  const d = decision(type, amountMinor);
  if (d.outcome !== 'accept') throw new Error(`expected an acceptance, got ${d.outcome}`);
  return { accepted: d.accepted.payload.acceptedAmountMinor, held: d.held?.payload.excessAmountMinor ?? '0', figures: d.accepted.payload.figures, itemized: d.accepted.payload.itemized };
};

describe('per-election limits by kind of giver (52 U.S.C. 30116(a); 11 CFR 110.1, 110.2)', () => {
  it.each<[DonorType, string, string]>([
    ['candidate_committee', '200000', '52 U.S.C. 30102(e)(3)(B); 11 CFR 102.12(c)(2)'],
    ['multicandidate_pac', '500000', '52 U.S.C. 30116(a)(2)(A); 11 CFR 110.2(b)(1)'],
    ['party_committee', '500000', '52 U.S.C. 30116(a)(2)(A); 11 CFR 110.2(b)(1), 110.3(b)(1)'],
    ['pac', '350000', '52 U.S.C. 30116(a)(1)(A), (c); 11 CFR 110.1(b), 110.17, indexed for 2025-2026'],
    ['partnership', '350000', '52 U.S.C. 30116(a)(1)(A), (c); 11 CFR 110.1(b), 110.17, indexed for 2025-2026'],
    ['llc', '350000', '52 U.S.C. 30116(a)(1)(A), (c); 11 CFR 110.1(b), 110.17, indexed for 2025-2026'],
    ['single_member_llc', '350000', '52 U.S.C. 30116(a)(1)(A), (c); 11 CFR 110.1(b), 110.17, indexed for 2025-2026'],
  ])('a %s may give %s per election: one cent under and at it are kept, one cent over is held as excess; the decision cites %s', (type, limit, citation) => {
    const under = (BigInt(limit) - 1n).toString();
    const over = (BigInt(limit) + 1n).toString();
    expect(acceptedOf(type, under)).toMatchObject({ accepted: under, held: '0' });
    expect(acceptedOf(type, limit)).toMatchObject({ accepted: limit, held: '0', figures: { limitMinor: limit, limitCitation: citation } });
    expect(acceptedOf(type, over)).toMatchObject({ accepted: limit, held: '1' });
  });

  it("keeps any amount of the candidate's own funds (11 CFR 110.10): there is no limit, and the decision says so", () => {
    const result = acceptedOf('candidate', '100000000');
    expect(result).toMatchObject({ accepted: '100000000', held: '0', figures: { limitBasis: "none: the candidate's personal funds (11 CFR 110.10)" } });
    expect(result.figures.limitMinor).toBeUndefined();
  });

  it("says a partnership's gift is attributed to its partners (110.1(e)) and a single-member LLC's to its member (110.1(g)(4))", () => {
    expect(acceptedOf('partnership', '100000').figures.attribution).toMatch(/each partner .*11 CFR 110\.1\(e\)/);
    expect(acceptedOf('llc', '100000').figures.attribution).toMatch(/11 CFR 110\.1\(e\)/);
    expect(acceptedOf('single_member_llc', '100000').figures.attribution).toMatch(/single member \(11 CFR 110\.1\(g\)\(4\)\)/);
  });

  it('itemizes a political committee from the first cent (52 U.S.C. 30104(b)(3)(B)-(D)), asking no occupation of it', () => {
    for (const type of ['candidate_committee', 'multicandidate_pac', 'pac', 'party_committee'] as const) {
      const d = decision(type, '1000');
      expect(d).toMatchObject({ outcome: 'accept', accepted: { payload: { itemized: true } }, bestEfforts: null });
    }
    expect(acceptedOf('partnership', '1000').itemized).toBe(false);
  });

  it('still refuses corporations (an LLC taxed as one gives as a company) and unions, and flags an unclassified "other" giver', () => {
    expect(decision('company', '1000')).toMatchObject({ outcome: 'reject', rejected: { payload: { code: 'prohibited_source_corporation' } } });
    expect(decision('trade_union', '1000')).toMatchObject({ outcome: 'reject', rejected: { payload: { code: 'prohibited_source_labor_organization' } } });
    expect(decision('other', '1000')).toMatchObject({ outcome: 'flag', flagged: { payload: { reasons: [{ code: 'source_type_unverified' }] } } });
  });

  it('counts each kind toward its own limit per election: $2,000 from a candidate committee, then one cent more is refused', () => {
    const first = spec.given([]).when(decide(gift('candidate_committee', '200000'))).decision();
    if (first.outcome !== 'accept' || !first.counted) throw new Error('expected a count');
    expect(spec.given([first.counted]).when(decide(gift('candidate_committee', '1', 'g2'))).decision()).toMatchObject({
      outcome: 'reject',
      rejected: { payload: { code: 'donor_exceeds_election_limit', figures: { limitMinor: '200000', aggregateBeforeMinor: '200000' } } },
    });
  });
});

describe('the US kinds of giver under PPERA 2000 s.54(2)', () => {
  it.each<DonorType>(['candidate_committee', 'multicandidate_pac', 'pac', 'party_committee', 'partnership', 'llc', 'single_member_llc'])('a %s giving a UK party £500.01 is impermissible and returned', (type) => {
    const party = rulePackFor('UK-PPERA-PARTY', '2026-03-01T12:00:00.000Z');
    const d = spec.given([]).when(decide(donationOf('u1', '50001', null, { currency: 'GBP', donor: donor({ type, attestations: {}, registrationNumber: null }) }), party)).decision();
    expect(d).toMatchObject({ outcome: 'reject', rejected: { payload: { code: 'ppera_impermissible_donor' } }, returnRequired: { payload: { action: 'return_to_donor', dueOn: '2026-03-30' } } });
  });
});
