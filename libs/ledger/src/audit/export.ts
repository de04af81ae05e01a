import type { RecordedEvent } from '#contracts';
import type { LedgerStore } from '../ledger-store.port.js';
import { LedgerSealer, readSeals, type StoredSeal } from '../seal/sealer.js';
import type { SealingKey } from '../seal/seal.js';
import { buildAuditBundle, type BundleFiles, type SealWithLeaves } from './bundle.js';

export interface AuditExportRequest {
  committeeId: string;
  tenantId: string | null;
  /** recordedAt in [from, to), ISO 8601. */
  from: string;
  to: string;
  /** Filings to carry in the bundle with their digests, by file name. */
  filings?: Readonly<Record<string, string>>;
}

const PAGE = 1000;

/**
 * Seals the ledger up to its head, then gathers the committee's events of the period and
 * every seal from the one covering the first of them to the newest, with the leaves each
 * covering seal needs for its inclusion proofs. Reads the ledger from the start: an audit
 * export is rare and the ledger has no index by committee.
 */
export async function exportAuditBundle(
  ledger: LedgerStore,
  key: SealingKey,
  request: AuditExportRequest,
  clock: () => Date = () => new Date(),
): Promise<BundleFiles> {
  await new LedgerSealer(ledger, key, clock).sealToHead();
  const seals = await readSeals(ledger);
  const sealedTo = seals.length ? seals[seals.length - 1].seal.to : null;
  const events = sealedTo === null ? [] : await committeeEvents(ledger, request, sealedTo);
  const firstCovering = events.length ? seals.findIndex((s) => s.seal.to >= events[0].position) : seals.length - 1;
  const included = seals.slice(Math.max(firstCovering, 0));
  const positions = new Set(events.map((event) => event.position));
  const withLeaves: SealWithLeaves[] = [];
  for (const stored of included) withLeaves.push({ seal: stored.seal, leaves: await leavesIfNeeded(ledger, stored, positions) });
  return buildAuditBundle({
    committeeId: request.committeeId,
    tenantId: request.tenantId,
    period: { from: new Date(request.from).toISOString(), to: new Date(request.to).toISOString() },
    exportedAt: clock().toISOString(),
    events,
    seals: withLeaves,
    key,
    filings: request.filings,
  });
}

async function committeeEvents(ledger: LedgerStore, request: AuditExportRequest, sealedTo: number): Promise<RecordedEvent[]> {
  const from = Date.parse(request.from);
  const to = Date.parse(request.to);
  const found: RecordedEvent[] = [];
  let after: number | null = null;
  for (;;) {
    const page = await ledger.readAll({ after, maxCount: PAGE });
    for (const event of page) {
      if (event.position > sealedTo) return found;
      const recordedAt = Date.parse(event.recordedAt);
      if (event.metadata.committeeId === request.committeeId && recordedAt >= from && recordedAt < to) found.push(event);
    }
    if (page.length < PAGE) return found;
    after = page[page.length - 1].position;
  }
}

/** The leaves of a seal that covers one of the exported events; none for the others. */
async function leavesIfNeeded(ledger: LedgerStore, stored: StoredSeal, positions: ReadonlySet<number>): Promise<SealWithLeaves['leaves']> {
  const { seal } = stored;
  if (![...positions].some((position) => position >= seal.from && position <= seal.to)) return [];
  const events = await ledger.readAll({ after: seal.after, maxCount: seal.leafCount });
  return events.map((event) => ({ position: event.position, hash: event.hash }));
}
