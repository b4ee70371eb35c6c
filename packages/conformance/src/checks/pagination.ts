/**
 * `pagination`: in every sort order, a cursor walk through a window of runs (`since` narrows a
 * large workspace to about 60 runs) has no duplicates, no gaps against the same window read as
 * one page, honours its `limit` and ends; newest-first pages are newest first; both orders list
 * the same runs.
 *
 * Time moves while the walk runs: a run created meanwhile may appear (it is new, not a
 * duplicate), and in attention order an active run that changes group between two pages may be
 * skipped or shown twice (its group moved, api.md's keyset caveat) — both are excused, and said.
 */
import type { OperationRun } from '@runsight/active-state';
import type { Query } from '../http.js';
import { rankMoves } from './derive.js';
import {
  idsOf,
  listPage,
  listSome,
  scoped,
  walk,
  type CheckContext,
  type CheckDef,
  type Page,
  type Recorder,
} from './common.js';

const SORTS = ['-created_at', 'attention'] as const;
/** About how many runs a walk covers. */
const WINDOW = 60;
const PAGES = 5;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `created_at` string of row `i` of a page (as sent). */
function createdAtOf(page: Page, i: number): string | null {
  const row = page.rows[i];
  return isObject(row) && typeof row.created_at === 'string' ? row.created_at : null;
}

interface SortWalk {
  sort: (typeof SORTS)[number];
  reference: Page;
  ids: Set<string>;
  ended: boolean;
}

async function checkSort(
  ctx: CheckContext,
  rec: Recorder,
  sort: (typeof SORTS)[number],
  window: Query,
): Promise<SortWalk> {
  const tol = ctx.options.toleranceMs;
  const policies = ctx.options.policies;
  const base = scoped(ctx, [...window, ['sort', sort]]);
  const reference = await listPage(ctx.main, [...base, ['limit', '200']], rec, `sort=${sort}`);
  const refIds = idsOf(reference);
  const size = Math.max(1, Math.min(50, Math.ceil(refIds.length / PAGES)));
  const maxPages = Math.ceil(refIds.length / size) + 3;
  const w = await walk(
    ctx.main,
    [...base, ['limit', String(size)]],
    maxPages,
    rec,
    `the sort=${sort} walk`,
  );
  const what = `sort=${sort}, limit=${size}`;

  if (!w.ended) {
    rec.fail(
      `${what}: the walk did not end within ${maxPages} pages (the window holds ${refIds.length} runs)`,
      w.pages.at(-1)?.exchange,
      'a page without next_cursor',
    );
  }
  const times = [reference, ...w.pages].map((p) => p.serverTime).filter(Number.isFinite);
  const from = Math.min(...times) - tol;
  const to = Math.max(...times) + tol;
  // Where each run was seen, and its row there.
  const seenOn = new Map<string, number[]>();
  const runOf = new Map<string, OperationRun>();
  for (const [i, page] of w.pages.entries()) {
    if (page.rows.length > size) {
      rec.fail(
        `${what}: page ${i + 1} has ${page.rows.length} rows`,
        page.exchange,
        `at most ${size}`,
      );
    }
    for (const id of idsOf(page)) seenOn.set(id, [...(seenOn.get(id) ?? []), i + 1]);
    for (const run of page.runs) runOf.set(run.id, run);
  }
  for (const run of reference.runs) if (!runOf.has(run.id)) runOf.set(run.id, run);
  const moved = (id: string) => {
    const run = runOf.get(id);
    return sort === 'attention' && run !== undefined && rankMoves(run, from, to, policies);
  };

  const dups = [...seenOn].filter(([, pages]) => pages.length > 1);
  const excusedDups = dups.filter(([id]) => moved(id));
  const badDups = dups.filter(([id]) => !moved(id));
  if (badDups.length > 0) {
    const [id, pages] = badDups[0] as [string, number[]];
    rec.fail(
      `${what}: ${badDups.length} run(s) appear twice (${listSome(badDups.map(([i]) => i))}); ${id} is on pages ${pages.join(' and ')}`,
      w.pages[(pages[1] ?? 1) - 1]?.exchange,
      'each run once',
    );
  }
  if (excusedDups.length > 0) {
    rec.note(
      `${what}: ${excusedDups.length} run(s) changed attention group during the walk and appeared twice (allowed)`,
    );
  }
  if (w.ended) {
    const missing = refIds.filter((id) => !seenOn.has(id));
    const gaps = missing.filter((id) => !moved(id));
    if (gaps.length > 0) {
      rec.fail(
        `${what}: the walk left out ${gaps.length} run(s) that one page of limit=200 lists: ${listSome(gaps)}`,
        reference.exchange,
        'no gaps',
      );
    }
    if (missing.length > gaps.length) {
      rec.note(
        `${what}: ${missing.length - gaps.length} run(s) changed attention group during the walk and were skipped (allowed)`,
      );
    }
  }
  if (sort === '-created_at') {
    const times = w.pages.flatMap((p) =>
      p.runs.map((r) => ({ id: r.id, t: r.createdAt.getTime() })),
    );
    const i = times.findIndex((x, k) => k > 0 && x.t > (times[k - 1] as { t: number }).t);
    if (i > 0) {
      rec.fail(
        `${what}: run ${times[i]?.id} (created later) comes after ${times[i - 1]?.id}`,
        undefined,
        'newest first',
      );
    }
  }
  return { sort, reference, ids: new Set(seenOn.keys()), ended: w.ended };
}

export const pagination: CheckDef = {
  id: 'pagination',
  title:
    'Pagination: a full cursor walk has no duplicates and no gaps, in every sort order, and ends',
  needs: ['envelopes'],
  async run(ctx, rec) {
    const first = ctx.sample.first;
    if (first === null) return rec.skip('no first page');
    // A window of about WINDOW runs: everything when that is all there is.
    const small = first.nextCursor === null && first.rows.length <= WINDOW * 2;
    const since = small ? null : createdAtOf(first, Math.min(WINDOW, first.rows.length) - 1);
    const window: Query = since === null ? [] : [['since', since]];
    if (since !== null) rec.note(`walks the runs created since ${since}`);
    const walks: SortWalk[] = [];
    for (const sort of SORTS) walks.push(await checkSort(ctx, rec, sort, window));
    const [a, b] = walks;
    if (a === undefined || b === undefined || !a.ended || !b.ended) return;
    const newest =
      Math.min(a.reference.serverTime, b.reference.serverTime) - ctx.options.toleranceMs;
    const isNew = (id: string) => {
      const run = [...a.reference.runs, ...b.reference.runs].find((r) => r.id === id);
      return run === undefined || run.createdAt.getTime() >= newest;
    };
    const onlyA = [...a.ids].filter((id) => !b.ids.has(id) && !isNew(id));
    const onlyB = [...b.ids].filter((id) => !a.ids.has(id) && !isNew(id));
    if (onlyA.length + onlyB.length > 0) {
      rec.fail(
        `the two sort orders list different runs: only in -created_at ${listSome(onlyA) || '—'}; only in attention ${listSome(onlyB) || '—'}`,
        undefined,
        'the same runs in another order',
      );
    }
  },
};
