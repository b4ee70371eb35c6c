/**
 * The backend's truth against `@runsight/active-state`, at its own `server_time` ± the
 * tolerance (with the host's policies when given; else the deadlines on the wire):
 * - `truth.freshness`: every run a `freshness=` filter returns derives to that freshness, and an
 *   active run that clearly has it is not left out;
 * - `truth.attention`: `sort=attention` follows `sortByAttention`, page after page;
 * - `truth.summary`: each summary figure equals the row count of its list filter.
 */
import { sortByAttention, type OperationRun } from '@runsight/active-state';
import type { Exchange, Query } from '../http.js';
import { freshnessAt, freshnessBetween, judgeable } from './derive.js';
import {
  listSome,
  runPath,
  scoped,
  SUMMARY,
  walk,
  type CheckContext,
  type CheckDef,
  type Page,
  type Recorder,
} from './common.js';

const FRESHNESS = ['fresh', 'past_expected', 'likely_stale', 'reconciled_failed', 'terminal'];
const ACTIVE_FRESHNESS = new Set(['fresh', 'past_expected', 'likely_stale']);
const MAX_PAGES = 3;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const truthFreshness: CheckDef = {
  id: 'truth.freshness',
  title:
    'Truth: every run a freshness filter returns derives to that freshness (active-state at server_time)',
  needs: ['envelopes'],
  async run(ctx, rec) {
    const tol = ctx.options.toleranceMs;
    const policies = ctx.options.policies;
    let unjudged = 0;
    // The active runs, to see that none that clearly has a freshness is left out of its filter.
    const active = await walk(
      ctx.main,
      scoped(ctx, [
        ['status', 'active'],
        ['limit', '200'],
      ]),
      MAX_PAGES,
      rec,
      'status=active',
    );
    const lists = new Map<string, { pages: Page[]; complete: boolean }>();
    for (const value of FRESHNESS) {
      const w = await walk(
        ctx.main,
        scoped(ctx, [
          ['freshness', value],
          ['limit', '200'],
        ]),
        MAX_PAGES,
        rec,
        `freshness=${value}`,
      );
      lists.set(value, { pages: w.pages, complete: w.ended });
      for (const page of w.pages) {
        const wrong: string[] = [];
        for (const run of page.runs) {
          if (!judgeable(run, policies)) {
            unjudged++;
            continue;
          }
          const can = freshnessBetween(run, page.serverTime - tol, page.serverTime + tol, policies);
          if (can.includes('unknown')) unjudged++;
          else if (!can.includes(value as (typeof can)[number])) {
            wrong.push(`${run.id} is ${freshnessAt(run, page.serverTime, policies)}`);
          }
        }
        if (page.rows.length > page.runs.length) {
          rec.note(
            `freshness=${value}: ${page.rows.length - page.runs.length} row(s) did not read as runs`,
          );
        }
        if (wrong.length > 0) {
          rec.fail(
            `freshness=${value} returned ${wrong.length} run(s) that derive otherwise at server_time (±${tol} ms): ${listSome(wrong, 3)}`,
            page.exchange,
            `only runs that are ${value}`,
          );
        }
      }
    }
    // Completeness: an active run that is X throughout the window is in freshness=X.
    if (active.ended) {
      for (const page of active.pages) {
        for (const run of page.runs) {
          if (!judgeable(run, policies)) continue;
          const list = [...lists.entries()];
          const times = list.flatMap(([, l]) => l.pages.map((p) => p.serverTime));
          const from = Math.min(page.serverTime, ...times) - tol;
          const to = Math.max(page.serverTime, ...times) + tol;
          const can = freshnessBetween(run, from, to, policies);
          const only = can.length === 1 ? can[0] : undefined;
          if (only === undefined || !ACTIVE_FRESHNESS.has(only)) continue;
          const target = lists.get(only);
          if (target === undefined || !target.complete) continue;
          if (target.pages.some((p) => p.runs.some((r) => r.id === run.id))) continue;
          // Still active? (It may have finished between the two requests.)
          const now = await ctx.main.get(runPath(run.id), [['workspace', ctx.options.workspace]]);
          const data = isObject(now.json) && isObject(now.json.data) ? now.json.data : {};
          if (data.status !== 'queued' && data.status !== 'running') continue;
          rec.fail(
            `active run ${run.id} is ${only} throughout but freshness=${only} leaves it out`,
            target.pages[0]?.exchange,
            `run ${run.id} listed`,
          );
        }
      }
    }
    if (unjudged > 0) {
      rec.note(
        `${unjudged} run(s) could not be judged (no deadlines on the wire and no --policies, or unknown timing)`,
      );
    }
  },
};

/** Checks adjacent runs a, b (a listed first) are in attention order somewhere in the window. */
function inOrder(a: OperationRun, b: OperationRun, times: number[], ctx: CheckContext): boolean {
  return times.some((now) => {
    const sorted = sortByAttention([a, b], { now, policies: ctx.options.policies });
    return sorted[0] === a;
  });
}

