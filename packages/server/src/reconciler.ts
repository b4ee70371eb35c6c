/**
 * The lifecycle reconciler, like a production backend's: it force-fails runs that stayed
 * LIKELY STALE past a grace period. Whether a run is likely stale is decided only by
 * `deriveActiveState` with the server's policies; the reconciler itself only measures how long
 * it has seen the run in that state (`likely_stale_since`, first observation).
 *
 * A reconciled run: status completed, outcome failed, `reconciliation {reconciled_at, reason,
 * previous_status}`, failure `lifecycle_exceeded` (the detail's `reconciled` event is derived from it).
 */
import { deriveActiveState, type LifecyclePolicies } from '@runsight/active-state';
import type { Clock } from './clock.js';
import type { Db } from './db.js';
import { rowToRun, selectRuns, type RunRow } from './runs.js';

export const RECONCILED_REASON_CODE = 'lifecycle_exceeded';
export const RECONCILED_FAILURE_MESSAGE =
  'Marked as failed by the lifecycle reconciler: the run stayed likely stale past its grace period.';

export interface ReconcilerOptions {
  db: Db;
  clock: Clock;
  policies: LifecyclePolicies;
  /** Seconds a run stays likely stale before it is force-failed. */
  graceS: number;
}

export interface ReconcileReport {
  /** Runs seen likely stale for the first time. */
  markedStale: string[];
  /** Runs force-failed. */
  reconciled: string[];
  /** Runs no longer likely stale (e.g. a heartbeat came back). */
  recovered: string[];
}

function hhmmss(d: Date): string {
  return `${d.toISOString().slice(11, 19)} UTC`;
}

function formatSeconds(s: number): string {
  return s >= 120 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`;
}

export class Reconciler {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #policies: LifecyclePolicies;
  readonly graceS: number;

  constructor(opts: ReconcilerOptions) {
    this.#db = opts.db;
    this.#clock = opts.clock;
    this.#policies = opts.policies;
    this.graceS = opts.graceS;
  }

  /** One pass over every active run. */
  async tick(): Promise<ReconcileReport> {
    const now = this.#clock.now();
    const report: ReconcileReport = { markedStale: [], reconciled: [], recovered: [] };
    const rows = await selectRuns(this.#db, {
      where: [`r.status IN ('queued', 'running')`],
      params: [],
      order: 'ASC',
      extra: ['likely_stale_since'],
    });
    for (const row of rows) {
      const run = rowToRun(row);
      const state = deriveActiveState(run, { now, policies: this.#policies });
      if (state.freshness !== 'likely_stale') {
        if (row.likely_stale_since != null) {
          await this.#db.query(
            `UPDATE operation_runs SET likely_stale_since = NULL WHERE id = $1`,
            [row.id],
          );
          report.recovered.push(row.id);
        }
        continue;
      }
      if (row.likely_stale_since == null) {
        await this.#db.query(
          `UPDATE operation_runs SET likely_stale_since = $2
            WHERE id = $1 AND status IN ('queued', 'running')`,
          [row.id, new Date(now)],
        );
        report.markedStale.push(row.id);
        continue;
      }
      if (now - row.likely_stale_since.getTime() < this.graceS * 1000) continue;
      if (await this.#reconcile(row, now)) report.reconciled.push(row.id);
    }
    return report;
  }

  async #reconcile(row: RunRow, now: number): Promise<boolean> {
    const grace = formatSeconds(this.graceS);
    const reason =
      row.status === 'queued'
        ? `Never started: still queued past its lifecycle window, and likely stale for more than ${grace}.`
        : row.last_heartbeat_at !== null
          ? `No heartbeat since ${hhmmss(row.last_heartbeat_at)}; likely stale for more than ${grace} past its lifecycle window.`
          : `Running past its lifecycle window without finishing; likely stale for more than ${grace}.`;
    const res = await this.#db.query<{ previous: string }>(
      `UPDATE operation_runs SET status = 'completed', outcome = 'failed', completed_at = $2,
         reconciled_at = $2, reconcile_reason = $3, reconcile_previous_status = status,
         failure_reason_code = $4, failure_message = $5, likely_stale_since = NULL
       WHERE id = $1 AND status IN ('queued', 'running')
       RETURNING reconcile_previous_status AS previous`,
      [row.id, new Date(now), reason, RECONCILED_REASON_CODE, RECONCILED_FAILURE_MESSAGE],
    );
    // no row: it finished meanwhile. The `reconciled` event is derived from the row.
    return res.rows.length === 1;
  }
}
