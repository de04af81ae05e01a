import { createHash, sign } from 'node:crypto';
import type { RecordedEvent } from '#contracts';
import { canonicalJson } from '../canonical-json.js';
import { leafHash, MerkleTree, type LeafInput } from '../seal/merkle.js';
import type { Seal, SealingKey } from '../seal/seal.js';

/**
 * The audit bundle of one committee for one period: plain files a regulator can read and
 * check with nothing but the verifier (scripts/verify-audit-bundle.mjs) and the bundle.
 * docs/verify-an-audit-bundle.md describes every file.
 */
export const BUNDLE_FORMAT = 'hustings-audit-bundle/1';
export const MANIFEST_SIGNING_PREFIX = 'hustings-manifest-v1\n';
export const BUNDLE_FILES = ['events.ndjson', 'chains.json', 'seals.ndjson', 'proofs.ndjson', 'public-key.pem'] as const;
/** A filing carried in a bundle (a .fec file, a UK return) is the file `filing-<its name>`, its digest signed in the manifest. */
export const FILING_PREFIX = 'filing-';
const FILING_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/;

export interface SealWithLeaves {
  seal: Seal;
  /** Every event the seal covers, in global order: the committee's and everybody else's. */
  leaves: readonly LeafInput[];
}

export interface BundleInput {
  committeeId: string;
  tenantId: string | null;
  /** Events whose recordedAt is in [from, to). */
  period: { from: string; to: string };
  exportedAt: string;
  /** The committee's events in the period, in global order, exactly as stored. */
  events: readonly RecordedEvent[];
  /** Consecutive seals, from the one covering the first event to the newest at export. */
  seals: readonly SealWithLeaves[];
  key: SealingKey;
  /** The committee's filings of the period, by file name, byte for byte as filed. */
  filings?: Readonly<Record<string, string>>;
}

export interface StreamChain {
  streamId: string;
  firstRevision: number;
  /** prevHash of the first exported event: the hash of the event before the period. */
  anchorPrevHash: string;
  lastRevision: number;
  lastEventId: string;
  headHash: string;
  eventCount: number;
}

export interface InclusionProof {
  position: number;
  eventId: string;
  sealSequence: number;
  leafIndex: number;
  path: string[];
}

export type BundleFiles = Record<string, string>;

export function buildAuditBundle(input: BundleInput): BundleFiles {
  const proofs = inclusionProofs(input.events, input.seals);
  const files: BundleFiles = {
    'events.ndjson': ndjson(input.events),
    'chains.json': `${JSON.stringify({ streams: streamChains(input.events) }, null, 2)}\n`,
    'seals.ndjson': ndjson(input.seals.map((s) => s.seal)),
    'proofs.ndjson': ndjson(proofs),
    'public-key.pem': input.key.publicKeyPem,
  };
  const first = input.seals[0]?.seal;
  const last = input.seals[input.seals.length - 1]?.seal;
  const body = {
    format: BUNDLE_FORMAT,
    committeeId: input.committeeId,
    tenantId: input.tenantId,
    period: input.period,
    exportedAt: input.exportedAt,
    keyId: input.key.keyId,
    eventCount: input.events.length,
    streamCount: new Set(input.events.map((e) => e.streamId)).size,
    positions: input.events.length ? { first: input.events[0].position, last: input.events[input.events.length - 1].position } : null,
    seals: first && last ? { firstSequence: first.sequence, lastSequence: last.sequence, sealedTo: last.to } : null,
    files: Object.fromEntries(BUNDLE_FILES.map((name) => [name, digestOf(files[name])])),
    ...filingsOf(input.filings ?? {}, files),
  };
  const signature = sign(null, Buffer.from(MANIFEST_SIGNING_PREFIX + canonicalJson(body), 'utf8'), input.key.privateKey);
  files['manifest.json'] = `${JSON.stringify({ ...body, signature: signature.toString('base64') }, null, 2)}\n`;
  return files;
}

/** Adds each filing to the files and returns its digests for the manifest; none, and the manifest is as it always was. */
function filingsOf(filings: Readonly<Record<string, string>>, files: BundleFiles): { filings?: Record<string, { sha256: string; bytes: number }> } {
  const names = Object.keys(filings).sort();
  if (names.length === 0) return {};
  for (const name of names) {
    if (!FILING_NAME.test(name)) throw new Error(`filing name ${JSON.stringify(name)} is not a plain file name`);
    files[`${FILING_PREFIX}${name}`] = filings[name];
  }
  return { filings: Object.fromEntries(names.map((name) => [name, digestOf(filings[name])])) };
}

function ndjson(records: readonly unknown[]): string {
  return records.map((record) => `${canonicalJson(record)}\n`).join('');
}

function digestOf(content: string): { sha256: string; bytes: number } {
  const bytes = Buffer.from(content, 'utf8');
  return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

function streamChains(events: readonly RecordedEvent[]): StreamChain[] {
  const chains = new Map<string, StreamChain>();
  for (const event of events) {
    const chain = chains.get(event.streamId);
    if (!chain) {
      chains.set(event.streamId, {
        streamId: event.streamId,
        firstRevision: event.revision,
        anchorPrevHash: event.prevHash,
        lastRevision: event.revision,
        lastEventId: event.eventId,
        headHash: event.hash,
        eventCount: 1,
      });
      continue;
    }
    if (event.revision !== chain.lastRevision + 1) {
      throw new Error(`stream ${event.streamId} has revision ${event.revision} after ${chain.lastRevision}: the export would have a hole`);
    }
    Object.assign(chain, { lastRevision: event.revision, lastEventId: event.eventId, headHash: event.hash, eventCount: chain.eventCount + 1 });
  }
  return [...chains.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
}

function inclusionProofs(events: readonly RecordedEvent[], seals: readonly SealWithLeaves[]): InclusionProof[] {
  const proofs: InclusionProof[] = [];
  let sealIndex = 0;
  type CoveringTree = { sequence: number; tree: MerkleTree; indexOf: Map<number, number> };
  let tree = null as CoveringTree | null;
  for (const event of events) {
    while (sealIndex < seals.length && seals[sealIndex].seal.to < event.position) sealIndex++;
    const covering = seals[sealIndex];
    if (!covering || covering.seal.from > event.position) throw new Error(`event at position ${event.position} is not sealed`);
    if (tree?.sequence !== covering.seal.sequence) {
      tree = {
        sequence: covering.seal.sequence,
        tree: new MerkleTree(covering.leaves.map(leafHash)),
        indexOf: new Map(covering.leaves.map((leaf, index) => [leaf.position, index])),
      };
    }
    const leafIndex = tree.indexOf.get(event.position);
    if (leafIndex === undefined) throw new Error(`seal ${covering.seal.sequence} has no leaf at position ${event.position}`);
    const path = tree.tree.inclusionPath(leafIndex).map((node) => node.toString('hex'));
    proofs.push({ position: event.position, eventId: event.eventId, sealSequence: covering.seal.sequence, leafIndex, path });
  }
  return proofs;
}
