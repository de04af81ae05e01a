/**
 * The append, as one server-side function, so a writer's whole batch is one round trip and
 * one transaction, and no row but the streams' own is ever locked.
 *
 * A call carries GROUPS (one stream each, chained by the client from a head it believes,
 * `g_base`) gathered into UNITS (a unit is all or nothing: a multi-stream append, or one
 * writer's single append). Each group ends in one status:
 * - `ok`: its events were inserted and the stream's head moved;
 * - `duplicate`: every one of its event ids was already in that stream (nothing written);
 * - `foreign` / `mixed`: an id is in another stream, or only some ids are stored (refused);
 * - `conflict`: the stream's head was not `g_base` (the client re-chains or refuses);
 * - `aborted`: another group of its unit failed, so nothing of the unit was written.
 *
 * POSITIONS. An event's global position is `xid * 65536 + n`, where xid is the appending
 * transaction's id and n its place among that transaction's events. Readers only read below
 * `pg_snapshot_xmin(pg_current_snapshot()) * 65536`: every transaction with a smaller id has
 * ended, so nothing can ever again appear below that line, and a subscriber's checkpoint can
 * never be overtaken by a late commit. Appends to different streams take no common lock, and
 * readers see a stable, gap-free prefix in transaction order (the idea of emmett's PostgreSQL
 * store, with the position itself carrying the transaction id so one number stays the
 * checkpoint). Positions are strictly increasing, not dense.
 *
 * PLANS. Every table the function reads it reads by key (a stream's head, an event's id), so its
 * statements are planned once per session, generically, with sequential scans ruled out: a plan
 * made while the ledger is small would otherwise scan every stream for `stream_id = ANY(...)`,
 * and keep doing so as the table grows until the next ANALYZE (measured on the distributed bench:
 * a quarter of the ledger's connections' CPU in a 35-second surge on a fresh database). The
 * session's own plan mode does not reach in (a preparing client's sessions plan every call).
 *
 * PRIVILEGE. The function runs with its owner's rights (SECURITY DEFINER, with a search path of
 * the catalog only, every table named with its schema): a writer's database role needs EXECUTE on
 * it and SELECT to read, never INSERT or UPDATE on the tables, so no writer can put a row in the
 * ledger that skips the revision and chain checks above (deploy/postgres/roles.sql).
 */
export const POSITIONS_PER_TRANSACTION = 65_536;

