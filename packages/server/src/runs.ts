/**
 * Rows of `operation_runs`, their mapping to the domain model of `@runsight/active-state`,
 * and batched inserts (used by the seeder, the simulator and tests).
 */
import type { OperationRun, RunEvent, RunEventKind } from '@runsight/active-state';
import type { ContextValues } from './catalog.js';
import type { Queryable } from './db.js';
import { OWN_RELATIONS } from './relations.js';

/** A row of the runs view (relations.ts) as {@link selectRuns} returns it. */
export interface RunRow {
  id: string;
  workspace_id: string;
  tenant_id: string | null;
  tenant_name: string | null;
  type: string;
  type_label: string | null;
  status: string;
  outcome: string;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  last_heartbeat_at: Date | null;
  progress_total: number | null;
  progress_processed: number | null;
  progress_succeeded: number | null;
  progress_failed: number | null;
  expected_by: Date | null;
  stale_after: Date | null;
  heartbeat_timeout_s: number | null;
  /** The backend's own verdict, when the host has one (never stored by the server itself). */
  freshness_state: string | null;
  freshness_evaluated_at: Date | null;
  /** Only the own view has it, and only the reconciler asks for it (`extra`). */
  likely_stale_since?: Date | null;
  reconciled_at: Date | null;
  reconcile_reason: string | null;
  reconcile_previous_status: string | null;
  initiator_name: string | null;
  failure_reason_code: string | null;
  failure_message: string | null;
  /** Only when asked for (detail). */
  context?: ContextValues;
}

/** The columns every run query selects (`r` = the runs view, relations.ts). */
const RUN_COLUMNS = `r.id, r.workspace_id, r.tenant_id, r.tenant_name, r.type, r.type_label,
  r.status, r.outcome, r.created_at, r.started_at, r.completed_at, r.last_heartbeat_at,
  r.progress_total, r.progress_processed, r.progress_succeeded, r.progress_failed,
  r.expected_by, r.stale_after, r.heartbeat_timeout_s, r.freshness_state,
  r.freshness_evaluated_at, r.reconciled_at, r.reconcile_reason, r.reconcile_previous_status, r.initiator_name,
  r.failure_reason_code, r.failure_message`;

const TIMESTAMPS = [
  'created_at',
  'started_at',
  'completed_at',
  'last_heartbeat_at',
  'expected_by',
  'stale_after',
  'likely_stale_since',
  'freshness_evaluated_at',
  'reconciled_at',
] as const;

export interface SelectRunsOptions {
  /** The runs view, quoted (relations.ts). Default: the server's own, `runsight_runs`. */
  from?: string;
  /** Further columns of `r` to select (the reconciler's `likely_stale_since`). */
  extra?: readonly string[];
  /** SQL conditions on `r` (ANDed), with `$n` placeholders into `params`. */
  where: string[];
  params: unknown[];
  /** Order by (created_at, id), newest first (DESC, default) or oldest first. */
  order?: 'DESC' | 'ASC';
  /**
   * Another order: its SQL (`ORDER BY …`, on `r`) and the same order as a comparison of rows,
   * which the result is checked against (see below).
   */
  orderBy?: { sql: string; compare: (a: RunRow, b: RunRow) => number };
  limit?: number | null;
  /** Also select `r.context`. */
  context?: boolean;
}

/**
 * Runs matching `where`, in (created_at, id) order. The page comes back as ONE json value
 * (`json_agg`) parsed by `JSON.parse`: decoding 26 columns × 200 rows value by value costs
 * the drivers (PGlite's most of all) several times more than the query itself.
 */
