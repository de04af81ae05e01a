import { createHmac } from 'node:crypto';
import type { MatchKeyKind, MatchKeys } from '#contracts';
import { TENANT_ID_PATTERN } from '../access/access.js';
import { foldIdentityText, foldPersonName } from './donor-identity.js';
import { nearNameOf, type DonorIdentityFacts } from './donor-match.js';

export interface MatchKeyInput {
  /** The PSP's fingerprint of the card or account, or else its payment reference. */
  paymentInstrument: string | null;
  address: { line1: string | null; postalCode: string | null } | null;
  email: string | null;
  device: string | null;
  /** Who gave: their near name, and their name with the instrument, are keyed for near matches. */
  donor?: Omit<DonorIdentityFacts, 'paymentInstrument'>;
}

const keyed = (key: string, tenantId: string, kind: MatchKeyKind, folded: string): string | null =>
  folded ? `mk_${createHmac('sha256', key).update([tenantId, kind, folded].join('|'), 'utf8').digest('hex').slice(0, 32)}` : null;

/**
 * Keyed hashes (HMAC-SHA256 under DONOR_ID_KEY) of what ties donations together beyond the
 * donor's name: compliance finds one card, address, email or device behind several names by
 * comparing these, and never sees the plaintext. Each takes the tenant and its kind into the
 * hash, so a party cannot join its keys to another's, and an email cannot match an address.
 * The address is its first line with the postal code, folded like a donor's identity (a
 * postal code alone is a whole street); without both it has no key. Given the donor, the
 * near-match keys too.
 */
export function matchKeysOf(key: string, tenantId: string, input: MatchKeyInput): MatchKeys {
  if (!TENANT_ID_PATTERN.test(tenantId)) throw new Error(`matchKeysOf: "${tenantId}" is not a tenant id`);
  const line1 = foldIdentityText(input.address?.line1 ?? null);
  const postalCode = foldIdentityText(input.address?.postalCode ?? null).replace(/ /g, '');
  return {
    paymentInstrument: keyed(key, tenantId, 'paymentInstrument', (input.paymentInstrument ?? '').trim()),
    address: line1 && postalCode ? keyed(key, tenantId, 'address', `${line1}|${postalCode}`) : null,
    email: keyed(key, tenantId, 'email', (input.email ?? '').trim().toLowerCase()),
    device: keyed(key, tenantId, 'device', (input.device ?? '').trim()),
    ...nearMatchKeysOf(key, tenantId, input),
  };
}

/**
 * The keys of a near match (issue 14, item 12): the donor's near name (nearNameOf: an initial
 * or a "Jr." cannot change it), and the folded name with the instrument (one name on one card
 * at two postal codes). Two donations that share one under two donor ids may be one person.
 */
function nearMatchKeysOf(key: string, tenantId: string, input: MatchKeyInput): Pick<MatchKeys, 'nearName' | 'nameCard'> {
  if (!input.donor) return {};
  const name = foldPersonName(input.donor.name);
  const instrument = (input.paymentInstrument ?? '').trim();
  const nearName = keyed(key, tenantId, 'nearName', nearNameOf(input.donor) ?? '');
  const nameCard = name && instrument ? keyed(key, tenantId, 'nameCard', `${input.donor.type}|${name}|${instrument}`) : null;
  // Absent rather than null: the fields are optional on the wire, for the events recorded before them.
  return { ...(nearName ? { nearName } : {}), ...(nameCard ? { nameCard } : {}) };
}
