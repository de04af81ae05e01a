import { createHmac } from 'node:crypto';

/**
 * A donor's identity as compliance matches it: a keyed hash (HMAC-SHA256) of the donor type,
 * name and postal code, folded to a canonical form, so the same person giving twice is one
 * donor and nobody without the key can recover who it is.
 */
export function donorIdOf(key: string, donor: { type: string; name: string | null; postalCode: string | null }): string | null {
  if (!donor.name) return null;
  const fold = (value: string | null): string => (value ?? '').normalize('NFKC').toLowerCase().replace(/[\s.,'-]+/g, ' ').trim();
  const identity = [donor.type, fold(donor.name), fold(donor.postalCode).replace(/ /g, '')].join('|');
  return `dn_${createHmac('sha256', key).update(identity, 'utf8').digest('hex').slice(0, 32)}`;
}
