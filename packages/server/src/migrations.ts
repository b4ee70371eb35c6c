/**
 * Schema migrations, applied in order at start. Each runs once (recorded in
 * `runsight_migrations`) inside a transaction; an advisory lock keeps two servers starting
 * against the same PostgreSQL database from applying one twice. Plain SQL that PGlite and
 * PostgreSQL both run.
 */
import type { Db } from './db.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Outcomes that need follow-up when a run finished (active-state: `terminal_follow_up`). */
export const FOLLOW_UP_OUTCOMES = ['failed', 'blocked', 'partially_succeeded'] as const;

const followUp = `(reconciled_at IS NOT NULL OR outcome IN ('failed', 'blocked', 'partially_succeeded'))`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'workspaces, tenants, operation runs, events',
    sql: `
CREATE TABLE workspaces (
  id   text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE tenants (
  id           text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces (id),
  name         text NOT NULL
);
CREATE INDEX tenants_workspace ON tenants (workspace_id);

-- ids compare bytewise (COLLATE "C") so that keyset pagination on (created_at, id) orders
-- exactly like the server's JavaScript, whatever the database's default collation
CREATE TABLE operation_runs (
  id                        text COLLATE "C" PRIMARY KEY,
  workspace_id              text NOT NULL REFERENCES workspaces (id),
  tenant_id                 text REFERENCES tenants (id),
  type                      text NOT NULL,
  type_label                text,
  status                    text NOT NULL,
  outcome                   text NOT NULL,
  created_at                timestamptz NOT NULL,
  started_at                timestamptz,
  completed_at              timestamptz,
  last_heartbeat_at         timestamptz,
  progress_total            integer,
  progress_processed        integer,
  progress_succeeded        integer,
  progress_failed           integer,
  -- the run's own lifecycle deadlines; NULL: the server's policy for the type applies
  expected_by               timestamptz,
  stale_after               timestamptz,
  heartbeat_timeout_s       integer,
  -- first time the reconciler saw the run likely stale (grace period starts here)
  likely_stale_since        timestamptz,
  reconciled_at             timestamptz,
  reconcile_reason          text,
  reconcile_previous_status text,
  initiator_name            text,
  failure_reason_code       text,
  failure_message           text,
  context                   jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- default list order (-created_at) and keyset pagination on (created_at, id)
CREATE INDEX runs_ws_created ON operation_runs (workspace_id, created_at DESC, id DESC);
CREATE INDEX runs_ws_tenant_created ON operation_runs (workspace_id, tenant_id, created_at DESC, id DESC);
-- active runs are few: the freshness/problem filters, attention sort and reconciler read them here
CREATE INDEX runs_active ON operation_runs (workspace_id, created_at DESC, id DESC)
  WHERE status IN ('queued', 'running');
-- finished runs that need follow-up (attention sort, problem=terminal_follow_up). Filters on
-- type (or tenant and follow-up together) scan the indexes above: with a handful
-- of types and ~20 % follow-up, a page of 50 reads a few hundred index entries at most.
CREATE INDEX runs_follow_up ON operation_runs (workspace_id, created_at DESC, id DESC)
  WHERE status = 'completed' AND ${followUp};
-- reconciled runs are rare (freshness=reconciled_failed)
CREATE INDEX runs_reconciled ON operation_runs (workspace_id, created_at DESC, id DESC)
  WHERE reconciled_at IS NOT NULL;

-- stored events: heartbeat, progress, note (queued/started/completed/reconciled are derived
-- from the run's row)
CREATE TABLE run_events (
  id      bigserial PRIMARY KEY,
  run_id  text COLLATE "C" NOT NULL REFERENCES operation_runs (id) ON DELETE CASCADE,
  at      timestamptz NOT NULL,
  kind    text NOT NULL,
  message text NOT NULL
);
CREATE INDEX run_events_run ON run_events (run_id, at, id);
`,
  },
  {
    version: 2,
    name: 'attention order of the follow-up group',
    // list.ts FOLLOW_UP_ORDER: severity, then the newest completion first (the same expressions,
    // so that the planner reads the attention sort's follow-up page from this index).
    sql: `
CREATE INDEX runs_follow_up_attention ON operation_runs (
  workspace_id,
  (CASE WHEN reconciled_at IS NOT NULL THEN 0 WHEN outcome = 'failed' THEN 1 WHEN outcome = 'blocked' THEN 2 ELSE 3 END),
  (COALESCE(completed_at, reconciled_at, 'epoch'::timestamptz)) DESC,
  id
) WHERE status = 'completed' AND ${followUp};
`,
  },
  {
    version: 3,
    name: 'the runs view over the own tables',
    // The server reads runs only through the runs view contract (relations.ts, docs/sidecar.md),
    // here and in a host's database alike. LEFT JOINs on primary keys: the planner drops a join
    // whose columns a query does not use, and reads the indexes above through the view.
    // `likely_stale_since` is the reconciler's own bookkeeping, not part of the contract.
    sql: `
CREATE VIEW runsight_runs AS
SELECT r.id, r.type, r.type_label, r.workspace_id, w.name AS workspace_name,
       r.tenant_id, t.name AS tenant_name, r.status, r.outcome,
       r.created_at, r.started_at, r.completed_at, r.last_heartbeat_at,
       r.progress_total, r.progress_processed, r.progress_succeeded, r.progress_failed,
       r.expected_by, r.stale_after, r.heartbeat_timeout_s,
       NULL::text AS freshness_state, NULL::timestamptz AS freshness_evaluated_at,
       r.reconciled_at, r.reconcile_reason, r.reconcile_previous_status, r.initiator_name,
       r.failure_reason_code, r.failure_message, r.context, r.likely_stale_since
  FROM operation_runs r
  LEFT JOIN workspaces w ON w.id = r.workspace_id
  LEFT JOIN tenants t ON t.id = r.tenant_id;
`,
  },
  {
    version: 4,
    name: 'change notifications',
    // changes.ts: every committed write to the runs, events, workspaces or tenants — by this
    // server, another instance, or anyone else — sends NOTIFY runsight_changes with
    // '<schema> <workspace id>' ('*': any workspace), so that every instance forgets the answers
    // it remembered for that workspace. Statement triggers with transition tables: one
    // notification per workspace and statement (a seed batch of 5,000 runs sends one), and
    // PostgreSQL folds identical notifications of one transaction into one.
    sql: `
CREATE FUNCTION runsight_runs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ws text;
BEGIN
  FOR ws IN SELECT DISTINCT workspace_id FROM changed LOOP
    PERFORM pg_notify('runsight_changes', TG_TABLE_SCHEMA || ' ' || ws);
  END LOOP;
  RETURN NULL;
END $$;
CREATE FUNCTION runsight_events_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ws text;
BEGIN
  FOR ws IN SELECT DISTINCT r.workspace_id FROM changed e JOIN operation_runs r ON r.id = e.run_id LOOP
    PERFORM pg_notify('runsight_changes', TG_TABLE_SCHEMA || ' ' || ws);
  END LOOP;
  RETURN NULL;
END $$;
CREATE FUNCTION runsight_all_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('runsight_changes', TG_TABLE_SCHEMA || ' *');
  RETURN NULL;
END $$;
CREATE TRIGGER runs_inserted AFTER INSERT ON operation_runs REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION runsight_runs_changed();
CREATE TRIGGER runs_updated AFTER UPDATE ON operation_runs REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION runsight_runs_changed();
CREATE TRIGGER runs_deleted AFTER DELETE ON operation_runs REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION runsight_runs_changed();
CREATE TRIGGER runs_truncated AFTER TRUNCATE ON operation_runs
  FOR EACH STATEMENT EXECUTE FUNCTION runsight_all_changed();
CREATE TRIGGER events_inserted AFTER INSERT ON run_events REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION runsight_events_changed();
CREATE TRIGGER events_updated AFTER UPDATE ON run_events REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION runsight_events_changed();
CREATE TRIGGER events_deleted AFTER DELETE ON run_events
  FOR EACH STATEMENT EXECUTE FUNCTION runsight_all_changed();
CREATE TRIGGER events_truncated AFTER TRUNCATE ON run_events
  FOR EACH STATEMENT EXECUTE FUNCTION runsight_all_changed();
CREATE TRIGGER workspaces_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON workspaces
  FOR EACH STATEMENT EXECUTE FUNCTION runsight_all_changed();
CREATE TRIGGER tenants_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenants
  FOR EACH STATEMENT EXECUTE FUNCTION runsight_all_changed();
`,
  },
  {
    version: 5,
    name: "the runs view's tenant name by a scalar subquery",
    // Joined, the tenant's name was looked up for every row a query considered before its sort
    // and limit (+15-25 % per list query, measured with `npm run bench`); as a scalar subquery
    // in the select list the planner evaluates it after the LIMIT, for the rows of the page only.
    sql: `
CREATE OR REPLACE VIEW runsight_runs AS
SELECT r.id, r.type, r.type_label, r.workspace_id, w.name AS workspace_name,
       r.tenant_id, (SELECT t.name FROM tenants t WHERE t.id = r.tenant_id) AS tenant_name,
       r.status, r.outcome,
       r.created_at, r.started_at, r.completed_at, r.last_heartbeat_at,
       r.progress_total, r.progress_processed, r.progress_succeeded, r.progress_failed,
       r.expected_by, r.stale_after, r.heartbeat_timeout_s,
       NULL::text AS freshness_state, NULL::timestamptz AS freshness_evaluated_at,
       r.reconciled_at, r.reconcile_reason, r.reconcile_previous_status, r.initiator_name,
       r.failure_reason_code, r.failure_message, r.context, r.likely_stale_since
  FROM operation_runs r
  LEFT JOIN workspaces w ON w.id = r.workspace_id;
`,
  },
  {
    version: 6,
    name: 'indexes and statistics for a million runs',
    // Measured with EXPLAIN (ANALYZE, BUFFERS) on 1,000,000 runs (docs/benchmarks.md "A million
    // runs"); the list queries of migrations 1-2 already read one index range per keyset page.
    //
    // - runs_follow_up_done: the follow-up runs by completion instant (list.ts DONE_SQL), the
    //   tenant and the instants included. The summary counts the follow-up of the last 24 hours
    //   with an index-only range scan (it read the whole workspace's follow-up before: 136,000
    //   entries, 220 ms at a million runs); `completed_since` with few matches reads its range
    //   and sorts those few.
    // - runs_done: statistics of that instant. The planner takes no statistics from a partial
    //   index's expressions, so without them it guessed a third of the follow-up runs recent and
    //   read runs_follow_up newest first, filtering: a `completed_since` no run matched read all
    //   136,000 entries (1 s). With them it sees how few are recent.
    // - runs_ws_type_created: the type filter (ops-list, status+type) reads its page from the
    //   index instead of skipping the other types' runs in runs_ws_created (6 types here: 6 entries
    //   per row shown; for a type of 1 % of the runs, 100).
    //
    // Built in the migration's transaction (writes to the runs wait for it: a few seconds at a
    // million runs); ANALYZE so that the planner has the new statistics at once.
    sql: `
CREATE INDEX runs_follow_up_done ON operation_runs (
  workspace_id,
  (COALESCE(completed_at, reconciled_at, 'epoch'::timestamptz)) DESC
) INCLUDE (tenant_id, completed_at, reconciled_at)
  WHERE status = 'completed' AND ${followUp};
CREATE STATISTICS runs_done ON (COALESCE(completed_at, reconciled_at, 'epoch'::timestamptz))
  FROM operation_runs;
CREATE INDEX runs_ws_type_created ON operation_runs (workspace_id, type, created_at DESC, id DESC);
ANALYZE operation_runs;
`,
  },
];

/** Applies every migration not applied yet. Idempotent; safe to call at every start. */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  // under the lock too: two CREATE TABLE IF NOT EXISTS at once can both create (one then fails)
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(1383427699)');
    await tx.exec(`CREATE TABLE IF NOT EXISTS runsight_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const applied: number[] = [];
  for (const m of migrations) {
    const did = await db.transaction(async (tx) => {
      // 0x52756e73 = "Runs": serialises concurrent starts on one PostgreSQL database.
      await tx.query('SELECT pg_advisory_xact_lock(1383427699)');
      const seen = await tx.query('SELECT 1 FROM runsight_migrations WHERE version = $1', [
        m.version,
      ]);
      if (seen.rows.length > 0) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO runsight_migrations (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ]);
      return true;
    });
    if (did) applied.push(m.version);
  }
  return applied;
}
