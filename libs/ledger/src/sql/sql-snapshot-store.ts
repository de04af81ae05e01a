import process from 'node:process';
import { GroupedStatement, inLane, type SqlSession } from '#sql';
import type { Snapshot, SnapshotKey, SnapshotStore } from '../snapshot-store.port.js';

/** Events folded since a stream's last snapshot before the next is taken, unless the ledger is opened with another. */
export const DEFAULT_SNAPSHOT_INTERVAL = 50;

interface SnapshotRow {
  i: string;
  revision: string;
  state: string;
}

/**
 * Snapshots in the SQL ledger's own database (table `snapshots` of its schema): one row per
 * stream and codec schema, replaced only by a later revision. A snapshot is read only when its
 * revision is no later than its stream's (a snapshots table restored beside an older ledger is
 * passed over). Offers are written in the background, those made meanwhile in one statement;
 * a failed write is reported as a process warning (the first, then every hundredth).
 */
export class SqlSnapshotStore implements SnapshotStore {
  private pending: Snapshot[] = [];
  private writing: Promise<void> | null = null;
  private readonly reads: GroupedStatement<readonly SnapshotKey[], (Snapshot | null)[]>;
  failures = 0;

  constructor(
    private readonly db: SqlSession,
    /** The ledger's schema, quoted. */
    private readonly s: string,
    readonly interval: number = DEFAULT_SNAPSHOT_INTERVAL,
  ) {
    if (!Number.isSafeInteger(interval) || interval < 1) throw new RangeError(`snapshot interval must be a positive integer, got ${interval}`);
    this.reads = new GroupedStatement(async (groups) => {
      const found = await this.readNow(groups.flat());
      let at = 0;
      return groups.map((group) => found.slice(at, (at += group.length)));
    });
  }

  read(keys: readonly SnapshotKey[]): Promise<(Snapshot | null)[]> {
    return keys.length === 0 ? Promise.resolve([]) : this.reads.submit(keys);
  }

  private async readNow(keys: readonly SnapshotKey[]): Promise<(Snapshot | null)[]> {
    const { rows } = await this.db.query<SnapshotRow>(
      `SELECT q.i, n.revision, n.state
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(sid, codec, i)
         JOIN ${this.s}.snapshots n ON n.stream_id = q.sid AND n.codec = q.codec
         JOIN ${this.s}.streams t ON t.stream_id = q.sid AND t.revision >= n.revision`,
      [keys.map((k) => k.streamId), keys.map((k) => k.schema)],
    );
    const found: (Snapshot | null)[] = keys.map(() => null);
    for (const row of rows) {
      const key = keys[Number(row.i) - 1];
      let state: unknown;
      try {
        state = JSON.parse(row.state);
      } catch {
        continue;
      }
      found[Number(row.i) - 1] = { streamId: key.streamId, schema: key.schema, revision: Number(row.revision), state };
    }
    return found;
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
      const batch = latestOfEach(this.pending.splice(0));
      try {
        await inLane(false, () => this.writeNow(batch));
      } catch (error) {
        if (this.failures++ % 100 === 0) process.emitWarning(`ledger snapshots: ${batch.length} not written (${this.failures} failed writes so far): ${(error as Error).message}`);
      }
    }
    this.writing = null;
  }

  private async writeNow(batch: readonly Snapshot[]): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.s}.snapshots AS n (stream_id, codec, revision, state)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[])
       ON CONFLICT (stream_id, codec) DO UPDATE SET revision = excluded.revision, state = excluded.state, taken_at = now()
        WHERE n.revision < excluded.revision`,
      [batch.map((s) => s.streamId), batch.map((s) => s.schema), batch.map((s) => String(s.revision)), batch.map((s) => JSON.stringify(s.state))],
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
