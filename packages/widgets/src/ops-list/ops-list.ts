/**
 * `<ops-list>`: the canonical triage table of operation runs.
 *
 * Design (see docs/widgets-architecture.md, "ops-list", and this folder's README): the element
 * keeps the filters, pause and the derivation instant, and composes
 * - `PagedRunsController`: the live first page (a polled query of the shared store), pages
 *   appended with "Load more" and their watches, runs held back while the reader is in the table,
 *   static rows (`runs`);
 * - `VirtualWindowController`: scroll position, viewport, which rows are in the DOM (fixed 48 px
 *   rows, overscan, DOM slots reused), roving focus and keyboard movement;
 * - `UrlFiltersController`: `sync-url` (query string, history entries, Back/Forward);
 * - `filter-bar.ts` and `rows.ts`: the filter bar and the table's templates.
 *
 * Derivation happens only for the rows in the DOM, memoised per run object and instant; the
 * instant only moves with time-related updates (clock timer, tick, data), not on scroll or focus.
 */
import {
  html,
  noChange,
  nothing,
  type PropertyValues,
  type TemplateResult,
  type PropertyDeclarations,
} from 'lit';
import type { LifecyclePolicies, OperationRun } from '@runsight/active-state';
import type { ListRunsQuery, ListRunsResult } from '@runsight/api-client';
import { RunsightElement, type LinkTarget } from '../base/runsight-element.js';
import { runsSource } from '../internal/runs-source.js';
import { opsListEn } from '../i18n/ops-list.messages.js';
import { progressEn } from '../i18n/progress.messages.js';
import { runAgeEn } from '../i18n/run-age.messages.js';
import { errorMessage } from '../i18n/messages.js';
import {
  handleLinkClick,
  LIST_ORIGIN_KEY,
  listLink,
  type ListOrigin,
  runLink,
} from '../internal/links.js';
import { formatNumber } from '../internal/format.js';
import { renderEmpty, renderSkeleton } from '../internal/render-parts.js';
import {
  FILTER_FIELDS,
  filtersFromAttributes,
  narrowingFields,
  sameFilters,
  toQueryFields,
  type OpsListFilters,
} from './filters.js';
import { progressBarStyles } from '../styles/progress-bar.styles.js';
import { opsListStyles } from './ops-list.styles.js';
import {
  changedFilters,
  filterOptionsMemo,
  renderFilterBar,
  type FilterField,
  type FilterOptions,
} from './filter-bar.js';
import { PagedRunsController, asApiError } from './paged-runs-controller.js';
import { deriveWindow, renderTable, type WindowView } from './rows.js';
import { UrlFiltersController } from './url-filters-controller.js';
import { VirtualWindowController } from './virtual-window-controller.js';
import { renderQueryStatus } from '../internal/view.js';

export { OVERSCAN, ROW_HEIGHT } from './virtual-window-controller.js';
/** Default page size (the API's default). */
export const DEFAULT_PAGE_SIZE = 50;
export { LIST_ORIGIN_KEY, type ListOrigin } from '../internal/links.js';

/** The properties the filters (and the first page) are made of. */
const FILTER_INPUTS = [...FILTER_FIELDS, 'syncUrl', 'workspace', 'pageSize'] as const;

