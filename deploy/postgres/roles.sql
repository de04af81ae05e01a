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
-- The ledger's least privilege is set on EventStoreDB, one user per app (deploy/README.md).

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
