import { HEADERS, messageKeyFor, topicFor, upcast, type RecordedEvent } from '#contracts';
import { PermanentMessageError, type IncomingMessage, type OutgoingMessage } from './event-bus.port.js';

/** A ledger event as a bus message: the full recorded envelope as JSON, keyed by committee+donor. */
export function encodeEvent(event: RecordedEvent): OutgoingMessage | null {
  const topic = topicFor(event);
  if (!topic) return null;
  const headers: Record<string, string> = {
    [HEADERS.eventId]: event.eventId,
    [HEADERS.eventType]: event.type,
    [HEADERS.eventVersion]: String(event.version),
    [HEADERS.position]: String(event.position),
    [HEADERS.correlationId]: event.metadata.correlationId,
    [HEADERS.causationId]: event.metadata.causationId,
  };
  if (event.metadata.traceId) headers[HEADERS.traceId] = event.metadata.traceId;
  return { topic, key: messageKeyFor(event), value: Buffer.from(JSON.stringify(event), 'utf8'), headers };
}

/** Reads a bus message back as the current version of its event; bad bytes are permanent failures. */
export function decodeEvent(message: IncomingMessage): RecordedEvent {
  let parsed: RecordedEvent;
  try {
    parsed = JSON.parse(message.value.toString('utf8')) as RecordedEvent;
  } catch (error) {
    throw new PermanentMessageError(`message at ${message.topic}/${message.partition}/${message.offset} is not JSON`, {
      cause: error,
    });
  }
  const problems = envelopeProblems(parsed);
  if (problems.length) {
    throw new PermanentMessageError(`malformed event envelope: ${problems.join('; ')}`);
  }
  return upcast(parsed);
}

function envelopeProblems(event: Partial<RecordedEvent> | null): string[] {
  if (!event || typeof event !== 'object') return ['not an object'];
  const problems: string[] = [];
  for (const field of ['eventId', 'type', 'streamId', 'recordedAt', 'hash'] as const) {
    if (typeof event[field] !== 'string') problems.push(`${field} missing`);
  }
  for (const field of ['version', 'revision', 'position'] as const) {
    if (!Number.isSafeInteger(event[field])) problems.push(`${field} not an integer`);
  }
  if (!event.metadata || typeof event.metadata.committeeId !== 'string') problems.push('metadata.committeeId missing');
  if (event.payload === null || typeof event.payload !== 'object') problems.push('payload missing');
  return problems;
}
