import { DonationListParamsError, donationListFilterOf } from './donation-list.query.js';

const refusal = (query: Record<string, unknown>): string => {
  try {
    donationListFilterOf(query);
  } catch (error) {
    if (error instanceof DonationListParamsError) return error.message;
    throw error;
  }
  return 'accepted';
};

describe('donation list query', () => {
  it('given nothing, then the first 25 donations of every kind', () => {
    expect(donationListFilterOf({})).toEqual({ status: null, from: null, to: null, minMinor: null, maxMinor: null, flagged: null, search: null, limit: 25, offset: 0 });
  });
  it('given every filter, then days become instants and money stays integers of minor units', () => {
    expect(donationListFilterOf({ status: 'accepted', from: '2026-01-01', to: '2026-04-01T00:00:00+01:00', minMinor: '20000', maxMinor: '9007199254740993', flagged: 'true', q: 'don-1', limit: '100', offset: '200' })).toEqual({
      status: 'accepted', from: '2026-01-01T00:00:00.000Z', to: '2026-03-31T23:00:00.000Z', minMinor: 20000n, maxMinor: 9007199254740993n, flagged: true, search: 'don-1', limit: 100, offset: 200,
    });
  });
  it('given amounts that are not integers of minor units, then each is refused', () => {
    expect(refusal({ minMinor: '1.5' })).toMatch(/minMinor/);
    expect(refusal({ maxMinor: '-1' })).toMatch(/maxMinor/);
    expect(refusal({ minMinor: '500', maxMinor: '100' })).toMatch(/must not exceed/);
  });
  it('given a bad period, page, flag, status, search or a repeated parameter, then each is refused by name', () => {
    expect(refusal({ from: 'yesterday' })).toMatch(/^from/);
    expect(refusal({ from: '2026-02-01', to: '2026-01-01' })).toMatch(/before/);
    expect(refusal({ limit: '101' })).toMatch(/^limit/);
    expect(refusal({ flagged: 'yes' })).toMatch(/^flagged/);
    expect(refusal({ status: "accepted' OR 1=1" })).toMatch(/^status/);
    expect(refusal({ q: '%' })).toMatch(/^q/);
    expect(refusal({ status: ['accepted', 'rejected'] })).toMatch(/once/);
  });
});
