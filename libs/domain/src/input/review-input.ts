import { REVIEW_ITEM_KINDS, type ReviewItemKind } from '#contracts';
import { asObject, InputError, text } from './fields.js';
import { amountMinor, identifierField } from './intake-input.js';
import { REVIEW_DECISIONS, type ReviewDecision } from '../review/review.decider.js';

export interface ReviewDecisionInput {
  item: ReviewItemKind;
  decision: ReviewDecision;
  reason: string;
  amountMinor: bigint | null;
  toElectionId: string | null;
  toDonorId: string | null;
}

function oneOfField<T extends string>(body: Record<string, unknown>, field: string, values: readonly T[]): T {
  const value = body[field];
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) throw new InputError('invalid_request', field, `${field} must be one of ${values.join(', ')}`);
  return value as T;
}

/**
 * An officer's decision as the API takes it: which item, what decision and why (the reason
 * is required: it goes on the ledger beside the officer's name), with the remedy's amount
 * and target where the decision needs them.
 */
export function parseReviewDecisionRequest(raw: unknown): ReviewDecisionInput {
  const body = asObject(raw, 'body');
  const reason = text(body, 'reason', { max: 500 });
  if (!reason) throw new InputError('invalid_request', 'reason', 'reason is required');
  return {
    item: oneOfField(body, 'item', REVIEW_ITEM_KINDS),
    decision: oneOfField(body, 'decision', REVIEW_DECISIONS),
    reason,
    amountMinor: body.amountMinor === undefined ? null : amountMinor(body),
    toElectionId: identifierField(body, 'toElectionId', true),
    toDonorId: text(body, 'toDonorId', { max: 64, optional: true }),
  };
}
