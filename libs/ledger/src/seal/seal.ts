import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import { leafHash, merkleRoot, type LeafInput } from './merkle.js';

/** The stream the ledger's seals are appended to, one after another with an expected revision. */
export const SEAL_STREAM_ID = 'ledger-seals';
export const SEAL_EVENT_TYPE = 'LedgerSealed';
/** Seal events belong to no committee; this marks them as the ledger's own. */
export const LEDGER_COMMITTEE_ID = '$ledger';

/**
 * What a seal asserts: the events at global positions `from`..`to` (every event after the
 * previous seal's `to`, up to `to`, `leafCount` of them) have the Merkle root `root`.
 * `previousSealHash` chains seals, so a seal can neither be dropped nor replaced unnoticed.
 */
export interface SealBody {
  sequence: number;
  /** `to` of the previous seal (null for the first): no event may fall between two seals. */
  after: number | null;
  from: number;
  to: number;
  leafCount: number;
  root: string;
  previousSealHash: string;
  sealedAt: string;
  keyId: string;
}

export interface Seal extends SealBody {
  /** Ed25519 over SEAL_SIGNING_PREFIX + canonical JSON of the body, base64. */
  signature: string;
}

export const SEAL_SIGNING_PREFIX = 'hustings-seal-v1\n';
export const GENESIS_SEAL_HASH = '';

export interface SealingKey {
  keyId: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

/** Key id: the first 16 hex digits of SHA-256 over the public key's SPKI DER bytes. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** A sealing key from PKCS#8, as PEM or as base64 of the DER bytes; refuses any non-Ed25519 key. */
export function sealingKeyFrom(text: string): SealingKey {
  const trimmed = text.trim();
  const privateKey = trimmed.startsWith('-----BEGIN')
    ? createPrivateKey({ key: trimmed, format: 'pem' })
    : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('the sealing key must be an Ed25519 private key');
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function sealHash(seal: Seal): string {
  return createHash('sha256').update(canonicalJson(seal), 'utf8').digest('hex');
}

export function signSeal(body: SealBody, key: SealingKey): Seal {
  if (body.keyId !== key.keyId) throw new Error(`seal names key ${body.keyId} but is signed with ${key.keyId}`);
  const message = Buffer.from(SEAL_SIGNING_PREFIX + canonicalJson(body), 'utf8');
  return { ...body, signature: sign(null, message, key.privateKey).toString('base64') };
}

export function sealSignatureValid(seal: Seal, publicKeyPem: string): boolean {
  const { signature, ...body } = seal;
  const message = Buffer.from(SEAL_SIGNING_PREFIX + canonicalJson(body), 'utf8');
  return verify(null, message, createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
}

/**
 * The next seal over `leaves` (the events after the previous seal, in global order). Pure:
 * time and key come in as arguments.
 */
export function nextSeal(previous: Seal | null, leaves: readonly LeafInput[], sealedAt: string, key: SealingKey): Seal {
  if (leaves.length === 0) throw new RangeError('nothing to seal');
  for (let i = 1; i < leaves.length; i++) {
    if (leaves[i].position <= leaves[i - 1].position) throw new RangeError('leaves must be in increasing global order');
  }
  if (previous && leaves[0].position <= previous.to) throw new RangeError('leaves overlap the previous seal');
  return signSeal(
    {
      sequence: previous ? previous.sequence + 1 : 0,
      after: previous ? previous.to : null,
      from: leaves[0].position,
      to: leaves[leaves.length - 1].position,
      leafCount: leaves.length,
      root: merkleRoot(leaves.map(leafHash)).toString('hex'),
      previousSealHash: previous ? sealHash(previous) : GENESIS_SEAL_HASH,
      sealedAt,
      keyId: key.keyId,
    },
    key,
  );
}
