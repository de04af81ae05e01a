/**
 * A folded state's values as JSON and back: what JSON cannot hold (bigint, Map, Set, a number
 * that is not finite) is written as a one-key object whose key starts with `$`, and a plain
 * object's own keys that start with `$` get one more, so nothing a state holds is read back as
 * something else. Classes other than these are refused: a snapshot must not lose a prototype
 * silently (a codec turns its own classes into these first).
 */
export type SnapshotJson = null | boolean | number | string | SnapshotJson[] | { [key: string]: SnapshotJson };

export function toSnapshotJson(value: unknown): SnapshotJson {
  switch (typeof value) {
    case 'bigint':
      return { $bigint: value.toString() };
    case 'number':
      return Number.isFinite(value) ? value : { $number: String(value) };
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      return { $undefined: true };
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map(toSnapshotJson);
      if (value instanceof Map) return { $map: [...value].map(([k, v]) => [toSnapshotJson(k), toSnapshotJson(v)]) };
      if (value instanceof Set) return { $set: [...value].map(toSnapshotJson) };
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`a snapshot cannot hold a ${proto?.constructor?.name ?? 'class'} instance`);
      const out: { [key: string]: SnapshotJson } = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k.startsWith('$') ? `$${k}` : k] = toSnapshotJson(v);
      return out;
    }
    default:
      throw new TypeError(`a snapshot cannot hold a ${typeof value}`);
  }
}

/** `$` */
const DOLLAR = 36;

export function fromSnapshotJson(json: unknown): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) {
    const items = new Array<unknown>(json.length);
    for (let i = 0; i < json.length; i++) items[i] = fromSnapshotJson(json[i]);
    return items;
  }
  // Read with for-in, not Object.entries: a donor's snapshot holds thousands of small objects.
  const record = json as Record<string, unknown>;
  let tag: string | null = null;
  for (const key in record) {
    if (tag !== null) {
      tag = null;
      break;
    }
    tag = key.charCodeAt(0) === DOLLAR && key.charCodeAt(1) !== DOLLAR ? key : '';
  }
  if (tag) return fromTagged(tag, record[tag]);
  const out: Record<string, unknown> = {};
  for (const key in record) out[key.charCodeAt(0) === DOLLAR ? key.slice(1) : key] = fromSnapshotJson(record[key]);
  return out;
}

function fromTagged(tag: string, body: unknown): unknown {
  switch (tag) {
    case '$bigint':
      return BigInt(body as string);
    case '$number':
      return Number(body);
    case '$undefined':
      return undefined;
    case '$map': {
      const map = new Map<unknown, unknown>();
      for (const [k, v] of body as unknown[][]) map.set(fromSnapshotJson(k), fromSnapshotJson(v));
      return map;
    }
    case '$set': {
      const set = new Set<unknown>();
      for (const v of body as unknown[]) set.add(fromSnapshotJson(v));
      return set;
    }
    default:
      throw new TypeError(`a snapshot holds an unknown tag ${tag}`);
  }
}

/**
 * The codec of a state made only of what toSnapshotJson holds (plain objects, arrays, bigints,
 * Maps, Sets). `isState` says whether what was read back has the state's shape: a snapshot that
 * has not (damaged, or written by a fold that changed without a new schema) is refused, and its
 * stream read from the start, rather than decided on.
 */
export function plainSnapshot<S>(schema: string, isState: (value: unknown) => boolean): { readonly schema: string; encode(state: S): unknown; decode(data: unknown): S } {
  return {
    schema,
    encode: (state) => toSnapshotJson(state),
    decode: (data) => {
      const state = fromSnapshotJson(data);
      if (!isState(state)) throw new TypeError(`not a ${schema} snapshot`);
      return state as S;
    },
  };
}

/** Shape checks for `isState`. */
export const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Map) && !(value instanceof Set);
export const isRecordOf = (value: unknown, item: (v: unknown) => boolean): boolean => isRecord(value) && Object.values(value).every(item);
export const isBigint = (value: unknown): value is bigint => typeof value === 'bigint';
export const isMapOf = (value: unknown, item: (v: unknown) => boolean): boolean => value instanceof Map && [...value.values()].every(item);
