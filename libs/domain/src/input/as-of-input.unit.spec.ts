import { asOfOf, parseDayOrInstant } from './as-of-input.js';

describe('asOfOf', () => {
  it('when neither parameter is given, then the books now (null)', () => expect(asOfOf(undefined, undefined)).toBeNull());
  it('when an instant with a zone is given, then it is the cut, in UTC', () =>
    expect(asOfOf('2026-07-01T00:00:00+01:00', undefined)).toEqual({ kind: 'instant', instant: '2026-06-30T23:00:00.000Z' }));
  it('when a position is given, then it is the cut', () => expect(asOfOf(undefined, '123')).toEqual({ kind: 'position', position: 123 }));
  it('when position 0 is given, then the cut holds nothing', () => expect(asOfOf(undefined, '0')).toEqual({ kind: 'position', position: 0 }));

  it.each([
    ['both parameters', '2026-06-30T23:00:00Z', '5', 'not both'],
    ['an instant without a zone', '2026-06-30T23:00:00', undefined, 'asOf must be'],
    ['a day alone (midnight where?)', '2026-06-30', undefined, 'asOf must be'],
    ['30 February', '2026-02-30T00:00:00Z', undefined, 'asOf is not a day'],
    ['the parameter twice', ['2026-06-30T23:00:00Z', '2026-07-01T00:00:00Z'], undefined, 'given once'],
    ['a negative position', undefined, '-1', 'whole number'],
    ['a fractional position', undefined, '1.5', 'whole number'],
    ['a position with leading zeros', undefined, '007', 'whole number'],
    ['a position past 2^53', undefined, '9007199254740993', 'whole number'],
    ['a position twice', undefined, ['1', '2'], 'whole number'],
  ])('when %s, then a problem', (_what, asOf, position, problem) =>
    expect(asOfOf(asOf, position)).toEqual({ problem: expect.stringContaining(problem) }));
});

describe('parseDayOrInstant (query dates: from, to, asOf of reports, weekStarting)', () => {
  it.each([
    ['a day', '2026-03-01', '2026-03-01T00:00:00.000Z'],
    ['a leap day', '2028-02-29', '2028-02-29T00:00:00.000Z'],
    ['an instant with an offset', '2026-03-01T07:00:00-05:00', '2026-03-01T12:00:00.000Z'],
    ['an open-ended bound past the years the ledger takes', '2100-01-01T00:00:00Z', '2100-01-01T00:00:00.000Z'],
    ['a day long ago', '1999-12-31', '1999-12-31T00:00:00.000Z'],
  ])('given %s, then it is read in UTC', (_what, value, iso) => expect(parseDayOrInstant(value)).toEqual({ iso }));

  it.each([
    ['30 February', '2026-02-30'],
    ['29 February of a common year', '2026-02-29'],
    ['31 April', '2026-04-31'],
    ['month 13', '2026-13-01'],
    ['30 February at noon', '2026-02-30T12:00:00Z'],
    ['30 February of 2100', '2100-02-30'],
    ['hour 24', '2026-03-01T24:00:00Z'],
    ['an instant without a zone', '2026-03-01T12:00:00'],
    ['a number', 20260301],
  ])('given %s, then it is refused, never rolled over', (_what, value) => expect(parseDayOrInstant(value)).toHaveProperty('problem'));
});
