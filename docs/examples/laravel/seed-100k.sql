-- 100,000 runs for looking at the list queries' plans (plans.md): two workspaces, five tenants
-- each (the same tenant ids in both), four operation types, 0.2 % active, ~20 % needing follow-up,
-- two runs per second of created_at (ties), over about nine days. Run after schema.sql,
-- runsight-view.sql and indexes.sql, in a scratch database.
INSERT INTO workspaces (name) VALUES ('Production'), ('Staging');
INSERT INTO tenants (workspace_id, id, name)
SELECT w, i, (ARRAY['Contoso', 'Fabrikam', 'Northwind', 'Litware', 'Tailspin'])[i]
       || CASE WHEN w = 2 THEN ' (staging)' ELSE '' END
  FROM generate_series(1, 2) w, generate_series(1, 5) i;
INSERT INTO users (name, email) VALUES ('Ana Admin', 'ana@example.com'), ('Scheduler', 'scheduler@example.com');
INSERT INTO operation_runs (workspace_id, tenant_id, user_id, type, status, outcome, summary_counts,
  context, failure_summary, heartbeat_at, reconciled_at, reconcile_reason, started_at, completed_at,
  created_at, updated_at)
SELECT w, CASE WHEN g % 10 = 0 THEN NULL ELSE 1 + g % 5 END, 1 + g % 2,
  (ARRAY['inventory.sync', 'mailbox.backup', 'report.export', 'directory.sync'])[1 + g % 4],
  CASE WHEN g % 1000 = 0 THEN 'running' WHEN g % 1000 = 1 THEN 'queued' ELSE 'completed' END,
  CASE WHEN g % 1000 IN (0, 1) THEN NULL WHEN g % 500 = 7 THEN 'failed' WHEN g % 10 = 3 THEN 'failed'
       WHEN g % 10 = 4 THEN 'partially_succeeded' WHEN g % 50 = 5 THEN 'blocked' ELSE 'succeeded' END,
  json_build_object('total', 100, 'processed', 100, 'succeeded', 97, 'failed', 3),
  json_build_object('worker', 'worker-' || g % 7),
  CASE WHEN g % 10 = 3 THEN 'Upstream API answered 503.' END,
  c + interval '60 s',
  CASE WHEN g % 500 = 7 THEN c + interval '2 hours' END,
  CASE WHEN g % 500 = 7 THEN 'No heartbeat for 30 min.' END,
  c + interval '5 s', CASE WHEN g % 1000 IN (0, 1) THEN NULL ELSE c + interval '300 s' END, c, c
FROM (SELECT g, 1 + (g % 3 = 0)::int AS w,
             timestamp '2026-12-06 09:00:00' - (g / 2) * interval '30 s' AS c
        FROM generate_series(1, 100000) g) s;
ANALYZE;
