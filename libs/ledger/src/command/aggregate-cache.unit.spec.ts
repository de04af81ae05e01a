import { BoundedAggregateCache, noAggregateCache } from './aggregate-cache.js';

describe('the aggregate cache', () => {
  describe('given no cache (the default)', () => {
    it('then nothing set is ever found', () => {
      const cache = noAggregateCache<number>();
      cache.set('s-1', { state: 1, revision: 0 });
      expect(cache.get('s-1')).toBeUndefined();
    });
  });

  describe('given a bounded cache of two streams', () => {
    it('then a state set is found with its revision', () => {
      const cache = new BoundedAggregateCache<string>(2);
      cache.set('s-1', { state: 'a', revision: 3 });
      expect(cache.get('s-1')).toEqual({ state: 'a', revision: 3 });
    });

    it('then a third stream evicts the one used least recently', () => {
      const cache = new BoundedAggregateCache<string>(2);
      cache.set('s-1', { state: 'a', revision: 0 });
      cache.set('s-2', { state: 'b', revision: 0 });
      cache.get('s-1');
      cache.set('s-3', { state: 'c', revision: 0 });
      expect([cache.get('s-1')?.state, cache.get('s-2'), cache.get('s-3')?.state]).toEqual(['a', undefined, 'c']);
      expect(cache.size).toBe(2);
    });

    it('then an older revision never replaces a newer one', () => {
      const cache = new BoundedAggregateCache<string>(2);
      cache.set('s-1', { state: 'new', revision: 5 });
      cache.set('s-1', { state: 'old', revision: 4 });
      expect(cache.get('s-1')).toEqual({ state: 'new', revision: 5 });
    });

    it('then a deleted stream is gone', () => {
      const cache = new BoundedAggregateCache<string>(2);
      cache.set('s-1', { state: 'a', revision: 0 });
      cache.delete('s-1');
      expect(cache.get('s-1')).toBeUndefined();
    });
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new BoundedAggregateCache(0)).toThrow(RangeError);
    expect(() => new BoundedAggregateCache(1.5)).toThrow(RangeError);
  });
});
