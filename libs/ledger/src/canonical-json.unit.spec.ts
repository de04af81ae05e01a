import { canonicalJson } from './canonical-json.js';

/** The definition, written the plain way: the form every verifier recomputes. */
function reference(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('non-finite');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => reference(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(record[k])}`).join(',')}}`;
  }
  throw new TypeError(typeof value);
}

/** A small deterministic generator: the same values on every run. */
function generator(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const strings = ['', 'a', 'B', 'é', '\u2028', '"quote"', 'back\\slash', 'emoji \u{1F600}', '\ud800', 'Z', 'aa', 'a\u0000b', '10', '2'];
  const value = (depth: number): unknown => {
    const pick = Math.floor(next() * (depth > 3 ? 5 : 8));
    switch (pick) {
      case 0: return null;
      case 1: return next() < 0.5;
      case 2: return Math.floor(next() * 2e6) - 1e6 + (next() < 0.3 ? 0.25 : 0);
      case 3: return strings[Math.floor(next() * strings.length)];
      case 4: return next() < 0.5 ? -0 : 1e21;
      case 5: return Array.from({ length: Math.floor(next() * 4) }, () => (next() < 0.1 ? undefined : value(depth + 1)));
      default: {
        const record: Record<string, unknown> = {};
        for (let i = Math.floor(next() * 6); i > 0; i--) record[strings[Math.floor(next() * strings.length)] + String(Math.floor(next() * 3))] = next() < 0.15 ? undefined : value(depth + 1);
        return record;
      }
    }
  };
  return value;
}

describe('canonicalJson', () => {
  it('given keys out of order and undefined members, when written, then keys are sorted by code unit and undefined members left out', () => {
    expect(canonicalJson({ b: 1, a: [1, undefined, { d: undefined, c: 'x' }], B: true, é: null })).toBe('{"B":true,"a":[1,null,{"c":"x"}],"b":1,"é":null}');
  });

  it('given 2,000 generated values (nested, unicode, lone surrogates, -0, 1e21), when written, then each equals the plain definition', () => {
    const value = generator(20261206);
    for (let i = 0; i < 2000; i++) {
      const v = value(0);
      expect(canonicalJson(v)).toBe(reference(v));
    }
  });

  it('given keys an object enumerates out of insertion order (array indexes) or cannot hold as data (__proto__), when written, then they are still sorted by code unit and kept', () => {
    expect(canonicalJson({ b: 1, 10: 'ten', 2: 'two', a: { 0: 'zero', x: 1 } })).toBe('{"10":"ten","2":"two","a":{"0":"zero","x":1},"b":1}');
    const parsed = JSON.parse('{"z":1,"__proto__":{"polluted":true},"a":[{"__proto__":2}]}') as unknown;
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"polluted":true},"a":[{"__proto__":2}],"z":1}');
    expect(canonicalJson({ '01': 1, '4294967296': 2, '-1': 3 })).toBe('{"-1":3,"01":1,"4294967296":2}');
  });

  it('given a date (members of its own: none), when written, then it is written as any object is, not through its toJSON', () => {
    expect(canonicalJson({ when: new Date(0) })).toBe('{"when":{}}');
    expect(() => canonicalJson({ when: { toJSON: () => 'x' } })).toThrow(TypeError);
  });

  it('given a function or a symbol as a member, when written, then it is refused', () => {
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson([Symbol('s')])).toThrow(TypeError);
  });

  it('given a non-finite number or a bigint anywhere, when written, then it is refused', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(TypeError);
    expect(() => canonicalJson({ a: Infinity })).toThrow(TypeError);
    expect(() => canonicalJson({ a: { b: 1n } })).toThrow(TypeError);
  });
});
