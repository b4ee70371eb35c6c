/**
 * The wire format of api.md (snake_case JSON), as the reference server sends it. The schemas in
 * schemas.ts accept more (absent fields, unknown enum strings); these types describe a complete,
 * well-formed payload, for servers and fixtures.
 */

export interface WireProgress {
  total: number | null;
  processed: number;
  succeeded: number;
  failed: number;
}

export interface WireLifecycle {
  expected_by: string | null;
  stale_after: string | null;
  heartbeat_timeout_s: number | null;
}

export interface WireRun {
  id: string;
  type: string;
  type_label: string | null;
  workspace_id: string;
  tenant_id: string | null;
  tenant_name: string | null;
  /** `queued | running | completed`, or a newer backend's status (kept as is). */
  status: string;
  /** `pending | succeeded | partially_succeeded | failed | blocked | cancelled`, or newer. */
  outcome: string;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  last_heartbeat_at: string | null;
  progress: WireProgress | null;
  lifecycle: WireLifecycle | null;
  freshness: { state: string; evaluated_at: string } | null;
  reconciliation: { reconciled_at: string; reason: string; previous_status: string } | null;
  initiator: { name: string } | null;
  failure: { reason_code: string; message: string } | null;
}

export interface WireRunEvent {
  at: string;
  /** `queued | started | heartbeat | progress | completed | reconciled | note`, or newer. */
  kind: string;
  message: string;
}

export interface WireRunDetail extends WireRun {
  context: Record<string, string | number | boolean>;
  events: WireRunEvent[];
}

export interface WireListEnvelope {
  data: WireRun[];
  meta: { next_cursor: string | null; server_time: string };
}

export interface WireDetailEnvelope {
  data: WireRunDetail;
  meta: { server_time: string };
}

/** `GET /operation-runs/summary`: exact counts at `server_time` in the caller's scope. */
export interface WireRunsSummary {
  active: number;
  fresh: number;
  past_expected: number;
  likely_stale: number;
  unknown: number;
  /** Finished runs needing follow-up, completed (or reconciled) at or after `completed_since`. */
  follow_up: number;
  /** likely_stale + past_expected + follow_up. */
  needs_attention: number;
  /** Tenants with at least one needs-attention run (workspace-level runs have none). */
  tenants_affected: number;
}

export interface WireSummaryEnvelope {
  data: WireRunsSummary;
  /** `completed_since`: the one asked for, else `server_time` − 24 h. */
  meta: { server_time: string; completed_since: string };
}

export interface WireErrorEnvelope {
  error: { code: string; message: string; parameter?: string };
}
