import { parseMinor } from './money.js';

/**
 * The vocabulary of payload descriptors (see schemas.ts) and the validator that reads it.
 * Every wire value is JSON, so each tag names a JSON type plus the format our contracts
 * give it: `money` is a decimal string of minor units, `timestamp` an ISO 8601 instant.
 */
export type ScalarKind = 'string' | 'integer' | 'boolean' | 'money' | 'timestamp' | 'date' | 'currency';

export interface ScalarSpec<K extends ScalarKind = ScalarKind> {
  readonly kind: K;
}

declare const enumValueType: unique symbol;

export interface EnumSpec<V extends string> {
  readonly kind: 'enum';
  readonly values: readonly V[];
  /** The top-level proto enum it is (`DonorType`); unnamed, it is nested in its message, named after its field. */
  readonly name?: string;
  /** Type-only: makes `EnumSpec<V>` invariant in V, so a descriptor must list every member of the union. */
  readonly [enumValueType]?: (value: V) => V;
}

export interface ObjectSpec<T> {
  readonly kind: 'object';
  readonly fields: Descriptor<T>;
  /** The top-level proto message it is (`DonorSnapshot`); unnamed, it is nested in its message, named after its field. */
  readonly name?: string;
}

export interface ArraySpec<S> {
  readonly kind: 'array';
  readonly items: S;
}

/** A JSON object with arbitrary string keys (a TS `Record<string, V>`, a proto `map<string, V>`). */
export interface MapSpec<S> {
  readonly kind: 'map';
  readonly values: S;
}

/** Present, and either null or the inner shape (`x: T | null`). */
export interface NullableSpec<S> {
  readonly kind: 'nullable';
  readonly inner: S;
}

/** May be absent; when present, the inner shape (`x?: T`). */
export interface OptionalSpec<S> {
  readonly kind: 'optional';
  readonly inner: S;
}

/** The untyped view of any descriptor, which the validator and the proto check walk. */
export type FieldSpec =
  | ScalarSpec
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly name?: string }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, FieldSpec>>; readonly name?: string }
  | ArraySpec<FieldSpec>
  | MapSpec<FieldSpec>
  | NullableSpec<FieldSpec>
  | OptionalSpec<FieldSpec>;

export type AnyObjectSpec = Extract<FieldSpec, { kind: 'object' }>;

type StringLikeSpec = ScalarSpec<'string' | 'money' | 'timestamp' | 'date' | 'currency'>;

/**
 * The specs a TS field type admits: a `string` may take any string-like tag, a union of
 * string literals only an enum of exactly those literals.
 */
export type SpecOf<V> = null extends V
  ? NullableSpec<SpecOf<Exclude<V, null>>>
  : [V] extends [readonly (infer E)[]]
    ? ArraySpec<SpecOf<E>>
    : [V] extends [string]
      ? string extends V
        ? StringLikeSpec
        : EnumSpec<V & string>
      : [V] extends [number]
        ? ScalarSpec<'integer'>
        : [V] extends [boolean]
          ? ScalarSpec<'boolean'>
          : [V] extends [object]
            ? string extends keyof V
              ? MapSpec<SpecOf<V[keyof V]>>
              : ObjectSpec<V>
            : never;

type IsOptional<T, K extends keyof T> = Pick<T, K> extends Required<Pick<T, K>> ? false : true;

/** Exactly the keys of T, each with a spec its TS type admits; optional keys need `optional(...)`. */
export type Descriptor<T> = {
  readonly [K in keyof T]-?: IsOptional<T, K> extends true
    ? OptionalSpec<SpecOf<Exclude<T[K], undefined>>>
    : SpecOf<T[K]>;
};

/** Problems go to logs and dead-letter headers; a hostile payload must not be able to flood them. */
const MAX_PROBLEMS = 20;

