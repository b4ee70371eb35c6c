import {
  html,
  nothing,
  type PropertyValues,
  type TemplateResult,
  type PropertyDeclarations,
} from 'lit';
import {
  sortByAttention,
  summarizeActivity,
  type ActivitySummary,
  type OperationRun,
} from '@runsight/active-state';
import type { ListRunsResult } from '@runsight/api-client';
import { cardsEn } from '../i18n/cards.messages.js';
import { progressEn } from '../i18n/progress.messages.js';
import { runAgeEn } from '../i18n/run-age.messages.js';
import { RunsightCard, invalidRowsOf } from '../base/runsight-card.js';
import { runsSource } from '../internal/runs-source.js';
import { RunsightRunFinishedEvent } from '../events.js';
import { earliestChange, type DerivedRun } from '../internal/derive.js';
import { deriveRuns } from '../internal/run-sets.js';
import { formatNumber, formatRelative } from '../internal/format.js';
import { runAge } from '../internal/run-age.js';
import { progressView } from '../internal/progress.js';
import { activeRunsQuery } from '../internal/queries.js';
import { renderEmpty } from '../internal/render-parts.js';
import { progressBarStyles } from '../styles/progress-bar.styles.js';
import { activeRunProgressStyles } from './active-run-progress.styles.js';
import { listLink, renderLink, runLink } from '../internal/links.js';
import { renderQueryStatus, renderRunBadge, renderRunTime, runTitle } from '../internal/view.js';

interface ProgressView {
  now: number;
  /** Active runs of the tenant, attention order. */
  runs: DerivedRun[];
  summary: ActivitySummary;
  nextChange: number | null;
}

/**
 * The tenant's live progress card: every active run, stale ones escalated (danger tone,
 * "Likely stale", guidance), past-expected ones in warning tone, healthy ones calm with a progress
 * bar. Order: `sortByAttention`. More than `max-visible` → "+N more" to the list of the tenant's
 * active runs. A run that turns up terminal leaves the card and fires `runsight-run-finished`.
 * With no active runs it renders nothing, unless `show-empty`.
 *
 * Data: the `status=active` query of the tenant (shared with `<tenant-activity>`). When a run
 * leaves that set, the element fetches it once (`getRun`) to report its terminal state in the
 * event; if that fetch fails, the event carries the last copy seen.
 *
 * @summary Live progress of a tenant's active operations.
 * @tag active-run-progress
 *
 * @attr workspace - Workspace id (required).
 * @attr tenant - Tenant id (required).
 * @attr base-url - API base URL (default `/api`).
 * @attr poll-interval - Poll interval, seconds (default 30; 0 = off).
 * @attr locale - BCP 47 locale (default: closest `lang`).
 * @attr max-visible - Runs shown before "+N more" (default 3).
 * @attr show-empty - Show "No active operations" instead of nothing.
 *
 * @fires {RunsightRunFinishedEvent} runsight-run-finished - An active run turned up terminal (`detail: {run}`).
 * @fires {RunsightNavigateEvent} runsight-navigate - Before following a link; cancelable.
 * @fires {RunsightErrorEvent} runsight-error - A new error loading data (`detail: {error}`).
 *
 * @csspart card - The card.
 * @csspart headline - The summary headline.
 * @csspart list - The list of runs.
 * @csspart row - One run.
 * @csspart badge - A state badge.
 * @csspart progress - A progress bar.
 * @csspart link - A link.
 * @csspart more - The "+N more" link.
 * @csspart empty - The empty sentence.
 * @csspart error - The error banner.
 * @csspart banner - Any banner (error, outdated, invalid rows).
 * @csspart skeleton - The loading skeleton.
 */
export class ActiveRunProgress extends RunsightCard {
  static override styles = [...RunsightCard.styles, progressBarStyles, activeRunProgressStyles];

  /** Reactive properties and their attributes (the field declarations below carry the docs). */
  static override properties: PropertyDeclarations = {
    maxVisible: { attribute: 'max-visible', type: Number },
    showEmpty: { attribute: 'show-empty', type: Boolean },
  };

  protected static override messageSection = { ...cardsEn, ...runAgeEn, ...progressEn };

  protected readonly tagLabel = 'active-run-progress';

