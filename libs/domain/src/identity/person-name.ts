/**
 * A person's name in the parts regulators' forms ask for: the FEC's Schedules A and B and
 * Form 6 have last, first, middle, prefix and suffix fields, and the Electoral Commission's
 * return asks for a title, first name and surname. Donors type one name; this splits it.
 */
export interface PersonNameParts {
  prefix: string;
  first: string;
  middle: string;
  last: string;
  suffix: string;
}

/** Honorifics and titles written before a name (compared without case or a final full stop). */
const PREFIXES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'rev', 'revd', 'reverend', 'fr', 'father', 'sister', 'hon', 'honorable', 'honourable',
  'sir', 'dame', 'lord', 'lady', 'rabbi', 'imam', 'pastor', 'judge', 'justice', 'gov', 'sen', 'rep', 'amb',
  'capt', 'cpt', 'col', 'gen', 'lt', 'maj', 'sgt', 'adm', 'cmdr', 'cdr',
]);

/** Generational suffixes and post-nominal letters written after a name. */
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v', 'vi', 'md', 'phd', 'dds', 'dmd', 'do', 'esq', 'cpa', 'rn', 'jd', 'dvm', 'mba', 'ret', 'obe', 'mbe', 'cbe', 'kc', 'qc']);

/** Words that belong to the surname that follows them: "van Beethoven", "de la Cruz", "bin Salman". */
const SURNAME_PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'dei', 'da', 'das', 'dos', 'di', 'du', 'la', 'le', 'lo', 'st', 'ste', 'ter', 'ten', 'bin', 'ibn', 'al', 'el', 'ap']);

const bare = (word: string): string => word.toLowerCase().replace(/\.$/, '').replaceAll('.', '');
const isPrefix = (word: string): boolean => PREFIXES.has(bare(word));
const isSuffix = (word: string): boolean => SUFFIXES.has(bare(word.replace(/,$/, '')));
/** "Q", "Q.", "J.R." : initials, never a whole given name. */
const isInitial = (word: string): boolean => /^(?:\p{L}\.?)+$/u.test(word) && word.replace(/\./g, '').length <= 2 && (word.length === 1 || word.includes('.'));
const tidy = (word: string): string => word.replace(/[.,]+$/, '');

/**
 * Splits a name typed in one field into its parts, without guessing where a guess could be
 * wrong:
 * - "Last, First Middle" (a comma after the first word group) puts the surname first;
 * - honorifics before the name are the prefix ("Dr", "Rev Dr"), generational suffixes and
 *   post-nominals after it are the suffix ("Jr", "III", "PhD"), each without full stops;
 * - the surname is the last word, with the particles before it ("van Beethoven", "De La Cruz");
 *   a particle that is the first word is a given name ("Van Morrison");
 * - initials after the first given name are the middle name ("John Q. Public": John, Q);
 * - other given names stay together in the first name ("Augusta Ada King": "Augusta Ada"),
 *   because a second given name cannot be told from a double first name ("Mary Ann",
 *   "Jean Pierre") and the forms need only first and last; no field is truncated here.
 * One word is a surname alone. Spaces are collapsed.
 */
export function splitPersonName(name: string): PersonNameParts {
  const words = name.trim().split(/\s+/).filter((w) => w !== '');
  const parts: PersonNameParts = { prefix: '', first: '', middle: '', last: '', suffix: '' };
  const comma = words.findIndex((w, i) => w.endsWith(',') && i < words.length - 1 && !words.slice(i + 1).every(isSuffix));
  if (comma >= 0) return commaForm(words, comma);
  const prefixes: string[] = [];
  while (words.length > 1 && isPrefix(words[0])) prefixes.push(tidy(words.shift() as string));
  const suffixes: string[] = [];
  // Two words stay a name: "John V" is John V, not a fifth John without a surname.
  while (words.length > 2 && isSuffix(words[words.length - 1])) suffixes.unshift(tidy(words.pop() as string));
  parts.prefix = prefixes.join(' ');
  parts.suffix = suffixes.join(' ');
  if (words.length === 0) return parts;
  let start = words.length - 1;
  while (start > 1 && SURNAME_PARTICLES.has(words[start - 1].toLowerCase())) start -= 1;
  parts.last = words.slice(start).map((w) => w.replace(/,$/, '')).join(' ');
  return { ...parts, ...givenNames(words.slice(0, start)) };
}

/** "King, Augusta Ada" or "Public, Dr. John Q., Jr.". */
function commaForm(words: string[], comma: number): PersonNameParts {
  const last = words.slice(0, comma + 1).join(' ').replace(/,$/, '');
  const rest = words.slice(comma + 1).map((w) => w.replace(/,$/, ''));
  const prefixes: string[] = [];
  while (rest.length > 1 && isPrefix(rest[0])) prefixes.push(tidy(rest.shift() as string));
  const suffixes: string[] = [];
  while (rest.length > 1 && isSuffix(rest[rest.length - 1])) suffixes.unshift(tidy(rest.pop() as string));
  return { prefix: prefixes.join(' '), last, suffix: suffixes.join(' '), ...givenNames(rest) };
}

/** The first given name and what follows it: trailing initials are the middle name. */
function givenNames(given: readonly string[]): { first: string; middle: string } {
  let split = given.length;
  while (split > 1 && isInitial(given[split - 1])) split -= 1;
  return { first: given.slice(0, split).join(' '), middle: given.slice(split).map((w) => w.replaceAll('.', '')).join(' ') };
}
