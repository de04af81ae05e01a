import { createHash, sign } from 'node:crypto';
import type { RecordedEvent } from '#contracts';
import { canonicalJson } from '../canonical-json.js';
import type { Seal, SealingKey } from '../seal/seal.js';

/**
 * The audit bundle of one committee for one period: plain files a regulator can read and
 * check with nothing but the verifier (scripts/verify-audit-bundle.mjs) and the bundle.
 * docs/verify-an-audit-bundle.md describes every file.
 */
export const BUNDLE_FORMAT = 'hustings-audit-bundle/1';
export const MANIFEST_SIGNING_PREFIX = 'hustings-manifest-v1\n';
export const BUNDLE_FILES = ['events.ndjson', 'chains.json', 'seals.ndjson', 'proofs.ndjson', 'public-key.pem'] as const;
export type BundleFileName = (typeof BUNDLE_FILES)[number];
/** A filing carried in a bundle (a .fec file, a UK return) is the file `filing-<its name>`, its digest signed in the manifest. */
export const FILING_PREFIX = 'filing-';
const FILING_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/;

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

export interface FileDigest {
  sha256: string;
  bytes: number;
}

/** What the manifest says of the exported events, gathered as they pass. */
export interface ExportedEventsSummary {
  eventCount: number;
  streamCount: number;
  positions: { first: number; last: number } | null;
}

export interface ManifestInput {
  committeeId: string;
  tenantId: string | null;
  /** Events whose recordedAt is in [from, to). */
  period: { from: string; to: string };
  exportedAt: string;
  events: ExportedEventsSummary;
  /** The first and last seal in the bundle. */
  seals: { first: Seal; last: Seal } | null;
  files: Readonly<Record<BundleFileName, FileDigest>>;
  filings: Readonly<Record<string, FileDigest>>;
  key: SealingKey;
}

/** The signed manifest, as the bundle's last file; filings are listed only when there are some, so a bundle without is as it always was. */
export function signedManifest(input: ManifestInput): string {
  const { first, last } = input.seals ?? {};
  const filingNames = Object.keys(input.filings).sort();
  const body = {
    format: BUNDLE_FORMAT,
    committeeId: input.committeeId,
    tenantId: input.tenantId,
    period: input.period,
    exportedAt: input.exportedAt,
    keyId: input.key.keyId,
    ...input.events,
    seals: first && last ? { firstSequence: first.sequence, lastSequence: last.sequence, sealedTo: last.to } : null,
    files: Object.fromEntries(BUNDLE_FILES.map((name) => [name, input.files[name]])),
    ...(filingNames.length ? { filings: Object.fromEntries(filingNames.map((name) => [name, input.filings[name]])) } : {}),
  };
  const signature = sign(null, Buffer.from(MANIFEST_SIGNING_PREFIX + canonicalJson(body), 'utf8'), input.key.privateKey);
  return `${JSON.stringify({ ...body, signature: signature.toString('base64') }, null, 2)}\n`;
}

/** A filing's name in the bundle, refused unless it is a plain file name (it becomes one in a directory). */
export function filingFileName(name: string): string {
  if (!FILING_NAME.test(name)) throw new Error(`filing name ${JSON.stringify(name)} is not a plain file name`);
  return `${FILING_PREFIX}${name}`;
}

/** A file's SHA-256 over its UTF-8 bytes, fed a piece at a time so that no file need be whole in memory. */
export class FileDigester {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  update(text: string): void {
    const chunk = Buffer.from(text, 'utf8');
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }

  digest(): FileDigest {
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}

export const digestOf = (content: string): FileDigest => {
  const digester = new FileDigester();
  digester.update(content);
  return digester.digest();
};

/**
 * Each exported stream's chain (chains.json), followed event by event: one small record per
 * stream, never the events themselves. A revision skipped inside the period means the export
 * would have a hole, which is refused rather than exported.
 */
export class StreamChains {
  private readonly chains = new Map<string, StreamChain>();
  private count = 0;
  private first: number | null = null;
  private last: number | null = null;

  add(event: RecordedEvent): void {
    this.count++;
    this.first ??= event.position;
    this.last = event.position;
    const chain = this.chains.get(event.streamId);
    if (!chain) {
      this.chains.set(event.streamId, {
        streamId: event.streamId,
        firstRevision: event.revision,
        anchorPrevHash: event.prevHash,
        lastRevision: event.revision,
        lastEventId: event.eventId,
        headHash: event.hash,
        eventCount: 1,
      });
      return;
    }
    if (event.revision !== chain.lastRevision + 1) {
      throw new Error(`stream ${event.streamId} has revision ${event.revision} after ${chain.lastRevision}: the export would have a hole`);
    }
    Object.assign(chain, { lastRevision: event.revision, lastEventId: event.eventId, headHash: event.hash, eventCount: chain.eventCount + 1 });
  }

  summary(): ExportedEventsSummary {
    return { eventCount: this.count, streamCount: this.chains.size, positions: this.first === null || this.last === null ? null : { first: this.first, last: this.last } };
  }

  /** chains.json: the streams in id order. */
  file(): string {
    const streams = [...this.chains.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    return `${JSON.stringify({ streams }, null, 2)}\n`;
  }
}
