import { InputError, asObject } from './fields.js';
import { parseDonor } from './intake-input.js';

/** What identifies a donor for donorIdOf: exactly the fields it hashes, nothing else kept. */
export interface DonorLookupInput {
  type: string;
  name: string;
  postalCode: string | null;
}

/**
 * The body of a donor lookup: `{"donor": {...}}`, the donor object as a donation carries it, so
 * an admin can paste what the donor gave and it is read and folded exactly as at intake. A
 * donor without a name has no donor id (anonymous), so the name is required here.
 */
export function parseDonorLookupRequest(raw: unknown): DonorLookupInput {
  const body = asObject(raw, 'body');
  const donor = parseDonor(body.donor);
  if (donor.name === null) throw new InputError('invalid_request', 'donor.name', 'donor.name: is required: a donor without a name has no donor id');
  return { type: donor.type, name: donor.name, postalCode: donor.address?.postalCode ?? null };
}
