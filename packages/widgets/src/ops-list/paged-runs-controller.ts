/**
 * The rows of `<ops-list>` (a reactive controller): the live first page, the pages appended with
 * "Load more" and their cursor, the watches of appended pages that still hold active runs, the
 * runs held back while the reader is in the table, and the static rows of the `runs` property.
 *
 * - The first page is a polled query of the shared store (the host's `QueryController`); its
 *   snapshots are merged by `live-merge.ts`: rows on screen are updated in place, new runs are
 *   put in front or held back (`pending`) while the reader is busy, never moved under them.
 * - "Load more" is one request at a time whose signal goes to `listRuns`, aborted when the host
 *   disconnects and by new filters (`reset`): an aborted load appends nothing and reports no
 *   error.
 * - Appended pages that still hold active runs are watched in the shared store (same interval,
 *   ETag revalidation, hidden-page pause) and update their rows in place; pages of finished runs
 *   are not polled; nothing is watched while paused or disconnected.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LifecyclePolicies, OperationRun } from '@runsight/active-state';
import type {
  ListRunsQuery,
  ListRunsResult,
  QueryHandle,
  QuerySnapshot,
  RunScope,
  RunsightApiError,
  RunsightClient,
} from '@runsight/api-client';
import { inScope, outOfScopeError } from '@runsight/api-client';
import type { QueryController } from '../controllers/query-controller.js';
import type { OpsListFilters, SortOrder } from './filters.js';
import {
  appendPage,
  emptyLiveRows,
  mergeFirstPage,
  updateInPlace,
  type LiveRows,
} from './live-merge.js';
import { attentionOrder, staticRows } from './static-rows.js';

/** Runs `task` when the page is idle (a task later where `requestIdleCallback` is missing). */
const whenIdle = (task: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task);
  else setTimeout(task);
};

export interface PagedRunsHost extends ReactiveControllerHost {
  readonly isConnected: boolean;
  readonly resolvedClient: RunsightClient;
  readonly pollIntervalMs: number;
  emitError(error: RunsightApiError): void;
}

export interface PagedRunsOptions {
  /** The live first page: a polled query of the shared store. */
  query: QueryController<ListRunsResult>;
  /** The list query of the current filters; with a cursor, a later page. */
  listQuery(cursor?: string): ListRunsQuery;
  pageSize(): number;
  sort(): SortOrder;
  /** Live updates paused by the reader. */
  paused(): boolean;
  /** Static rows (the `runs` property): no request, nothing watched. */
  isStatic(): boolean;
  /** The reader is in the table: new runs are held back. */
  readerBusy(): boolean;
  /** `new`: runs held back (count); `loaded`: rows appended by "Load more" (count). */
  announce(kind: 'new' | 'loaded', count: number): void;
}

/** The types and tenants of the rows seen so far (the filter bar's options); they only grow. */
export interface SeenValues {
  types: Map<string, string>;
  tenants: Map<string, string>;
  /** Bumped when either gains an entry. */
  version: number;
}

interface ExtraPage {
  query: ListRunsQuery;
  /** Ids of the rows this page covered in its latest answer. */
  ids: Set<string>;
  handle: QueryHandle<ListRunsResult> | null;
}

export const asApiError = (e: unknown): RunsightApiError | undefined =>
  e && typeof e === 'object' && 'kind' in e ? (e as RunsightApiError) : undefined;

