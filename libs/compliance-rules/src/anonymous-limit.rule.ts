import { RULE_IDS } from './rule-ids.js';
import { amountOf, hasRule, type RulePack } from './rule-packs.js';

/**
 * Intake names a donor who gave no identity `anonymous-<id of the donation or plan>`: each
 * anonymous gift is its own donor, so it never shares an aggregate with anyone.
 */
export const ANONYMOUS_DONOR_PREFIX = 'anonymous-';

export const isAnonymousDonor = (donorId: string): boolean => donorId.startsWith(ANONYMOUS_DONOR_PREFIX);

export type AnonymousVerdict = { applies: false } | { applies: true; ok: boolean; anonymousLimitMinor: bigint; amountMinor: bigint };

/**
 * 11 CFR 110.4(c)(3): a committee may keep no more than $50 of an anonymous contribution.
 * An anonymous donation over $50 is refused whole (returned), never split: nobody can be
 * asked to redesignate or reattribute it. $50.00 exactly is kept.
 */
export function checkAnonymousLimit(pack: RulePack, donorId: string, amountMinor: bigint): AnonymousVerdict {
  const anonymousLimitMinor = amountOf(pack, 'anonymousLimit');
  if (!isAnonymousDonor(donorId) || !hasRule(pack, RULE_IDS.anonymousLimit) || anonymousLimitMinor === null) return { applies: false };
  return { applies: true, ok: amountMinor <= anonymousLimitMinor, anonymousLimitMinor, amountMinor };
}
