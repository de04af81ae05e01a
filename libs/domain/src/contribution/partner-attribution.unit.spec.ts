import type { AttributionBasis, ContributionCounted, DonorType } from '#contracts';
import { RULE_IDS } from '#compliance-rules';
import { decide, donationOf, donor, fec2026, PRIMARY, spec } from './donor-aggregate.fixtures.spec.js';
import { evolveDonorAggregate, initialDonorAggregate, type DonorAggregateState } from './donor-aggregate.decider.js';

// Issue 14, item 6: a partnership's gift is attributed to the partnership and to each partner
// (11 CFR 110.1(e)), an LLC treated as a partnership likewise (110.1(g)(2)), a single-member
// LLC's to its member alone (110.1(g)(4)); each partner's share counts toward that partner's own
// $3,500 per election (2025-26), with what they gave themselves. Figures at one cent under, at
// and over each partner's headroom.
const DETAILS = { mailingAddress: true, occupation: true, employer: true };
const shares = (...parts: [string, string][]) => parts.map(([donorId, amountMinor]) => ({ donorId, amountMinor, sealedPii: `sealed:${donorId}`, detailsGiven: DETAILS }));
const gift = (amountMinor: string, attribution: { basis: AttributionBasis; shares: ReturnType<typeof shares> } | undefined, type: DonorType = 'partnership', donationId = 'pg1') =>
  donationOf(donationId, amountMinor, PRIMARY, {
    donor: donor({ donorId: 'dn_firm', type, attestations: {}, registrationNumber: null, ...(attribution ? { attribution } : {}) }),
  });

