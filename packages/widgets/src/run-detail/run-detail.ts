/**
 * `<run-detail>`: the canonical diagnostic view of one operation run.
 *
 * - Data: `client.watchRun` through the QueryController (polling stops by itself once the run is
 *   terminal). Scope is the api-client's: a detail of another run or workspace fails as an
 *   unexpected response (`out_of_scope`), one of another tenant when `tenant` is set as not found
 *   (existence does not leak); the element only shows the error.
 * - Freshness, badge, guidance and the effective deadlines come from active-state only. The one
 *   piece of arithmetic here is display copy: "past its lifecycle window for N min" is
 *   `now − staleAfter` on the corrected clock; its sign only picks the sentence (a run can be
 *   likely stale before `staleAfter` through its heartbeat timeout or the backend's verdict).
 * - Back link: `back-href` (checked by `safeHref`) wins; otherwise the list the run was opened
 *   from (`<ops-list>` remembers it in sessionStorage for this tab, with the run id: only that run
 *   links back to it), otherwise the workspace's list from the link builder (with `tenant` when
 *   set).
 */
import {
  html,
  nothing,
  type PropertyValues,
  type TemplateResult,
  type PropertyDeclarations,
} from 'lit';
import type { ActiveState, RunDetail } from '@runsight/active-state';
import type { GetRunResult, RunsightClient } from '@runsight/api-client';
import { RunsightElement, type LinkTarget } from '../base/runsight-element.js';
import type { QuerySource } from '../controllers/query-controller.js';
import type { MessageKey, MessageParams } from '../i18n/messages.js';
import { runDetailEn } from '../i18n/run-detail.messages.js';
import { progressEn } from '../i18n/progress.messages.js';
import { deriveRun, type DerivedRun } from '../internal/derive.js';
import {
  formatDateTime,
  formatDuration,
  formatNumber,
  formatRelative,
} from '../internal/format.js';
import { progressView } from '../internal/progress.js';
import { icon } from '../internal/icons.js';
import { listLink, type ListOrigin, renderLink, safeHref } from '../internal/links.js';
import { renderSkeleton } from '../internal/render-parts.js';
import { progressBarStyles } from '../styles/progress-bar.styles.js';
import { runDetailStyles } from './run-detail.styles.js';
import { readListOrigin } from './list-origin.js';
import { RunEventsController } from './run-detail-events.js';
import { buildTimeline } from './timeline.js';
import {
  renderQueryStatus,
  renderRunBadge,
  renderRunTime,
  runTitle,
  tenantLabel,
} from '../internal/view.js';

/** Message keys without parameters. */
type PlainKey = { [K in MessageKey]: MessageParams<K> extends [] ? K : never }[MessageKey];

const valid = (d: Date | null | undefined): d is Date =>
  d instanceof Date && !Number.isNaN(d.getTime());

/** A `watchRun` source (one run's detail). */
function runSource(
  client: RunsightClient,
  workspace: string,
  id: string,
  tenant: string | null,
  intervalMs: number,
): QuerySource<GetRunResult> {
  return {
    client,
    key: `run:${JSON.stringify([workspace, id, tenant])}:${intervalMs}`,
    intervalMs,
    subscribe: (listener) => client.watchRun(workspace, id, { intervalMs, tenant }, listener),
  };
}

/**
 * The diagnostic view of one run: header, stale / past-expected / reconciled banners, timeline,
 * progress, failure, context and events (newest first, 50 at a time; unreadable ones counted).
 *
 * @summary Everything known about one operation run, with the likely-stale diagnosis in plain words.
 *
 * @attr workspace - Workspace id (required).
 * @attr run-id - The run's id (required).
 * @attr tenant - When set, a run of another tenant is treated as not found.
 * @attr back-href - The href of the "Back to operations" link (checked by safeHref).
 * @attr poll-interval - Seconds between refreshes while the run is active (0: off; default 30).
 *
 * @fires {RunsightNavigateEvent} runsight-navigate - Before the back link is followed (cancelable; `detail: {href, target: 'list', filters?}`).
 * @fires {RunsightErrorEvent} runsight-error - A new error loading the run.
 *
 * @csspart header - The header (title, badge, facts).
 * @csspart headline - The run's title.
 * @csspart badge - The state badge.
 * @csspart banner - Banners (likely stale, past expected, reconciled, error, outdated, and the
 *   `invalid-events` notice: how many events could not be read).
 * @csspart timeline - The timeline list.
 * @csspart progress - The progress bar.
 * @csspart link - The back link.
 * @csspart show-earlier - The "Show earlier events" button (a long history shows the newest
 *   events first, earlier ones on request).
 */
