import { PersistentMap } from './persistent-map.js';

/** A plain Map given the same changes: what the persistent map must answer at every step. */
function replay(changes: readonly [string, number][]): Map<string, number> {
  const map = new Map<string, number>();
  for (const [key, value] of changes) map.set(key, value);
  return map;
}

describe('a persistent map', () => {
  describe('given 500 changes, a third of them to keys already set (past several flattenings)', () => {
    const changes: [string, number][] = Array.from({ length: 500 }, (_, i) => [`k${i % 3 === 2 ? i % 97 : i}`, i]);
    const versions: PersistentMap<string, number>[] = [];
    let map = PersistentMap.of<string, number>();
    for (const [key, value] of changes) versions.push((map = map.with(key, value)));

    it('then every version answers what a Map given the changes up to it answers, in the same order', () => {
      versions.forEach((version, i) => {
        const expected = replay(changes.slice(0, i + 1));
        expect([...version]).toEqual([...expected]);
        expect(version.size).toBe(expected.size);
      });
    });
    it('then a version is not changed by the ones made from it', () => {
      const early = versions[40];
      expect([...early]).toEqual([...replay(changes.slice(0, 41))]);
      expect(early.get('k5')).toBe(5);
      expect(early.has('k300')).toBe(false);
    });
    it('then get, has, keys, values and forEach agree with the entries', () => {
      const last = versions[versions.length - 1];
      const expected = replay(changes);
      for (const [key, value] of expected) expect([last.has(key), last.get(key)]).toEqual([true, value]);
      expect(last.has('absent')).toBe(false);
      expect([...last.keys()]).toEqual([...expected.keys()]);
      expect([...last.values()]).toEqual([...expected.values()]);
      const seen: [string, number][] = [];
      last.forEach((value, key) => seen.push([key, value]));
      expect(seen).toEqual([...expected]);
    });
  });

  it('given a plain Map, when it is taken as a persistent map and changed, then the Map is as it was', () => {
    const plain = new Map([['a', 1]]);
    const changed = PersistentMap.from(plain).with('a', 2).with('b', 3);
    expect([...plain]).toEqual([['a', 1]]);
    expect([...changed]).toEqual([['a', 2], ['b', 3]]);
    expect(PersistentMap.from(changed)).toBe(changed);
  });
});
