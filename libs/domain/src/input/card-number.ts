import { numberLiteralOf, renderPath, type PathSegment } from './json-value.js';

/**
 * Card numbers never enter the system: the PSP holds them, we keep its payment reference.
 * A body that carries one anywhere (any field, known or not, at any depth, a member name too)
 * is refused before anything reads, stores or logs it.
 *
 * A card number here is 13 to 19 digits, written together or in groups separated by spaces
 * or dashes, that passes the Luhn check. Text is NFKC-normalised first, so full-width and
 * other compatibility digits count as digits. Within a longer run of groups, every run of
 * whole consecutive groups of 13 to 19 digits is tried ("card 4111 1111 1111 1111 exp 12 28"),
 * but an unbroken run of more than 19 digits is not split: it is not a card number, and trying
 * every window of a long number would refuse most of them by chance (one in ten passes Luhn).
 */

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

/** Runs of ASCII digits joined by up to three spaces or dashes (hyphen, Unicode dashes, minus). */
const DIGIT_RUN = /\d+(?:[\s\u2010-\u2015\u2212-]{1,3}\d+)*/gu;
const SEPARATORS = /[^\d]+/u;

/** The Luhn (mod 10) check over a string of ASCII digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * How cards are printed when they are grouped: 4-4-4-4 (16), 4-4-4-4-3 (19), 4-6-5 (Amex, 15),
 * 4-6-4 (Diners, 14), 4-4-4-1 (old 13-digit Visa). Only these count as one number split into
 * groups. Any grouping would do otherwise, and then ordinary identifiers are refused by chance:
 * one random UUID in 340 holds digit groups such as `703-4434-9894-65311` that pass Luhn.
 */
const CARD_GROUPINGS = new Set(['4,4,4,4', '4,4,4,4,3', '4,6,5', '4,6,4', '4,4,4,1']);

function runHoldsCardNumber(groups: readonly string[]): boolean {
  if (groups.length === 1) {
    const [digits] = groups;
    return digits.length >= MIN_DIGITS && digits.length <= MAX_DIGITS && passesLuhn(digits);
  }
  for (let first = 0; first < groups.length; first += 1) {
    for (let last = first + 1; last < groups.length && last - first < 5; last += 1) {
      const window = groups.slice(first, last + 1);
      if (CARD_GROUPINGS.has(window.map((g) => g.length).join(',')) && passesLuhn(window.join(''))) return true;
    }
  }
  return groups.some((group) => runHoldsCardNumber([group]));
}

const isAlphanumeric = (char: string | undefined): boolean => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/** Whether a piece of text carries something that looks like a card number. */
export function containsCardNumber(text: string): boolean {
  const normalised = text.normalize('NFKC');
  for (const match of normalised.matchAll(DIGIT_RUN)) {
    if (match[0].length < MIN_DIGITS) continue;
    const groups = match[0].split(SEPARATORS);
    // Groups glued to letters are pieces of an identifier (a UUID, a hash), not a card written
    // out; a card written together is caught wherever it sits.
    const end = match.index + match[0].length;
    const glued = isAlphanumeric(normalised[match.index - 1]) || isAlphanumeric(normalised[end]);
    if (runHoldsCardNumber(glued ? groups.filter((group) => group.length >= MIN_DIGITS) : groups)) return true;
  }
  return false;
}

/** Where a card number was found: the path of the value, or of the object whose member name holds it. */
export interface CardNumberFound {
  path: string;
  inMemberName: boolean;
}

interface Pending {
  value: unknown;
  path: PathSegment[];
  /** How the number was written, when its double does not spell it back. */
  literal?: string;
}

function scalarHolds(item: Pending): boolean {
  if (typeof item.value === 'string') return containsCardNumber(item.value);
  if (typeof item.value === 'number' || typeof item.value === 'bigint') return containsCardNumber(item.literal ?? String(item.value));
  return false;
}

/** The members of an object or array to look into, or where a member name carries a card number. */
function childrenOf(item: Pending, container: object): Pending[] | CardNumberFound {
  if (Array.isArray(container)) {
    return container.map((value: unknown, index) => ({ value, path: [...item.path, index], literal: numberLiteralOf(container, index) }));
  }
  const children: Pending[] = [];
  const keys = Object.keys(container);
  for (let position = 0; position < keys.length; position += 1) {
    const key = keys[position];
    if (containsCardNumber(key)) return { path: renderPath(item.path), inMemberName: true };
    const value = (container as Record<string, unknown>)[key];
    children.push({ value, path: [...item.path, { key, position }], literal: numberLiteralOf(container, key) });
  }
  return children;
}

/**
 * The first place in a parsed JSON value that carries a card number, or null. The answer
 * names the place only; it never holds the digits.
 */
export function findCardNumber(value: unknown): CardNumberFound | null {
  const stack: Pending[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop() as Pending;
    if (item.value !== null && typeof item.value === 'object') {
      const children = childrenOf(item, item.value);
      if (!Array.isArray(children)) return children;
      for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]);
    } else if (scalarHolds(item)) {
      return { path: renderPath(item.path), inMemberName: false };
    }
  }
  return null;
}