/**
 * The canonical triage table: filter bar, virtualised keyboard-navigable table, cursor paging.
 *
 * @summary Filterable, virtualised table of operation runs with live updates that never move rows under the reader.
 *
 * @attr workspace - Workspace id (required).
 * @attr tenant - Fixes the list to one tenant (the tenant filter is hidden; other tenants' rows are dropped).
 * @attr status - Initial status filter: `active`, `completed` (finished), `queued`, `running`; empty: all.
 * @attr freshness - Initial freshness filter (comma list of `fresh,past_expected,likely_stale,reconciled_failed,terminal`).
 * @attr problem - Initial problem filter (comma list of `needs_attention`, `terminal_follow_up`, `active_stale_attention`; a union).
 * @attr completed-since - Initial "finished since" (ISO-8601 with offset): finished runs completed at or after it.
 * @attr type - Initial type filter (comma list of operation type keys).
 * @attr sort - `attention` (needs attention first) or `newest` (default).
 * @attr page-size - Rows per request (1–200, default 50).
 * @attr sync-url - Read the filters from and write them to the page's query string (the hash's query in a `#/` routed page).
 * @attr poll-interval - Seconds between refreshes of the first page (0: off; default 30).
 *
 * @fires {RunsightNavigateEvent} runsight-navigate - Before a row's run link is followed (cancelable; `detail: {href, target: 'run', runId}`).
 * @fires {RunsightErrorEvent} runsight-error - A new error loading the list.
 *
 * @csspart filters - The filter bar (a form).
 * @csspart table - The scroll container of the table.
 * @csspart row - A body row.
 * @csspart badge - The state badge of a row.
 * @csspart progress - The progress bar of a row.
 * @csspart link - The run link of a row.
 * @csspart new-runs - The "Show N new operations" bar.
 * @csspart load-more - The "Load more" button.
 * @csspart pause - The pause/resume button.
 * @csspart banner - Status banners (error, outdated, invalid rows, paused).
 *
 * @cssprop --runsight-ops-list-height - Height of the scrolling table (default 30rem).
 */
export class OpsList extends RunsightElement {
  static override styles = [...RunsightElement.styles, progressBarStyles, opsListStyles];

  /** Reactive properties and their attributes (the field declarations below carry the docs). */
  static override properties: PropertyDeclarations = {
    filters: { state: true, attribute: false },
    paused: { state: true, attribute: false },
    status: {},
    freshness: {},
    problem: {},
    completedSince: { attribute: 'completed-since' },
    type: {},
    sort: {},
    pageSize: { attribute: 'page-size', type: Number },
    syncUrl: { attribute: 'sync-url', type: Boolean, reflect: true },
    runs: { attribute: false },
  };

  protected static override messageSection = { ...opsListEn, ...progressEn, ...runAgeEn };

  protected readonly tagLabel = 'ops-list';

