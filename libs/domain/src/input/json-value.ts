/**
 * What the HTTP edge's strict JSON reader tells the domain about a parsed body, and how both
 * name a place in it without echoing what a client put there.
 */

/**
 * A JSON number is turned into a double, which forgets how it was written: `2500.0`, `2.5e3`
 * and `2500.0000000000001` all become 2500, `4111111111111111111` loses its last digits. The
 * reader keeps, under this (non-enumerable) symbol of each object or array it builds, the text
 * of every number whose value does not spell it back, keyed by member name or index, so the
 * parsers can refuse a fractional amount that a double rounded to an integer.
 */
export const NUMBER_LITERALS: unique symbol = Symbol('hustings.json.number-literals');

type WithLiterals = { [NUMBER_LITERALS]?: Readonly<Record<string, string>> };

/** The text a number was written as, when its value does not spell it back; else undefined. */
export function numberLiteralOf(container: object, key: string | number): string | undefined {
  const literals = (container as WithLiterals)[NUMBER_LITERALS];
  return literals !== undefined && Object.prototype.hasOwnProperty.call(literals, String(key)) ? literals[String(key)] : undefined;
}

/** Records the literals of a container the reader built (nothing when there are none). */
export function attachNumberLiterals(container: object, literals: Record<string, string> | null): void {
  if (literals === null) return;
  Object.defineProperty(container, NUMBER_LITERALS, { value: Object.freeze(literals), enumerable: false });
}

/** One step into a JSON value: an array index, or an object member with its position. */
export type PathSegment = number | { key: string; position: number };

/** Member names shown as they are; anything longer, odd or digit-heavy is shown by position. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const MAX_DIGITS_SHOWN = 6;

function showKey(segment: { key: string; position: number }): string | null {
  const digits = segment.key.replace(/\D/g, '').length;
  return PLAIN_KEY.test(segment.key) && digits <= MAX_DIGITS_SHOWN ? segment.key : null;
}

/**
 * A path a client can follow (`donor.address.postalCode`, `elections[0].date`, `body` for the
 * whole body). A member name that could carry data (digits, spaces, symbols) is never echoed:
 * it reads `[member #3]`, its position in the object.
 */
export function renderPath(segments: readonly PathSegment[]): string {
  if (segments.length === 0) return 'body';
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      path += `[${segment}]`;
      continue;
    }
    const key = showKey(segment);
    path += key === null ? `[member #${segment.position}]` : path === '' ? key : `.${key}`;
  }
  return path;
}
