import process from 'node:process';
import { GroupedStatement, inLane, type SqlSession } from '#sql';
import type { RecordedEvent } from '#contracts';
import type { StreamTailRequest } from '../ledger-store.port.js';
import type { Snapshot, SnapshotStore, SnapshotTail, SnapshotTailRequest } from '../snapshot-store.port.js';
import { EVENT_COLUMNS, toRecorded, type EventRow } from './sql-ledger.rows.js';

/** Events folded since a stream's last snapshot before the next is taken, unless the ledger is opened with another. */
export const DEFAULT_SNAPSHOT_INTERVAL = 50;

/** About this many characters of states go in one statement of snapshot writes (one state may be more). */
const WRITE_CHUNK_CHARS = 1 << 20;

/** A row of readTails: an event of a stream's tail (null columns: the stream has no tail), the snapshot's state on its first. */
type TailRow = { [K in keyof EventRow]: EventRow[K] | null } & { i: string; snapshot_revision: string | null; state: string | null };

/**
 * Snapshots in the SQL ledger's own database (table `snapshots` of its schema): one row per
 * stream and codec schema, replaced only by a later revision. A snapshot is read only when its
 * revision is no later than its stream's (a snapshots table restored beside an older ledger is
 * passed over), and with the events after it in the same statement. Offers are written in the
 * background, those made meanwhile in one statement; a failed write is reported as a process
 * warning (the first, then every hundredth).
 */
export class SqlSnapshotStore implements SnapshotStore {
  private pending: Snapshot[] = [];
  private writing: Promise<void> | null = null;
  private readonly reads: GroupedStatement<readonly SnapshotTailRequest[], SnapshotTail[]>;
  failures = 0;

  constructor(
    private readonly db: SqlSession,
    /** The ledger's schema, quoted. */
    private readonly s: string,
    readonly interval: number,
    /** The ledger this store is beside: told each stream's last event read (as its own tail reads tell its writer), and asked for a stream whose snapshot is not JSON. */
    private readonly ledger: { noteHead(event: RecordedEvent): void; readStreams(requests: StreamTailRequest[]): Promise<RecordedEvent[][]> },
  ) {
    if (!Number.isSafeInteger(interval) || interval < 1) throw new RangeError(`snapshot interval must be a positive integer, got ${interval}`);
    this.reads = new GroupedStatement(async (groups) => {
      const found = await this.readNow(groups.flat());
      let at = 0;
      return groups.map((group) => found.slice(at, (at += group.length)));
    });
  }

  readTails(requests: readonly SnapshotTailRequest[]): Promise<SnapshotTail[]> {
    return requests.length === 0 ? Promise.resolve([]) : this.reads.submit(requests);
  }

