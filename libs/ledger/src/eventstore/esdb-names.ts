/**
 * Names the adapter reserves inside EventStoreDB.
 *
 * EventStoreDB keeps event ids unique only within a stream, while the port refuses an id
 * already used in another stream. So before appending, the adapter claims each event id in
 * a stream of its own (`ledger.eventid-<id>`), created with NO_STREAM: the first claimant
 * wins atomically and the claim names the stream the id belongs to.
 *
 * The claim's event type starts with '$', like EventStoreDB's own system events, so the
 * server-side filter that drops system events drops claims too, and a claim type can never
 * clash with a ledger event type (which are past-tense names).
 */
export const CLAIM_STREAM_PREFIX = 'ledger.eventid-';
export const CLAIM_EVENT_TYPE = '$ledger.eventid.claimed';

export function claimStreamOf(eventId: string): string {
  return `${CLAIM_STREAM_PREFIX}${eventId}`;
}

export interface ClaimData {
  streamId: string;
}

export function isClaimData(data: unknown): data is ClaimData {
  return typeof data === 'object' && data !== null && typeof (data as ClaimData).streamId === 'string';
}

/** Events of the ledger proper: not EventStoreDB's own ($-prefixed streams or types), not our claims. */
export function isLedgerRecord(streamId: string, type: string): boolean {
  return !streamId.startsWith('$') && !type.startsWith('$') && !streamId.startsWith(CLAIM_STREAM_PREFIX);
}

/** Ledger streams must not be mistaken for system streams or claims, by us or by EventStoreDB. */
export function assertLedgerStreamId(streamId: string): void {
  if (!streamId || streamId.length > 200) throw new TypeError('stream id must be 1 to 200 characters');
  if (streamId.startsWith('$')) throw new TypeError(`stream id ${streamId} would be an EventStoreDB system stream`);
  if (streamId.startsWith(CLAIM_STREAM_PREFIX)) throw new TypeError(`stream id ${streamId} is reserved for event id claims`);
}

/** A stream nobody writes to: reading it answers whether the server is reachable. */
export const PING_STREAM = 'ledger.ping';