/** Lists where `value` departs from `spec`, each problem prefixed with its path from `root`. */
export function validateValue(spec: FieldSpec, value: unknown, root: string): string[] {
  const problems: string[] = [];
  check(spec, value, root, problems);
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more problems`];
}

function check(spec: FieldSpec, value: unknown, path: string, problems: string[]): void {
  switch (spec.kind) {
    case 'nullable':
      if (value !== null) check(spec.inner, value, path, problems);
      return;
    case 'optional':
      // Absence is judged by checkObject, which sees the key; here the value is present.
      check(spec.inner, value, path, problems);
      return;
    case 'object':
      return checkObject(spec, value, path, problems);
    case 'array':
      return checkArray(spec, value, path, problems);
    case 'map':
      return checkMap(spec, value, path, problems);
    case 'enum':
      if (typeof value === 'string' && spec.values.includes(value)) return;
      problems.push(`${path}: expected one of ${spec.values.join(', ')}, got ${describe(value)}`);
      return;
    case 'string':
    case 'integer':
    case 'boolean':
    case 'money':
    case 'timestamp':
    case 'date':
    case 'currency':
      return checkScalar(spec.kind, value, path, problems);
    default: {
      const unknownSpec: never = spec;
      throw new TypeError(`unknown field spec ${JSON.stringify(unknownSpec)}`);
    }
  }
}

function checkScalar(kind: ScalarKind, value: unknown, path: string, problems: string[]): void {
  const scalar = SCALARS[kind];
  if (!scalar.test(value)) problems.push(`${path}: expected ${scalar.expected}, got ${describe(value)}`);
}

function checkObject(spec: AnyObjectSpec, value: unknown, path: string, problems: string[]): void {
  if (!isRecord(value)) {
    problems.push(`${path}: expected an object, got ${describe(value)}`);
    return;
  }
  for (const [key, fieldSpec] of Object.entries(spec.fields)) {
    // Canonical JSON drops undefined members, so an undefined member counts as absent.
    const present = Object.hasOwn(value, key) && value[key] !== undefined;
    if (present) check(fieldSpec, value[key], `${path}.${key}`, problems);
    else if (fieldSpec.kind !== 'optional') problems.push(`${path}.${key}: missing`);
  }
  // A member outside the contract means writer and reader disagree about the version; the
  // hash chain covers it, so dropping it silently would lose part of the recorded fact.
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(spec.fields, key)) problems.push(`${path}.${key}: not part of the contract`);
  }
}

function checkArray(spec: ArraySpec<FieldSpec>, value: unknown, path: string, problems: string[]): void {
  if (!Array.isArray(value)) {
    problems.push(`${path}: expected an array, got ${describe(value)}`);
    return;
  }
  value.forEach((item, index) => check(spec.items, item, `${path}[${index}]`, problems));
}

function checkMap(spec: MapSpec<FieldSpec>, value: unknown, path: string, problems: string[]): void {
  if (!isRecord(value)) {
    problems.push(`${path}: expected an object, got ${describe(value)}`);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    check(spec.values, item, `${path}[${JSON.stringify(key)}]`, problems);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Names the JSON type of a bad value. Strings are not echoed: payloads carry donor data, and
 * problems end up in logs and dead-letter headers.
 */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const SCALARS: Readonly<Record<ScalarKind, { test: (value: unknown) => boolean; expected: string }>> = {
  string: { test: (value) => typeof value === 'string', expected: 'a string' },
  integer: { test: (value) => Number.isSafeInteger(value), expected: 'a safe integer' },
  boolean: { test: (value) => typeof value === 'boolean', expected: 'a boolean' },
  money: { test: isMinorAmount, expected: 'a decimal string of minor units such as "3500"' },
  timestamp: { test: isUtcInstant, expected: 'an ISO 8601 UTC instant such as "2026-03-01T12:00:00.000Z"' },
  date: { test: isCalendarDateString, expected: 'a calendar date such as "2026-11-03"' },
  currency: { test: (value) => typeof value === 'string' && /^[A-Z]{3}$/.test(value), expected: 'an ISO 4217 code' },
};

function isMinorAmount(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    // parseMinor is the one definition of the decimal form; the validator must not drift from it.
    parseMinor(value);
    return true;
  } catch {
    return false;
  }
}

// Instants are UTC ("Z") only: the ledger orders and compares them as strings, which holds
// only while every writer uses the same offset.
const UTC_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?Z$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isUtcInstant(value: unknown): boolean {
  const match = typeof value === 'string' ? UTC_INSTANT.exec(value) : null;
  return match !== null && isCalendarDate(match[1], match[2], match[3]);
}

function isCalendarDateString(value: unknown): boolean {
  const match = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
  return match !== null && isCalendarDate(match[1], match[2], match[3]);
}

/** Rejects dates such as 2026-02-30 that the pattern alone lets through. */
function isCalendarDate(year: string, month: string, day: string): boolean {
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  return (
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day)
  );
}
