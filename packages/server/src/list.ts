/**
 * The list query: SQL narrows by everything SQL can decide (workspace, visible tenants, type,
 * since, status, and the freshness/problem classes that do not depend on time), then the
 * server's own truth at request time decides the rest with `@runsight/active-state` — the only
 * place where timestamps are compared with thresholds.
 *
 * Runs are read in two parts:
 * - ACTIVE runs (queued/running; few, partial index `runs_active`): all of them that match,
 *   derived in JavaScript, filtered by freshness/problem;
 * - COMPLETED runs (most of the 100 000): a keyset page straight from an index, `LIMIT n+1`.
 * The two are merged in the requested order; the next cursor is the key of the last row.
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
import type { ListParams, StatusFilter } from './params.js';
import { RUN_COLUMNS, RUN_FROM, rowToRun, type RunRow } from './runs.js';

/** SQL of a finished run that needs follow-up (active-state: `terminal_follow_up`). */
export const FOLLOW_UP_SQL = `(r.reconciled_at IS NOT NULL OR r.outcome IN ('failed', 'blocked', 'partially_succeeded'))`;

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
}

interface Item extends ListedRun {
  t: number;
  id: string;
  rank: number;
}

class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Conditions shared by both parts: workspace, visible tenants, tenant, type, since. */
function baseConditions(p: Params, q: ListParams, vis: Visibility): string[] {
  const conds = [`r.workspace_id = ${p.add(q.workspace)}`];
  if (q.tenant !== null) conds.push(`r.tenant_id = ${p.add(q.tenant)}`);
  else if (vis.tenants !== null) {
    conds.push(
      vis.tenants.length === 1
        ? `r.tenant_id = ${p.add(vis.tenants[0])}`
        : `r.tenant_id = ANY(${p.add(vis.tenants)}::text[])`,
    );
  }
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
  /** Active statuses to read (empty: skip the active part). */
  activeStatuses: StatusFilter[];
  /** Whether to read completed runs, and extra SQL for them. */
  completed: boolean;
  completedConds: string[];
  /** Attention groups 2 (follow-up) and 3 (rest) of completed runs to read. */
  followUpGroup: boolean;
  restGroup: boolean;
}

function plan(q: ListParams): Plan {
  const statuses = q.statuses;
  const f = q.freshness;
  let activeStatuses = ACTIVE.filter((s) => statuses === null || statuses.has(s));
  const activeFreshness =
    f === null || f.has('fresh') || f.has('past_expected') || f.has('likely_stale');
  if (!activeFreshness || (q.problem !== null && q.problem !== 'active_stale_attention')) {
    activeStatuses = [];
  }
  let completed =
    (statuses === null || statuses.has('completed')) &&
    (f === null || f.has('terminal') || f.has('reconciled_failed')) &&
    (q.problem === null || q.problem === 'terminal_follow_up');
  const completedConds: string[] = [];
  if (f !== null && f.has('terminal') !== f.has('reconciled_failed')) {
    completedConds.push(
      f.has('terminal') ? 'r.reconciled_at IS NULL' : 'r.reconciled_at IS NOT NULL',
    );
  }
  if (q.problem === 'terminal_follow_up') completedConds.push(FOLLOW_UP_SQL);
  // freshness=reconciled_failed only: every reconciled run needs follow-up, none is in group 3
  const restGroup =
    completed && q.problem !== 'terminal_follow_up' && !(f !== null && !f.has('terminal'));
  const followUpGroup = completed;
  if (!followUpGroup && !restGroup) completed = false;
  return { activeStatuses, completed, completedConds, followUpGroup, restGroup };
}

function statusSql(statuses: readonly StatusFilter[]): string {
  // fixed literals from the enum (not user text): lets the planner use the partial index
  return statuses.length === 1
    ? `r.status = '${statuses[0]}'`
    : `r.status IN ('queued', 'running')`;
}

export interface ListContext {
  db: Queryable;
  now: number;
  policies: LifecyclePolicies;
}

