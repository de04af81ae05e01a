import { identifier } from '#sql';

/**
 * The ledger's tables. `events` refuses UPDATE, DELETE and TRUNCATE through triggers, so
 * even a careless operator with write access cannot edit history by accident; a deliberate
 * intruder who lifts the triggers is caught by the hash chain and the seals.
 *
 * Positions come from one row, `ledger_head`, updated inside each append transaction. The
 * row lock serialises the moment positions are handed out, so positions commit in order
 * and a reader that saw position N has seen everything before it: checkpoints never skip.
 */
export function ledgerSchemaSql(schema: string): string {
  const s = identifier(schema);
  return `
    CREATE SCHEMA IF NOT EXISTS ${s};
    CREATE TABLE IF NOT EXISTS ${s}.ledger_head (
      id smallint PRIMARY KEY CHECK (id = 1),
      position bigint NOT NULL
    );
    INSERT INTO ${s}.ledger_head (id, position) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
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
  `;
}
