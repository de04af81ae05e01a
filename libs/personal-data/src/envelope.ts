import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DonorPersonalData } from '#contracts';
import { canonicalJson } from '#ledger';

/**
 * Envelope encryption of donors' personal data, as functions of their inputs (the only
 * randomness is the fresh key and nonce each call draws).
 *
 * - Each donor has a data key (256-bit, AES-256-GCM). It seals that donor's personal data,
 *   and only that donor's: the donor id is authenticated data, so a sealed value copied onto
 *   another donor's event does not open.
 * - The data key is stored wrapped (encrypted) by a master key that comes from the
 *   environment and never leaves the process. The wrapping names the master key's version,
 *   so the master key can be rotated by rewrapping data keys, without touching the ledger.
 * - Destroying the wrapped data key makes every copy of the sealed data unreadable.
 */

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const PAD_BYTES = 64;
/** Prefix and version of the sealed format; part of the authenticated data. */
export const SEALED_PII_FORMAT = 'pii1';

export interface MasterKey {
  /** Positive integer; a data key records the version that wrapped it. */
  version: number;
  key: Uint8Array;
}

/** Which of a donor's keys sealed a value: a donor gets a new generation after an erasure. */
export interface DataKeyRef {
  donorId: string;
  generation: number;
}

export type PersonalDataFailure = 'malformed' | 'not_authentic' | 'master_key_unknown';

/** A sealed value or wrapped key that does not open: altered, misplaced or under another key. */
export class PersonalDataError extends Error {
  constructor(
    readonly reason: PersonalDataFailure,
    detail: string,
  ) {
    super(detail);
    this.name = 'PersonalDataError';
  }
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const B64URL = /^[A-Za-z0-9_-]+$/;

function assertKey(key: Uint8Array, what: string): void {
  if (key.length !== KEY_BYTES) throw new RangeError(`${what} must be ${KEY_BYTES} bytes, not ${key.length}`);
}

function encrypt(key: Uint8Array, plaintext: Uint8Array, aad: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `${b64(nonce)}.${b64(ciphertext)}.${b64(cipher.getAuthTag())}`;
}

function decrypt(key: Uint8Array, parts: readonly string[], aad: string): Buffer {
  if (parts.length !== 3 || !parts.every((part) => B64URL.test(part))) throw new PersonalDataError('malformed', 'not a sealed value of this format');
  const [nonce, ciphertext, tag] = parts.map((part) => Buffer.from(part, 'base64url'));
  if (nonce.length !== NONCE_BYTES || tag.length !== TAG_BYTES) throw new PersonalDataError('malformed', 'not a sealed value of this format');
  try {
    const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    // GCM says only that the tag does not match: altered, moved to another donor, or another key.
    throw new PersonalDataError('not_authentic', 'the sealed value is altered, belongs elsewhere, or the key is another');
  }
}

const wrapAad = (ref: DataKeyRef, masterVersion: number): string =>
  `hustings/data-key/v1|${ref.donorId}|${ref.generation}|${masterVersion}`;
const sealAad = (ref: DataKeyRef): string => `hustings/${SEALED_PII_FORMAT}|${ref.donorId}|${ref.generation}`;

/** A fresh random data key. */
export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** The data key encrypted under the master key, bound to its donor, generation and master version. */
export function wrapDataKey(master: MasterKey, ref: DataKeyRef, dataKey: Uint8Array): string {
  assertKey(master.key, 'a master key');
  assertKey(dataKey, 'a data key');
  return encrypt(master.key, dataKey, wrapAad(ref, master.version));
}

/** Opens a wrapped data key with whichever of the master keys has the version it names. */
export function unwrapDataKey(masters: readonly MasterKey[], masterVersion: number, ref: DataKeyRef, wrapped: string): Buffer {
  const master = masters.find((m) => m.version === masterVersion);
  if (!master) throw new PersonalDataError('master_key_unknown', `no master key of version ${masterVersion} is configured`);
  const dataKey = decrypt(master.key, wrapped.split('.'), wrapAad(ref, masterVersion));
  if (dataKey.length !== KEY_BYTES) throw new PersonalDataError('malformed', 'the wrapped value is not a data key');
  return dataKey;
}

/**
 * `pii1.<generation>.<nonce>.<ciphertext>.<tag>`, base64url. The plaintext is canonical JSON
 * padded with spaces to a multiple of 64 bytes, so the ciphertext's length says little about
 * how long a name or an address is.
 */
export function sealPersonalData(dataKey: Uint8Array, ref: DataKeyRef, data: DonorPersonalData): string {
  assertKey(dataKey, 'a data key');
  const json = Buffer.from(canonicalJson(data), 'utf8');
  const plaintext = Buffer.concat([json, Buffer.alloc((PAD_BYTES - (json.length % PAD_BYTES)) % PAD_BYTES, ' ')]);
  return `${SEALED_PII_FORMAT}.${ref.generation}.${encrypt(dataKey, plaintext, sealAad(ref))}`;
}

/** The generation of the donor's key that sealed a value, read without opening it. */
export function sealedGeneration(sealed: string): number {
  const [format, generation] = sealed.split('.', 2);
  if (format !== SEALED_PII_FORMAT || !/^[1-9][0-9]{0,8}$/.test(generation ?? '')) {
    throw new PersonalDataError('malformed', 'not a sealed value of this format');
  }
  return Number(generation);
}

/** Opens a value sealed for this donor; anything altered or sealed for another donor is refused. */
export function openPersonalData(dataKey: Uint8Array, donorId: string, sealed: string): DonorPersonalData {
  const generation = sealedGeneration(sealed);
  const plaintext = decrypt(dataKey, sealed.split('.').slice(2), sealAad({ donorId, generation }));
  return JSON.parse(plaintext.toString('utf8')) as DonorPersonalData;
}