export const truthAttention: CheckDef = {
  id: 'truth.attention',
  title: 'Truth: sort=attention follows sortByAttention (active-state at server_time)',
  needs: ['envelopes'],
  async run(ctx, rec) {
    const tol = ctx.options.toleranceMs;
    const w = await walk(
      ctx.main,
      scoped(ctx, [
        ['sort', 'attention'],
        ['limit', '100'],
      ]),
      MAX_PAGES,
      rec,
      'sort=attention',
    );
    let previous: { run: OperationRun; page: Page } | null = null;
    let reported = 0;
    for (const page of w.pages) {
      for (const run of page.runs) {
        if (previous !== null) {
          const t = [previous.page.serverTime, page.serverTime];
          const times = [Math.min(...t) - tol, ...t, Math.max(...t) + tol];
          if (!inOrder(previous.run, run, times, ctx) && reported++ < 3) {
            rec.fail(
              `sort=attention lists ${previous.run.id} before ${run.id}, which sortByAttention puts first`,
              page.exchange,
              `${run.id} before ${previous.run.id}`,
            );
          }
        }
        previous = { run, page };
      }
    }
    if (reported > 3) rec.note(`${reported} pairs out of order in all`);
  },
};

const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Distinct runs (and tenants) of a filter, walking at most MAX_PAGES of 200; null when more. */
async function countRows(
  ctx: CheckContext,
  rec: Recorder,
  query: Query,
): Promise<{ runs: number; tenants: Set<string> } | null> {
  const w = await walk(
    ctx.main,
    scoped(ctx, [...query, ['limit', '200']]),
    MAX_PAGES,
    rec,
    query.map(([k, v]) => `${k}=${v}`).join('&'),
  );
  if (!w.ended) return null;
  const ids = new Set<string>();
  const tenants = new Set<string>();
  for (const page of w.pages) {
    for (const row of page.rows) {
      if (!isObject(row) || typeof row.id !== 'string') continue;
      ids.add(row.id);
      if (typeof row.tenant_id === 'string') tenants.add(row.tenant_id);
    }
  }
  return { runs: ids.size, tenants };
}

export const truthSummary: CheckDef = {
  id: 'truth.summary',
  title: 'Truth: each summary figure equals the row count of its list filter',
  needs: ['envelopes', 'pagination', 'truth.freshness'],
  async run(ctx, rec) {
    const differences = async (): Promise<{ text: string[]; summary: Exchange }> => {
      const summary = await ctx.main.get(SUMMARY, scoped(ctx));
      const data = isObject(summary.json) && isObject(summary.json.data) ? summary.json.data : {};
      const meta = isObject(summary.json) && isObject(summary.json.meta) ? summary.json.meta : {};
      const since = typeof meta.completed_since === 'string' ? meta.completed_since : null;
      if (since === null) return rec.skip('the summary has no meta.completed_since');
      const text: string[] = [];
      const figures: [string, Query][] = [
        ['active', [['status', 'active']]],
        ['fresh', [['freshness', 'fresh']]],
        ['past_expected', [['freshness', 'past_expected']]],
        ['likely_stale', [['freshness', 'likely_stale']]],
        [
          'follow_up',
          [
            ['problem', 'terminal_follow_up'],
            ['completed_since', since],
          ],
        ],
        [
          'needs_attention',
          [
            ['problem', 'needs_attention'],
            ['completed_since', since],
          ],
        ],
      ];
      for (const [name, query] of figures) {
        const n = await countRows(ctx, rec, query);
        if (n === null) {
          rec.note(`${name}: more than ${MAX_PAGES * 200} rows, not counted`);
          continue;
        }
        if (data[name] !== n.runs)
          text.push(`${name} is ${String(data[name])}, the list has ${n.runs}`);
        if (
          name === 'needs_attention' &&
          isCount(data.tenants_affected) &&
          data.tenants_affected !== n.tenants.size
        ) {
          text.push(
            `tenants_affected is ${data.tenants_affected}, the needs-attention list has ${n.tenants.size} tenants`,
          );
        }
      }
      const n = (k: string) => (isCount(data[k]) ? data[k] : NaN);
      const [a, f, p, s, u, fu, na] = [
        'active',
        'fresh',
        'past_expected',
        'likely_stale',
        'unknown',
        'follow_up',
        'needs_attention',
      ].map(n) as [number, number, number, number, number, number, number];
      if ([a, f, p, s, u, fu, na].every(Number.isFinite)) {
        if (a !== f + p + s + u) {
          text.push(`active (${a}) ≠ fresh + past_expected + likely_stale + unknown`);
        }
        if (na !== s + p + fu) {
          text.push(`needs_attention (${na}) ≠ likely_stale + past_expected + follow_up`);
        }
      }
      return { text, summary };
    };
    // Runs move between figures as time passes: a difference must hold on a second reading.
    const one = await differences();
    if (one.text.length === 0) return;
    const two = await differences();
    if (two.text.length > 0)
      rec.fail(two.text.join('; '), two.summary, 'figures equal to the list counts');
  },
};
