/**
 * The list query: SQL narrows by everything SQL can decide (workspace, visible tenants, type,
 * since, status, completed_since, and the freshness/problem classes that do not depend on
 * time), then the server's own truth at request time decides the rest with
 * `@runsight/active-state` — the only place where timestamps are compared with thresholds.
 *
 * `problem` is a union of sets: `active_stale_attention` (likely stale), `terminal_follow_up`
 * (finished, follow-up) and `needs_attention` (attention groups 0–2: likely stale, past expected,
 * follow-up). A finished run with neither a completion nor a reconciliation instant counts as
 * finished at the epoch (for `completed_since`, as in the attention order).
 *
 * `-created_at`: one keyset query (`LIMIT n+1`) straight from an index — unless a freshness or
 * problem filter needs the derivation on active runs: then the ACTIVE runs (queued/running; few,
 * partial index `runs_active`) are read in full and filtered in JavaScript, the COMPLETED ones
 * come as a keyset page, and the two are merged.
 *
 * `attention`: groups in the order of `sortByAttention` — likely stale, past expected (active
 * runs, derived), follow-up (completed, SQL), the rest (fresh active + other completed) — the
 * stuck groups and the rest oldest first, follow-up by severity (reconciled failed, failed,
 * blocked, partially succeeded) then newest completion first; keyset cursor on (group,
 * severity, instant, id), the instant being created_at, or the completion for follow-up.
 */
import {
  attentionRank,
  deriveActiveState,
  sortByAttention,
  type ActiveState,
  type LifecyclePolicies,
  type OperationRun,
} from '@runsight/active-state';
import { encodeCursor, type Cursor } from './cursor.js';
import type { Queryable } from './db.js';
import type { ListParams, ProblemFilter, StatusFilter } from './params.js';
import { rowToRun, selectRuns, type RunRow } from './runs.js';

/** SQL of a finished run that needs follow-up (active-state: `terminal_follow_up`). */
export const FOLLOW_UP_SQL = `(r.reconciled_at IS NOT NULL OR r.outcome IN ('failed', 'blocked', 'partially_succeeded'))`;

/**
 * The follow-up group's order, as `sortByAttention` has it: severity (its badge: reconciled
 * failed 0, failed 1, blocked 2, partially succeeded 3), then the newest completion first (the
 * completion, else the reconciliation; none counts as the oldest), then id.
 */
const SEVERITY_SQL = `(CASE WHEN r.reconciled_at IS NOT NULL THEN 0 WHEN r.outcome = 'failed' THEN 1 WHEN r.outcome = 'blocked' THEN 2 ELSE 3 END)`;
/** When a finished run finished: its completion, else its reconciliation (none: the epoch). */
export const DONE_SQL = `COALESCE(r.completed_at, r.reconciled_at, 'epoch'::timestamptz)`;
const severityOf = (row: RunRow): number =>
  row.reconciled_at !== null ? 0 : row.outcome === 'failed' ? 1 : row.outcome === 'blocked' ? 2 : 3;
const doneOf = (row: RunRow): number => (row.completed_at ?? row.reconciled_at)?.getTime() ?? 0;
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const FOLLOW_UP_ORDER = {
  sql: `${SEVERITY_SQL} ASC, ${DONE_SQL} DESC, r.id ASC`,
  compare: (a: RunRow, b: RunRow) =>
    severityOf(a) - severityOf(b) || doneOf(b) - doneOf(a) || byId(a.id, b.id),
};

export interface Visibility {
  /** null: every tenant and the workspace-level runs; else only these tenants' runs. */
  tenants: string[] | null;
}

export interface ListedRun {
  run: OperationRun;
  state: ActiveState;
}

export interface ListResult {
  items: ListedRun[];
  nextCursor: string | null;
  /**
   * The earliest instant (epoch ms) a run read for this page — shown or filtered out — changes
   * its derived verdict with time alone (`nextChangeAt`), or null: until then the same data
   * gives the same page (poll-memory.ts).
   */
  nextChangeAt: number | null;
}

export interface ListContext {
  db: Queryable;
  now: number;
  policies: LifecyclePolicies;
  /** The runs view, quoted (relations.ts). */
  runs: string;
}

