import { createHmac } from 'node:crypto';
import { TENANT_ID_PATTERN } from '../access/access.js';

/** What `donorIdOf` gives: `dn_` and 32 hex digits. */
export const DONOR_ID_PATTERN = /^dn_[0-9a-f]{32}$/;

/**
 * One way of writing a piece of text: compatibility-normalised (NFKC: full-width letters,
 * ligatures), fully case-folded (upper then lower case, so "ß" and "SS", "ς" and "σ" agree),
 * without invisible format characters (zero-width spaces, soft hyphens), and with every run of
 * whitespace and punctuation (apostrophes, hyphens and dashes of every kind, dots, the field
 * separator "|") as one space. Accents stay here; a name compared for a donor's identity also
 * drops them (foldPersonName).
 */
export function foldIdentityText(value: string | null): string {
  return (value ?? '')
    .normalize('NFKC')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC')
    .replace(/\p{Cf}+/gu, '')
    .replace(/[\s\p{P}|]+/gu, ' ')
    .trim();
}

/**
 * A person's or organisation's name as aggregation compares it (issue 14: one person must not
 * pass a limit by writing their name differently): folded as foldIdentityText, then without
 * diacritics ("Ádá" is "ada": donors, forms and payment processors drop and add accents), and
 * with its words in one order, so "Lovelace, Ada", "ADA LOVELACE" and "Ádá Lovelace" are one
 * name. Generational suffixes stay words of their own: "John Smith Jr." and "John Smith Sr."
 * remain two people. A name already in that order (every name of one word, or "jane q smith")
 * folds as before, so such donors keep their ids.
 */
export function foldPersonName(value: string | null): string {
  const folded = foldIdentityText((value ?? '').normalize('NFD').replace(/\p{M}+/gu, ''));
  return folded === '' ? '' : folded.split(' ').sort().join(' ');
}

/** Postal codes without spaces or hyphens; a US ZIP+4 is its ZIP, as donors write it either way. */
export function foldPostalCode(value: string | null): string {
  const folded = foldIdentityText(value).replace(/ /g, '');
  return /^[0-9]{9}$/.test(folded) ? folded.slice(0, 5) : folded;
}

/**
 * A donor's identity as compliance matches it: a keyed hash (HMAC-SHA256) of the tenant (the
 * party whose committee took the donation), the donor type, the name and the postal code,
 * folded to one way of writing them, so the same person giving twice to one party is one donor
 * and nobody without the key can recover who it is. This is the only place that computes it.
 *
 * Why the tenant: parties must not be able to link their donors to another party's. Without
 * it, one person giving to two parties carries one id in both, and either party (or anyone
 * holding both parties' exports) could join them on it. With it, each party sees its own
 * pseudonym for the person. Limits are never aggregated across parties (compliance counts per
 * committee), so nothing that matters is lost. Changing this input changes every donorId:
 * like changing DONOR_ID_KEY, it restarts every donor's aggregate against the legal limits.
 *
 * Why these fields: they are the ones election law aggregates on (FEC itemisation and UK
 * permissibility both identify a contributor by name and address) and they stay the same from
 * one donation to the next. The email is left out because a person has several and changes
 * them: it would split one donor into many, each under the limit. Street lines are left out
 * because they are written many ways ("St", "Street", "Apt 2"). Occupation and employer
 * change. The country is left out to keep donorIds stable; two people who share a folded
 * name and a postal code in two countries are counted as one, which errs on the side of
 * the limit. A donor without a name has no identity: anonymous.
 */
export function donorIdOf(key: string, tenantId: string, donor: { type: string; name: string | null; postalCode: string | null }): string | null {
  // A tenant id cannot hold "|", so it cannot shift text into the fields that follow it.
  if (!TENANT_ID_PATTERN.test(tenantId)) throw new Error(`donorIdOf: "${tenantId}" is not a tenant id`);
  const name = foldPersonName(donor.name);
  if (!name) return null;
  const identity = [tenantId, donor.type, name, foldPostalCode(donor.postalCode)].join('|');
  return `dn_${createHmac('sha256', key).update(identity, 'utf8').digest('hex').slice(0, 32)}`;
}
