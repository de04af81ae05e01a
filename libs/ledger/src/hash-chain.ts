import { createHash } from 'node:crypto';
import type { EventMetadata, RecordedEvent } from '#contracts';
import { canonicalJson } from './canonical-json.js';

/** The parts of an event its hash covers. The global position is not among them: some
 * engines assign it only at commit. Global order is protected by seals instead. */
export interface HashedFields {
  prevHash: string;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  version: number;
  recordedAt: string;
  payload: unknown;
  metadata: EventMetadata;
}

export const GENESIS_HASH = '';

/** The definition: sha256 of the canonical JSON of the hashed fields. */
export function hashEvent(fields: HashedFields): string {
  const canonical = canonicalJson({
    prevHash: fields.prevHash,
    streamId: fields.streamId,
    revision: fields.revision,
    eventId: fields.eventId,
    type: fields.type,
    version: fields.version,
    recordedAt: fields.recordedAt,
    payload: fields.payload,
    metadata: fields.metadata,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * The same hash from the canonical JSON of the payload and of the metadata, already written:
 * a writer that stores those texts canonicalises each value once. The members are written in
 * canonical order by hand (keys sorted: eventId, metadata, payload, prevHash, recordedAt,
 * revision, streamId, type, version), each scalar as JSON.stringify writes it, so the text is
 * canonicalJson's of the whole event, byte for byte (hash-chain.unit.spec.ts holds them equal).
 */
export function hashOfTexts(fields: Omit<HashedFields, 'payload' | 'metadata'>, payload: string, metadata: string): string {
  if (!Number.isFinite(fields.revision) || !Number.isFinite(fields.version)) throw new TypeError('canonical JSON refuses non-finite numbers');
  const canonical =
    `{"eventId":${JSON.stringify(fields.eventId)},"metadata":${metadata},"payload":${payload},"prevHash":${JSON.stringify(fields.prevHash)},` +
    `"recordedAt":${JSON.stringify(fields.recordedAt)},"revision":${JSON.stringify(fields.revision)},"streamId":${JSON.stringify(fields.streamId)},` +
    `"type":${JSON.stringify(fields.type)},"version":${JSON.stringify(fields.version)}}`;
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export type ChainProblem =
  | 'hash_mismatch'
  | 'broken_link'
  | 'revision_gap'
  | 'stream_mismatch';

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  firstBad?: { eventId: string; streamId: string; revision: number; problem: ChainProblem };
}

/**
 * Verifies one stream's events, given in revision order from revision 0: each event's hash
 * must match its content and each `prevHash` the hash before it. Reports the first bad one.
 */
export function verifyStreamChain(events: readonly RecordedEvent[]): ChainVerdict {
  let prevHash = GENESIS_HASH;
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    const problem = problemOf(event, index, prevHash, events[0].streamId);
    if (problem) {
      return {
        ok: false,
        checked: index,
        firstBad: { eventId: event.eventId, streamId: event.streamId, revision: event.revision, problem },
      };
    }
    prevHash = event.hash;
  }
  return { ok: true, checked: events.length };
}

function problemOf(
  event: RecordedEvent,
  index: number,
  expectedPrevHash: string,
  streamId: string,
): ChainProblem | null {
  if (event.streamId !== streamId) return 'stream_mismatch';
  if (event.revision !== index) return 'revision_gap';
  if (event.prevHash !== expectedPrevHash) return 'broken_link';
  if (hashEvent(event) !== event.hash) return 'hash_mismatch';
  return null;
}
