import { WrittenKeys } from './written-keys.js';

describe('the keys a fold into empty tables wrote', () => {
  it('given keys written, then only those may have a row', () => {
    const written = new WrittenKeys();
    written.add('d1');
    expect([written.mayHave('d1'), written.mayHave('d2')]).toEqual([true, false]);
  });

  it('given more keys written than its limit, then every key may have a row (it stops counting rather than grow)', () => {
    const written = new WrittenKeys(2);
    for (const key of ['d1', 'd2', 'd3']) written.add(key);
    expect([written.mayHave('d1'), written.mayHave('never-written')]).toEqual([true, true]);
  });
});