interface Item extends ListedRun {
  /** created_at. */
  t: number;
  id: string;
  rank: number;
  /** The instant the attention order uses: created_at, or the completion for follow-up. */
  at: number;
  /** Follow-up severity (group 2), else 0. */
  sev: number;
}

interface Position {
  t: number;
  id: string;
  sev?: number;
}

/** Bind parameters of one query: `add` returns the placeholder (`$n`) of a value. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A SQL condition on `r`: fixed text, or text built with bind parameters. */
type Cond = string | ((p: Params) => string);
const condSql = (c: Cond, p: Params): string => (typeof c === 'string' ? c : c(p));

/** What the caller may see and asked for: a workspace, optionally one of its tenants. */
export interface Scope {
  workspace: string;
  tenant: string | null;
}

/**
 * The scope as SQL — the one place where a list or a summary is narrowed to what the caller may
 * see: the workspace, then the tenant asked for (checked visible by the caller) or else the
 * visible tenants.
 */
export function scopeConditions(p: Params, scope: Scope, vis: Visibility): string[] {
  const conds = [`r.workspace_id = ${p.add(scope.workspace)}`];
  if (scope.tenant !== null) conds.push(`r.tenant_id = ${p.add(scope.tenant)}`);
  else if (vis.tenants !== null) {
    conds.push(
      vis.tenants.length === 1
        ? `r.tenant_id = ${p.add(vis.tenants[0])}`
        : `r.tenant_id = ANY(${p.add(vis.tenants)}::text[])`,
    );
  }
  return conds;
}

/** A finished run that completed (or was reconciled) at or after `since`. */
export const completedSinceCond =
  (since: Date) =>
  (p: Params): string =>
    `${DONE_SQL} >= ${p.add(since.toISOString())}::timestamptz`;

/** Conditions shared by every part: the scope, type, since. */
function baseConditions(p: Params, q: ListParams, vis: Visibility): string[] {
  const conds = scopeConditions(p, q, vis);
  if (q.types !== null) {
    conds.push(
      q.types.length === 1
        ? `r.type = ${p.add(q.types[0])}`
        : `r.type = ANY(${p.add(q.types)}::text[])`,
    );
  }
  if (q.since !== null) conds.push(`r.created_at >= ${p.add(q.since.toISOString())}::timestamptz`);
  return conds;
}

const ACTIVE: readonly StatusFilter[] = ['queued', 'running'];

interface Plan {
  /** Active statuses to read (empty: no active runs can match). */
  activeStatuses: StatusFilter[];
  /** Whether active runs need the derivation to be filtered (freshness/problem). */
  activeNeedsDerivation: boolean;
  /** Whether completed runs can match, and extra SQL for them. */
  completed: boolean;
  completedConds: Cond[];
  /** Whether completed runs outside follow-up (attention group 3) can match. */
  restGroup: boolean;
}

function plan(q: ListParams): Plan {
  const statuses = q.statuses;
  const f = q.freshness;
  const pr = q.problems;
  let activeStatuses = ACTIVE.filter((s) => statuses === null || statuses.has(s));
  const activeFreshness =
    f === null || f.has('fresh') || f.has('past_expected') || f.has('likely_stale');
  // likely stale (active_stale_attention), or likely stale / past expected (needs_attention)
  const activeProblem =
    pr === null || pr.has('active_stale_attention') || pr.has('needs_attention');
  if (!activeFreshness || !activeProblem) activeStatuses = [];
  // a finished run matches a problem filter only as follow-up (both sets that admit finished
  // runs admit exactly that)
  const completed =
    (statuses === null || statuses.has('completed')) &&
    (f === null || f.has('terminal') || f.has('reconciled_failed')) &&
    (pr === null || pr.has('terminal_follow_up') || pr.has('needs_attention'));
  const completedConds: Cond[] = [];
  if (f !== null && f.has('terminal') !== f.has('reconciled_failed')) {
    completedConds.push(
      f.has('terminal') ? 'r.reconciled_at IS NULL' : 'r.reconciled_at IS NOT NULL',
    );
  }
  if (pr !== null) completedConds.push(FOLLOW_UP_SQL);
  if (q.completedSince !== null) completedConds.push(completedSinceCond(q.completedSince));
  // every reconciled run needs follow-up: with only reconciled_failed there is no group 3
  const restGroup = completed && pr === null && (f === null || f.has('terminal'));
  return {
    activeStatuses,
    activeNeedsDerivation: q.freshness !== null || pr !== null,
    completed,
    completedConds,
    restGroup,
  };
}

