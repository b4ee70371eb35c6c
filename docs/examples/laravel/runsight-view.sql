-- The runs view contract (docs/sidecar.md) over the Laravel tables of schema.sql. Run it as the
-- host's owner; the sidecar only reads the views (readonly-role.sql).
CREATE SCHEMA runsight;

-- Ids are text. The integer id is zero-padded to a fixed width (19 digits hold any bigint), so
-- that its bytewise order — the order of the server's keyset pagination — is the integer order.
-- Timestamps are timestamp without time zone holding UTC: AT TIME ZONE 'UTC' makes them
-- timestamptz. The expressions are written exactly as in indexes.sql (the planner matches them).
CREATE VIEW runsight.runs AS
SELECT lpad(o.id::text, 19, '0')                      AS id,
       o.type::text                                   AS type,
       NULL::text                                     AS type_label,
       o.workspace_id::text                           AS workspace_id,
       w.name::text                                   AS workspace_name,
       o.tenant_id::text                              AS tenant_id,
       t.name::text                                   AS tenant_name,
       o.status::text                                 AS status,
       COALESCE(o.outcome, 'pending')::text           AS outcome,
       o.created_at AT TIME ZONE 'UTC'                AS created_at,
       o.started_at AT TIME ZONE 'UTC'                AS started_at,
       o.completed_at AT TIME ZONE 'UTC'              AS completed_at,
       o.heartbeat_at AT TIME ZONE 'UTC'              AS last_heartbeat_at,
       CASE WHEN o.summary_counts->>'total' ~ '^[0-9]{1,9}$'
            THEN (o.summary_counts->>'total')::integer END     AS progress_total,
       CASE WHEN o.summary_counts->>'processed' ~ '^[0-9]{1,9}$'
            THEN (o.summary_counts->>'processed')::integer END AS progress_processed,
       CASE WHEN o.summary_counts->>'succeeded' ~ '^[0-9]{1,9}$'
            THEN (o.summary_counts->>'succeeded')::integer END AS progress_succeeded,
       CASE WHEN o.summary_counts->>'failed' ~ '^[0-9]{1,9}$'
            THEN (o.summary_counts->>'failed')::integer END    AS progress_failed,
       NULL::timestamptz                              AS expected_by,
       o.timeout_at AT TIME ZONE 'UTC'                AS stale_after,
       NULL::integer                                  AS heartbeat_timeout_s,
       CASE WHEN o.marked_stale_at IS NOT NULL AND o.status IN ('queued', 'running')
            THEN 'likely_stale' END                   AS freshness_state,
       o.marked_stale_at AT TIME ZONE 'UTC'           AS freshness_evaluated_at,
       o.reconciled_at AT TIME ZONE 'UTC'             AS reconciled_at,
       o.reconcile_reason                             AS reconcile_reason,
       CASE WHEN o.reconciled_at IS NOT NULL
            THEN CASE WHEN o.started_at IS NULL THEN 'queued' ELSE 'running' END
       END                                            AS reconcile_previous_status,
       u.name::text                                   AS initiator_name,
       CASE WHEN o.reconciled_at IS NOT NULL THEN 'lifecycle_exceeded'
            WHEN o.failure_summary IS NOT NULL THEN 'job_failed' END AS failure_reason_code,
       o.failure_summary                              AS failure_message,
       o.context::jsonb                               AS context
  FROM operation_runs o
  LEFT JOIN workspaces w ON w.id = o.workspace_id
  LEFT JOIN tenants t ON t.workspace_id = o.workspace_id AND t.id = o.tenant_id
  LEFT JOIN users u ON u.id = o.user_id
 WHERE o.created_at IS NOT NULL;

-- Which workspaces and tenants exist (a workspace without runs yet is still a workspace).
CREATE VIEW runsight.workspaces AS
SELECT id::text AS id, name::text AS name FROM workspaces;

CREATE VIEW runsight.tenants AS
SELECT id::text AS id, workspace_id::text AS workspace_id, name::text AS name FROM tenants;
