import { jsonEvent, type EventData, type JSONType, type RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import type { EventMetadata, NewEvent, RecordedEvent } from '#contracts';
import { canonicalJson } from '../canonical-json.js';
import { hashEvent } from '../hash-chain.js';
import { toLedgerPosition, type CurrentRevision } from './esdb-mapping.js';

/** Bumped if the stored layout below ever changes; readers refuse layouts they do not know. */
export const ENVELOPE_FORMAT = 1;

/** Our part of an event's EventStoreDB metadata. The payload is stored as the event's data. */
export interface LedgerEnvelope {
  format: typeof ENVELOPE_FORMAT;
  version: number;
  metadata: EventMetadata;
  recordedAt: string;
  prevHash: string;
  hash: string;
}

/**
 * An event's metadata as stored. `$correlationId` and `$causationId` follow EventStoreDB's
 * own convention so its UI and `$by_correlation_id` projection work; they repeat what the
 * envelope holds and are outside the hash.
 */
export interface StoredMetadata {
  $correlationId: string;
  $causationId: string;
  ledger: LedgerEnvelope;
}

/**
 * Stored data must be exactly what was hashed. Taking payload and metadata through
 * canonical JSON refuses what JSON cannot carry (bigint, NaN) at append time, and drops
 * what it would silently change (undefined members), before the hash is computed.
 */
export function normalizeJson<T>(value: T): T {
  return JSON.parse(canonicalJson(value)) as T;
}

/** Gives each new event its revision, record time and the hash of the event before it. */
export function chainEvents(
  streamId: string,
  current: CurrentRevision,
  lastHash: string,
  events: readonly NewEvent[],
  recordedAt: string,
): RecordedEvent[] {
  let prevHash = lastHash;
  return events.map((event, index) => {
    const fields = {
      eventId: event.eventId,
      type: event.type,
      version: event.version,
      payload: normalizeJson(event.payload),
      metadata: normalizeJson(event.metadata),
      streamId,
      revision: current + 1 + index,
      recordedAt,
      prevHash,
    };
    const hash = hashEvent(fields);
    prevHash = hash;
    // The position is assigned by the server; nobody reads it from these records.
    return { ...fields, position: -1, hash };
  });
}

export function encodeMetadata(record: RecordedEvent): StoredMetadata {
  return {
    $correlationId: record.metadata.correlationId,
    $causationId: record.metadata.causationId,
    ledger: {
      format: ENVELOPE_FORMAT,
      version: record.version,
      metadata: record.metadata,
      recordedAt: record.recordedAt,
      prevHash: record.prevHash,
      hash: record.hash,
    },
  };
}

export function toEventData(record: RecordedEvent): EventData {
  return jsonEvent({
    id: record.eventId,
    type: record.type,
    // Payloads are JSON values; the client serialises whatever it is given with JSON.stringify.
    data: record.payload as JSONType,
    metadata: encodeMetadata(record),
  });
}

/** Our RecordedEvent from what the client read; refuses anything this adapter did not write. */
export function fromEsdbRecord(recorded: EsdbRecordedEvent): RecordedEvent {
  const where = `${recorded.streamId}@${recorded.revision} (${recorded.id})`;
  if (!recorded.isJson || recorded.data instanceof Uint8Array) {
    throw new TypeError(`${where} is not a ledger event: its data is not JSON`);
  }
  const envelope = decodeMetadata(recorded.metadata, where);
  return {
    eventId: recorded.id,
    type: recorded.type,
    version: envelope.version,
    payload: recorded.data,
    metadata: envelope.metadata,
    streamId: recorded.streamId,
    revision: Number(recorded.revision),
    position: positionOfRecord(recorded),
    recordedAt: envelope.recordedAt,
    prevHash: envelope.prevHash,
    hash: envelope.hash,
  };
}

/** Stream reads carry positions from EventStoreDB 22.6 on; without one we cannot keep the port. */
export function positionOfRecord(recorded: Pick<EsdbRecordedEvent, 'position' | 'streamId' | 'revision'>): number {
  if (!recorded.position) {
    throw new Error(
      `EventStoreDB returned ${recorded.streamId}@${recorded.revision} without its position; the server must be 22.10 or newer`,
    );
  }
  return toLedgerPosition(recorded.position.commit);
}

export function decodeMetadata(raw: unknown, where: string): LedgerEnvelope {
  const envelope = (raw as Partial<StoredMetadata> | undefined)?.ledger;
  if (typeof envelope !== 'object' || envelope === null) {
    throw new TypeError(`${where} is not a ledger event: its metadata has no ledger envelope`);
  }
  const problems = envelopeProblems(envelope);
  if (problems.length) throw new TypeError(`${where} has a malformed ledger envelope: ${problems.join(', ')}`);
  return envelope;
}

const REQUIRED_METADATA = ['occurredAt', 'correlationId', 'causationId', 'committeeId'] as const;

function envelopeProblems(envelope: Partial<LedgerEnvelope>): string[] {
  const problems: string[] = [];
  if (envelope.format !== ENVELOPE_FORMAT) problems.push(`unknown format ${String(envelope.format)}`);
  if (!Number.isSafeInteger(envelope.version)) problems.push('version is not an integer');
  for (const field of ['recordedAt', 'prevHash', 'hash'] as const) {
    if (typeof envelope[field] !== 'string') problems.push(`${field} is not a string`);
  }
  const metadata = envelope.metadata as Partial<EventMetadata> | undefined;
  if (typeof metadata !== 'object' || metadata === null) return [...problems, 'metadata is missing'];
  for (const field of REQUIRED_METADATA) {
    if (typeof metadata[field] !== 'string') problems.push(`metadata.${field} is not a string`);
  }
  return problems;
}
