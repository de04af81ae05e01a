import { EVENT_TYPE, STREAM_NAME, type AllStreamSubscription, type Position, type RegexFilter } from '@eventstore/db-client';
import { escapeForRegex, exactNamesRegex, matchesFilter, matchesNothing, serverFilterFor, USER_EVENT_TYPES_REGEX } from './esdb-filters.js';
import { CLAIM_EVENT_TYPE, claimStreamOf } from './esdb-names.js';

const ignore = (): void => undefined;

describe('server-side filters', () => {
  it('sends stream prefixes as a prefix filter on stream names', () => {
    const filter = serverFilterFor({ streamPrefixes: ['donation-', 'donor-'] }, ignore);
    expect(filter).toMatchObject({ filterOn: STREAM_NAME, prefixes: ['donation-', 'donor-'], checkpointInterval: 1 });
  });

  it('sends event types as an exact-match regex on types', () => {
    const filter = serverFilterFor({ eventTypes: ['DonationReceived', 'DonationRefunded'] }, ignore);
    expect(filter).toMatchObject({ filterOn: EVENT_TYPE, regex: '^(?:DonationReceived|DonationRefunded)$' });
  });

  it('sends the prefixes when both are given (the server takes one criterion)', () => {
    const filter = serverFilterFor({ streamPrefixes: ['donation-'], eventTypes: ['DonationReceived'] }, ignore);
    expect(filter.filterOn).toBe(STREAM_NAME);
  });

  it('drops system events and id claims on the server when there is no filter', () => {
    const filter = serverFilterFor(undefined, ignore) as RegexFilter;
    expect(filter).toMatchObject({ filterOn: EVENT_TYPE, regex: USER_EVENT_TYPES_REGEX });
    const regex = new RegExp(filter.regex);
    expect(regex.test('DonationReceived')).toBe(true);
    expect(regex.test('$metadata')).toBe(false);
    expect(regex.test(CLAIM_EVENT_TYPE)).toBe(false);
  });

  it('forwards checkpoints the client reports', () => {
    const seen: Position[] = [];
    const filter = serverFilterFor({ streamPrefixes: ['x-'] }, (position) => seen.push(position));
    void filter.checkpointReached?.({} as AllStreamSubscription, { commit: 9n, prepare: 9n });
    expect(seen).toEqual([{ commit: 9n, prepare: 9n }]);
  });
});

describe('exact-name regexes', () => {
  it('matches exactly the names given', () => {
    const regex = new RegExp(exactNamesRegex(['Kept', 'Also.Kept']));
    expect(['Kept', 'Also.Kept'].every((name) => regex.test(name))).toBe(true);
    expect(['Dropped', 'KeptMore', 'XKept', 'AlsoxKept'].some((name) => regex.test(name))).toBe(false);
  });

  it('writes every character outside [A-Za-z0-9_] as a \\u escape both regex dialects read alike', () => {
    expect(escapeForRegex('Donation_Received2')).toBe('Donation_Received2');
    expect(escapeForRegex('a-b.c')).toBe('a\\u002db\\u002ec');
    expect(escapeForRegex('(x|y)*')).toBe('\\u0028x\\u007cy\\u0029\\u002a');
    expect(new RegExp(`^${escapeForRegex('é€ 😀')}$`).test('é€ 😀')).toBe(true);
  });
});

describe('matching on arrival', () => {
  it('ANDs prefixes with types and ORs within each', () => {
    const filter = { streamPrefixes: ['donation-', 'donor-'], eventTypes: ['A', 'B'] };
    expect(matchesFilter('donation-1', 'A', filter)).toBe(true);
    expect(matchesFilter('donor-1', 'B', filter)).toBe(true);
    expect(matchesFilter('donation-1', 'C', filter)).toBe(false);
    expect(matchesFilter('reward-1', 'A', filter)).toBe(false);
  });

  it('never passes system events or id claims, even to a filter that would match them', () => {
    expect(matchesFilter('$settings', 'Result', { streamPrefixes: ['$'] })).toBe(false);
    expect(matchesFilter('donation-1', '$metadata', undefined)).toBe(false);
    expect(matchesFilter(claimStreamOf('0b0c2b1e-0000-4000-8000-000000000000'), 'Claimed', { streamPrefixes: [''] })).toBe(false);
    expect(matchesFilter('donation-1', 'DonationReceived', undefined)).toBe(true);
  });

  it('treats an empty list as matching nothing', () => {
    expect(matchesNothing({ streamPrefixes: [] })).toBe(true);
    expect(matchesNothing({ eventTypes: [] })).toBe(true);
    expect(matchesNothing({ streamPrefixes: ['a'] })).toBe(false);
    expect(matchesNothing(undefined)).toBe(false);
    expect(matchesFilter('a-1', 'A', { streamPrefixes: [] })).toBe(false);
  });
});
