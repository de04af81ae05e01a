/**
 * The envelope every ledger fact travels in. `NewEvent` is what a writer hands to the
 * ledger; `RecordedEvent` is what the ledger gives back once the fact is stored, with the
 * stream revision, global position, record time and hash chain it assigned.
 */
export interface EventMetadata {
  /** When the fact happened in the world (ISO 8601, UTC). Comes from the command, never the clock of the decider. */
  occurredAt: string;
  correlationId: string;
  causationId: string;
  committeeId: string;
  /** Keyed hash of the donor's identity where the fact concerns one donor; it keys Kafka messages. */
  donorId?: string;
  /** Who decided the fact (a service or a person), where it matters for the audit trail. */
  actor?: string;
  traceId?: string;
}

export interface NewEvent<TType extends string = string, TPayload = unknown> {
  eventId: string;
  type: TType;
  version: number;
  payload: TPayload;
  metadata: EventMetadata;
}

export interface RecordedEvent<TType extends string = string, TPayload = unknown>
  extends NewEvent<TType, TPayload> {
  streamId: string;
  /** Zero-based position of the event inside its stream. */
  revision: number;
  /** Position of the event in the whole ledger; strictly increasing, never reused. */
  position: number;
  recordedAt: string;
  /** Hash of the previous event of the same stream ('' for revision 0). */
  prevHash: string;
  /** SHA-256 over the event's canonical form and `prevHash`. */
  hash: string;
}
