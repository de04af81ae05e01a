import { createHash } from 'node:crypto';

/**
 * A UUID (version 8, RFC 9562) derived from a namespace and a name. Facts caused by other
 * facts take their id from the cause this way, so a redelivered message produces the same
 * id and the ledger treats the second append as the first.
 */
export function deterministicId(namespace: string, ...parts: string[]): string {
  const digest = createHash('sha256').update([namespace, ...parts].join('\u001f')).digest();
  const bytes = Buffer.from(digest.subarray(0, 16));
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Client-chosen identifiers (donation, committee, campaign ids): short, URL-safe. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
