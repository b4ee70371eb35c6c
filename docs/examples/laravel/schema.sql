-- The host application's tables, as its Laravel migrations create them (PostgreSQL). Runsight
-- never writes to them; this file only shows what the view in runsight-view.sql maps.
CREATE TABLE workspaces (
  id         bigserial PRIMARY KEY,
  name       varchar(255) NOT NULL,
  created_at timestamp(0) NULL,
  updated_at timestamp(0) NULL
);

-- Tenants are numbered within their workspace: the same tenant id exists in several workspaces.
CREATE TABLE tenants (
  workspace_id bigint NOT NULL REFERENCES workspaces (id),
  id           bigint NOT NULL,
  name         varchar(255) NOT NULL,
  created_at   timestamp(0) NULL,
  updated_at   timestamp(0) NULL,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE users (
  id    bigserial PRIMARY KEY,
  name  varchar(255) NOT NULL,
  email varchar(255) NOT NULL UNIQUE
);

-- Laravel's default timestamps: timestamp(0) without time zone, holding UTC.
CREATE TABLE operation_runs (
  id              bigserial PRIMARY KEY,
  workspace_id    bigint NOT NULL REFERENCES workspaces (id),
  tenant_id       bigint NULL,
  user_id         bigint NULL REFERENCES users (id),
  type            varchar(255) NOT NULL,
  status          varchar(255) NOT NULL DEFAULT 'queued', -- queued | running | completed
  outcome         varchar(255) NULL,                      -- null while active; succeeded | partially_succeeded | failed | blocked | cancelled
  summary_counts  json NULL,                              -- {"total": 120, "processed": 40, "succeeded": 38, "failed": 2}
  context         json NULL,
  failure_summary text NULL,
  heartbeat_at    timestamp(0) NULL,                      -- the worker's last sign of life
  timeout_at      timestamp(0) NULL,                      -- the job's own deadline, when it has one
  marked_stale_at timestamp(0) NULL,                      -- the app's watchdog saw it stale
  reconciled_at   timestamp(0) NULL,                      -- the app's reconciler force-failed it
  reconcile_reason text NULL,
  started_at      timestamp(0) NULL,
  completed_at    timestamp(0) NULL,
  created_at      timestamp(0) NULL,
  updated_at      timestamp(0) NULL,
  FOREIGN KEY (workspace_id, tenant_id) REFERENCES tenants (workspace_id, id)
);