  // --- controllers ---
  readonly #active = this.createQuery<ListRunsResult>(() =>
    this.workspace && this.tenant
      ? runsSource(
          this.resolvedClient,
          activeRunsQuery(this.workspace, this.tenant),
          this.pollIntervalMs,
        )
      : null,
  );

  // --- state ---
  #view: ProgressView | null = null;
  /** Active runs of the last data, by id (baseline for run-finished). */
  #previous: Map<string, OperationRun> | null = null;
  #previousData: ListRunsResult | undefined;
  #previousScope = '';
  #finishing = new Set<string>();
  #abort = new AbortController();

  // --- properties ---
  /** Runs shown before "+N more". */
  maxVisible = 3;

  /** Show the empty sentence instead of rendering nothing. */
  showEmpty = false;

  // --- lifecycle ---
  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort.abort();
    this.#finishing.clear();
  }

  protected override missingAttributes(): string[] {
    return [...super.missingAttributes(), ...(this.tenant ? [] : ['tenant'])];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const data = this.#active.data;
    if (!data || this.missingAttributes().length > 0) {
      this.#view = null;
      return;
    }
    const now = this.clock.now();
    const policies = this.resolvedClient.policies;
    const mine = data.runs; // this tenant's runs of this workspace (the api-client's scope)
    this.#detectFinished(data, mine);
    const stillActive = mine.filter((r) => r.status !== 'completed');
    const sorted = sortByAttention(stillActive, { now, policies });
    const runs = deriveRuns(sorted, now, policies);
    this.announceStale(runs);
    this.#view = {
      now,
      runs,
      summary: summarizeActivity(stillActive, { now, policies }),
      nextChange: earliestChange(runs),
    };
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.clock.scheduleAt(this.#view?.nextChange ?? null);
    this.toggleAttribute('data-empty', this.#view !== null && this.#view.runs.length === 0);
  }

  // --- handlers ---
  /** Compares the new active set with the previous one: runs that left it have finished. */
  #detectFinished(data: ListRunsResult, mine: OperationRun[]): void {
    const scope = `${this.clientScope}|${this.workspace ?? ''}|${this.tenant ?? ''}`;
    if (data === this.#previousData && scope === this.#previousScope) return;
    const previous = scope === this.#previousScope ? this.#previous : null;
    this.#previousData = data;
    this.#previousScope = scope;
    const current = new Map<string, OperationRun>();
    for (const run of mine) if (run.status !== 'completed') current.set(run.id, run);
    this.#previous = current;
    if (!previous) return;
    for (const [id, last] of previous) {
      if (current.has(id)) continue;
      const completed = mine.find((r) => r.id === id && r.status === 'completed');
      if (completed) this.dispatchEvent(new RunsightRunFinishedEvent({ run: completed }));
      else void this.#reportFinished(last);
    }
  }

  /** Fetches a run that left the active set once, then fires run-finished. */
  async #reportFinished(last: OperationRun): Promise<void> {
    if (this.#finishing.has(last.id) || !this.workspace) return;
    this.#finishing.add(last.id);
    const signal = this.#abort.signal;
    let run: OperationRun = last;
    try {
      const result = await this.resolvedClient.getRun(this.workspace, last.id, { signal });
      if (result.run.status !== 'completed') {
        // Still active after all (it left the list page only): not finished.
        return;
      }
      run = result.run;
    } catch {
      if (signal.aborted) return;
      // Unreachable run (deleted, no access, offline): report the last copy seen.
    } finally {
      this.#finishing.delete(last.id);
    }
    if (!signal.aborted) this.dispatchEvent(new RunsightRunFinishedEvent({ run }));
  }

  // --- render ---
  protected override render(): TemplateResult {
    return html`${this.#renderBody()}${this.announcer.render()}`;
  }

  #renderBody(): TemplateResult | typeof nothing {
    const view = this.#view;
    // No view while an attribute is missing, the data loads or the query failed.
    const title = this.t('progress.title');
    if (!view) return this.renderCard(title, this.renderPending([this.#active], 3));
    const status = renderQueryStatus(this, this.clock.now(), [this.#active], {
      invalidRows: invalidRowsOf([this.#active]),
    });
    if (
      view.runs.length === 0 &&
      !this.showEmpty &&
      !this.#active.error &&
      !this.#active.outdated
    ) {
      return nothing;
    }
    const max = Math.max(0, Math.floor(Number.isFinite(this.maxVisible) ? this.maxVisible : 3));
    const visible = view.runs.slice(0, max);
    const hidden = view.runs.length - visible.length;
    return this.renderCard(
      title,
      html`${status}
      ${
        view.runs.length === 0
          ? renderEmpty(this.t('progress.empty'))
          : html`<ul part="list" class="list runs">
              ${visible.map((d) => this.#renderRun(d, view.now))}
            </ul>`
      }
      ${
        hidden > 0
          ? renderLink(
              this,
              listLink(this, { tenant: this.tenant, status: ['active'] }),
              this.t('run.more', { count: hidden }),
              { label: this.t('progress.more_label', { count: hidden }), className: 'more' },
            )
          : nothing
      }`,
      view.runs.length > 0 ? this.renderHeadline(view.summary) : nothing,
    );
  }

  #renderRun(d: DerivedRun, now: number): TemplateResult {
    const { run, state } = d;
    const title = runTitle(run);
    const escalated = state.freshness === 'likely_stale' || state.freshness === 'past_expected';
    const stale = state.freshness === 'likely_stale';
    return html`<li
      part="row"
      class="row run"
      data-run-id=${run.id}
      data-freshness=${state.freshness}
    >
      <div class="run-head">
        <span class="row-title">${renderLink(this, runLink(this, run), title)}</span>
        ${renderRunBadge(this, d)}
      </div>
      ${stale ? nothing : this.#renderProgress(d)}
      <div class="row-meta">
        <span>${runAge(this, d, now)}</span>
        ${stale || state.freshness === 'past_expected' ? this.#renderHeartbeat(run, now) : nothing}
        ${
          run.progress && run.progress.failed > 0
            ? html`<span
                >${this.t('run.progress_failed', { failed: formatNumber(run.progress.failed, this.resolvedLocale) })}</span
              >`
            : nothing
        }
      </div>
      ${
        escalated || state.freshness === 'unknown'
          ? html`<p class="guidance">${this.guidanceText(state)}</p>`
          : nothing
      }
    </li>`;
  }

  #renderHeartbeat(run: OperationRun, now: number): TemplateResult {
    const at = run.lastHeartbeatAt;
    if (!at || Number.isNaN(at.getTime())) return html`<span>${this.t('run.no_heartbeat')}</span>`;
    return html`<span
      >${renderRunTime(this, at, this.t('run.last_heartbeat', { relative: formatRelative(at, now, this.resolvedLocale) }))}</span
    >`;
  }

  #renderProgress(d: DerivedRun): TemplateResult | typeof nothing {
    const { run } = d;
    const p = run.progress;
    if (!p || !(d.state.isActive || d.state.freshness === 'unknown')) return nothing;
    const { text, bar } = progressView(this, p, runTitle(run), d.state);
    return html`<div class="progress-line">
      ${bar}
      <span class="progress-text" aria-hidden="true">${text}</span>
    </div>`;
  }
}
