/**
 * A map that is never changed: `with` answers a new one and leaves this one as it was, as a
 * state folded from events must (a cached state is shared by the commands that read it). A
 * copy of every entry per change made a donor with 200 earlier gifts cost 200 entries a
 * decision; here a change costs the few entries set since the last flattening, and every
 * FLATTEN_AFTER changes or so one copy. Iteration is a Map's: in the order keys were first
 * set, a key set again keeping its place.
 */
export class PersistentMap<K, V> implements ReadonlyMap<K, V> {
  private static readonly FLATTEN_AFTER = 32;

  private constructor(
    /** Shared with the maps made from this one: never changed. */
    private readonly base: ReadonlyMap<K, V>,
    /** Set since `base`, its own copy for this map: never changed once made. */
    private readonly recent: ReadonlyMap<K, V>,
    readonly size: number,
  ) {}

  static of<K, V>(entries: Iterable<readonly [K, V]> = []): PersistentMap<K, V> {
    const base = new Map(entries);
    return new PersistentMap(base, new Map(), base.size);
  }

  /** `map` as a PersistentMap (itself when it is one): what `with` is called on. */
  static from<K, V>(map: ReadonlyMap<K, V>): PersistentMap<K, V> {
    return map instanceof PersistentMap ? (map as PersistentMap<K, V>) : PersistentMap.of(map);
  }

  with(key: K, value: V): PersistentMap<K, V> {
    const size = this.has(key) ? this.size : this.size + 1;
    const limit = Math.max(PersistentMap.FLATTEN_AFTER, Math.sqrt(this.base.size));
    if (this.recent.size >= limit) {
      const base = new Map(this);
      base.set(key, value);
      return new PersistentMap(base, new Map(), size);
    }
    return new PersistentMap(this.base, new Map(this.recent).set(key, value), size);
  }

  get(key: K): V | undefined {
    return this.recent.has(key) ? this.recent.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.recent.has(key) || this.base.has(key);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) yield [key, this.recent.has(key) ? (this.recent.get(key) as V) : value];
    for (const [key, value] of this.recent) if (!this.base.has(key)) yield [key, value];
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(each: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) each.call(thisArg, value, key, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}
