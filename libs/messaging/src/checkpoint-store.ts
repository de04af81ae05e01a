import { identifier, type Lease, type SqlDatabase } from '#sql';

/** Where a follower of the ledger keeps the position it has finished with. */
export interface CheckpointStore {
  load(subscriber: string): Promise<number | null>;
  save(subscriber: string, position: number): Promise<void>;
  /** Exclusive right to advance `subscriber`, or null while another process holds it. */
  tryLease?(subscriber: string): Promise<Lease | null>;
}

export class SqlCheckpointStore implements CheckpointStore {
  private constructor(
    private readonly db: SqlDatabase,
    private readonly table: string,
  ) {}

  static async open(db: SqlDatabase, schema: string): Promise<SqlCheckpointStore> {
    const table = `${identifier(schema)}.relay_checkpoints`;
    // A table already there is not made again: a role that may not create in the schema (every
    // app but the relay's, deploy/postgres/roles.sql) still starts.
    const { rows } = await db.query<{ found: string | null }>(`SELECT to_regclass($1)::text AS found`, [table]);
    if (rows[0]?.found) return new SqlCheckpointStore(db, table);
    await db.transaction(async (session) => {
      await session.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`hustings-checkpoints-${schema}`]);
      await session.exec(`
        CREATE SCHEMA IF NOT EXISTS ${identifier(schema)};
        CREATE TABLE IF NOT EXISTS ${table} (
          subscriber text PRIMARY KEY,
          position bigint NOT NULL,
          updated_at timestamptz NOT NULL DEFAULT now()
        );`);
    });
    return new SqlCheckpointStore(db, table);
  }

  async load(subscriber: string): Promise<number | null> {
    const { rows } = await this.db.query<{ position: string }>(
      `SELECT position FROM ${this.table} WHERE subscriber = $1`,
      [subscriber],
    );
    return rows.length ? Number(rows[0].position) : null;
  }

  tryLease(subscriber: string): Promise<Lease | null> {
    return this.db.tryLease(`hustings-follower:${this.table}:${subscriber}`);
  }

  /** Never moves a checkpoint backwards, whatever order two writers land in. */
  async save(subscriber: string, position: number): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.table} (subscriber, position) VALUES ($1, $2)
       ON CONFLICT (subscriber) DO UPDATE SET position = GREATEST(${this.table}.position, EXCLUDED.position), updated_at = now()`,
      [subscriber, String(position)],
    );
  }
}
