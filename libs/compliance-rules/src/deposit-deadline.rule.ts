import { dueOnFor, type RulePack } from './rule-pack.js';

/** Where a donation's deposit stands against the pack's deposit period. */
export interface DepositDeadline {
  /** The last committee-local day to deposit on; null when the pack sets no deposit period (PPERA). */
  dueOn: string | null;
  /** Deposited after `dueOn`. */
  late: boolean;
  citation: string | null;
  rulePackVersion: string;
}

/**
 * 11 CFR 103.3(a): a committee deposits every receipt "within 10 days of the treasurer's
 * receipt", counted after the committee-local day of receipt (received 1 March, due by 11
 * March). The period is the pack's, dated; a pack without one (PPERA sets no deposit period)
 * has no deadline, so no deposit is late under it. `depositedOn` is a committee-local day.
 */
export function depositDeadline(pack: RulePack, receivedAt: string, depositedOn: string): DepositDeadline {
  const period = pack.periods.deposit;
  if (!period) return { dueOn: null, late: false, citation: null, rulePackVersion: pack.version };
  const dueOn = dueOnFor(pack, 'deposit', receivedAt);
  return { dueOn, late: depositedOn > dueOn, citation: period.citation, rulePackVersion: pack.version };
}
