/** The last event of a stream as this process last saw it: its revision and hash. */
export interface StreamHead {
  revision: number;
  hash: string;
}

const MAX_STREAMS = 100_000;

/**
 * What this process believes each stream's head to be, so an append can chain its events
 * without first asking the database. A belief is only a hint: the append function checks it
 * under the stream's lock, and a wrong one is answered with the true head. Bounded: the
 * oldest beliefs are forgotten first (a Map keeps insertion order).
 */
export class StreamHeads {
  private readonly heads = new Map<string, StreamHead>();

  get(streamId: string): StreamHead | undefined {
    return this.heads.get(streamId);
  }

  set(streamId: string, head: StreamHead): void {
    const known = this.heads.get(streamId);
    if (known && known.revision > head.revision) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > MAX_STREAMS) this.heads.delete(this.heads.keys().next().value as string);
  }
}
