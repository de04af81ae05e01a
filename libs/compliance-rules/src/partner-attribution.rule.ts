import type { AttributionBasis, DonorAttestations, DonorType } from '#contracts';
import { splitAtElectionLimit, type LimitSplit } from './election-limit.rule.js';
import { checkProhibitedSource, type ProhibitedSourceCode } from './prohibited-source.rule.js';
import { spreadProRata } from './pro-rata.js';
import type { RulePack } from './rule-pack.js';

/**
 * The givers whose gift is someone else's too, with where the law says so:
 * - a partnership's gift counts against its own limit and is attributed to its partners, in
 *   direct proportion to their shares of its profits or by their agreement (11 CFR 110.1(e));
 * - an LLC treated as a partnership gives as one (110.1(g)(2)), and must say at the time of the
 *   gift how it is to be attributed (110.1(g)(5));
 * - a single-member LLC's gift is attributed to its single member alone (110.1(g)(4)).
 */
export const ATTRIBUTION_CITATIONS: Readonly<Partial<Record<DonorType, string>>> = Object.freeze({
  partnership: '11 CFR 110.1(e)',
  llc: '11 CFR 110.1(e), (g)(2), (g)(5)',
  single_member_llc: '11 CFR 110.1(g)(4), (g)(5)',
});

export const isAttributedGiver = (type: DonorType): boolean => ATTRIBUTION_CITATIONS[type] !== undefined;

export interface ShareFacts {
  donorId: string;
  amountMinor: bigint;
  /** What the partner is; an individual when not said. */
  type?: DonorType;
  /** The partner's own attestations (a foreign national attests not being a US citizen or permanent resident). */
  attestations?: DonorAttestations;
}

export interface AttributionFacts {
  basis: AttributionBasis;
  shares: readonly ShareFacts[];
}

export type AttributionCode = 'partnership_attribution_missing' | 'partnership_attribution_inconsistent';

export type AttributionCheck =
  | { ok: true; attribution: AttributionFacts | null; citation: string | null }
  | { ok: false; code: AttributionCode; detail: string; citation: string };

/**
 * Whether a gift says to whom it is attributed, as the law needs it to. A giver that is not a
 * partnership or an LLC needs nothing (and any attribution it carries is not used). For one
 * that is, a gift without partners is missing its attribution; one whose shares do not add up
 * to the gift, name a partner twice or hold a share of nothing, or a single-member LLC naming
 * other than one member (or a partnership calling itself single-member), is inconsistent.
 * Either is for an officer to settle, never a silent acceptance.
 */
export function checkAttribution(donorType: DonorType, amountMinor: bigint, attribution: AttributionFacts | null | undefined): AttributionCheck {
  const citation = ATTRIBUTION_CITATIONS[donorType];
  if (citation === undefined) return { ok: true, attribution: null, citation: null };
  const fail = (code: AttributionCode, detail: string): AttributionCheck => ({ ok: false, code, detail, citation });
  if (!attribution || attribution.shares.length === 0) {
    return fail('partnership_attribution_missing', `the gift does not say to which partners or members it is attributed (${citation})`);
  }
  const single = donorType === 'single_member_llc';
  if (single !== (attribution.basis === 'single_member') || (single && attribution.shares.length !== 1)) {
    return fail('partnership_attribution_inconsistent', single ? 'a single-member LLC attributes its gift to its one member alone (11 CFR 110.1(g)(4))' : 'a partnership attributes its gift by profit share or by agreement (11 CFR 110.1(e))');
  }
  if (new Set(attribution.shares.map((s) => s.donorId)).size !== attribution.shares.length) {
    return fail('partnership_attribution_inconsistent', 'the attribution names one partner more than once');
  }
  if (attribution.shares.some((s) => s.amountMinor <= 0n)) return fail('partnership_attribution_inconsistent', 'every attributed share must be more than nothing');
  const total = attribution.shares.reduce((sum, s) => sum + s.amountMinor, 0n);
  if (total !== amountMinor) {
    return fail('partnership_attribution_inconsistent', `the attributed shares add up to ${total} minor units, the gift is ${amountMinor}`);
  }
  return { ok: true, attribution, citation };
}

