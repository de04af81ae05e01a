import { InputError } from './fields.js';
import { parseReviewDecisionRequest } from './review-input.js';

const fieldOf = (body: unknown): string => {
  try {
    parseReviewDecisionRequest(body);
  } catch (error) {
    if (error instanceof InputError) return `${error.code}:${error.field}`;
    throw error;
  }
  return 'accepted';
};

describe('review decision input', () => {
  it('given a redesignation with its target, then it is read as typed data', () => {
    expect(parseReviewDecisionRequest({ item: 'excess', decision: 'redesignate', reason: ' donor asked ', amountMinor: 5000, toElectionId: 'general-2026' })).toEqual({
      item: 'excess', decision: 'redesignate', reason: 'donor asked', amountMinor: 5000n, toElectionId: 'general-2026', toDonorId: null,
    });
  });
  it('given no reason, an unknown item or decision, or a fractional amount, then each is refused by name', () => {
    expect(fieldOf({ item: 'excess', decision: 'reject' })).toBe('invalid_request:reason');
    expect(fieldOf({ item: 'bribe', decision: 'reject', reason: 'r' })).toBe('invalid_request:item');
    expect(fieldOf({ item: 'excess', decision: 'forgive', reason: 'r' })).toBe('invalid_request:decision');
    expect(fieldOf({ item: 'excess', decision: 'reject', reason: 'r', amountMinor: 1.5 })).toBe('amount_must_be_integer:amountMinor');
  });
});
