/**
 * `GET /operation-runs/summary`: the exact figures of a card, evaluated at request time in the
 * caller's scope, each equal to the row count of its list filter at the same instant (api.md):
 *
 * | figure | list filter |
 * | --- | --- |
 * | `active` | `status=active` |
 * | `past_expected` / `likely_stale` | `freshness=past_expected` / `freshness=likely_stale` |
 * | `follow_up` | `problem=terminal_follow_up&completed_since=…` |
 * | `needs_attention` | `problem=needs_attention&completed_since=…` |
 * | `tenants_affected` | distinct tenants of the `needs_attention` list |
 *
 * The active runs (few: the partial index `runs_active`) are read and derived with
 * `@runsight/active-state` exactly as the list derives them; the follow-up runs are counted in
 * SQL with the same conditions the list reads them with (`FOLLOW_UP_SQL`: active-state's
 * `terminal_follow_up` rule for finished runs, which does not depend on time).
 */
import { attentionRank, deriveActiveState, summarizeActivity } from '@runsight/active-state';
import {
  completedSinceCond,
  DONE_SQL,
  FOLLOW_UP_SQL,
  Params,
  scopeConditions,
  type ListContext,
  type Scope,
  type Visibility,
} from './list.js';
import { rowToRun, selectRuns } from './runs.js';
import type { RunsSummary } from '@runsight/api-client';

/** The default follow-up window of the summary: the last 24 hours. */
export const FOLLOW_UP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The summary's figures: the api-client's domain type (one definition). */
export type { RunsSummary };

/** The figures, and when they may change with time alone (poll-memory.ts). */
export interface TimedSummary extends RunsSummary {
  /** The earliest `nextChangeAt` of the active runs (epoch ms), or null. */
  nextChangeAt: number | null;
  /** The oldest completion (epoch ms) counted as follow-up, or null: the window's edge. */
  oldestFollowUpAt: number | null;
}

export async function summarizeRuns(
  ctx: ListContext,
  scope: Scope,
  vis: Visibility,
  completedSince: Date,
): Promise<TimedSummary> {
  const active = async () => {
    const p = new Params();
    const where = [...scopeConditions(p, scope, vis), `r.status IN ('queued', 'running')`];
    return selectRuns(ctx.db, { from: ctx.runs, where, params: p.values });
  };
  const followUp = async () => {
    const p = new Params();
    const where = [
      ...scopeConditions(p, scope, vis),
      "r.status = 'completed'",
      FOLLOW_UP_SQL,
      completedSinceCond(completedSince)(p),
    ];
    // one row per tenant (hash aggregate, no sort); null: the workspace-level runs
    const res = await ctx.db.query<{ tenant_id: string | null; n: number; oldest: Date | null }>(
      `SELECT r.tenant_id, count(*)::int AS n, min(${DONE_SQL}) AS oldest FROM ${ctx.runs} r
       WHERE ${where.join(' AND ')} GROUP BY r.tenant_id`,
      p.values,
    );
    let oldest: number | null = null;
    for (const row of res.rows) {
      const t = row.oldest === null ? null : new Date(row.oldest).getTime();
      if (t !== null && (oldest === null || t < oldest)) oldest = t;
    }
    return {
      oldest,
      count: res.rows.reduce((sum, row) => sum + Number(row.n), 0),
      tenants: res.rows.flatMap((row) => (row.tenant_id === null ? [] : [row.tenant_id])),
    };
  };
  // independent reads: together (a pool runs them at once; PGlite queues them)
  const [activeRows, done] = await Promise.all([active(), followUp()]);

  const runs = activeRows.map((row) => rowToRun(row));
  const opts = { now: ctx.now, policies: ctx.policies };
  const figures = summarizeActivity(runs, opts);
  const tenants = new Set(done.tenants);
  let nextChangeAt: number | null = null;
  for (const run of runs) {
    const state = deriveActiveState(run, opts);
    const change = state.nextChangeAt?.getTime() ?? null;
    if (change !== null && (nextChangeAt === null || change < nextChangeAt)) nextChangeAt = change;
    // likely stale or past expected (attention groups 0 and 1): needs attention
    if (run.tenantId !== null && attentionRank(state) <= 1) tenants.add(run.tenantId);
  }
  return {
    active: figures.active,
    fresh: figures.fresh,
    pastExpected: figures.pastExpected,
    likelyStale: figures.likelyStale,
    unknown: figures.unknown,
    followUp: done.count,
    needsAttention: figures.likelyStale + figures.pastExpected + done.count,
    tenantsAffected: tenants.size,
    nextChangeAt,
    oldestFollowUpAt: done.oldest,
  };
}
