-- Indexes for the sidecar's list queries (docs/sidecar.md shows their plans). Each column is the
-- view's expression, written exactly as in runsight-view.sql.

-- newest first (-created_at) in a workspace, keyset on (created_at, id): every list, every filter
CREATE INDEX operation_runs_runsight_ws_created ON operation_runs (
  (workspace_id::text), (created_at AT TIME ZONE 'UTC') DESC, (lpad(id::text, 19, '0')) DESC);

-- the same within one tenant (tenant-restricted callers, tenant cards)
CREATE INDEX operation_runs_runsight_ws_tenant_created ON operation_runs (
  (workspace_id::text), (tenant_id::text), (created_at AT TIME ZONE 'UTC') DESC,
  (lpad(id::text, 19, '0')) DESC);

-- active runs (few): freshness and problem filters, the attention sort, the summary
CREATE INDEX operation_runs_runsight_active ON operation_runs (
  (workspace_id::text), (created_at AT TIME ZONE 'UTC') DESC, (lpad(id::text, 19, '0')) DESC)
  WHERE status IN ('queued', 'running');

-- one run by id (the detail)
CREATE INDEX operation_runs_runsight_id ON operation_runs ((lpad(id::text, 19, '0')));

-- finished runs that need follow-up, in the attention sort's order (severity, newest completion)
CREATE INDEX operation_runs_runsight_follow_up ON operation_runs (
  (workspace_id::text),
  (CASE WHEN (reconciled_at AT TIME ZONE 'UTC') IS NOT NULL THEN 0
        WHEN COALESCE(outcome, 'pending')::text = 'failed' THEN 1
        WHEN COALESCE(outcome, 'pending')::text = 'blocked' THEN 2 ELSE 3 END),
  (COALESCE(completed_at AT TIME ZONE 'UTC', reconciled_at AT TIME ZONE 'UTC', 'epoch'::timestamptz)) DESC,
  (lpad(id::text, 19, '0')))
  WHERE status = 'completed' AND ((reconciled_at AT TIME ZONE 'UTC') IS NOT NULL
    OR COALESCE(outcome, 'pending')::text IN ('failed', 'blocked', 'partially_succeeded'));

-- the same runs by completion: the summary's follow-up window, completed_since
CREATE INDEX operation_runs_runsight_follow_up_done ON operation_runs (
  (workspace_id::text),
  (COALESCE(completed_at AT TIME ZONE 'UTC', reconciled_at AT TIME ZONE 'UTC', 'epoch'::timestamptz)) DESC)
  WHERE status = 'completed' AND ((reconciled_at AT TIME ZONE 'UTC') IS NOT NULL
    OR COALESCE(outcome, 'pending')::text IN ('failed', 'blocked', 'partially_succeeded'));

-- the type filter (ops-list, status + type): its keyset page from one range, not the other
-- types' runs skipped in operation_runs_runsight_ws_created (many of them for a rare type)
CREATE INDEX operation_runs_runsight_ws_type_created ON operation_runs (
  (workspace_id::text), (type::text), (created_at AT TIME ZONE 'UTC') DESC,
  (lpad(id::text, 19, '0')) DESC);

-- statistics of the completion instant (the view's expression; PostgreSQL 14+). The planner
-- takes none from a partial index's expressions: without them it guesses a third of the
-- follow-up runs recent, and a completed_since that few runs match read the workspace newest
-- first to its end (66,667 rows, 94 ms on seed-100k.sql; 0.07 ms with them: a range of
-- operation_runs_runsight_follow_up_done). Runsight's own schema has the same (migration 6,
-- docs/benchmarks.md "A million runs").
CREATE STATISTICS operation_runs_runsight_done ON (
  COALESCE(completed_at AT TIME ZONE 'UTC', reconciled_at AT TIME ZONE 'UTC', 'epoch'::timestamptz))
  FROM operation_runs;