  // --- controllers ---
  readonly #query = this.createQuery<ListRunsResult>(() => {
    if (this.runs !== undefined || this.missingAttributes().length > 0) return null;
    return runsSource(
      this.resolvedClient,
      this.#listQuery(),
      this.paused ? 0 : this.pollIntervalMs,
    );
  });
  /** The rows: live first page, "Load more" pages and their watches, held-back runs, static rows. */
  readonly #pages: PagedRunsController = new PagedRunsController(this, {
    query: this.#query,
    listQuery: (cursor) => this.#listQuery(cursor),
    pageSize: () => this.#effectivePageSize,
    sort: () => this.filters.sort,
    paused: () => this.paused,
    isStatic: () => this.runs !== undefined,
    readerBusy: () => this.#window.readerBusy(),
    announce: (kind, count) =>
      this.announcer.announce(
        this.t(kind === 'new' ? 'list.new_runs' : 'list.loaded_more', { count }),
      ),
  });
  /** With `sync-url`: the filters in the page's query string, history entries, Back/Forward. */
  readonly #url = new UrlFiltersController(this, {
    enabled: () => this.syncUrl,
    // The filters of the attributes (the defaults the URL holds the differences from).
    defaults: () => filtersFromAttributes(this),
    fixedTenant: () => this.tenant || null,
    current: () => this.filters,
    onNavigate: (next) => this.#applyFilters(next, false),
  });

  /** Scroll position, viewport, rows in the DOM, roving focus, keyboard movement. */
  readonly #window: VirtualWindowController = new VirtualWindowController(
    this,
    () => this.#pages.rows.length,
  );

  // --- state ---
  /** Effective filters (attributes, then the URL with `sync-url`, then the filter bar). */
  private filters: OpsListFilters = filtersFromAttributes({});
  /** Live updates paused by the reader. */
  private paused = false;

  /** The filter bar's options (memoised). */
  readonly #filterOptions = filterOptionsMemo();
  /** The options and tenant the filter bar was last rendered with. */
  #barOptions: FilterOptions | null = null;
  #barFixedTenant = false;
  /** The instant rows are derived at; moves only with time-related updates. */
  private renderNow = 0;
  #timeDirty = true;
  /** Nothing but the window changed since the last update (scroll, focus, the overscan rows). */
  #windowOnly = false;
  /** The rows in the DOM for this update (by DOM slot), derived at `renderNow`. */
  #view: WindowView = { items: [], derived: [] };

  // --- properties ---
  /** Initial status filter (`active`, `completed`, `queued`, `running`; empty: all). */
  status?: string;
  /** Initial freshness filter (comma list). */
  freshness?: string;
  /** Initial problem filter (comma list of problem sets). */
  problem?: string;
  /** Initial "finished since" (ISO-8601 with offset). */
  completedSince?: string;
  /** Initial type filter (comma list of type keys). */
  type?: string;
  /** Initial sort: `newest` (default) or `attention`. */
  sort?: string;
  /** Rows per request (1–200). */
  pageSize: number = DEFAULT_PAGE_SIZE;
  /** Keep the filters in the page's query string. */
  syncUrl = false;
  /**
   * Static rows: when set, the element shows these runs (tenant-isolated, filtered and sorted
   * client-side) and makes no request. For stories, benchmarks and hosts that hold the data.
   */
  runs?: readonly OperationRun[];

  // --- lifecycle ---
  override requestUpdate(...args: Parameters<RunsightElement['requestUpdate']>): void {
    // Scrolling and moving the focus do not move time: keep deriving at the same instant.
    // (The base class's constructor requests the first update before our fields exist; the
    // first update derives at the current instant anyway.)
    if (#window in this && !this.#window.requesting) this.#timeDirty = true;
    super.requestUpdate(...args);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (FILTER_INPUTS.some((name) => changed.has(name))) {
      if (this.syncUrl && changed.has('syncUrl')) this.#url.claimRoute();
      const next = this.syncUrl ? this.#url.read() : filtersFromAttributes(this);
      if (!sameFilters(next, this.filters) || changed.has('workspace') || changed.has('pageSize')) {
        this.#applyFilters(next, false);
      }
    }
    if (changed.has('runs')) this.#pages.forgetStatic();
    if (changed.has('pollInterval') && this.hasUpdated) this.#pages.restartWatches();
    this.#windowOnly = !this.#timeDirty;
    if (this.#timeDirty || this.renderNow === 0) {
      this.renderNow = this.clock.now();
      this.#timeDirty = false;
    }
  }

  /** Runs after the controllers' hostUpdate (the query subscribed): merge the latest page. */
  protected override update(changed: PropertyValues<this>): void {
    this.#syncRows();
    const rows = this.#pages.rows;
    this.#view = deriveWindow(
      rows,
      this.#window.layout(rows.length),
      this.renderNow,
      this.#policies,
      Math.min(this.#window.activeIndex, rows.length - 1),
      this.#windowOnly ? this.#view : null,
    );
    this.announceStale(this.#view.derived, true);
    super.update(changed);
  }

  protected override updated(): void {
    this.clock.scheduleFor(this.#view.derived);
  }

  // --- data ---
  get #effectivePageSize(): number {
    const n = Math.floor(Number(this.pageSize));
    return Number.isFinite(n) ? Math.min(200, Math.max(1, n)) : DEFAULT_PAGE_SIZE;
  }

  #listQuery(cursor?: string): ListRunsQuery {
    return {
      workspace: this.workspace ?? '',
      ...toQueryFields(this.filters),
      limit: this.#effectivePageSize,
      ...(cursor ? { cursor } : {}),
    };
  }

  /** The tenant rows must belong to: the fixed attribute, else the tenant filter. */
  get #isolationTenant(): string | null {
    return this.tenant || this.filters.tenant || null;
  }

  get #policies(): LifecyclePolicies | undefined {
    return this.resolvedClient.policies;
  }

  #syncRows(): void {
    if (this.runs !== undefined) {
      const scope = { workspace: this.workspace ?? '', tenant: this.#isolationTenant };
      this.#pages.syncStatic(this.runs, this.filters, scope, this.clock.now(), this.#policies);
    } else {
      this.#pages.sync();
    }
    this.#window.clamp(this.#pages.rows.length);
  }

  #linkFilters(): Omit<NonNullable<LinkTarget['filters']>, 'workspace'> {
    // The tenant filter is the fixed tenant when there is one (`#isolationTenant`).
    const f = this.filters;
    return { ...narrowingFields(f), ...(f.sort === 'attention' ? { sort: f.sort } : {}) };
  }

  /** New filters: everything loaded so far is dropped and the first page is fetched. */
  #applyFilters(next: OpsListFilters, pushUrl: boolean): void {
    this.filters = next;
    this.#pages.reset();
    this.#window.reset();
    if (pushUrl) this.#url.push(next);
  }

  // --- handlers ---
  readonly #onFilterChange = (field: FilterField, value: string): void => {
    const next = changedFilters(this.filters, field, value, this.clock.now());
    if (next) this.#applyFilters(next, true);
  };

  /** Remembers the filters run `runId` is opened from, for its `<run-detail>`'s back link. */
  readonly #rememberOrigin = (runId: string): void => {
    const target = listLink(this, this.#linkFilters());
    if (!target?.filters) return;
    const origin: ListOrigin = {
      workspace: target.filters.workspace,
      runId,
      href: target.href,
      filters: target.filters,
    };
    try {
      sessionStorage.setItem(LIST_ORIGIN_KEY, JSON.stringify(origin));
    } catch {
      // storage unavailable (privacy mode): the back link falls back to the plain list
    }
  };

  readonly #onRunLinkClick = (e: MouseEvent, link: LinkTarget): void => {
    if (link.runId !== undefined) this.#rememberOrigin(link.runId);
    handleLinkClick(this, e, link);
  };

  #onShowNew(): void {
    if (!this.#pages.showPending()) return;
    this.#window.reset();
    this.#window.focusAfterUpdate(0);
    this.requestUpdate();
  }

  #onTogglePause(): void {
    this.paused = !this.paused;
    this.#pages.syncWatches();
    this.announcer.announce(this.t(this.paused ? 'list.paused' : 'list.resumed'));
  }

  #onLoadMore(): void {
    void this.#pages.loadMore();
  }

  // --- public methods ---
  /** Refetches the first page now (also what the error banner's Retry does). */
  refresh(): Promise<void> {
    return this.#query.retry();
  }

  /** The rows currently loaded (in screen order). */
  get loadedRuns(): readonly OperationRun[] {
    return this.#pages.rows;
  }

  // --- render ---
  protected override render(): TemplateResult {
    const missing = this.renderMissingAttributes();
    if (missing !== nothing) {
      // The filter bar leaves the DOM: rendered anew (not `noChange`) when it comes back.
      this.#barOptions = null;
      return html`${this.announcer.render()}${missing}`;
    }
    const isStatic = this.runs !== undefined;
    const rows = this.#pages.rows;
    const loading = !isStatic && this.#query.loading && rows.length === 0;
    const failedEmpty =
      !isStatic && this.#query.data === undefined && this.#query.error !== undefined;
    const invalidRows = (this.#query.data?.meta.invalidRows ?? 0) + this.#pages.extraInvalidRows;

    let body: TemplateResult | typeof nothing = nothing;
    if (loading) body = renderSkeleton(this.t('state.loading'), 6);
    else if (failedEmpty) body = nothing;
    else if (rows.length === 0) body = renderEmpty(this.#emptyText());
    else body = this.#renderTable(rows);

    return html`${this.announcer.render()}
      <section class="ops" aria-label=${this.t('list.title')}>
        ${this.#renderFilters()} ${this.#renderToolbar(isStatic, rows.length, loading)}
        ${
          isStatic
            ? nothing
            : renderQueryStatus(this, this.clock.now(), [this.#query], {
                invalidRows,
                outOfScopeRows: this.#pages.extraOutOfScopeRows,
                subject: 'list',
              })
        }
        ${this.#renderNewRuns()}
        <div class="body" aria-busy=${loading ? 'true' : 'false'}>${body}</div>
        ${isStatic ? nothing : this.#renderLoadMore(rows.length)}
      </section>`;
  }

  #emptyText(): string {
    const f = this.filters;
    if (
      f.status.length === 1 &&
      f.status[0] === 'active' &&
      !f.freshness.length &&
      !f.type.length
    ) {
      return this.t('list.empty_active');
    }
    return this.t('list.empty');
  }

  #renderFilters(): TemplateResult | typeof noChange {
    const options = this.#filterOptions(this, this.filters, this.#pages.seen);
    const fixedTenant = Boolean(this.tenant);
    // The options are memoised on the filters, the seen values and the language: the same options
    // (and tenant) render the same bar.
    const same = options === this.#barOptions && fixedTenant === this.#barFixedTenant;
    this.#barOptions = options;
    this.#barFixedTenant = fixedTenant;
    if (same) return noChange;
    return renderFilterBar({
      l10n: this,
      filters: this.filters,
      options,
      fixedTenant,
      onChange: this.#onFilterChange,
    });
  }

  #renderToolbar(isStatic: boolean, count: number, loading: boolean): TemplateResult {
    const more = !isStatic && this.#pages.cursor !== null;
    return html`<div class="toolbar">
        <p class="count muted">
          ${loading ? nothing : this.t('list.count', { count, formatted: formatNumber(count, this.resolvedLocale), more })}
        </p>
        ${
          isStatic
            ? nothing
            : html`<button type="button" class="pause" part="pause" @click=${this.#onTogglePause}>
                ${this.t(this.paused ? 'list.resume' : 'list.pause')}
              </button>`
        }
      </div>
      ${
        this.paused
          ? html`<p part="banner" class="banner tone-neutral paused" data-state="paused">
              ${this.t('list.paused_note')}
            </p>`
          : nothing
      }`;
  }

  #renderNewRuns(): TemplateResult | typeof nothing {
    const count = this.#pages.pendingCount;
    if (count === 0) return nothing;
    return html`<div part="new-runs" class="new-runs">
      <button type="button" @click=${this.#onShowNew}>${this.t('list.show_new', { count })}</button>
    </div>`;
  }

  #renderLoadMore(count: number): TemplateResult | typeof nothing {
    if (count === 0 || this.#pages.cursor === null) return nothing;
    const error = this.#pages.moreError;
    const failed = error !== undefined;
    const loading = this.#pages.loadingMore;
    return html`<div class="load-more">
      ${
        failed
          ? html`<p class="banner tone-danger" part="banner" role="alert">
              ${errorMessage(this.messages, asApiError(error)?.kind, 'list')}
            </p>`
          : nothing
      }
      <button type="button" part="load-more" ?disabled=${loading} @click=${this.#onLoadMore}>
        ${this.t(loading ? 'list.loading_more' : failed ? 'error.retry' : 'list.load_more')}
      </button>
    </div>`;
  }

  #renderTable(rows: readonly OperationRun[]): TemplateResult {
    return renderTable(
      {
        el: this,
        now: this.renderNow,
        link: (run) => runLink(this, run),
        onLinkClick: this.#onRunLinkClick,
        onAuxClick: this.#rememberOrigin,
        window: this.#window,
      },
      rows,
      this.#view.items,
    );
  }
}
