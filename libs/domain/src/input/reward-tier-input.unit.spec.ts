import { InputError } from './fields.js';
import { parseRewardTierRequest } from './reward-tier-input.js';

const body = { tierId: 'mug', name: 'Campaign mug', thresholdKind: 'single', thresholdMinor: 5000, rewardKind: 'item', fairMarketValueMinor: 1200, stockLimit: 5 };

const refusal = (raw: unknown, withTierId = true): { code: string; field: string } => {
  try {
    parseRewardTierRequest(raw, { withTierId });
  } catch (error) {
    if (error instanceof InputError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected the body to be refused');
};

describe('reward tier request bodies', () => {
  it('given a full body, then amounts become decimal strings of minor units', () => {
    expect(parseRewardTierRequest(body, { withTierId: true })).toEqual({
      tierId: 'mug',
      terms: { name: 'Campaign mug', thresholdKind: 'single', thresholdMinor: '5000', rewardKind: 'item', fairMarketValueMinor: '1200', stockLimit: 5 },
    });
  });

  it('given no stock limit, then the tier has none; a PUT body needs no tier id', () => {
    const { stockLimit: _dropped, tierId: _id, ...rest } = body;
    expect(parseRewardTierRequest(rest, { withTierId: false })).toMatchObject({ tierId: null, terms: { stockLimit: null } });
  });

  it.each([
    ['missing tierId', { ...body, tierId: undefined }, 'invalid_request', 'tierId'],
    ['a tierId with a dot', { ...body, tierId: 'a.b' }, 'invalid_request', 'tierId'],
    ['an unknown threshold kind', { ...body, thresholdKind: 'lifetime' }, 'invalid_request', 'thresholdKind'],
    ['an unknown reward kind', { ...body, rewardKind: 'cash' }, 'invalid_request', 'rewardKind'],
    ['a threshold in major units', { ...body, thresholdMinor: 50.5 }, 'amount_must_be_integer', 'thresholdMinor'],
    ['a market value as a string', { ...body, fairMarketValueMinor: '1200' }, 'amount_must_be_integer', 'fairMarketValueMinor'],
    ['a fractional stock', { ...body, stockLimit: 2.5 }, 'invalid_request', 'stockLimit'],
  ])('given %s, then it is refused naming the field', (_name, raw, code, field) => {
    expect(refusal(raw)).toEqual({ code, field });
  });
});
