import type { RecordedEvent } from '#contracts';
import { canonicalJson } from '../canonical-json.js';
import type { LedgerStore } from '../ledger-store.port.js';
import { leafHash, MerkleTree } from '../seal/merkle.js';
import { LedgerSealer, readSeals, type StoredSeal } from '../seal/sealer.js';
import type { SealingKey } from '../seal/seal.js';
import { BUNDLE_FILES, FileDigester, filingFileName, signedManifest, StreamChains, type BundleFileName, type BundleFiles, type FileDigest, type InclusionProof } from './bundle.js';
import { memorySink, type BundleSink } from './sinks.js';

export interface AuditExportRequest {
  committeeId: string;
  tenantId: string | null;
  /** recordedAt in [from, to), ISO 8601. */
  from: string;
  to: string;
  /** Filings to carry in the bundle with their digests, by file name. */
  filings?: Readonly<Record<string, string>>;
}

export interface AuditExportSummary {
  eventCount: number;
  keyId: string;
}

const PAGE = 1000;

type InScope = (event: RecordedEvent) => boolean;

function scopeOf(request: AuditExportRequest): InScope {
  const from = Date.parse(request.from);
  const to = Date.parse(request.to);
  return (event) => {
    const recordedAt = Date.parse(event.recordedAt);
    return event.metadata.committeeId === request.committeeId && recordedAt >= from && recordedAt < to;
  };
}

/**
 * Seals the ledger up to its head, then writes the committee's audit bundle for the period to
 * `sink` as it reads the ledger: the committee's events, then an inclusion proof for each from
 * the seal covering it (rebuilt from that seal's at most a few thousand leaves, read again),
 * then the streams' chains, the seals from the one covering the first event to the newest,
 * the key, the filings and the signed manifest. What stays in memory is one page of the
 * ledger, one seal's tree, one small record per exported stream and the list of seals. Reads
 * the ledger from the start: an audit export is rare and the ledger has no index by committee.
 */
export async function streamAuditBundle(
  ledger: LedgerStore,
  key: SealingKey,
  request: AuditExportRequest,
  sink: BundleSink,
  clock: () => Date = () => new Date(),
): Promise<AuditExportSummary> {
  await new LedgerSealer(ledger, key, clock).sealToHead();
  const seals = await readSeals(ledger);
  const inScope = scopeOf(request);
  const chains = new StreamChains();
  const covering = new CoveringSeals(seals);
  const files = {} as Record<BundleFileName, FileDigest>;
  files['events.ndjson'] = await writeFile(sink, 'events.ndjson', lines(committeeEvents(ledger, inScope, covering.sealedTo), (event) => {
    chains.add(event);
    covering.cover(event.position);
    return canonicalJson(event);
  }));
  const included = covering.included();
  files['proofs.ndjson'] = await writeFile(sink, 'proofs.ndjson', lines(proofs(ledger, included, covering, inScope), canonicalJson));
  files['chains.json'] = await writeFile(sink, 'chains.json', [chains.file()]);
  files['seals.ndjson'] = await writeFile(sink, 'seals.ndjson', included.map((s) => `${canonicalJson(s.seal)}\n`));
  files['public-key.pem'] = await writeFile(sink, 'public-key.pem', [key.publicKeyPem]);
  const filings: Record<string, FileDigest> = {};
  for (const [name, text] of Object.entries(request.filings ?? {})) filings[name] = await writeFile(sink, filingFileName(name), [text]);
  const events = chains.summary();
  const manifest = signedManifest({
    committeeId: request.committeeId,
    tenantId: request.tenantId,
    period: { from: new Date(request.from).toISOString(), to: new Date(request.to).toISOString() },
    exportedAt: clock().toISOString(),
    events,
    seals: included.length ? { first: included[0].seal, last: included[included.length - 1].seal } : null,
    files: Object.fromEntries(BUNDLE_FILES.map((name) => [name, files[name]])) as Record<BundleFileName, FileDigest>,
    filings,
    key,
  });
  await writeFile(sink, 'manifest.json', [manifest]);
  await sink.finish();
  return { eventCount: events.eventCount, keyId: key.keyId };
}

/** The whole bundle in memory, `{name: content}`: what a test or a small export wants. */
export async function exportAuditBundle(ledger: LedgerStore, key: SealingKey, request: AuditExportRequest, clock: () => Date = () => new Date()): Promise<BundleFiles> {
  const sink = memorySink();
  await streamAuditBundle(ledger, key, request, sink, clock);
  return sink.files;
}

async function writeFile(sink: BundleSink, name: string, pieces: Iterable<string> | AsyncIterable<string>): Promise<FileDigest> {
  const digester = new FileDigester();
  await sink.begin(name);
  for await (const piece of pieces) {
    digester.update(piece);
    await sink.write(piece);
  }
  return digester.digest();
}

async function* lines<T>(records: AsyncIterable<T>, line: (record: T) => string): AsyncIterable<string> {
  for await (const record of records) yield `${line(record)}\n`;
}

/** The committee's events of the period up to the newest seal, in global order, a page at a time. */
async function* committeeEvents(ledger: LedgerStore, inScope: InScope, sealedTo: number | null): AsyncIterable<RecordedEvent> {
  if (sealedTo === null) return;
  for (let after: number | null = null; ; ) {
    const page = await ledger.readAll({ after, maxCount: PAGE });
    for (const event of page) {
      if (event.position > sealedTo) return;
      if (inScope(event)) yield event;
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1].position;
  }
}

/**
 * Which seals the exported events fall in. Seals cover the ledger without gaps from its first
 * event, so the bundle carries the seals from the one covering the first exported event to the
 * newest (the verifier checks their chain), and trees are rebuilt only for the covering ones.
 */
class CoveringSeals {
  readonly sealedTo: number | null;
  private readonly covered = new Set<number>();
  private first: number | null = null;
  private index = 0;

  constructor(private readonly seals: readonly StoredSeal[]) {
    this.sealedTo = seals.length ? seals[seals.length - 1].seal.to : null;
  }

  cover(position: number): void {
    while (this.index < this.seals.length && this.seals[this.index].seal.to < position) this.index++;
    const seal = this.seals[this.index]?.seal;
    if (!seal || seal.from > position) throw new Error(`event at position ${position} is not sealed`);
    this.first ??= this.index;
    this.covered.add(seal.sequence);
  }

  covers(sequence: number): boolean {
    return this.covered.has(sequence);
  }

  included(): readonly StoredSeal[] {
    return this.seals.slice(this.first ?? Math.max(this.seals.length - 1, 0));
  }
}

/** Each exported event's proof, seal by seal: the seal's leaves are read again and its tree built, one seal at a time. */
async function* proofs(ledger: LedgerStore, included: readonly StoredSeal[], covering: CoveringSeals, inScope: InScope): AsyncIterable<InclusionProof> {
  for (const { seal } of included) {
    if (!covering.covers(seal.sequence)) continue;
    const leaves = await ledger.readAll({ after: seal.after, maxCount: seal.leafCount });
    const tree = new MerkleTree(leaves.map((event) => leafHash({ position: event.position, hash: event.hash })));
    for (const [leafIndex, event] of leaves.entries()) {
      if (!inScope(event)) continue;
      yield { position: event.position, eventId: event.eventId, sealSequence: seal.sequence, leafIndex, path: tree.inclusionPath(leafIndex).map((node) => node.toString('hex')) };
    }
  }
}