export class RunDetailElement extends RunsightElement {
  static override styles = [...RunsightElement.styles, progressBarStyles, runDetailStyles];

  /** Reactive properties and their attributes (the field declarations below carry the docs). */
  static override properties: PropertyDeclarations = {
    runId: { attribute: 'run-id', reflect: true },
    backHref: { attribute: 'back-href' },
  };

  protected static override messageSection = { ...runDetailEn, ...progressEn };

  protected readonly tagLabel = 'run-detail';

  // --- controllers ---
  readonly #query = this.createQuery<GetRunResult>(() =>
    this.workspace && this.runId
      ? runSource(
          this.resolvedClient,
          this.workspace,
          this.runId,
          this.tenant || null,
          this.pollIntervalMs,
        )
      : null,
  );
  /** The events section: newest first, earlier ones on request. */
  readonly #events = new RunEventsController(this);

  // --- state ---
  #now = 0;
  #derived: DerivedRun | null = null;
  /**
   * The list origin `<ops-list>` left in sessionStorage for this run id (null: none, or another
   * run's), read once per run id and on (re)connect rather than on every render; `undefined`:
   * not read yet for the current run id.
   */
  #origin: Partial<ListOrigin> | null | undefined;
  /** The run id `origin` was read for. */
  #originRunId: string | undefined;

  // --- properties ---
  /** The run's id (required). */
  runId?: string;

  /** The href of the back link (default: the list the run was opened from, else the workspace's list). */
  backHref?: string;

  // --- lifecycle ---
  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the page (e.g. re-attached by a router): the list may have been left again.
    this.#origin = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.#origin === undefined || this.#originRunId !== this.runId) {
      this.#origin = this.runId ? readListOrigin(this.runId) : null;
      this.#originRunId = this.runId;
    }
  }

  protected override missingAttributes(): string[] {
    return [...super.missingAttributes(), ...(this.runId ? [] : ['run-id'])];
  }

  /** Runs after the query controller synced: derive the run at the corrected now. */
  protected override update(changed: PropertyValues<this>): void {
    this.#now = this.clock.now();
    const run = this.#query.data?.run;
    this.#derived = run
      ? (deriveRun(run, this.#now, this.resolvedClient.policies) as DerivedRun)
      : null;
    if (this.#derived) {
      this.announceStale([this.#derived], true);
    }
    super.update(changed);
  }

  protected override updated(): void {
    this.clock.scheduleAt(this.#derived?.state.nextChangeAt ?? null);
  }

  // --- helpers ---
  #backTarget(): LinkTarget | null {
    if (this.backHref !== undefined && this.backHref !== null) {
      const href = safeHref(this.backHref);
      return href === null ? null : { href, target: 'list' };
    }
    const origin = this.#origin;
    if (origin) {
      const href = safeHref(origin.href);
      if (href !== null && origin.workspace === this.workspace && origin.filters) {
        if (!this.tenant || origin.filters.tenant === this.tenant) {
          return { href, target: 'list', filters: origin.filters };
        }
      }
    }
    return listLink(this, this.tenant ? { tenant: this.tenant } : {});
  }

  /** One fact of a `<dl>`: `<div><dt>label</dt><dd>value</dd></div>` (the label's message key). */
  #fact(label: PlainKey, value: unknown, className?: string): TemplateResult {
    return html`<div>
      <dt>${this.t(label)}</dt>
      <dd class=${className ?? nothing}>${value}</dd>
    </div>`;
  }

  #time(date: Date): TemplateResult {
    const locale = this.resolvedLocale;
    return html`${renderRunTime(this, date, formatDateTime(date, locale))}
      <span class="muted">(${formatRelative(date, this.#now, locale)})</span>`;
  }

  // --- public methods ---
  /** Refetches the run now. */
  refresh(): Promise<void> {
    return this.#query.retry();
  }

  // --- render ---
  protected override render(): TemplateResult {
    const missing = this.renderMissingAttributes();
    if (missing !== nothing) return html`${this.announcer.render()}${missing}`;
    const d = this.#derived;
    const loading = this.#query.loading;
    return html`${this.announcer.render()}
      <article
        class="detail"
        aria-labelledby=${d ? 'rd-title' : nothing}
        aria-label=${d ? nothing : this.t('detail.loading')}
      >
        <p class="back">
          ${renderLink(this, this.#backTarget(), html`<span aria-hidden="true">←</span> ${this.t('detail.back')}`)}
        </p>
        ${
          loading
            ? renderSkeleton(this.t('detail.loading'), 5)
            : d
              ? this.#renderRun(d)
              : renderQueryStatus(this, this.clock.now(), [this.#query], { subject: 'run' })
        }
      </article>`;
  }

  #renderRun(d: DerivedRun): TemplateResult {
    const run = d.run as RunDetail;
    return html`<header class="head" part="header">
        <div class="title-line">
          <h2 id="rd-title" part="headline">${runTitle(run)}</h2>
          ${renderRunBadge(this, d)}
        </div>
        ${hasDiagnosis(d) ? nothing : html`<p class="guidance">${this.guidanceText(d.state)}</p>`}
        <dl class="facts">
          ${this.#fact('detail.id', run.id, 'mono')} ${this.#fact('detail.type', run.type, 'mono')}
          ${this.#fact('detail.tenant', tenantLabel(this, run))}
          ${run.initiator?.name ? this.#fact('detail.initiator', run.initiator.name) : nothing}
        </dl>
        ${
          d.state.freshness === 'unknown' &&
          !['queued', 'running', 'completed'].includes(run.status)
            ? html`<p class="muted">${this.t('detail.status_unknown', { status: run.status })}</p>`
            : nothing
        }
      </header>
      ${renderQueryStatus(this, this.clock.now(), [this.#query], { subject: 'run' })}
      ${this.#renderBanner(d)}
      <div class="sections">
        ${this.#renderTimeline(d)} ${this.#renderProgress(run, d.state)} ${this.#renderFailure(run)}
        ${this.#renderContext(run)}
        ${this.#events.render({
          runId: run.id,
          events: run.events ?? [],
          invalid: this.#query.data?.meta.invalidEvents ?? 0,
          now: this.#now,
        })}
      </div>`;
  }

  #renderBanner(d: DerivedRun): TemplateResult | typeof nothing {
    const { run, state } = d;
    const queued = run.status === 'queued';
    const expectedLabel = queued ? 'detail.expected_start' : 'detail.expected_finish';
    if (state.freshness === 'likely_stale') {
      const staleAfter = state.staleAfter;
      // Display arithmetic on the corrected clock: how long since the window closed.
      const overdue = valid(staleAfter) ? this.#now - staleAfter.getTime() : null;
      const past = overdue !== null && overdue >= 0;
      return html`<section
        part="banner stale"
        class="banner tone-danger diagnosis"
        data-state="likely_stale"
        aria-labelledby="rd-stale"
      >
        ${icon('alert')}
        <div class="banner-body">
          <h3 id="rd-stale">${this.t('detail.stale_title')}</h3>
          <p>
            ${
              past
                ? this.t('detail.stale_past', {
                    duration: formatDuration(overdue, this.resolvedLocale),
                  })
                : this.t('detail.stale_early')
            }
          </p>
          <dl class="banner-facts">
            ${
              valid(state.expectedBy)
                ? this.#fact(expectedLabel, this.#time(state.expectedBy))
                : nothing
            }
            ${
              past && valid(staleAfter)
                ? this.#fact('detail.stale_since', this.#time(staleAfter))
                : nothing
            }
            ${this.#fact(
              'detail.last_heartbeat',
              valid(run.lastHeartbeatAt)
                ? this.#time(run.lastHeartbeatAt)
                : this.t('detail.no_heartbeat'),
            )}
          </dl>
          <p>${this.t('detail.stale_next')}</p>
        </div>
      </section>`;
    }
    if (state.freshness === 'past_expected') {
      return html`<section
        part="banner past-expected"
        class="banner tone-warning diagnosis"
        data-state="past_expected"
        aria-labelledby="rd-past"
      >
        ${icon('hourglass')}
        <div class="banner-body">
          <h3 id="rd-past">
            ${this.t(queued ? 'detail.past_title_queued' : 'detail.past_title_running')}
          </h3>
          <dl class="banner-facts">
            ${
              valid(state.expectedBy)
                ? this.#fact(expectedLabel, this.#time(state.expectedBy))
                : nothing
            }
          </dl>
          ${
            valid(state.staleAfter)
              ? html`<p>
                  ${this.t('detail.past_body', {
                    time: formatDateTime(state.staleAfter, this.resolvedLocale),
                    relative: formatRelative(state.staleAfter, this.#now, this.resolvedLocale),
                  })}
                </p>`
              : nothing
          }
        </div>
      </section>`;
    }
    if (state.freshness === 'reconciled_failed' && run.reconciliation) {
      const r = run.reconciliation;
      return html`<section
        part="banner reconciled"
        class="banner tone-danger diagnosis"
        data-state="reconciled_failed"
        aria-labelledby="rd-reconciled"
      >
        ${icon('cross')}
        <div class="banner-body">
          <h3 id="rd-reconciled">${this.t('detail.reconciled_title')}</h3>
          <p>${this.t('detail.reconciled_body')}</p>
          <dl class="banner-facts">
            ${this.#fact('detail.reconciled_reason', r.reason)}
            ${this.#fact('detail.reconciled_previous', r.previousStatus)}
            ${
              valid(r.reconciledAt)
                ? this.#fact('detail.reconciled_at', this.#time(r.reconciledAt))
                : nothing
            }
          </dl>
        </div>
      </section>`;
    }
    return nothing;
  }

  #renderTimeline(d: DerivedRun): TemplateResult {
    const entries = buildTimeline(d.run, d.state);
    return html`<section class="section wide" aria-labelledby="rd-timeline">
      <h3 id="rd-timeline">${this.t('detail.timeline')}</h3>
      <ol class="timeline" part="timeline">
        ${entries.map(
          (e) =>
            html`<li data-key=${e.key} class=${e.deadline ? 'deadline' : 'happened'}>
              <span class="tl-label">${this.t(`detail.tl_${e.key}`)}</span>
              <span class="tl-time">${this.#time(e.at)}</span>
            </li>`,
        )}
      </ol>
    </section>`;
  }

  #renderProgress(run: RunDetail, state: ActiveState): TemplateResult {
    const p = run.progress;
    const locale = this.resolvedLocale;
    const title = runTitle(run);
    let body: TemplateResult;
    if (!p) {
      body = html`<p class="muted">${this.t('detail.no_progress')}</p>`;
    } else {
      const { text, bar, total } = progressView(this, p, title, state);
      body = html`${bar}
        <p>${text}</p>
        <dl class="counts">
          ${this.#fact('detail.processed', formatNumber(p.processed, locale))}
          ${this.#fact('detail.total', total !== null ? formatNumber(total, locale) : this.t('detail.total_unknown'))}
          ${this.#fact('detail.succeeded', formatNumber(p.succeeded, locale))}
          ${this.#fact('detail.failed', formatNumber(p.failed, locale))}
        </dl>`;
    }
    return html`<section class="section" aria-labelledby="rd-progress">
      <h3 id="rd-progress">${this.t('detail.progress')}</h3>
      ${body}
    </section>`;
  }

  #renderFailure(run: RunDetail): TemplateResult | typeof nothing {
    const f = run.failure;
    if (!f) return nothing;
    return html`<section class="section" aria-labelledby="rd-failure">
      <h3 id="rd-failure">${this.t('detail.failure')}</h3>
      <dl class="kv">
        ${this.#fact('detail.failure_code', f.reasonCode, 'mono')}
        ${this.#fact('detail.failure_message', f.message)}
      </dl>
    </section>`;
  }

  #renderContext(run: RunDetail): TemplateResult {
    const entries = Object.entries(run.context ?? {});
    return html`<section class="section" aria-labelledby="rd-context">
      <h3 id="rd-context">${this.t('detail.context')}</h3>
      ${
        entries.length === 0
          ? html`<p class="muted">${this.t('detail.context_empty')}</p>`
          : html`<dl class="kv">
              ${entries.map(
                ([k, v]) =>
                  html`<div>
                    <dt class="mono">${k}</dt>
                    <dd>${String(v)}</dd>
                  </div>`,
              )}
            </dl>`
      }
    </section>`;
  }
}

/** Whether a banner explains the run (then the one-line guidance would repeat it). */
function hasDiagnosis(d: DerivedRun): boolean {
  const f = d.state.freshness;
  return (
    f === 'likely_stale' ||
    f === 'past_expected' ||
    (f === 'reconciled_failed' && d.run.reconciliation !== null)
  );
}
