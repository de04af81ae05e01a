import { fromSnapshotJson, toSnapshotJson } from './snapshot-json.js';

const roundTrip = (value: unknown): unknown => fromSnapshotJson(JSON.parse(JSON.stringify(toSnapshotJson(value))));

describe('snapshot JSON: a folded state written down and read back', () => {
  describe('given values JSON cannot hold', () => {
    it('then bigints (beyond 2^53, negative), Maps with any keys in their order, Sets, NaN and the infinities come back as they were', () => {
      const value = {
        big: 12_345_678_901_234_567_890n,
        negative: -5n,
        byElection: new Map<string, bigint>([['g-2026', 3n], ['p-2026', 350_000n]]),
        keyedByNumber: new Map<unknown, unknown>([[2, 'b'], [1, new Set(['x', 'y'])]]),
        ids: new Set(['dn_b', 'dn_a']),
        odd: [Number.NaN, Infinity, -Infinity, -0.5],
      };
      const back = roundTrip(value) as typeof value;
      expect(back).toEqual(value);
      expect([...back.byElection.keys()]).toEqual(['g-2026', 'p-2026']);
      expect([...back.keyedByNumber.keys()]).toEqual([2, 1]);
      expect([...back.ids]).toEqual(['dn_b', 'dn_a']);
    });
  });

  describe('given plain objects whose own keys look like tags', () => {
    it('then a key starting with $ (alone or beside others) is read back as that key, not as a tag', () => {
      const value = { $bigint: '12', nested: { $map: 'not a map' }, $$twice: 1, list: [{ $set: [1] }] };
      expect(roundTrip(value)).toEqual(value);
    });
  });

  describe('given undefined', () => {
    it('then an undefined in a list stays, and an undefined property is left out as JSON leaves it', () => {
      expect(roundTrip({ list: [1, undefined, 2], gone: undefined })).toEqual({ list: [1, undefined, 2] });
    });
  });

  describe('given what a snapshot must not hold', () => {
    it('then class instances, functions and symbols are refused, not written without their prototype', () => {
      expect(() => toSnapshotJson({ at: new Date(0) })).toThrow(/Date instance/);
      expect(() => toSnapshotJson({ f: () => 1 })).toThrow(/function/);
      expect(() => toSnapshotJson([Symbol('s')])).toThrow(/symbol/);
    });

    it('then an unknown tag read back is refused', () => {
      expect(() => fromSnapshotJson({ $date: '2026-01-01' })).toThrow(/unknown tag \$date/);
    });
  });
});
