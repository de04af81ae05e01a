import { foldIdentityText, foldPersonName, foldPostalCode } from './donor-identity.js';
import { splitPersonName } from './person-name.js';

/** What aggregation knows of a donor when it asks whether two are one person. */
export interface DonorIdentityFacts {
  type: string;
  name: string | null;
  postalCode: string | null;
  /** The PSP's fingerprint of the card or account, when the donation carried one. */
  paymentInstrument?: string | null;
}

/** Why two donors may be one person, for the officer who decides. */
export type NearMatchEvidence =
  /** "A. Lovelace" and "Ada Lovelace": one name gives only the initial of the other's. */
  | 'initial_for_given_name'
  /** "John Smith Jr." and "John Smith Sr." (or no suffix): a father and a son, or one man. */
  | 'generational_suffix_differs'
  /** "John Q. Smith" and "John Smith": one gives a middle name or initial the other leaves out. */
  | 'middle_name_differs'
  /** "Dr. Ada Lovelace" and "Ada Lovelace": a title on one side. */
  | 'title_differs'
  /** "Ada Byron Lovelace" and "Ada Lovelace": another given name beside the first. */
  | 'given_names_differ'
  /** One name at two postal codes, paid with one card: a move, or a second home. */
  | 'same_card_other_postal_code';

export type DonorMatch = { verdict: 'same' } | { verdict: 'near'; evidence: NearMatchEvidence[] } | { verdict: 'different' };

const stripDots = (text: string): string => foldIdentityText(text.normalize('NFD').replace(/\p{M}+/gu, ''));
const firstWord = (text: string): string => stripDots(text).split(' ')[0] ?? '';

/**
 * A person's name reduced to what an initial or a generational suffix cannot change: the
 * surname and the first letter of the first given name, folded like an identity, with the
 * donor type and postal code. Two donors who share it but not their donor id may be one
 * person written two ways, and only an officer can tell ("Ada" and "Alan" Lovelace at one
 * address share it too: that is why it flags and never merges). Null without a surname.
 */
export function nearNameOf(donor: DonorIdentityFacts): string | null {
  const parts = splitPersonName(donor.name ?? '');
  const surname = stripDots(parts.last);
  if (!surname) return null;
  return [donor.type, surname, firstWord(parts.first).slice(0, 1), foldPostalCode(donor.postalCode)].join('|');
}

const sameIdentity = (a: DonorIdentityFacts, b: DonorIdentityFacts): boolean =>
  a.type === b.type && foldPersonName(a.name) !== '' && foldPersonName(a.name) === foldPersonName(b.name);

/** What differs between two names that share their near name: the reasons an officer reads. */
function nameEvidence(a: string, b: string): NearMatchEvidence[] {
  const [x, y] = [splitPersonName(a), splitPersonName(b)];
  const evidence: NearMatchEvidence[] = [];
  const [fx, fy] = [firstWord(x.first), firstWord(y.first)];
  if (fx !== fy && (fx.length === 1 || fy.length === 1)) evidence.push('initial_for_given_name');
  if (stripDots(x.suffix) !== stripDots(y.suffix)) evidence.push('generational_suffix_differs');
  if (stripDots(x.middle) !== stripDots(y.middle)) evidence.push('middle_name_differs');
  if (stripDots(x.prefix) !== stripDots(y.prefix)) evidence.push('title_differs');
  if (fx === fy && stripDots(x.first) !== stripDots(y.first)) evidence.push('given_names_differ');
  return evidence;
}

/**
 * Whether two donors are one person for aggregation (issue 14, item 12). Same: one name after
 * folding (case, diacritics, punctuation, spacing, word order) at one postal code, which is
 * exactly when donorIdOf gives one id. Near, with the evidence, when a person may have written
 * their name another way but that cannot be known: an initial for a given name, a "Jr." or
 * "Sr." on one side, a middle name left out (same surname, first initial and postal code), or
 * one name at two postal codes paid with one card. Near matches are flagged for an officer,
 * who may link the two; they are never merged on a guess. Different names with different
 * first names ("Ada" and "Alan") are different even though they share a near name.
 */
export function matchDonors(a: DonorIdentityFacts, b: DonorIdentityFacts): DonorMatch {
  if (a.type !== b.type) return { verdict: 'different' };
  const samePostalCode = foldPostalCode(a.postalCode) === foldPostalCode(b.postalCode);
  if (sameIdentity(a, b)) {
    if (samePostalCode) return { verdict: 'same' };
    const card = (a.paymentInstrument ?? '').trim();
    return card !== '' && card === (b.paymentInstrument ?? '').trim() ? { verdict: 'near', evidence: ['same_card_other_postal_code'] } : { verdict: 'different' };
  }
  const near = nearNameOf(a);
  if (near === null || near !== nearNameOf(b)) return { verdict: 'different' };
  const evidence = nameEvidence(a.name ?? '', b.name ?? '');
  const givenNamesDiffer = firstWord(splitPersonName(a.name ?? '').first) !== firstWord(splitPersonName(b.name ?? '').first);
  if (givenNamesDiffer && !evidence.includes('initial_for_given_name')) return { verdict: 'different' };
  return evidence.length > 0 ? { verdict: 'near', evidence } : { verdict: 'different' };
}
