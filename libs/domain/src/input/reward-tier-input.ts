import { REWARD_KINDS, THRESHOLD_KINDS, type RewardTierTerms } from '#contracts';
import { asObject, InputError, text } from './fields.js';
import { amountMinor, identifierField } from './intake-input.js';

/** Body of `POST /v1/campaigns/{id}/reward-tiers` (with `tierId`) and of `PUT .../reward-tiers/{tierId}` (without). */
export interface RewardTierInput {
  tierId: string | null;
  terms: RewardTierTerms;
}

type Body = Record<string, unknown>;

const invalid = (field: string, detail: string): never => {
  throw new InputError('invalid_request', field, `${field}: ${detail}`);
};

function oneOf<T extends string>(body: Body, field: string, allowed: readonly T[]): T {
  const value = body[field];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) return invalid(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** Absent or null: no limit. Otherwise a JSON integer; its range is the decider's to judge. */
function stockLimit(body: Body): number | null {
  const value = body.stockLimit;
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return invalid('stockLimit', 'must be an integer, or null for no limit');
  return value;
}

export function parseRewardTierRequest(raw: unknown, options: { withTierId: boolean }): RewardTierInput {
  const body = asObject(raw, 'body');
  return {
    tierId: options.withTierId ? identifierField(body, 'tierId') : null,
    terms: {
      name: text(body, 'name', { max: 120 }) as string,
      thresholdKind: oneOf(body, 'thresholdKind', THRESHOLD_KINDS),
      thresholdMinor: amountMinor(body, 'thresholdMinor').toString(),
      rewardKind: oneOf(body, 'rewardKind', REWARD_KINDS),
      fairMarketValueMinor: amountMinor(body, 'fairMarketValueMinor').toString(),
      stockLimit: stockLimit(body),
    },
  };
}
