import { identifier } from '#sql';
import { appendFunctionSql } from './sql-ledger.append-function.js';

/**
 * The ledger's tables. `events` refuses UPDATE, DELETE and TRUNCATE through triggers, so
 * even a careless operator with write access cannot edit history by accident; a deliberate
 * intruder who lifts the triggers is caught by the hash chain and the seals.
 *
 * Appends go through one function, `append_groups` (sql-ledger.append-function.ts): it locks
 * only the rows of the streams it writes and derives positions from its transaction id, so
 * nothing global is locked and readers still see a prefix that never grows in the middle.
 * (Ledgers made before kept a `ledger_head` row; it is no longer read or written.)
 *
 * `snapshots` is no part of the record: folded states kept to shorten reads
 * (sql-snapshot-store.ts), which anyone may drop at any time; only the events are audited.
 */
/** Bumped whenever the statements below change; a ledger that carries it needs no set-up. */
const LEDGER_SCHEMA_VERSION = 'hustings-ledger-schema 8';

/**
 * Answers whether the ledger in `schema` is already set up at this version. Set-up replaces
 * triggers, which locks the events table: a process that starts beside running writers must
 * not make them wait for nothing.
 */
export function ledgerSchemaCurrentSql(schema: string): { sql: string; params: string[]; version: string } {
  return {
    sql: `SELECT obj_description(to_regnamespace($1)::oid, 'pg_namespace') AS version`,
    params: [schema],
    version: LEDGER_SCHEMA_VERSION,
  };
}

export function ledgerSchemaSql(schema: string): string {
  const s = identifier(schema);
  return `
    CREATE SCHEMA IF NOT EXISTS ${s};
    CREATE TABLE IF NOT EXISTS ${s}.streams (
      stream_id text PRIMARY KEY,
      revision bigint NOT NULL,
      last_hash text NOT NULL
    );
    CREATE TABLE IF NOT EXISTS ${s}.events (
      position bigint PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      stream_id text NOT NULL,
      revision bigint NOT NULL,
      type text NOT NULL,
      version integer NOT NULL,
      payload text NOT NULL,
      metadata text NOT NULL,
      recorded_at text NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      UNIQUE (stream_id, revision)
    );
    CREATE INDEX IF NOT EXISTS events_type_position ON ${s}.events (type, position);
    CREATE OR REPLACE FUNCTION ${s}.refuse_ledger_edit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger events are append-only: % refused', TG_OP;
      END;
    $$;
    CREATE OR REPLACE TRIGGER events_append_only_rows BEFORE UPDATE OR DELETE ON ${s}.events
      FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_ledger_edit();
    CREATE OR REPLACE TRIGGER events_append_only_truncate BEFORE TRUNCATE ON ${s}.events
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_ledger_edit();
    CREATE TABLE IF NOT EXISTS ${s}.checkpoints (
      subscriber text PRIMARY KEY,
      position bigint,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE IF NOT EXISTS ${s}.snapshots (
      stream_id text NOT NULL,
      codec text NOT NULL,
      revision bigint NOT NULL,
      state text NOT NULL,
      taken_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (stream_id, codec)
    );
    ${appendFunctionSql(s)}
    COMMENT ON SCHEMA ${s} IS '${LEDGER_SCHEMA_VERSION}';
  `;
}