export async function listRuns(
  ctx: ListContext,
  q: ListParams,
  vis: Visibility,
): Promise<ListResult> {
  const pl = plan(q);
  const need = q.limit + 1;

  const derive = (row: RunRow): Item => {
    const run = rowToRun(row);
    const state = deriveActiveState(run, { now: ctx.now, policies: ctx.policies });
    return { run, state, t: row.created_at.getTime(), id: row.id, rank: attentionRank(state) };
  };
  const matches = (it: Item): boolean =>
    (q.freshness === null || q.freshness.has(it.state.freshness as never)) &&
    (q.problem === null || it.state.problemClass === q.problem);

  const select = async (
    extra: string[],
    order: 'DESC' | 'ASC',
    after: { t: number; id: string } | null,
    limit: number | null,
  ): Promise<RunRow[]> => {
    const p = new Params();
    const conds = [...baseConditions(p, q, vis), ...extra];
    if (after !== null) {
      const op = order === 'DESC' ? '<' : '>';
      conds.push(
        `(r.created_at, r.id) ${op} (${p.add(new Date(after.t).toISOString())}::timestamptz, ${p.add(after.id)})`,
      );
    }
    const sql = `SELECT ${RUN_COLUMNS} FROM ${RUN_FROM} WHERE ${conds.join(' AND ')}
      ORDER BY r.created_at ${order}, r.id ${order}${limit === null ? '' : ` LIMIT ${limit}`}`;
    return (await ctx.db.query<RunRow>(sql, p.values)).rows;
  };

  /** Up to `need` matching completed runs in keyset order (normally one query). */
  const completedPage = async (
    extra: string[],
    order: 'DESC' | 'ASC',
    after: { t: number; id: string } | null,
  ): Promise<Item[]> => {
    const out: Item[] = [];
    let pos = after;
    for (;;) {
      const rows = await select(["r.status = 'completed'", ...extra], order, pos, need);
      for (const row of rows) {
        const it = derive(row);
        if (matches(it)) out.push(it);
      }
      if (out.length >= need || rows.length < need) return out;
      const last = rows[rows.length - 1] as RunRow;
      pos = { t: last.created_at.getTime(), id: last.id };
    }
  };

  let items: Item[];
  if (q.sort === '-created_at') {
    const after = q.cursor === null ? null : { t: q.cursor.createdAt, id: q.cursor.id };
    const active =
      pl.activeStatuses.length === 0
        ? []
        : (await select([statusSql(pl.activeStatuses)], 'DESC', after, null))
            .map(derive)
            .filter(matches);
    const done = pl.completed ? await completedPage(pl.completedConds, 'DESC', after) : [];
    items = [...active, ...done].sort(
      (a, b) => b.t - a.t || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    );
  } else {
    const c = q.cursor as Extract<Cursor, { sort: 'attention' }> | null;
    const key = (it: Item) => [it.rank, it.t, it.id] as const;
    const afterCursor = (it: Item): boolean => {
      if (c === null) return true;
      const [r, t, id] = key(it);
      return r !== c.rank ? r > c.rank : t !== c.createdAt ? t > c.createdAt : id > c.id;
    };
    const active =
      pl.activeStatuses.length === 0
        ? []
        : (await select([statusSql(pl.activeStatuses)], 'ASC', null, null))
            .map(derive)
            .filter((it) => matches(it) && afterCursor(it));
    const groupAfter = (rank: number) =>
      c !== null && c.rank === rank ? { t: c.createdAt, id: c.id } : null;
    const followUp =
      pl.followUpGroup && (c === null || c.rank <= 2)
        ? await completedPage([...pl.completedConds, FOLLOW_UP_SQL], 'ASC', groupAfter(2))
        : [];
    // Groups 0–2 come before group 3: read the rest only when they do not fill the page.
    const before = active.filter((it) => it.rank < 3).length + followUp.length;
    const rest =
      pl.restGroup && (c === null || c.rank <= 3) && before < need
        ? await completedPage([...pl.completedConds, `NOT ${FOLLOW_UP_SQL}`], 'ASC', groupAfter(3))
        : [];
    const merged = [...active, ...followUp, ...rest]
      .filter(afterCursor)
      .sort((a, b) => a.rank - b.rank || a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, need);
    // The order of the page is sortByAttention's (the candidates are already in that order;
    // passing them through keeps the server honest to the one shared definition).
    const byRun = new Map(merged.map((it) => [it.run, it]));
    items = sortByAttention(
      merged.map((it) => it.run),
      { now: ctx.now, policies: ctx.policies },
    ).map((run) => byRun.get(run) as Item);
  }

  const page = items.slice(0, q.limit);
  const last = page[page.length - 1];
  const nextCursor =
    items.length > q.limit && last !== undefined
      ? encodeCursor(
          q.sort === '-created_at'
            ? { sort: '-created_at', createdAt: last.t, id: last.id }
            : {
                sort: 'attention',
                rank: last.rank as 0 | 1 | 2 | 3,
                createdAt: last.t,
                id: last.id,
              },
        )
      : null;
  return { items: page.map(({ run, state }) => ({ run, state })), nextCursor };
}
