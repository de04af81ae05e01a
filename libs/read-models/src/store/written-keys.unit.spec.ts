import { WrittenKeys } from './written-keys.js';

const keys = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

describe('the keys a fold into empty tables wrote', () => {
  it('given keys written, then each may have a row, and a key never written has none', () => {
    const written = new WrittenKeys();
    written.add('d1');
    expect([written.mayHave('d1'), written.mayHave('d2')]).toEqual([true, false]);
  });

  // An eighth of the default size with an eighth of the keys: the load of 400,000 keys in the default filter.
  it('given 50,000 keys written in 2^20 bits, then every one of them may have a row (never a false "none")', () => {
    const written = new WrittenKeys(20);
    const all = keys('donation-seed', 50_000);
    for (const key of all) written.add(key);
    expect(all.filter((key) => !written.mayHave(key))).toEqual([]);
  });

  it('given 50,000 keys written in 2^20 bits, then fewer than 1% of 10,000 keys never written are answered "may have" (and so looked up)', () => {
    const written = new WrittenKeys(20);
    for (const key of keys('donation-seed', 50_000)) written.add(key);
    const lookedUp = keys('donation-other', 10_000).filter((key) => written.mayHave(key)).length;
    expect(lookedUp).toBeLessThan(100);
  });

  it('given a filter far too small for its keys, then it only looks up more: every written key still may have a row', () => {
    const written = new WrittenKeys(10);
    const all = keys('d', 5000);
    for (const key of all) written.add(key);
    expect(all.every((key) => written.mayHave(key))).toBe(true);
    expect(written.mayHave('never')).toBe(true);
  });
});