export function appendFunctionSql(s: string): string {
  return `
CREATE OR REPLACE FUNCTION ${s}.append_groups(
  g_stream text[], g_base bigint[], g_base_hash text[], g_unit int[], g_new_rev bigint[], g_new_hash text[],
  e_group int[], e_id uuid[], e_revision bigint[], e_type text[], e_version int[],
  e_payload text[], e_metadata text[], e_recorded_at text[], e_prev_hash text[], e_hash text[],
  notify_channel text
) RETURNS TABLE (grp int, status text, head_revision bigint, head_hash text, last_position bigint, detail text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $fn$
DECLARE
  n int := coalesce(array_length(g_stream, 1), 0);
  m int := coalesce(array_length(e_id, 1), 0);
  st text[] := array_fill('new'::text, ARRAY[n]);
  rev bigint[] := array_fill(NULL::bigint, ARRAY[n]);
  hsh text[] := array_fill(NULL::text, ARRAY[n]);
  pos bigint[] := array_fill(NULL::bigint, ARRAY[n]);
  det text[] := array_fill(NULL::text, ARRAY[n]);
  idx int[] := array_fill(NULL::int, ARRAY[m]);
  heads jsonb := '{}'::jsonb;
  again boolean[];
  unit_ok boolean;
  base bigint;
  k int := 0;
  r record;
  u int;
  i int;
  run_end int;
  gi int;
BEGIN
  -- 1. Lock the heads of the streams to write, always in stream-id order (no deadlock between
  --    two batches), creating the rows of streams that are new.
  INSERT INTO ${s}.streams (stream_id, revision, last_hash)
    SELECT DISTINCT g_stream[j], -1, '' FROM generate_subscripts(g_stream, 1) AS j
     WHERE st[j] = 'new' AND g_base[j] = -1 ORDER BY 1
  ON CONFLICT (stream_id) DO NOTHING;
  -- One aggregate builds the map (concatenating it stream by stream copied it each time).
  -- \`= ANY(array)\` is an index lookup per stream whatever the plan; the join on a set-returning
  -- function it replaced was planned for 1,000 rows once the plan went generic, as a hash join
  -- over a scan of every stream: each append cost time in proportion to the ledger's streams.
  SELECT coalesce(jsonb_object_agg(t.stream_id, jsonb_build_array(t.revision, t.last_hash)), '{}'::jsonb) INTO heads
    FROM (SELECT h.stream_id, h.revision, h.last_hash FROM ${s}.streams h
           WHERE h.stream_id = ANY (g_stream)
           ORDER BY h.stream_id FOR UPDATE) t;
  -- Streams written by more than one group: only their heads move in the map as units apply.
  SELECT array_agg(x.cnt > 1 ORDER BY x.o) INTO again
    FROM (SELECT u.o, count(*) OVER (PARTITION BY u.sid) AS cnt FROM unnest(g_stream) WITH ORDINALITY AS u(sid, o)) x;

  -- 2. Ids already stored: duplicates answer with the original result, foreign ids refuse.
  --    Read after the locks: a copy of this very append that held a lock we waited for has
  --    committed by now, so its events are seen here and answered as duplicates.
  FOR r IN
    SELECT x.g, count(*) AS total, count(ev.event_id) AS found,
           min(ev.stream_id) FILTER (WHERE ev.stream_id <> g_stream[x.g]) AS other_stream,
           min(ev.event_id::text) FILTER (WHERE ev.stream_id <> g_stream[x.g]) AS other_id,
           min(x.id::text) FILTER (WHERE ev.event_id IS NULL) AS fresh_id,
           min(ev.event_id::text) AS stored_id,
           max(ev.revision) AS last_rev, max(ev.position) AS last_pos
      FROM unnest(e_group, e_id) AS x(g, id)
      -- A lookup by id per event, whatever the table's size when the plan was made: a plan
      -- cached while the ledger was small hashed the ids and scanned every event thereafter.
      LEFT JOIN LATERAL (SELECT e.event_id, e.stream_id, e.revision, e.position FROM ${s}.events e WHERE e.event_id = x.id LIMIT 1) ev ON true
     GROUP BY x.g
  LOOP
    IF r.found = 0 THEN CONTINUE; END IF;
    IF r.other_stream IS NOT NULL THEN
      st[r.g] := 'foreign'; det[r.g] := r.other_id || ' ' || r.other_stream;
    ELSIF r.found < r.total THEN
      st[r.g] := 'mixed'; det[r.g] := r.stored_id || ' ' || r.fresh_id;
    ELSE
      st[r.g] := 'duplicate'; rev[r.g] := r.last_rev; pos[r.g] := r.last_pos;
    END IF;
  END LOOP;

  -- 3. Units in order, each against the heads as the units before it left them. The writer
  --    numbers units in call order, group after group, so each unit is one run of groups and
  --    one pass over the groups does (a call whose units are out of order is refused).
  i := 1;
  WHILE i <= n LOOP
    u := g_unit[i];
    -- (A missing unit, NULL, would also stop the run where it starts, and the pass with it.)
    IF u IS NULL OR (i > 1 AND u < g_unit[i - 1]) THEN RAISE EXCEPTION 'append_groups: every group needs a unit, and units must come in order, group after group'; END IF;
    run_end := i;
    unit_ok := true;
    WHILE run_end <= n AND g_unit[run_end] = u LOOP
      IF st[run_end] IN ('foreign', 'mixed') THEN
        unit_ok := false;
      ELSIF st[run_end] = 'new' THEN
        base := coalesce((heads -> g_stream[run_end] ->> 0)::bigint, -1);
        IF base <> g_base[run_end] OR coalesce(heads -> g_stream[run_end] ->> 1, '') <> g_base_hash[run_end] THEN
          st[run_end] := 'conflict'; rev[run_end] := base; hsh[run_end] := coalesce(heads -> g_stream[run_end] ->> 1, '');
          unit_ok := false;
        END IF;
      END IF;
      run_end := run_end + 1;
    END LOOP;
    FOR gi IN i..run_end - 1 LOOP
      CONTINUE WHEN st[gi] <> 'new';
      IF NOT unit_ok THEN st[gi] := 'aborted'; CONTINUE; END IF;
      st[gi] := 'ok'; rev[gi] := g_new_rev[gi]; hsh[gi] := g_new_hash[gi];
      IF again[gi] THEN heads := heads || jsonb_build_object(g_stream[gi], jsonb_build_array(rev[gi], hsh[gi])); END IF;
    END LOOP;
    i := run_end;
  END LOOP;

  -- 4. Positions in call order, then one insert and one head update per stream.
  base := (pg_current_xact_id()::text)::bigint * ${POSITIONS_PER_TRANSACTION};
  FOR i IN 1..m LOOP
    IF st[e_group[i]] = 'ok' THEN
      idx[i] := k; pos[e_group[i]] := base + k; k := k + 1;
    END IF;
  END LOOP;
  IF k = 0 THEN
    RETURN QUERY SELECT j, st[j], rev[j], hsh[j], pos[j], det[j] FROM generate_subscripts(g_stream, 1) AS j;
    RETURN;
  END IF;
  IF k > ${POSITIONS_PER_TRANSACTION} THEN RAISE EXCEPTION 'one ledger transaction holds at most % events', ${POSITIONS_PER_TRANSACTION}; END IF;
  INSERT INTO ${s}.events (position, event_id, stream_id, revision, type, version, payload, metadata, recorded_at, prev_hash, hash)
    SELECT base + idx[x.o], x.id, g_stream[x.g], x.revision, x.type, x.version, x.payload, x.metadata, x.recorded_at, x.prev_hash, x.hash
      FROM unnest(e_group, e_id, e_revision, e_type, e_version, e_payload, e_metadata, e_recorded_at, e_prev_hash, e_hash)
           WITH ORDINALITY AS x(g, id, revision, type, version, payload, metadata, recorded_at, prev_hash, hash, o)
     WHERE idx[x.o] IS NOT NULL
     ORDER BY x.o;
  -- Each stream's head is its last group written, in unit order.
  UPDATE ${s}.streams t SET revision = v.r, last_hash = v.h
    FROM (SELECT DISTINCT ON (x.sid) x.sid, x.r, x.h
            FROM unnest(g_stream, rev, hsh, st, g_unit) WITH ORDINALITY AS x(sid, r, h, status, unit, o)
           WHERE x.status = 'ok' ORDER BY x.sid, x.unit DESC, x.o DESC) v
   WHERE t.stream_id = v.sid;
  IF notify_channel IS NOT NULL THEN PERFORM pg_notify(notify_channel, ''); END IF;
  RETURN QUERY SELECT j, st[j], rev[j], hsh[j], pos[j], det[j] FROM generate_subscripts(g_stream, 1) AS j;
END
$fn$;`;
}
