/**
 * Bulk loading of runs through `COPY … FROM STDIN` (PostgreSQL; pg-copy-streams): the rows go
 * to the server as CSV text in one stream, parsed by PostgreSQL's COPY, several times faster
 * than batched `INSERT … SELECT FROM unnest(…)` for a million runs. The same columns and values
 * as `insertRuns` (runs.ts); a test holds the two paths to equal rows.
 *
 * The table must be empty (seed.ts checks it inside the transaction): then it is truncated in
 * the same transaction so that `COPY … FREEZE` writes the rows frozen and all-visible (no
 * VACUUM pass, index-only scans at once); its indexes (the primary key too) are dropped before
 * the load and built again after it (one sort per index instead of a million index insertions),
 * and its triggers are off during the load (the change notification is the TRUNCATE's: one
 * `NOTIFY` for the schema instead of a million-row transition table). All in the caller's
 * transaction: a failed load leaves the table, its indexes and triggers as they were.
 */
import type { Queryable } from './db.js';
import type { NewRun } from './runs.js';

const COLUMNS = `id, workspace_id, tenant_id, type, type_label, status, outcome,
  created_at, started_at, completed_at, last_heartbeat_at,
  progress_total, progress_processed, progress_succeeded, progress_failed,
  expected_by, stale_after, heartbeat_timeout_s,
  reconciled_at, reconcile_reason, reconcile_previous_status,
  initiator_name, failure_reason_code, failure_message, context`;

/** A CSV field: NULL is the unquoted empty field, every value is quoted (COPY's CSV format). */
const text = (v: string | null | undefined): string =>
  v === null || v === undefined ? '' : `"${v.includes('"') ? v.replaceAll('"', '""') : v}"`;
const num = (v: number | null | undefined): string =>
  v === null || v === undefined ? '' : String(v);
const iso = (d: Date | null | undefined): string => (d ? d.toISOString() : '');

/** One run as one CSV line, the columns of {@link COLUMNS} (insertRuns' values). */
export function runCsvLine(r: NewRun): string {
  const p = r.progress;
  return [
    text(r.id),
    text(r.workspaceId),
    text(r.tenantId),
    text(r.type),
    text(r.typeLabel),
    text(r.status),
    text(r.outcome),
    iso(r.createdAt),
    iso(r.startedAt),
    iso(r.completedAt),
    iso(r.lastHeartbeatAt),
    num(p?.total),
    num(p?.processed),
    num(p?.succeeded),
    num(p?.failed),
    iso(r.lifecycle?.expectedBy),
    iso(r.lifecycle?.staleAfter),
    num(r.lifecycle?.heartbeatTimeoutS),
    iso(r.reconciliation?.reconciledAt),
    text(r.reconciliation?.reason),
    text(r.reconciliation?.previousStatus),
    text(r.initiator?.name),
    text(r.failure?.reasonCode),
    text(r.failure?.message),
    text(JSON.stringify(r.context ?? {})),
  ].join(',');
}

export interface CopyRunsOptions {
  /** Called after each batch went into the stream. */
  onBatch?: (batch: number) => void;
}

/**
 * Copies the batches of runs into the EMPTY `operation_runs` (in the caller's transaction, which
 * must hold `copyFrom`), skipping a repeated id as `insertRuns`' ON CONFLICT does (the first one
 * stays). Returns the rows copied.
 */
export async function copyRuns(
  tx: Queryable,
  batches: Iterable<readonly NewRun[]>,
  opts: CopyRunsOptions = {},
): Promise<number> {
  const copyFrom = tx.copyFrom?.bind(tx);
  if (copyFrom === undefined) throw new Error('copyRuns: this connection cannot COPY');
  // FREEZE needs the table truncated in this transaction; the events reference the runs (and
  // are empty with them), so they are truncated together.
  await tx.exec('TRUNCATE operation_runs, run_events');
  const ddl = await dropForLoad(tx);
  const seen = new Set<string>();
  function* csv(): Generator<string> {
    for (const batch of batches) {
      const lines: string[] = [];
      for (const run of batch) {
        if (seen.has(run.id)) continue;
        seen.add(run.id);
        lines.push(runCsvLine(run));
      }
      if (lines.length > 0) yield `${lines.join('\n')}\n`;
      opts.onBatch?.(batch.length);
    }
  }
  const copied = await copyFrom(
    `COPY operation_runs (${COLUMNS}) FROM STDIN WITH (FORMAT csv, FREEZE)`,
    csv(),
  );

  // the index builds sort in memory instead of on disk (this transaction only)
  await tx.exec(`SET LOCAL maintenance_work_mem = '256MB'`);
  for (const stmt of ddl.restore) await tx.exec(stmt);
  return copied;
}

/**
 * Drops what a bulk load would maintain or check row by row — the indexes, the primary key and
 * the foreign keys (the runs' own and the events' onto them), the enabled user triggers (the change notification:
 * the TRUNCATE before the load already notified every instance, migration 4) — and returns the
 * statements that restore them, in order.
 */
async function dropForLoad(tx: Queryable): Promise<{ restore: string[] }> {
  const drop: string[] = [];
  const restore: string[] = [];
  const triggers = await tx.query<{ name: string }>(
    `SELECT quote_ident(tgname) AS name FROM pg_trigger
      WHERE tgrelid = 'operation_runs'::regclass AND NOT tgisinternal AND tgenabled <> 'D'
      ORDER BY tgname`,
  );
  for (const t of triggers.rows) {
    drop.push(`ALTER TABLE operation_runs DISABLE TRIGGER ${t.name}`);
  }
  // the primary key (and any unique key), the foreign keys of the runs (checked row by row
  // during a load, in one query when added again) and those onto them (the events')
  const constraints = await tx.query<{ rel: string; name: string; def: string }>(
    `SELECT conrelid::regclass::text AS rel, quote_ident(conname) AS name,
            pg_get_constraintdef(oid) AS def
       FROM pg_constraint
      WHERE (conrelid = 'operation_runs'::regclass AND contype IN ('p', 'u', 'f'))
         OR (confrelid = 'operation_runs'::regclass AND contype = 'f')
      ORDER BY contype = 'f' DESC, conname`,
  );
  for (const c of constraints.rows) drop.push(`ALTER TABLE ${c.rel} DROP CONSTRAINT ${c.name}`);
  const indexes = await tx.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = 'operation_runs'::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY i.indexrelid`,
  );
  for (const ix of indexes.rows) {
    drop.push(`DROP INDEX ${ix.name}`);
    restore.push(ix.def);
  }
  // the keys before the foreign keys that need them
  for (const c of [...constraints.rows].reverse()) {
    restore.push(`ALTER TABLE ${c.rel} ADD CONSTRAINT ${c.name} ${c.def}`);
  }
  for (const t of triggers.rows) {
    restore.push(`ALTER TABLE operation_runs ENABLE TRIGGER ${t.name}`);
  }
  for (const stmt of drop) await tx.exec(stmt);
  return { restore };
}