export class PagedRunsController implements ReactiveController {
  readonly #host: PagedRunsHost;
  readonly #options: PagedRunsOptions;
  #live: LiveRows<OperationRun> = emptyLiveRows();
  /** The snapshot data last merged (identity). */
  #merged: ListRunsResult | undefined;
  #cursor: string | null = null;
  /** Pages appended with "Load more"; those that still hold active runs are watched. */
  #extras: ExtraPage[] = [];
  #extraInvalidRows = 0;
  #extraOutOfScopeRows = 0;
  #announcedPending = 0;
  /** Static mode memo. */
  #staticKey: { runs: readonly OperationRun[]; filters: OpsListFilters } | null = null;
  #scoped: {
    runs: readonly OperationRun[];
    workspace: string;
    tenant: string | null;
    rows: OperationRun[];
  } | null = null;
  readonly seen: SeenValues = { types: new Map(), tenants: new Map(), version: 0 };

  /** The "Load more" request in flight (its abort), or null. */
  #more: AbortController | null = null;
  #moreError: unknown = undefined;

  constructor(host: PagedRunsHost, options: PagedRunsOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.syncWatches();
  }

  hostDisconnected(): void {
    this.#stopWatches();
    // A page that lands after the element left is not appended (and reports no error).
    this.#abortMore();
  }

  /** The rows, in screen order. */
  get rows(): readonly OperationRun[] {
    return this.#live.rows;
  }

  /** How many new runs are held back. */
  get pendingCount(): number {
    return this.#live.pending.length;
  }

  /** The cursor of the next page (null: no more). */
  get cursor(): string | null {
    return this.#cursor;
  }

  /** Rows of appended pages that could not be read / were outside the scope. */
  get extraInvalidRows(): number {
    return this.#extraInvalidRows;
  }

  get extraOutOfScopeRows(): number {
    return this.#extraOutOfScopeRows;
  }

  /** Merges the first page's latest snapshot (call in the host's update, after the query's). */
  sync(): void {
    const o = this.#options;
    const data = o.query.data;
    if (!data || data === this.#merged) return;
    const first = this.#merged === undefined;
    // Paused: nothing changes on screen, except the first page after a filter change.
    if (o.paused() && !first) return;
    this.#merged = data;
    this.#live = mergeFirstPage(this.#live, this.#noteSeen(data.runs), {
      hold: !first && o.readerBusy(),
      limit: o.pageSize(),
      sort: o.sort(),
    });
    if (this.#extras.length === 0) this.#cursor = data.meta.nextCursor;
    const pending = this.#live.pending.length;
    if (pending > this.#announcedPending) o.announce('new', pending);
    this.#announcedPending = pending;
  }

  /** Static mode: `runs` filtered and sorted client-side (again only when either changed). */
  syncStatic(
    runs: readonly OperationRun[],
    filters: OpsListFilters,
    scope: RunScope,
    now: number,
    policies: LifecyclePolicies | undefined,
  ): void {
    const key = this.#staticKey;
    if (key && key.runs === runs && key.filters === filters) return;
    this.#staticKey = { runs, filters };
    // Static rows come from the host, not the query layer: the same scope rule applies (the
    // rows in scope are kept while the runs and the scope stay, so their order is sorted once).
    const kept = this.#scoped;
    const mine =
      kept?.runs === runs &&
      kept.workspace === scope.workspace &&
      kept.tenant === (scope.tenant ?? null)
        ? kept.rows
        : this.#noteSeen(runs.filter((run) => inScope(run, scope)));
    this.#scoped = { runs, workspace: scope.workspace, tenant: scope.tenant ?? null, rows: mine };
    const rows = staticRows(mine, filters, now, policies);
    this.#live = { rows, firstPageIds: new Set(), pending: [] };
    // The attention order of these rows, sorted while the page is idle rather than when the
    // reader asks for it (a sort of 10 000 runs takes about a frame's budget).
    if (filters.sort !== 'attention') {
      whenIdle(() => {
        if (this.#scoped?.rows === mine) attentionOrder(mine, now, policies);
      });
    }
  }

  /** New static rows: derive them again on the next `syncStatic`. */
  forgetStatic(): void {
    this.#staticKey = null;
  }

  /** New filters: everything loaded so far is dropped; a pending "Load more" is aborted. */
  reset(): void {
    this.#live = emptyLiveRows();
    this.#merged = undefined;
    this.#cursor = null;
    this.#stopWatches();
    this.#extras = [];
    this.#extraInvalidRows = 0;
    this.#extraOutOfScopeRows = 0;
    this.#announcedPending = 0;
    this.#abortMore();
    this.#moreError = undefined;
  }

  /** Shows the runs held back (the first page's order); false when there is no first page. */
  showPending(): boolean {
    const data = this.#merged;
    if (!data) return false;
    this.#live = mergeFirstPage(this.#live, this.#noteSeen(data.runs), {
      hold: false,
      limit: this.#options.pageSize(),
      sort: this.#options.sort(),
    });
    this.#announcedPending = 0;
    return true;
  }

  /** Whether a "Load more" page is loading. */
  get loadingMore(): boolean {
    return this.#more !== null;
  }

  /** Why the last "Load more" failed (until the next one or new filters), else undefined. */
  get moreError(): unknown {
    return this.#moreError;
  }

  /**
   * Loads the next page; a second call while one is loading is ignored. Aborted (its signal goes
   * to `listRuns`) when the host disconnects and by new filters: it then appends nothing and
   * reports no error.
   */
  async loadMore(): Promise<void> {
    const cursor = this.#cursor;
    if (!cursor || this.#more) return;
    const more = new AbortController();
    const host = this.#host;
    this.#more = more;
    this.#moreError = undefined;
    host.requestUpdate();
    try {
      const query = this.#options.listQuery(cursor);
      const result = await host.resolvedClient.listRuns(query, { signal: more.signal });
      if (!more.signal.aborted) this.#append(cursor, result);
    } catch (e) {
      if (!more.signal.aborted) {
        this.#moreError = e;
        const error = asApiError(e);
        if (error) host.emitError(error);
      }
    }
    if (this.#more === more) {
      this.#more = null;
      host.requestUpdate();
    }
  }

  #abortMore(): void {
    this.#more?.abort();
    this.#more = null;
  }

  /** Watches the appended pages that hold active runs (and only those, and only when live). */
  syncWatches(): void {
    const o = this.#options;
    const interval = this.#host.pollIntervalMs;
    const live = this.#host.isConnected && !o.paused() && interval > 0 && !o.isStatic();
    const byId = live ? new Map(this.#live.rows.map((r) => [r.id, r])) : null;
    for (const page of this.#extras) {
      const active =
        byId !== null &&
        [...page.ids].some((id) => {
          const run = byId.get(id);
          return run !== undefined && run.status !== 'completed';
        });
      if (active && !page.handle) {
        page.handle = this.#host.resolvedClient.watchRuns(
          page.query,
          { intervalMs: interval },
          (snap) => this.#onExtraSnapshot(page, snap),
        );
      } else if (!active && page.handle) {
        page.handle.unsubscribe();
        page.handle = null;
      }
    }
  }

  /** The poll interval changed: watch again with the new one. */
  restartWatches(): void {
    this.#stopWatches();
    this.syncWatches();
  }

  #stopWatches(): void {
    for (const page of this.#extras) {
      page.handle?.unsubscribe();
      page.handle = null;
    }
  }

  /** Appends a "Load more" page and watches it while it holds active runs. */
  #append(cursor: string, result: ListRunsResult): void {
    const before = this.#live.rows.length;
    const runs = this.#noteSeen(result.runs);
    this.#live = appendPage(this.#live, runs);
    this.#extras.push({
      query: this.#options.listQuery(cursor),
      ids: new Set(runs.map((r) => r.id)),
      handle: null,
    });
    this.syncWatches();
    this.#extraInvalidRows += result.meta.invalidRows;
    const leftOut = result.meta.outOfScopeRows;
    if (leftOut > 0) {
      this.#extraOutOfScopeRows += leftOut;
      this.#host.emitError(outOfScopeError(leftOut));
    }
    this.#cursor = result.meta.nextCursor;
    this.#options.announce('loaded', this.#live.rows.length - before);
  }

  #onExtraSnapshot(page: ExtraPage, snap: QuerySnapshot<ListRunsResult>): void {
    if (!snap.data || this.#options.paused() || !this.#extras.includes(page)) return;
    const runs = this.#noteSeen(snap.data.runs);
    page.ids = new Set(runs.map((r) => r.id));
    const next = updateInPlace(this.#live, runs);
    if (next !== this.#live) {
      this.#live = next;
      this.#host.requestUpdate();
    }
    queueMicrotask(() => this.syncWatches());
  }

  /**
   * Remembers the types and tenants of the rows (for the filter bar's options). Rows outside the
   * element's scope never get here: the api-client leaves them out of every page.
   */
  #noteSeen<T extends readonly OperationRun[]>(out: T): T {
    const seen = this.seen;
    for (const r of out) {
      if (!seen.types.has(r.type)) {
        seen.types.set(r.type, r.typeLabel || r.type);
        seen.version++;
      }
      if (r.tenantId && !seen.tenants.has(r.tenantId)) {
        seen.tenants.set(r.tenantId, r.tenantName || r.tenantId);
        seen.version++;
      }
    }
    return out;
  }
}
