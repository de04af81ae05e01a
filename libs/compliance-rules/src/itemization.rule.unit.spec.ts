import type { DonorDetailsGiven } from '#contracts';
import { checkItemization } from './itemization.rule.js';
import { rulePackFor } from './rule-packs.js';

const fec = rulePackFor('US-FEC-CANDIDATE', '2026-03-01T12:00:00.000Z');
const uk = rulePackFor('UK-PPERA-PARTY', '2026-03-01T12:00:00.000Z');
const RECEIVED = '2026-03-01T12:00:00.000Z';
const all: DonorDetailsGiven = { mailingAddress: true, occupation: true, employer: true };

describe('itemization (FEC): donors whose cycle aggregate passes $200.00', () => {
  it.each([
    ['one cent under $200', 19_999n, false],
    ['exactly $200.00', 20_000n, false],
    ['one cent over $200', 20_001n, true],
  ])('given an aggregate after the donation %s, then itemized is %s', (_case, aggregate, itemized) => {
    expect(checkItemization(fec, aggregate, all, RECEIVED)).toEqual({ applies: true, itemized, thresholdMinor: 20_000n, cycleAggregateAfterMinor: aggregate, bestEffortsRequest: null });
  });

  it('given an itemized donor who left out occupation and employer, then a request is due within 30 days of receipt', () => {
    const given = { mailingAddress: true, occupation: false, employer: false };
    expect(checkItemization(fec, 20_001n, given, RECEIVED)).toMatchObject({
      itemized: true,
      bestEffortsRequest: { missingDetails: ['occupation', 'employer'], dueOn: '2026-03-31' },
    });
  });

  it('given details not known to have been given (recorded before intake said), then all are asked for', () => {
    expect(checkItemization(fec, 50_000n, null, RECEIVED)).toMatchObject({
      bestEffortsRequest: { missingDetails: ['mailing_address', 'occupation', 'employer'], dueOn: '2026-03-31' },
    });
  });

  it('given a donor under the threshold who left everything out, then nothing is asked: the donation is not itemized', () => {
    expect(checkItemization(fec, 20_000n, null, RECEIVED)).toMatchObject({ itemized: false, bestEffortsRequest: null });
  });

  it('does not apply under a pack without the rule', () => {
    expect(checkItemization(uk, 1_000_000n, null, RECEIVED)).toEqual({ applies: false });
  });
});
