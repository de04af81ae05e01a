import type { EventMetadata } from './envelope.js';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): `traceparent` is
 * `<version>-<trace-id>-<parent-id>-<flags>` in lower-case hex. A caller's trace id rides in
 * the metadata of every fact its request causes, and from there in the `traceparent` header
 * of every bus message (HEADERS.traceId), so one trace follows a donation through intake,
 * compliance, rewards and reporting.
 */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The `traceparent` a request carried, or undefined when it carried none or one the
 * specification says to ignore (version ff, an all-zero id, upper case, a version-00 header
 * with more fields). Later versions may add fields: only the four known ones are kept.
 */
export function parseTraceparent(header: string | undefined | null): string | undefined {
  if (typeof header !== 'string' || header.length > 512) return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId, parentId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  return `${version}-${traceId}-${parentId}-${flags}`;
}

/** The events with the trace of what caused them (unchanged when there is none). */
export function withTrace<T extends { metadata: EventMetadata }>(events: T[], traceId: string | undefined): T[] {
  if (!traceId) return events;
  return events.map((event) => ({ ...event, metadata: { ...event.metadata, traceId } }));
}
