import { rowFromJson, rowToJson } from './projection.js';

/** The codec as it was first written (a replacer and a reviver called for every value): the oracle. */
const replacerJson = (row: unknown): string => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString(10) : value));
const reviverParse = (json: string): unknown =>
  JSON.parse(json, (key, value: unknown) => (key.endsWith('Minor') && typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : value));

const rows: [string, unknown][] = [
  ['no bigint at all', { donationId: 'd1', flags: ['a'], inKind: null, itemized: false, count: 3 }],
  ['money at the top', { amountMinor: 2500n, refundedMinor: -7n, currency: 'USD' }],
  ['money in an array of objects', { allocations: [{ electionId: 'p', amountMinor: 1n }, { electionId: 'g', amountMinor: 12345678901234567890n }], other: [1, 'x'] }],
  ['money deep and a bigint in an array', { attribution: { shares: [{ donorId: 'x', countedMinor: null, amountMinor: 5n }] }, list: [1n, [2n]] }],
  ['a bare bigint', 42n],
  ['a Date, undefined fields and holes', { at: new Date('2026-01-02T03:04:05.000Z'), gone: undefined, list: [undefined, 1] }],
  ['digits that are not money, and money that is not digits', { phone: '0123', postcodeMinor: 'SW1A', noteMinor: '1.5', countMinor: '-0012', nested: { idMinor: '7' } }],
];

describe('the row codec (rows as JSON with money as bigint)', () => {
  it.each(rows)('given a row with %s, when written, then the text is what the replacer wrote', (_name, row) => {
    expect(rowToJson(row)).toBe(replacerJson(row));
  });

  it.each(rows)('given a row with %s written, when read back, then it is what the reviver read', (_name, row) => {
    const json = replacerJson(row);
    expect(rowFromJson(json)).toEqual(reviverParse(json));
  });

  it('given a row with money, when written, then the row keeps its bigints (the text is made from a copy)', () => {
    const row = { allocations: [{ amountMinor: 1n }], flags: ['a'] };
    rowToJson(row);
    expect(row.allocations[0].amountMinor).toBe(1n);
  });

  it('given a string of digits in a field not named …Minor, when read back, then it stays a string', () => {
    expect(rowFromJson<{ phone: string; list: string[] }>('{"phone":"0123","list":["5"]}')).toEqual({ phone: '0123', list: ['5'] });
  });
});