/** Fixed literals from the enum (never user text): lets the planner use the partial index. */
function activeSql(statuses: readonly StatusFilter[]): string {
  return statuses.length === 1
    ? `r.status = '${statuses[0]}'`
    : `r.status IN ('queued', 'running')`;
}

const byCreatedDesc = (a: Item, b: Item) => b.t - a.t || byId(b.id, a.id);
/** sortByAttention's order on items (follow-up: severity, then newest completion). */
const byAttention = (a: Item, b: Item) =>
  a.rank - b.rank ||
  a.sev - b.sev ||
  (a.rank === 2 ? b.at - a.at : a.at - b.at) ||
  byId(a.id, b.id);

/**
 * Whether a derived run is in any of the problem sets: active-state's problem classes, or
 * `needs_attention` — attention groups 0–2 (likely stale, past expected, follow-up).
 */
export function inProblems(
  problems: ReadonlySet<ProblemFilter>,
  state: ActiveState,
  rank: number = attentionRank(state),
): boolean {
  return (
    (problems.has('needs_attention') && rank <= 2) ||
    (state.problemClass !== 'none' && problems.has(state.problemClass))
  );
}

export async function listRuns(
  ctx: ListContext,
  q: ListParams,
  vis: Visibility,
): Promise<ListResult> {
  const pl = plan(q);
  const need = q.limit + 1;
  let nextChangeAt: number | null = null;

  const derive = (row: RunRow): Item => {
    const run = rowToRun(row);
    const state = deriveActiveState(run, { now: ctx.now, policies: ctx.policies });
    const change = state.nextChangeAt?.getTime() ?? null;
    if (change !== null && (nextChangeAt === null || change < nextChangeAt)) nextChangeAt = change;
    const rank = attentionRank(state);
    // follow-up is keyed by its severity and completion (FOLLOW_UP_ORDER), the rest by creation
    const t = row.created_at.getTime();
    return rank === 2 && row.status === 'completed'
      ? { run, state, t, id: row.id, rank, at: doneOf(row), sev: severityOf(row) }
      : { run, state, t, id: row.id, rank, at: t, sev: 0 };
  };
  const matches = (it: Item): boolean =>
    (q.freshness === null || q.freshness.has(it.state.freshness as never)) &&
    (q.problems === null || inProblems(q.problems, it.state, it.rank));

  /** `order` FOLLOW_UP: the follow-up group's order (FOLLOW_UP_ORDER), keyset included. */
  const select = (
    extra: Cond[],
    order: 'DESC' | 'ASC' | 'FOLLOW_UP',
    after: Position | null,
    limit: number | null,
  ): Promise<RunRow[]> => {
    const p = new Params();
    const where = [...baseConditions(p, q, vis), ...extra.map((c) => condSql(c, p))];
    if (after !== null) {
      const at = `${p.add(new Date(after.t).toISOString())}::timestamptz`;
      const id = p.add(after.id);
      if (order === 'FOLLOW_UP') {
        const sev = p.add(after.sev ?? 0);
        where.push(
          `(${SEVERITY_SQL} > ${sev} OR (${SEVERITY_SQL} = ${sev} AND (${DONE_SQL} < ${at} OR (${DONE_SQL} = ${at} AND r.id > ${id}))))`,
        );
      } else {
        where.push(`(r.created_at, r.id) ${order === 'DESC' ? '<' : '>'} (${at}, ${id})`);
      }
    }
    const from = ctx.runs;
    return order === 'FOLLOW_UP'
      ? selectRuns(ctx.db, { from, where, params: p.values, orderBy: FOLLOW_UP_ORDER, limit })
      : selectRuns(ctx.db, { from, where, params: p.values, order, limit });
  };

  /** Up to `need` matching runs in keyset order (one query unless the derivation drops rows). */
  const page = async (
    extra: Cond[],
    order: 'DESC' | 'ASC' | 'FOLLOW_UP',
    after: Position | null,
  ) => {
    const out: Item[] = [];
    let pos = after;
    for (;;) {
      const rows = await select(extra, order, pos, need);
      for (const row of rows) {
        const it = derive(row);
        if (matches(it)) out.push(it);
      }
      const last = rows[rows.length - 1];
      if (out.length >= need || rows.length < need || last === undefined) return out;
      pos =
        order === 'FOLLOW_UP'
          ? { t: doneOf(last), id: last.id, sev: severityOf(last) }
          : { t: last.created_at.getTime(), id: last.id };
    }
  };

  const completedSql: Cond[] = ["r.status = 'completed'", ...pl.completedConds];
  // the follow-up group: completedSql already says follow-up when a problem filter is set
  const followUpSql = q.problems === null ? [...completedSql, FOLLOW_UP_SQL] : completedSql;
  const hasActive = pl.activeStatuses.length > 0;
  let items: Item[];

  if (q.sort === '-created_at') {
    const cursor = q.cursor as Extract<Cursor, { sort: '-created_at' }> | null;
    const after = cursor === null ? null : { t: cursor.createdAt, id: cursor.id };
    if (!hasActive && !pl.completed) {
      items = [];
    } else if (!hasActive || !pl.completed || !pl.activeNeedsDerivation) {
      // one keyset query over whatever statuses can match
      let status: Cond[] = [];
      if (!pl.completed) status = [activeSql(pl.activeStatuses)];
      else if (!hasActive) status = completedSql;
      else if (pl.activeStatuses.length < 2 || pl.completedConds.length > 0) {
        status = [
          (p: Params) =>
            `(${activeSql(pl.activeStatuses)} OR (${completedSql.map((c) => condSql(c, p)).join(' AND ')}))`,
        ];
      }
      items = await page(status, 'DESC', after);
    } else {
      // independent reads: together (a pool runs them at once; PGlite queues them)
      const [activeRows, done] = await Promise.all([
        select([activeSql(pl.activeStatuses)], 'DESC', after, null),
        page(completedSql, 'DESC', after),
      ]);
      const active = activeRows.map(derive).filter(matches);
      items = [...active, ...done].sort(byCreatedDesc);
    }
  } else {
    const c = q.cursor as Extract<Cursor, { sort: 'attention' }> | null;
    const afterCursor = (it: Item): boolean =>
      c === null ||
      byAttention(it, { rank: c.rank, sev: c.severity, at: c.at, id: c.id } as Item) > 0;
    const groupAfter = (rank: number) =>
      c !== null && c.rank === rank ? { t: c.at, id: c.id, sev: c.severity } : null;
    // independent reads: together (a pool runs them at once; PGlite queues them)
    const [activeRows, followUp] = await Promise.all([
      hasActive ? select([activeSql(pl.activeStatuses)], 'ASC', null, null) : [],
      pl.completed && (c === null || c.rank <= 2)
        ? page(followUpSql, 'FOLLOW_UP', groupAfter(2))
        : [],
    ]);
    const active = activeRows.map(derive).filter((it) => matches(it) && afterCursor(it));
    // groups 0–2 come first: read group 3 only when they do not fill the page
    const before = active.filter((it) => it.rank < 3).length + followUp.length;
    const rest =
      pl.restGroup && before < need
        ? await page([...completedSql, `NOT ${FOLLOW_UP_SQL}`], 'ASC', groupAfter(3))
        : [];
    const merged = [...active, ...followUp, ...rest]
      .filter(afterCursor)
      .sort(byAttention)
      .slice(0, need);
    // The page is in sortByAttention's order (the candidates already are; passing them
    // through keeps the server bound to the one shared definition).
    const byRun = new Map(merged.map((it) => [it.run, it]));
    items = sortByAttention(
      merged.map((it) => it.run),
      { now: ctx.now, policies: ctx.policies },
    ).map((run) => byRun.get(run) as Item);
  }

  const shown = items.slice(0, q.limit);
  const last = shown[shown.length - 1];
  const nextCursor =
    items.length > q.limit && last !== undefined
      ? encodeCursor(
          q.sort === '-created_at'
            ? { sort: '-created_at', createdAt: last.t, id: last.id }
            : {
                sort: 'attention',
                rank: last.rank as 0 | 1 | 2 | 3,
                severity: last.sev,
                at: last.at,
                id: last.id,
              },
        )
      : null;
  return { items: shown.map(({ run, state }) => ({ run, state })), nextCursor, nextChangeAt };
}
