import { numberLiteralOf, renderPath, type PathSegment } from './json-value.js';
import { cardBrandOf, CARD_MAX_DIGITS, CARD_MIN_DIGITS, mayStartCardNumber } from './card-brands.js';

/**
 * Card numbers never enter the system: the PSP holds them, we keep its payment reference.
 * A body that carries one anywhere (any field, known or not, at any depth, a member name too)
 * is refused before anything reads, stores or logs it; so are the URL and the Idempotency-Key.
 *
 * A card number is a run of digits that starts in a card brand's range, has one of that
 * brand's lengths and passes the Luhn check (card-brands.ts). The three together are what tell
 * a card from an identifier: Luhn alone passes one random number in ten, so a 13-digit
 * millisecond timestamp in an Idempotency-Key, or a provider's 16-digit numeric reference,
 * would be refused one time in ten for nothing.
 *
 * How it may be written: together, or in groups of any sizes separated by runs of any
 * separators (whitespace, dashes of every kind, dots, slashes, underscores, invisible format
 * characters), after NFKC normalisation so full-width and other compatibility digits and
 * separators count. Every window of whole consecutive groups is tried; a window never starts
 * or ends inside a group, because digits side by side are one number: an unbroken run of more
 * than 19 digits is not a card number, and trying every window of a long number would refuse
 * some by chance.
 */

/** Whitespace, format characters, dashes, connector punctuation (underscore), dots and slashes. */
const SEPARATOR = String.raw`[\s\p{Cf}\p{Pd}\p{Pc}\u2212.\u00b7\u2022\u2024\u2027\u2219\u22c5\u30fb/\\\u2044\u2215\u29f8]`;
const DIGIT_RUN = new RegExp(String.raw`\d+(?:${SEPARATOR}+\d+)*`, 'gu');
const NOT_DIGITS = /\D+/u;

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

/** Whether a string of ASCII digits is a card number: a brand's range and length, and Luhn. */
export function isCardNumber(digits: string): boolean {
  return digits.length >= CARD_MIN_DIGITS && digits.length <= CARD_MAX_DIGITS && cardBrandOf(digits) !== null && passesLuhn(digits);
}

/** Every window of whole consecutive groups, of any grouping, that a card's length allows. */
function groupsHoldCardNumber(groups: readonly string[]): boolean {
  const digits = groups.join('');
  const starts = [0];
  for (const group of groups) starts.push(starts[starts.length - 1] + group.length);
  for (let first = 0; first < groups.length; first += 1) {
    if (!mayStartCardNumber(groups[first][0])) continue;
    for (let last = first + 1; last <= groups.length; last += 1) {
      const length = starts[last] - starts[first];
      if (length > CARD_MAX_DIGITS) break;
      if (length >= CARD_MIN_DIGITS && isCardNumber(digits.substring(starts[first], starts[last]))) return true;
    }
  }
  return false;
}

const DECIMAL_DIGIT = /\p{Nd}/u;

/**
 * Decimal digits of every script as ASCII digits (NFKC leaves Arabic-Indic, Devanagari and
 * the like as they are). Unicode puts each script's digits in a block of ten, zero first, and
 * blocks that touch each other start on a multiple of ten from the first.
 */
function asciiDigits(text: string): string {
  return text.replace(/[^\p{ASCII}]/gu, (char) => {
    if (!DECIMAL_DIGIT.test(char)) return char;
    const code = char.codePointAt(0) as number;
    let start = code;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
    return String((code - start) % 10);
  });
}

const isAlphanumeric = (char: string | undefined): boolean => char !== undefined && /[\p{L}\p{N}]/u.test(char);
const SEPARATORS = new RegExp(`${SEPARATOR}+`, 'u');
const MIXED = /^(?=.*\p{L})(?=.*\d)/u;

const SEPARATOR_CHAR = new RegExp(`^${SEPARATOR}$`, 'u');
/** A character of a word: a letter, a digit, or a separator that is not whitespace. */
const inWord = (char: string): boolean => !/\s/u.test(char) && (isAlphanumeric(char) || SEPARATOR_CHAR.test(char));

/**
 * Whether the digit run at `start`..`end` is part of an identifier: glued to a letter or digit,
 * or in a word (letters, digits and separators up to whitespace or other punctuation, such as
 * `=` and `?` in a URL) one of whose pieces mixes letters and digits, as every UUID and most
 * provider ids do (`81573900-3423-4871-b7ca-…`). Such a run holds a card only as one unbroken
 * group; otherwise one random UUID in a few tens of thousands has hex groups of digits that
 * would pass together.
 */
function inIdentifier(text: string, start: number, end: number): boolean {
  if (isAlphanumeric(text[start - 1]) || isAlphanumeric(text[end])) return true;
  let from = start;
  while (from > 0 && inWord(text[from - 1])) from -= 1;
  let to = end;
  while (to < text.length && inWord(text[to])) to += 1;
  const pieces = [...text.slice(from, start).split(SEPARATORS), ...text.slice(end, to).split(SEPARATORS)];
  return pieces.some((piece) => MIXED.test(piece));
}

/**
 * In an identifier only a group of 13 digits or more: a UUID ends in 12 hex digits, all of them
 * decimal one time in 280, and the rare 12-digit Maestro number would then be a UUID one
 * time in a million.
 */
const isCardNumberInIdentifier = (group: string): boolean => group.length > 12 && isCardNumber(group);

/** Whether a piece of text carries something that looks like a card number. */
export function containsCardNumber(text: string): boolean {
  const normalised = asciiDigits(text.normalize('NFKC'));
  for (const match of normalised.matchAll(DIGIT_RUN)) {
    const groups = match[0].split(NOT_DIGITS);
    if (groups.join('').length < CARD_MIN_DIGITS) continue;
    if (inIdentifier(normalised, match.index, match.index + match[0].length) ? groups.some(isCardNumberInIdentifier) : groupsHoldCardNumber(groups)) return true;
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
