import type { OutgoingMessage } from '../event-bus.port.js';

/** What a record costs on the wire besides its key, value and headers (lengths, offsets, attributes). */
const RECORD_OVERHEAD_BYTES = 32;

/** A message's size as the broker counts it against its limit, near enough (uncompressed). */
export function messageBytes(message: OutgoingMessage): number {
  let bytes = RECORD_OVERHEAD_BYTES + Buffer.byteLength(message.key) + message.value.length;
  for (const [name, value] of Object.entries(message.headers)) bytes += Buffer.byteLength(name) + Buffer.byteLength(value) + 2;
  return bytes;
}

/**
 * Cuts a publish into produce requests of at most `maxBytes` each, in order. The broker refuses
 * a record batch over its `message.max.bytes` (1 MiB by default), and a relay catching up sends
 * hundreds of events in one publish; when one committee's events all went to one partition,
 * the batch was refused, retried as it was, and refused again: the relay stopped for good.
 * A message bigger than the budget goes alone (the broker's answer is then the last word).
 */
export function produceRequests(messages: readonly OutgoingMessage[], maxBytes: number): OutgoingMessage[][] {
  const requests: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = messageBytes(message);
    if (current.length > 0 && bytes + size > maxBytes) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}
