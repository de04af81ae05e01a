import { HttpProblem } from '#platform';
import { directoryPageOf } from './directory-page.js';

const refusal = (limit: unknown, after: unknown): unknown => {
  try {
    directoryPageOf(limit, after);
    return null;
  } catch (error) {
    return error instanceof HttpProblem ? error.problem : error;
  }
};

describe('directoryPageOf', () => {
  it('given no parameters, when read, then the first page of 50', () => expect(directoryPageOf(undefined, undefined)).toEqual({ limit: 50, after: 0 }));
  it('given a limit and a cursor, when read, then both as numbers', () => expect(directoryPageOf('100', '4711')).toEqual({ limit: 100, after: 4711 }));
  it.each([
    ['limit', '0', undefined],
    ['limit', '101', undefined],
    ['limit', ['5', '6'], undefined],
    ['after', undefined, '-1'],
    ['after', undefined, 'abc'],
  ])('given a bad %s, when read, then a 400 problem naming it', (field, limit, after) =>
    expect(refusal(limit, after)).toMatchObject({ status: 400, code: 'invalid_request', field }));
});