  private async readNow(requests: readonly SnapshotTailRequest[]): Promise<SnapshotTail[]> {
    // A stream asked for twice under one schema (or none) is read once, from the earlier revision.
    const unique = new Map<string, { streamId: string; schema: string | null; after: number }>();
    const keyOf = (r: SnapshotTailRequest) => `${r.schema ?? ''}\u0000${r.streamId}`;
    for (const r of requests) {
      const known = unique.get(keyOf(r));
      unique.set(keyOf(r), { streamId: r.streamId, schema: r.schema, after: Math.min(known?.after ?? Infinity, r.afterRevision ?? -1) });
    }
    const asked = [...unique.values()];
    const { rows } = await this.db.query<TailRow>(
      // Each stream's snapshot (when it has one later than asked, and no later than the stream),
      // then its tail after it through the (stream_id, revision) index, as the ledger's own tail
      // reads go. The snapshot's state comes on the tail's first row only (revisions are dense, so
      // that row is the snapshot's revision + 1), or on the one empty row of a stream with no tail.
      `SELECT q.i, n.revision AS snapshot_revision,
              CASE WHEN e.revision IS NULL OR e.revision = n.revision + 1 THEN n.state END AS state, e.*
         FROM unnest($1::text[], $2::bigint[], $3::text[]) WITH ORDINALITY AS q(sid, after, codec, i)
         LEFT JOIN LATERAL (SELECT n.revision, n.state FROM ${this.s}.snapshots n
                             WHERE n.stream_id = q.sid AND n.codec = q.codec AND n.revision > q.after
                               AND n.revision <= (SELECT t.revision FROM ${this.s}.streams t WHERE t.stream_id = q.sid)) n ON true
         LEFT JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM ${this.s}.events
                             WHERE stream_id = q.sid AND revision > greatest(q.after, n.revision) ORDER BY revision OFFSET 0) e ON true
        ORDER BY q.i, e.revision`,
      [asked.map((a) => a.streamId), asked.map((a) => String(a.after)), asked.map((a) => a.schema)],
    );
    const answers: SnapshotTail[] = asked.map(() => ({ snapshot: null, events: [] }));
    const broken: number[] = [];
    for (const row of rows) {
      const n = Number(row.i) - 1;
      if (row.state !== null) {
        try {
          answers[n].snapshot = { streamId: asked[n].streamId, schema: asked[n].schema!, revision: Number(row.snapshot_revision), state: JSON.parse(row.state) };
        } catch {
          broken.push(n);
        }
      }
      if (row.event_id !== null) answers[n].events.push(toRecorded(row as EventRow));
    }
    // A snapshot that is not JSON (edited by hand) is passed over: its stream is read from where it was asked.
    if (broken.length > 0) {
      const whole = await this.ledger.readStreams(broken.map((n) => ({ streamId: asked[n].streamId, afterRevision: asked[n].after })));
      broken.forEach((n, k) => (answers[n].events = whole[k]));
    }
    for (const answer of answers) if (answer.events.length > 0) this.ledger.noteHead(answer.events[answer.events.length - 1]);
    const byKey = new Map([...unique.keys()].map((key, n) => [key, answers[n]]));
    return requests.map((r) => {
      const answer = byKey.get(keyOf(r))!;
      const from = Math.max(r.afterRevision ?? -1, answer.snapshot?.revision ?? -1);
      return { snapshot: answer.snapshot && answer.snapshot.revision > (r.afterRevision ?? -1) ? answer.snapshot : null, events: answer.events.filter((e) => e.revision > from) };
    });
  }

  offer(snapshots: readonly Snapshot[]): void {
    this.pending.push(...snapshots);
    this.writing ??= this.writeAll();
  }

  /** Settles once every snapshot offered so far is written or given up. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async writeAll(): Promise<void> {
    // Nobody waits on a snapshot: in the background lane, after what is running now.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const texts = latestOfEach(this.pending.splice(0)).map((snapshot) => ({ snapshot, text: JSON.stringify(snapshot.state) }));
      // In statements of about WRITE_CHUNK_CHARS each: on the embedded engine a statement holds
      // the ledger's one thread, and appends waiting behind a few megabytes of states would wait long.
      for (let at = 0; at < texts.length; ) {
        let size = 0;
        let end = at;
        while (end < texts.length && (end === at || size + texts[end].text.length <= WRITE_CHUNK_CHARS)) size += texts[end++].text.length;
        const chunk = texts.slice(at, (at = end));
        try {
          await inLane(false, () => this.writeNow(chunk));
        } catch (error) {
          if (this.failures++ % 100 === 0) process.emitWarning(`ledger snapshots: ${chunk.length} not written (${this.failures} failed writes so far): ${(error as Error).message}`);
        }
      }
    }
    this.writing = null;
  }

  private async writeNow(batch: readonly { snapshot: Snapshot; text: string }[]): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.s}.snapshots AS n (stream_id, codec, revision, state)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[])
       ON CONFLICT (stream_id, codec) DO UPDATE SET revision = excluded.revision, state = excluded.state, taken_at = now()
        WHERE n.revision < excluded.revision`,
      [batch.map((b) => b.snapshot.streamId), batch.map((b) => b.snapshot.schema), batch.map((b) => String(b.snapshot.revision)), batch.map((b) => b.text)],
    );
  }
}

/** One snapshot per stream and schema, the latest: a statement may not set one row twice. */
function latestOfEach(snapshots: readonly Snapshot[]): Snapshot[] {
  const latest = new Map<string, Snapshot>();
  for (const s of snapshots) {
    const key = `${s.schema}\u0000${s.streamId}`;
    const known = latest.get(key);
    if (!known || known.revision < s.revision) latest.set(key, s);
  }
  return [...latest.values()];
}
