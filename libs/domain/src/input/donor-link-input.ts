import { DONOR_ID_PATTERN } from '../identity/donor-identity.js';
import { asObject, InputError, text } from './fields.js';

export interface DonorLinkInput {
  donorId: string;
  linkedDonorId: string;
  reason: string;
}

function donorIdField(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || !DONOR_ID_PATTERN.test(value)) throw new InputError('invalid_request', field, `${field} must be a donor id (dn_ and 32 hex digits)`);
  return value;
}

/**
 * An officer's link of two donor identities as the API takes it: the two donor ids (never
 * names: those stay sealed in the vault) and why, which goes on the ledger beside the officer.
 */
export function parseDonorLinkRequest(raw: unknown): DonorLinkInput {
  const body = asObject(raw, 'body');
  const reason = text(body, 'reason', { max: 500 });
  if (!reason) throw new InputError('invalid_request', 'reason', 'reason is required');
  return { donorId: donorIdField(body, 'donorId'), linkedDonorId: donorIdField(body, 'linkedDonorId'), reason };
}

/** An officer's undoing of a link made in error: why, which goes on the ledger beside the officer. */
export function parseDonorUnlinkRequest(raw: unknown): { reason: string } {
  const body = asObject(raw, 'body');
  const reason = text(body, 'reason', { max: 500 });
  if (!reason) throw new InputError('invalid_request', 'reason', 'reason is required');
  return { reason };
}