/** A partner's part of what the giver kept, measured against the partner's own limit. */
export interface PartnerSplit {
  donorId: string;
  /** The partner's share of what the giver kept under its own limit (its whole share when all was kept). */
  shareMinor: bigint;
  split: LimitSplit;
  /** A partner no part may be attributed to (a corporation, a labor organization, a foreign national): its share is not kept. */
  prohibited: { code: ProhibitedSourceCode; detail: string; citation: string } | null;
}

/**
 * Where the law says no part of a partnership's gift may be attributed to such a partner: a
 * corporation or a labor organization may not contribute, through a partnership or otherwise
 * (52 U.S.C. 30118; 11 CFR 114.2(b), 110.1(e)), nor may a foreign national (52 U.S.C. 30121; 11 CFR 110.20(b)).
 */
const PROHIBITED_PARTNER_CITATIONS: Readonly<Partial<Record<ProhibitedSourceCode, string>>> = Object.freeze({
  prohibited_source_corporation: '52 U.S.C. 30118; 11 CFR 110.1(e), 114.2(b)',
  prohibited_source_labor_organization: '52 U.S.C. 30118; 11 CFR 110.1(e), 114.2(b)',
  prohibited_source_foreign_national: '52 U.S.C. 30121; 11 CFR 110.1(e), 110.20(b)',
  prohibited_source_federal_contractor: '52 U.S.C. 30119; 11 CFR 115.2',
  contribution_in_name_of_another: '52 U.S.C. 30122; 11 CFR 110.4(b)',
});

/** Whether a partner is a source the law prohibits: the one prohibited-source rule, on the partner's own type and attestations. */
export function prohibitedPartner(pack: RulePack, share: ShareFacts): PartnerSplit['prohibited'] {
  const verdict = checkProhibitedSource(pack, { type: share.type ?? 'individual', attestations: share.attestations ?? {} });
  if (!verdict.prohibited) return null;
  return { code: verdict.code, detail: `partner ${share.donorId}: ${verdict.detail}`, citation: PROHIBITED_PARTNER_CITATIONS[verdict.code] ?? '52 U.S.C. 30118' };
}

/**
 * Each partner's share counts toward that partner's own per-election limit, together with what
 * they gave themselves (110.1(e); a partner is a person, 52 U.S.C. 30116(a)(1)(A)). What the
 * giver kept under its own limit is spread over the shares in proportion (largest remainder, so
 * the parts add up to it exactly); each part is split at its partner's headroom. A partner who
 * is a corporation, a labor organization or a foreign national may have no part attributed to
 * them at all: their part is refused, to be refunded. What the committee keeps is what fits
 * every partner; the rest is excessive or prohibited, to be remedied.
 */
export function splitAmongPartners(
  pack: RulePack,
  keptByGiverMinor: bigint,
  attribution: AttributionFacts,
  aggregateBeforeOf: (donorId: string) => bigint,
): { keptMinor: bigint; partners: PartnerSplit[] } {
  const parts = spreadProRata(keptByGiverMinor, attribution.shares.map((s) => s.amountMinor));
  const partners = attribution.shares.map((share, i): PartnerSplit => {
    const before = aggregateBeforeOf(share.donorId);
    const prohibited = prohibitedPartner(pack, share);
    // A prohibited partner's share is kept for nobody and counted on no one's aggregate: it is
    // refused, as the same gift from that partner directly would be (limit and headroom nil).
    if (prohibited) return { donorId: share.donorId, shareMinor: parts[i], prohibited, split: { limitMinor: 0n, headroomMinor: 0n, aggregateBeforeMinor: before, withinMinor: 0n, excessMinor: parts[i], aggregateAfterMinor: before } };
    return { donorId: share.donorId, shareMinor: parts[i], prohibited: null, split: splitAtElectionLimit(pack, before, parts[i], 'individual') };
  });
  return { keptMinor: partners.reduce((sum, p) => sum + p.split.withinMinor, 0n), partners };
}