export async function selectRuns(db: Queryable, opts: SelectRunsOptions): Promise<RunRow[]> {
  const order = opts.order ?? 'DESC';
  const limit = opts.limit ?? null;
  if (limit !== null && !(Number.isSafeInteger(limit) && limit > 0)) throw new Error('bad limit');
  const where = opts.where.length === 0 ? 'TRUE' : opts.where.join(' AND ');
  // json_agg keeps the order of its sorted subquery in practice (PostgreSQL documents it as
  // "usually works"); an ORDER BY inside the aggregate would cost a third of the query, so the
  // order is checked below instead and restored if ever needed.
  const sql = `SELECT coalesce(json_agg(x), '[]')::text AS j
    FROM (SELECT ${RUN_COLUMNS}${opts.context ? ', r.context' : ''}${(opts.extra ?? []).map((c) => `, r.${c}`).join('')}
            FROM ${opts.from ?? OWN_RELATIONS.runs} r
           WHERE ${where}
           ORDER BY ${opts.orderBy?.sql ?? `r.created_at ${order}, r.id ${order}`}${limit === null ? '' : ` LIMIT ${limit}`}) x`;
  const res = await db.query<{ j: string }>(sql, opts.params);
  const rows = JSON.parse(res.rows[0]?.j ?? '[]') as Record<string, unknown>[];
  for (const row of rows) {
    for (const key of TIMESTAMPS) {
      const v = row[key];
      if (typeof v === 'string') row[key] = new Date(v);
    }
  }
  const out = rows as unknown as RunRow[];
  const sign = order === 'DESC' ? -1 : 1;
  const cmp =
    opts.orderBy?.compare ??
    ((a: RunRow, b: RunRow) =>
      sign *
      (a.created_at.getTime() - b.created_at.getTime() ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  for (let i = 1; i < out.length; i++) {
    if (cmp(out[i - 1] as RunRow, out[i] as RunRow) > 0) return out.sort(cmp);
  }
  return out;
}

/**
 * The domain model of a row. The backend's verdict (`freshness`) comes from the host's view when
 * it has one; the server never stores one of its own.
 */
export function rowToRun(row: RunRow): OperationRun {
  const hasLifecycle =
    row.expected_by !== null || row.stale_after !== null || row.heartbeat_timeout_s !== null;
  return {
    id: row.id,
    type: row.type,
    typeLabel: row.type_label,
    workspaceId: row.workspace_id,
    tenantId: row.tenant_id,
    tenantName: row.tenant_name ?? null,
    status: row.status,
    outcome: row.outcome,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    lastHeartbeatAt: row.last_heartbeat_at,
    progress:
      row.progress_processed === null
        ? null
        : {
            total: row.progress_total,
            processed: row.progress_processed,
            succeeded: row.progress_succeeded ?? 0,
            failed: row.progress_failed ?? 0,
          },
    lifecycle: hasLifecycle
      ? {
          expectedBy: row.expected_by,
          staleAfter: row.stale_after,
          heartbeatTimeoutS: row.heartbeat_timeout_s,
        }
      : null,
    freshness:
      row.freshness_state && row.freshness_evaluated_at
        ? { state: row.freshness_state, evaluatedAt: row.freshness_evaluated_at }
        : null,
    reconciliation:
      row.reconciled_at === null
        ? null
        : {
            reconciledAt: row.reconciled_at,
            reason: row.reconcile_reason ?? '',
            previousStatus: row.reconcile_previous_status ?? '',
          },
    initiator: row.initiator_name === null ? null : { name: row.initiator_name },
    failure:
      row.failure_reason_code === null
        ? null
        : { reasonCode: row.failure_reason_code, message: row.failure_message ?? '' },
  };
}

/**
 * A run to insert: a domain run — build it with `buildRun` of `@runsight/active-state/run` —
 * and its context. The tenant name comes from the tenants table and the backend's freshness verdict
 * is never stored, so a new run needs neither.
 */
export interface NewRun extends Omit<OperationRun, 'tenantName' | 'freshness'> {
  context?: ContextValues;
}

export interface NewEvent {
  runId: string;
  at: Date;
  kind: RunEventKind;
  message: string;
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/**
 * Inserts runs with one `INSERT … SELECT FROM unnest(…)` per batch: one bind parameter per
 * column, whatever the batch size (fast for the 100 000-run benchmark seed).
 * Returns the number of rows inserted (a duplicate id is skipped).
 */
export async function insertRuns(
  db: Queryable,
  runs: readonly NewRun[],
  batchSize = 5000,
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < runs.length; start += batchSize) {
    const batch = runs.slice(start, start + batchSize);
    const cols: unknown[][] = Array.from({ length: 25 }, () => []);
    for (const r of batch) {
      const v: unknown[] = [
        r.id,
        r.workspaceId,
        r.tenantId,
        r.type,
        r.typeLabel,
        r.status,
        r.outcome,
        iso(r.createdAt),
        iso(r.startedAt),
        iso(r.completedAt),
        iso(r.lastHeartbeatAt),
        r.progress ? r.progress.total : null,
        r.progress ? r.progress.processed : null,
        r.progress ? r.progress.succeeded : null,
        r.progress ? r.progress.failed : null,
        iso(r.lifecycle?.expectedBy),
        iso(r.lifecycle?.staleAfter),
        r.lifecycle?.heartbeatTimeoutS ?? null,
        iso(r.reconciliation?.reconciledAt),
        r.reconciliation?.reason ?? null,
        r.reconciliation?.previousStatus ?? null,
        r.initiator?.name ?? null,
        r.failure?.reasonCode ?? null,
        r.failure?.message ?? null,
        JSON.stringify(r.context ?? {}),
      ];
      v.forEach((value, i) => (cols[i] as unknown[]).push(value));
    }
    const res = await db.query(
      `INSERT INTO operation_runs (id, workspace_id, tenant_id, type, type_label, status, outcome,
         created_at, started_at, completed_at, last_heartbeat_at,
         progress_total, progress_processed, progress_succeeded, progress_failed,
         expected_by, stale_after, heartbeat_timeout_s,
         reconciled_at, reconcile_reason, reconcile_previous_status,
         initiator_name, failure_reason_code, failure_message, context)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
         $7::text[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[],
         $12::int[], $13::int[], $14::int[], $15::int[], $16::timestamptz[], $17::timestamptz[],
         $18::int[], $19::timestamptz[], $20::text[], $21::text[], $22::text[], $23::text[],
         $24::text[], $25::jsonb[])
       ON CONFLICT (id) DO NOTHING`,
      cols,
    );
    inserted += res.rowCount;
  }
  return inserted;
}

/** Appends events (batched like {@link insertRuns}). */
export async function insertEvents(
  db: Queryable,
  events: readonly NewEvent[],
  batchSize = 10000,
): Promise<void> {
  for (let start = 0; start < events.length; start += batchSize) {
    const batch = events.slice(start, start + batchSize);
    await db.query(
      `INSERT INTO run_events (run_id, at, kind, message)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[])`,
      [
        batch.map((e) => e.runId),
        batch.map((e) => e.at.toISOString()),
        batch.map((e) => e.kind),
        batch.map((e) => e.message),
      ],
    );
  }
}

/** Inserts the workspaces and tenants of a world (existing ids are left as they are). */
export async function insertWorld(
  db: Queryable,
  world: { workspaces: { id: string; name: string; tenants: { id: string; name: string }[] }[] },
): Promise<void> {
  for (const ws of world.workspaces) {
    await db.query(
      'INSERT INTO workspaces (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
      [ws.id, ws.name],
    );
    for (const t of ws.tenants) {
      await db.query(
        'INSERT INTO tenants (id, workspace_id, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
        [t.id, ws.id, t.name],
      );
    }
  }
}

/**
 * A run's context as the contract has it (string → string | number | boolean), from whatever a
 * host's view holds: nested objects and arrays become their JSON text, null values and a
 * context that is not an object are left out.
 */
export function contextValues(raw: unknown): ContextValues {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const out: ContextValues = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'boolean') out[key] = value;
    else if (typeof value === 'number') {
      if (Number.isFinite(value)) out[key] = value;
    } else if (value !== null && typeof value === 'object') out[key] = JSON.stringify(value);
  }
  return out;
}

