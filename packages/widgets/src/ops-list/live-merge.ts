/**
 * How a refreshed first page is merged into the rows on screen without moving rows under the
 * reader (pure; `<ops-list>` keeps the state).
 *
 * - Rows already on screen are updated in place (their badge may change, their position does not).
 * - Runs that are new on the first page are either put in front (`hold: false`: the reader is at
 *   the top, not in the table, live updates on) or held back in `pending` (`hold: true`) until the
 *   reader asks for them ("Show 3 new operations").
 * - On an unheld merge the first page's order wins (so an attention sort re-sorts), followed by the
 *   rows that were loaded with "Load more". A run that was on the previous first page and is no
 *   longer on it left the filter (e.g. it finished under `status=active`) and is dropped, unless it
 *   was merely pushed down by newer runs: a full page sorted newest first whose last run is newer.
 */

export interface MergeRun {
  id: string;
  createdAt: Date;
}

export interface LiveRows<T extends MergeRun> {
  /** The rows on screen, in screen order. */
  rows: T[];
  /** Ids of the runs of the first page the rows were last merged with. */
  firstPageIds: ReadonlySet<string>;
  /** New runs held back, newest first page order. */
  pending: T[];
}

export interface MergeOptions {
  /** Hold new runs back instead of inserting them. */
  hold: boolean;
  /** Page size the first page was requested with. */
  limit: number;
  sort: 'newest' | 'attention';
}

export function emptyLiveRows<T extends MergeRun>(): LiveRows<T> {
  return { rows: [], firstPageIds: new Set(), pending: [] };
}

export function mergeFirstPage<T extends MergeRun>(
  state: LiveRows<T>,
  incoming: readonly T[],
  opts: MergeOptions,
): LiveRows<T> {
  const byId = new Map<string, T>();
  for (const run of incoming) if (!byId.has(run.id)) byId.set(run.id, run);
  const page = [...byId.values()];
  const firstPageIds = new Set(byId.keys());

  if (opts.hold && state.rows.length > 0) {
    const onScreen = new Set(state.rows.map((r) => r.id));
    return {
      rows: replaced(state.rows, byId),
      firstPageIds,
      pending: page.filter((r) => !onScreen.has(r.id)),
    };
  }

  const oldest = page[page.length - 1];
  const pushedDown = (r: T): boolean =>
    opts.sort === 'newest' &&
    page.length >= opts.limit &&
    oldest !== undefined &&
    r.createdAt.getTime() <= oldest.createdAt.getTime();
  const rest = state.rows.filter(
    (r) => !byId.has(r.id) && (!state.firstPageIds.has(r.id) || pushedDown(r)),
  );
  return { rows: [...page, ...rest], firstPageIds, pending: [] };
}

/** Appends a "Load more" page, skipping runs already on screen. */
export function appendPage<T extends MergeRun>(
  state: LiveRows<T>,
  page: readonly T[],
): LiveRows<T> {
  const seen = new Set(state.rows.map((r) => r.id));
  const add: T[] = [];
  for (const run of page) {
    if (!seen.has(run.id)) {
      seen.add(run.id);
      add.push(run);
    }
  }
  return add.length ? { ...state, rows: [...state.rows, ...add] } : state;
}

/**
 * Updates rows on screen from a refreshed later page, in place: no row is added, removed or
 * moved. Returns the same state when nothing changed.
 */
export function updateInPlace<T extends MergeRun>(
  state: LiveRows<T>,
  page: readonly T[],
): LiveRows<T> {
  if (page.length === 0) return state;
  const rows = replaced(state.rows, new Map(page.map((r) => [r.id, r])));
  return rows === state.rows ? state : { ...state, rows };
}

/** `rows` with each run that `byId` has a newer object of replaced; the same array if none. */
function replaced<T extends MergeRun>(rows: T[], byId: Map<string, T>): T[] {
  let changed = false;
  const out = rows.map((r) => {
    const next = byId.get(r.id);
    if (next && next !== r) {
      changed = true;
      return next;
    }
    return r;
  });
  return changed ? out : rows;
}
