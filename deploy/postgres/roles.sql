-- Hustings on PostgreSQL, least privilege: one login role and one schema per app.
--
--   psql "postgres://<admin>@<host>/hustings" -v ON_ERROR_STOP=1 -f deploy/postgres/roles.sql
--   then, for each app:  ALTER ROLE hustings_intake PASSWORD '...';   (from your secret manager)
--
-- Run it as the database's owner before the first start, and again after an upgrade (it is
-- idempotent). Then start intake first: it makes the donor key tables reporting reads.
--
-- What each role may do:
--   hustings_<app>          owns schema <app> (its read models, migrations, checkpoints); no
--                           other app can even look into it.
--   donor_keys              the donors' data keys, wrapped: owned by hustings_intake (seals,
--                           erases, rewraps); hustings_reporting may read them (filings with
--                           personal data); compliance and rewards have no access at all.
--   hustings_auth           API keys: every app reads them; intake stores the bootstrap admin key;
--                           issuing and revoking keys (`npm run keys`) uses the admin connection.
--   the database            CONNECT, and CREATE only because an app's start runs
--                           `CREATE SCHEMA IF NOT EXISTS`, which PostgreSQL checks even for a
--                           schema that exists; PUBLIC gets nothing.
--   ledger                  the SQL ledger (LEDGER=sql, when LEDGER_SQL_URL is this database):
--                           owned by hustings_intake, which sets it up at start (start it first)
--                           and runs the relay, whose checkpoint (relay_checkpoints) is its own.
--                           The other apps read every table and append through ledger.append_groups
--                           alone (it runs with the owner's rights and checks each stream's
--                           revision and hash chain): EXECUTE on it, SELECT, and no INSERT, UPDATE,
--                           DELETE or TRUNCATE on any table. Reporting appends only the ledger's
--                           seals that way; it is otherwise a reader. No sequences: positions come
--                           from transaction ids.
-- On EventStoreDB the ledger's least privilege is set there, one user per app (deploy/README.md).

REVOKE ALL ON SCHEMA public FROM PUBLIC;

DO $$
DECLARE
  app text;
BEGIN
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
  FOREACH app IN ARRAY ARRAY['intake', 'compliance', 'rewards', 'reporting'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hustings_' || app) THEN
      EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT', 'hustings_' || app);
    END IF;
    EXECUTE format('GRANT CONNECT, CREATE ON DATABASE %I TO %I', current_database(), 'hustings_' || app);
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', app, 'hustings_' || app);
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', app, 'hustings_' || app);
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', app);
  END LOOP;
END
$$;

-- Donor keys: intake's. Reporting reads; it runs the schema's migrations too, which only look
-- (intake has made the tables), and its CREATE here lets TypeORM's "IF NOT EXISTS" checks pass.
CREATE SCHEMA IF NOT EXISTS donor_keys AUTHORIZATION hustings_intake;
ALTER SCHEMA donor_keys OWNER TO hustings_intake;
REVOKE ALL ON SCHEMA donor_keys FROM PUBLIC;
GRANT USAGE ON SCHEMA donor_keys TO hustings_reporting;
ALTER DEFAULT PRIVILEGES FOR ROLE hustings_intake IN SCHEMA donor_keys GRANT SELECT ON TABLES TO hustings_reporting;
GRANT SELECT ON ALL TABLES IN SCHEMA donor_keys TO hustings_reporting;

-- API keys: made here, so that whichever app starts first finds them and owns nothing shared.
CREATE SCHEMA IF NOT EXISTS hustings_auth AUTHORIZATION hustings_intake;
ALTER SCHEMA hustings_auth OWNER TO hustings_intake;
REVOKE ALL ON SCHEMA hustings_auth FROM PUBLIC;
-- CREATE on the schema: every app's start runs `CREATE TABLE IF NOT EXISTS` for the table below.
GRANT USAGE, CREATE ON SCHEMA hustings_auth TO hustings_compliance, hustings_rewards, hustings_reporting;
CREATE TABLE IF NOT EXISTS hustings_auth.api_keys (
  key_id text PRIMARY KEY, key_hash text NOT NULL UNIQUE, tenant_id text NOT NULL,
  roles text[] NOT NULL CHECK (cardinality(roles) > 0), label text NOT NULL,
  created_at timestamptz NOT NULL, revoked_at timestamptz);
ALTER TABLE hustings_auth.api_keys OWNER TO hustings_intake;
REVOKE ALL ON hustings_auth.api_keys FROM PUBLIC;
GRANT SELECT ON hustings_auth.api_keys TO hustings_compliance, hustings_rewards, hustings_reporting;

-- The SQL ledger: intake's; the others read, and append only through the owner's function.
-- Default privileges cover what intake creates after this runs (a fresh database); the grants
-- on ALL cover what it created before (a re-run after an upgrade). EXECUTE on a new function is
-- PUBLIC's unless revoked, and only the global default can revoke it.
CREATE SCHEMA IF NOT EXISTS ledger AUTHORIZATION hustings_intake;
ALTER SCHEMA ledger OWNER TO hustings_intake;
REVOKE ALL ON SCHEMA ledger FROM PUBLIC;
GRANT USAGE ON SCHEMA ledger TO hustings_compliance, hustings_rewards, hustings_reporting;
ALTER DEFAULT PRIVILEGES FOR ROLE hustings_intake REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE hustings_intake IN SCHEMA ledger GRANT SELECT ON TABLES TO hustings_compliance, hustings_rewards, hustings_reporting;
ALTER DEFAULT PRIVILEGES FOR ROLE hustings_intake IN SCHEMA ledger GRANT EXECUTE ON FUNCTIONS TO hustings_compliance, hustings_rewards, hustings_reporting;
REVOKE ALL ON ALL TABLES IN SCHEMA ledger FROM PUBLIC, hustings_compliance, hustings_rewards, hustings_reporting;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ledger FROM PUBLIC, hustings_compliance, hustings_rewards, hustings_reporting;
GRANT SELECT ON ALL TABLES IN SCHEMA ledger TO hustings_compliance, hustings_rewards, hustings_reporting;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ledger TO hustings_compliance, hustings_rewards, hustings_reporting;
