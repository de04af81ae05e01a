import type { PaymentMethod } from '#contracts';
import { amountOf, type AmountId, type RulePack } from './rule-pack.js';

/** A figure the Canadian pack must set; a pack without it is a configuration error, never "no limit". */
export function ceaFigure(pack: RulePack, id: AmountId): bigint {
  const figure = amountOf(pack, id);
  if (figure === null) throw new Error(`rule pack ${pack.version} sets no ${id}`);
  return figure;
}

/**
 * Canada Elections Act s.366(1)-(2): a contribution over $20 needs a receipt naming the
 * contributor, so only one of $20 or less may come from nobody known. $20.00 is kept; $20.01
 * from an anonymous giver is refused whole, as it cannot be returned to anyone asked to give again.
 */
export function checkCeaAnonymous(pack: RulePack, amountMinor: bigint): { ok: boolean; limitMinor: bigint } {
  const limitMinor = ceaFigure(pack, 'anonymousLimit');
  return { ok: amountMinor <= limitMinor, limitMinor };
}

/**
 * Canada Elections Act (Part 18; the wording Elections Canada gives in form EC 20154): no
 * individual contributes more than $20 in cash "in respect of each contribution". Each
 * contribution by itself, never an aggregate (unlike the FEC's $100 per election). $20.00 in cash is kept; $20.01 in cash is refused whole. Cards, cheques and
 * transfers are not cash.
 */
export function checkCeaCash(pack: RulePack, method: PaymentMethod, amountMinor: bigint): { applies: false } | { applies: true; ok: boolean; limitMinor: bigint } {
  if (method !== 'cash') return { applies: false };
  const limitMinor = ceaFigure(pack, 'cashLimit');
  return { applies: true, ok: amountMinor <= limitMinor, limitMinor };
}

export interface AnnualLimitSplit {
  limitMinor: bigint;
  headroomMinor: bigint;
  withinMinor: bigint;
  excessMinor: bigint;
}

/**
 * Canada Elections Act s.367(1)(a): an individual's contributions in a calendar year to a
 * registered party may not exceed the year's limit; reaching it exactly is allowed (s.368(3):
 * the party may not accept more). A contribution that would pass it is split: the part that fits
 * is kept, the rest goes back. `yearBeforeMinor` is what the contributor gave the party in the
 * same calendar year, counted in the party's zone.
 */
export function splitAtCeaAnnualLimit(pack: RulePack, yearBeforeMinor: bigint, amountMinor: bigint): AnnualLimitSplit {
  const limitMinor = ceaFigure(pack, 'annualLimitToParty');
  const headroomMinor = limitMinor > yearBeforeMinor ? limitMinor - yearBeforeMinor : 0n;
  const withinMinor = amountMinor < headroomMinor ? amountMinor : headroomMinor;
  return { limitMinor, headroomMinor, withinMinor, excessMinor: amountMinor - withinMinor };
}