const MILESTONE_ORDER: Record<string, number> = {
  queued: 0,
  started: 1,
  completed: 3,
  reconciled: 4,
};

/**
 * The milestone events of a run — queued, started, completed, reconciled — derived from its
 * row (they are facts the row already holds, so they are not stored twice). The detail
 * endpoint merges them with the stored events (heartbeat, progress, note).
 */
export function milestoneEvents(run: OperationRun, context: ContextValues): RunEvent[] {
  const out: RunEvent[] = [];
  out.push({
    at: run.createdAt,
    kind: 'queued',
    message: run.initiator ? `Queued by ${run.initiator.name}.` : 'Queued.',
  });
  if (run.startedAt !== null) {
    const worker = typeof context.worker === 'string' ? context.worker : null;
    out.push({
      at: run.startedAt,
      kind: 'started',
      message: worker ? `Started on ${worker}.` : 'Started.',
    });
  }
  if (run.reconciliation !== null) {
    out.push({
      at: run.reconciliation.reconciledAt,
      kind: 'reconciled',
      message: `Reconciled: marked as failed by the lifecycle reconciler (was ${run.reconciliation.previousStatus}).`,
    });
  } else if (run.status === 'completed' && run.completedAt !== null) {
    const detail = run.failure?.message ?? 'no details.';
    const message =
      run.outcome === 'succeeded'
        ? 'Completed successfully.'
        : run.outcome === 'partially_succeeded'
          ? 'Completed with some failed items.'
          : run.outcome === 'cancelled'
            ? 'Cancelled.'
            : run.outcome === 'failed'
              ? `Failed: ${detail}`
              : run.outcome === 'blocked'
                ? `Blocked: ${detail}`
                : `Completed (${run.outcome}).`;
    out.push({ at: run.completedAt, kind: 'completed', message });
  }
  return out;
}

/** Milestones and stored events in time order (a milestone first at the same instant). */
export function mergeEvents(milestones: RunEvent[], stored: RunEvent[]): RunEvent[] {
  const rank = (e: RunEvent) => MILESTONE_ORDER[e.kind] ?? 2;
  return [...milestones, ...stored].sort(
    (a, b) => a.at.getTime() - b.at.getTime() || rank(a) - rank(b),
  );
}
