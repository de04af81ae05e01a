/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, no undefined members.
 * Hashes are taken over this form so that any verifier, in any language, can recompute
 * them from the exported events. Non-finite numbers and bigints are refused: money travels
 * as decimal strings.
 *
 * Every appended event is hashed over it, so the usual value is written by the engine's own
 * JSON.stringify over a copy whose objects have their keys inserted in sorted order (half the
 * time of writing it member by member). An object with a key the engine would not keep in
 * insertion order (an array index such as "10", which objects enumerate numerically first) or
 * that it would not keep as data (`__proto__`) is written member by member instead.
 */
export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(sortedCopy(value));
  } catch (error) {
    if (error !== UNORDERED) throw error;
    return writeMembers(value);
  }
}

/** Thrown inside sortedCopy when insertion order cannot carry the sorted order. */
const UNORDERED = Symbol('unordered keys');
const INDEX_LIKE = /^(?:0|[1-9]\d{0,9})$/;

function sortedCopy(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON refuses non-finite numbers');
      return value;
    case 'object': {
      if (Array.isArray(value)) {
        const out: unknown[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          out[i] = item === undefined ? null : sortedCopy(item);
        }
        return out;
      }
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined) continue;
        if (key === '__proto__' || INDEX_LIKE.test(key)) throw UNORDERED;
        out[key] = sortedCopy(member);
      }
      return out;
    }
    default:
      throw new TypeError(`canonical JSON refuses ${typeof value}`);
  }
}

/** The definition, member by member: for objects whose keys insertion order cannot sort. */
function writeMembers(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON refuses non-finite numbers');
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? writeArray(value) : writeObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonical JSON refuses ${typeof value}`);
  }
}

function writeArray(values: unknown[]): string {
  return `[${values.map((item) => writeMembers(item === undefined ? null : item)).join(',')}]`;
}

function writeObject(record: Record<string, unknown>): string {
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${writeMembers(record[key])}`).join(',')}}`;
}