/** A partner who has given `amountMinor` of their own toward the primary already. */
const gave = (donorId: string, amountMinor: string): DonorAggregateState =>
  evolveDonorAggregate(initialDonorAggregate(), {
    eventId: `ev-own-${donorId}`,
    type: 'ContributionCounted',
    version: 2,
    payload: { donationId: `own-${donorId}`, donorId, electionId: PRIMARY, amountMinor, currency: 'USD', aggregateAfterMinor: amountMinor, paymentMethod: 'card', itemized: true, figures: {}, ruleIds: [] },
    metadata: { occurredAt: '2026-02-01T00:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: 'c-smith' },
  } as ContributionCounted);

const decideWith = (donation: ReturnType<typeof gift>, partners: Record<string, DonorAggregateState> = {}, pack = fec2026) =>
  spec.given([]).when({ ...decide(donation, pack), partners: new Map(Object.entries(partners)) }).decision();

const accepted = (d: ReturnType<typeof decideWith>) => {
  if (d.outcome !== 'accept') throw new Error(`expected an acceptance, got ${d.outcome}`);
  return d;
};
const countsOf = (d: ReturnType<typeof decideWith>) => (accepted(d).partnerCounted ?? []).map((e) => [e.payload.donorId, e.payload.amountMinor]);

describe('a partnership gift without its attribution (11 CFR 110.1(e), (g)(5))', () => {
  it.each<DonorType>(['partnership', 'llc', 'single_member_llc'])('a %s gift naming no partner is flagged for the officer, on the 10- and 30-day clock of 103.3(b)(1)', (type) => {
    expect(decideWith(gift('100000', undefined, type))).toMatchObject({
      outcome: 'flag',
      flagged: {
        payload: {
          reasons: [{ code: 'partnership_attribution_missing' }],
          deadlines: [
            { action: 'deposit_or_return', dueOn: '2026-03-11' },
            { action: 'obtain_evidence_or_refund', dueOn: '2026-03-31' },
          ],
        },
      },
    });
  });

  it.each([
    ['shares that add up to a cent less than the gift', gift('100000', { basis: 'profit_share', shares: shares(['dn_a', '50000'], ['dn_b', '49999']) })],
    ['shares that add up to a cent more than the gift', gift('100000', { basis: 'profit_share', shares: shares(['dn_a', '50000'], ['dn_b', '50001']) })],
    ['one partner named twice', gift('100000', { basis: 'agreement', shares: shares(['dn_a', '50000'], ['dn_a', '50000']) })],
    ['a share of nothing', gift('100000', { basis: 'agreement', shares: shares(['dn_a', '100000'], ['dn_b', '0']) })],
    ['a single-member LLC naming two members', gift('100000', { basis: 'single_member', shares: shares(['dn_a', '50000'], ['dn_b', '50000']) }, 'single_member_llc')],
    ['a partnership calling itself single-member', gift('100000', { basis: 'single_member', shares: shares(['dn_a', '100000']) })],
  ])('%s is flagged as inconsistent, never accepted', (_, donation) => {
    expect(decideWith(donation)).toMatchObject({ outcome: 'flag', flagged: { payload: { reasons: [{ code: 'partnership_attribution_inconsistent' }] } } });
  });

  it('cleared by the officer (the questionable-source rule set aside), it counts against the partnership alone and says the attribution was not applied', () => {
    const cleared = { ...fec2026, rules: fec2026.rules.filter((r) => r !== RULE_IDS.questionableSource) };
    const d = accepted(decideWith(gift('100000', undefined), {}, cleared));
    expect(d.accepted.payload).toMatchObject({ acceptedAmountMinor: '100000', figures: { attributionNotApplied: 'partnership_attribution_missing' } });
    expect(d.partnerCounted).toBeUndefined();
  });
});

describe('given partners who have given nothing themselves', () => {
  it('a $3,000 gift split $1,500 and $1,500 by profit share is kept whole and each share is counted on its partner', () => {
    const d = accepted(decideWith(gift('300000', { basis: 'profit_share', shares: shares(['dn_a', '150000'], ['dn_b', '150000']) })));
    expect(d.accepted.payload).toMatchObject({ acceptedAmountMinor: '300000', figures: { attributionBasis: 'profit_share', attributionCitation: '11 CFR 110.1(e)', partner1DonorId: 'dn_a', partner1CountedMinor: '150000', partner2ExcessMinor: '0' } });
    expect(countsOf(d)).toEqual([['dn_a', '150000'], ['dn_b', '150000']]);
    expect(d.partnerCounted?.[0]).toMatchObject({ payload: { donationId: 'pg1', itemized: null, ruleIds: [RULE_IDS.individualLimitPerElection], figures: { attributedFromDonorId: 'dn_firm', attributedFromType: 'partnership' } }, metadata: { donorId: 'dn_a' } });
    expect(d.held).toBeNull();
    // A partnership is identified by name and address (52 U.S.C. 30101(13)): no occupation is asked of it.
    expect(d.bestEfforts).toBeNull();
  });

  it('a partnership over its own $3,500 keeps $3,500.00, spread over the partners in proportion, and holds one cent', () => {
    const d = accepted(decideWith(gift('350001', { basis: 'profit_share', shares: shares(['dn_a', '175001'], ['dn_b', '175000']) })));
    expect(d.accepted.payload.acceptedAmountMinor).toBe('350000');
    expect(d.held?.payload).toMatchObject({ excessAmountMinor: '1', dueOn: '2026-04-30' });
    expect(countsOf(d).reduce((sum, [, amount]) => sum + BigInt(amount), 0n)).toBe(350000n);
  });

  it('an LLC treated as a partnership gives as one (110.1(g)(2)), by agreement of its members', () => {
    const d = accepted(decideWith(gift('200000', { basis: 'agreement', shares: shares(['dn_a', '200000']) }, 'llc')));
    expect(d.accepted.payload.figures).toMatchObject({ attributionBasis: 'agreement', attributionCitation: '11 CFR 110.1(e), (g)(2), (g)(5)' });
    expect(countsOf(d)).toEqual([['dn_a', '200000']]);
  });
});

describe("given partner A has given $2,000.00 of their own for the primary ($1,500.00 of headroom)", () => {
  const attribution = (a: string) => ({ basis: 'profit_share' as const, shares: shares(['dn_a', a], ['dn_b', '100000']) });
  const partners = { dn_a: gave('dn_a', '200000') };

  it.each([
    ['149999', '249999', '0'],
    ['150000', '250000', '0'],
    ['150001', '250000', '1'],
  ])("A's share of %s: %s kept, %s held for a remedy (A's share over A's limit is an excess)", (share, kept, excess) => {
    const d = accepted(decideWith(gift((BigInt(share) + 100000n).toString(), attribution(share)), partners));
    expect(d.accepted.payload.acceptedAmountMinor).toBe(kept);
    expect(d.held?.payload.excessAmountMinor ?? '0').toBe(excess);
    expect(d.accepted.payload.figures).toMatchObject({ partner1AggregateBeforeMinor: '200000', partner1LimitMinor: '350000' });
    expect(countsOf(d)[0]).toEqual(['dn_a', share === '150001' ? '150000' : share]);
    if (excess !== '0') expect(d.held?.payload).toMatchObject({ remedies: ['refund', 'redesignation', 'reattribution'], dueOn: '2026-04-30', figures: { partner1ExcessMinor: '1' } });
  });

  it('a gift attributed to A alone, when A is at the limit, has nothing to keep and is refused', () => {
    const full = { dn_a: gave('dn_a', '350000') };
    expect(decideWith(gift('100', { basis: 'agreement', shares: shares(['dn_a', '100']) }), full)).toMatchObject({ outcome: 'reject', rejected: { payload: { code: 'donor_exceeds_election_limit' } } });
  });
});

describe('a single-member LLC (11 CFR 110.1(g)(4))', () => {
  it.each([
    ['349999', '1', '1', '0'],
    ['349999', '2', '1', '1'],
    ['349998', '2', '2', '0'],
  ])('its member having given %s, a gift of %s keeps %s and holds %s', (before, amount, kept, held) => {
    const d = accepted(decideWith(gift(amount, { basis: 'single_member', shares: shares(['dn_member', amount]) }, 'single_member_llc'), { dn_member: gave('dn_member', before) }));
    expect(d.accepted.payload.acceptedAmountMinor).toBe(kept);
    expect(d.held?.payload.excessAmountMinor ?? '0').toBe(held);
    expect(countsOf(d)).toEqual([['dn_member', kept]]);
    expect(d.accepted.payload.figures.attributionCitation).toBe('11 CFR 110.1(g)(4), (g)(5)');
  });
});

describe('a decision repeated', () => {
  it("names the partners' counts again with the same ids and figures, so the ledger keeps the first and a partner is never counted twice", () => {
    const donation = gift('300000', { basis: 'profit_share', shares: shares(['dn_a', '150000'], ['dn_b', '150000']) });
    const first = accepted(decideWith(donation, { dn_a: gave('dn_a', '100000') }));
    const again = accepted(spec.given([first.counted as ContributionCounted]).when({ ...decide(donation), partners: new Map() }).decision());
    expect(again.counted).toBeNull();
    expect(again.partnerCounted).toEqual(first.partnerCounted);
    expect(again.accepted.eventId).toBe(first.accepted.eventId);
  });
});

// Issue 14, item 6: no part of a partnership's gift may be attributed to a partner that is a
// corporation or a labor organization (52 U.S.C. 30118; 11 CFR 110.1(e), 114.2(b)) or a foreign
// national (52 U.S.C. 30121; 11 CFR 110.20(b)). Such a part is refused, never counted as an
// individual's: held for a refund only, within 30 days of receipt (11 CFR 103.3(b)).
describe('given a partner no part may be attributed to', () => {
  const withPartner = (partner: { type?: DonorType; attestations?: { usCitizenOrPermanentResident?: boolean } }) => ({
    basis: 'profit_share' as const,
    shares: [{ ...shares(['dn_acme', '100000'])[0], ...partner }, ...shares(['dn_b', '200000'])],
  });

  it.each([
    ['a corporation', { type: 'company' as const }, 'prohibited_source_corporation', '52 U.S.C. 30118; 11 CFR 110.1(e), 114.2(b)'],
    ['a labor organization', { type: 'trade_union' as const }, 'prohibited_source_labor_organization', '52 U.S.C. 30118; 11 CFR 110.1(e), 114.2(b)'],
    ['a foreign national', { attestations: { usCitizenOrPermanentResident: false } }, 'prohibited_source_foreign_national', '52 U.S.C. 30121; 11 CFR 110.1(e), 110.20(b)'],
  ])("when %s holds $1,000.00 of a $3,000.00 gift, then that $1,000.00 is refused: held for a refund within 30 days, counted on no one; the other partner's $2,000.00 is kept", (_what, partner, code, citation) => {
    const d = accepted(decideWith(gift('300000', withPartner(partner))));
    expect(d.accepted.payload).toMatchObject({ acceptedAmountMinor: '200000', figures: { partner1Prohibited: code, partner1ProhibitedCitation: citation, partner1CountedMinor: '0', partner1ExcessMinor: '100000' } });
    expect(countsOf(d)).toEqual([['dn_b', '200000']]);
    expect(d.held?.payload).toMatchObject({ excessAmountMinor: '100000', remedies: ['refund'], dueOn: '2026-03-31' });
  });

  it('when a partner is a US citizen (attested) or says nothing of it, then their share is an individual\'s, counted on them', () => {
    expect(countsOf(decideWith(gift('300000', withPartner({ attestations: { usCitizenOrPermanentResident: true } }))))).toEqual([['dn_acme', '100000'], ['dn_b', '200000']]);
    expect(countsOf(decideWith(gift('300000', withPartner({ type: 'individual' }))))).toEqual([['dn_acme', '100000'], ['dn_b', '200000']]);
  });

  it('when every partner is prohibited, then nothing may be kept and the gift is refused with the statute\'s code', () => {
    const all = { basis: 'agreement' as const, shares: [{ ...shares(['dn_acme', '300000'])[0], type: 'company' as const }] };
    expect(decideWith(gift('300000', all))).toMatchObject({ outcome: 'reject', rejected: { payload: { code: 'prohibited_source_corporation' } } });
  });

  it('when the permitted partner also passes their own limit, then the whole held excess is for a refund only', () => {
    const d = accepted(decideWith(gift('300000', withPartner({ type: 'company' })), { dn_b: gave('dn_b', '200000') }));
    expect(d.accepted.payload.acceptedAmountMinor).toBe('150000');
    expect(d.held?.payload).toMatchObject({ excessAmountMinor: '150000', remedies: ['refund'] });
  });
});
