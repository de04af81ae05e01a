import type { PaymentMethod } from '#contracts';
import { RULE_IDS } from './rule-ids.js';
import { amountOf, hasRule, type RulePack } from './rule-packs.js';

export type CashVerdict =
  | { applies: false }
  | { applies: true; ok: boolean; cashAggregateBeforeMinor: bigint; cashLimitMinor: bigint; amountMinor: bigint };

/**
 * 11 CFR 110.4(c)(1)-(2): a person's contributions in currency to a candidate's campaign for
 * one election may not exceed $100 in the aggregate. Cash that would take the donor's cash
 * for the election past the limit is refused whole (the law requires returning at least
 * the part over $100; refusing it all never keeps money the committee may not keep).
 * Cheques, cards and transfers are not currency and are not counted here.
 */
export function checkCashLimit(pack: RulePack, method: PaymentMethod, cashAggregateBeforeMinor: bigint, amountMinor: bigint): CashVerdict {
  const cashLimitMinor = amountOf(pack, 'cashLimit');
  if (method !== 'cash' || !hasRule(pack, RULE_IDS.cashLimit) || cashLimitMinor === null) return { applies: false };
  return { applies: true, ok: cashAggregateBeforeMinor + amountMinor <= cashLimitMinor, cashAggregateBeforeMinor, cashLimitMinor, amountMinor };
}
