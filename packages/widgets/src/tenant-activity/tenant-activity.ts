import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import {
  attentionRank,
  sortByAttention,
  summarizeActivity,
  type ActivitySummary,
  type OperationRun,
} from '@runsight/active-state';
import type { ListRunsResult } from '@runsight/api-client';
import { RunsightCard, invalidRowsOf } from '../base/runsight-card.js';
import { runsSource } from '../controllers/query-controller.js';
import { earliestChange, type DerivedRun } from '../internal/derive.js';
import { formatNumber } from '../internal/format.js';
import { icon } from '../internal/icons.js';
import { activeRunsQuery, recentTenantRunsQuery } from '../internal/queries.js';
import { renderEmpty } from '../internal/render-parts.js';
import {
  currentAndRecent,
  deriveRuns,
  FOLLOW_UP_WINDOW_MS,
  mergeRuns,
  windowPartial,
} from '../internal/run-sets.js';
import { tenantActivityStyles } from './tenant-activity.styles.js';

export { FOLLOW_UP_WINDOW_MS } from '../internal/run-sets.js';
/** Rows in the needs-attention list and in the recent list. */
export const LIST_SIZE = 5;

interface ActivityView {
  now: number;
  summary: ActivitySummary;
  /** The follow-up figure is a lower bound (the recent page does not reach back 24 h). */
  followUpPartial: boolean;
  attention: DerivedRun[];
  recent: DerivedRun[];
  nextChange: number | null;
}

/**
 * The tenant dashboard's activity card: KPI strip (active, of which past expected and likely
 * stale; follow-up in the last 24 h), a headline from `summarizeActivity`, the needs-attention
 * list (`sortByAttention`, at most 5, "+N more") and the 5 most recent runs, each with badge,
 * age and compact guidance.
 *
 * Data: two queries that other elements share — the tenant's active runs (`status=active`, the
 * same query as `<active-run-progress>`) and the tenant's recent runs (newest 50). Follow-up in
 * the last 24 h is counted from those rows (completed runs that finished in the window); when the
 * recent page does not reach back 24 h the figure is shown as a lower bound ("50+").
 *
 * @summary A tenant's activity at a glance.
 * @tag tenant-activity
 *
 * @attr workspace - Workspace id (required).
 * @attr tenant - Tenant id (required).
 * @attr base-url - API base URL (default `/api`).
 * @attr poll-interval - Poll interval, seconds (default 30; 0 = off).
 * @attr locale - BCP 47 locale (default: closest `lang`).
 *
 * @fires runsight-navigate - Before following a link; cancelable.
 * @fires runsight-error - A new error loading data (`detail: {error}`).
 *
 * @csspart card - The card.
 * @csspart headline - The summary headline.
 * @csspart kpi - One key figure.
 * @csspart list - A list of runs.
 * @csspart row - One run.
 * @csspart badge - A state badge.
 * @csspart link - A link.
 * @csspart empty - An empty sentence.
 * @csspart error - The error banner.
 * @csspart banner - Any banner (error, outdated, invalid rows).
 * @csspart skeleton - The loading skeleton.
 */
export class TenantActivity extends RunsightCard {
  static override styles = [...RunsightCard.styles, tenantActivityStyles];

  protected readonly tagLabel = 'tenant-activity';

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
  readonly #recentRuns = this.createQuery<ListRunsResult>(() =>
    this.workspace && this.tenant
      ? runsSource(
          this.resolvedClient,
          recentTenantRunsQuery(this.workspace, this.tenant),
          this.pollIntervalMs,
        )
      : null,
  );

  // --- state ---
  #view: ActivityView | null = null;

  // --- lifecycle ---
  protected override missingAttributes(): string[] {
    return [...super.missingAttributes(), ...(this.tenant ? [] : ['tenant'])];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const active = this.#active.data;
    const recent = this.#recentRuns.data;
    if (!active || !recent || this.missingAttributes().length > 0) {
      this.#view = null;
      return;
    }
    const now = this.clock.now();
    const policies = this.resolvedClient.policies;
    // Both queries hold only this tenant's runs of this workspace (the api-client's scope).
    const merged = mergeRuns(active.runs, recent.runs);
    const inScope = currentAndRecent(merged, now, FOLLOW_UP_WINDOW_MS);
    const byId = new Map<string, OperationRun>(merged.map((r) => [r.id, r]));

    // One derivation of every run in scope (memoised per run object and instant, so the active
    // rows below reuse it); only the runs that need attention go through sortByAttention, which
    // derives again internally but then for those few only. Sorting the subset gives the same
    // order as sorting everything and filtering: the order is by rank, then age, then position.
    const scope = deriveRuns(inScope, now, policies);
    const derivedOf = new Map(scope.map((d) => [d.run, d]));
    const attention = sortByAttention(
      scope.filter((d) => attentionRank(d.state) < 3).map((d) => d.run),
      { now, policies },
    ).map((run) => derivedOf.get(run) as DerivedRun);
    // Newest first, in the recent query's order; a newer terminal copy from a merge wins.
    const recentRows = deriveRuns(
      recent.runs.slice(0, LIST_SIZE).map((r) => byId.get(r.id) ?? r),
      now,
      policies,
    );
    const followUpPartial = windowPartial(
      { runs: recent.runs, meta: recent.meta },
      now,
      FOLLOW_UP_WINDOW_MS,
    );

    const activeDerived = deriveRuns(
      inScope.filter((r) => r.status !== 'completed'),
      now,
      policies,
    );
    this.announceStale(activeDerived);
    this.#view = {
      now,
      summary: summarizeActivity(inScope, { now, policies }),
      followUpPartial,
      attention,
      recent: recentRows,
      nextChange: earliestChange(activeDerived),
    };
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.clock.scheduleAt(this.#view?.nextChange ?? null);
  }

  // --- render ---
  protected override render(): TemplateResult {
    return html`${this.renderCard(this.t('activity.title'), this.#renderBody())}
    ${this.announcer.render()}`;
  }

  #renderBody(): TemplateResult {
    const queries = [this.#active, this.#recentRuns];
    const view = this.#view;
    // No view while an attribute is missing, the data loads or a query failed.
    if (!view) return this.renderPending(queries, 6);
    const invalidRows = invalidRowsOf(queries);
    const { summary } = view;
    const hiddenAttention = view.attention.length - LIST_SIZE;
    return html`
      ${this.renderQueryStatus(queries, { invalidRows })} ${this.renderHeadline(summary)}
      ${this.#renderKpis(view)}
      <div class="section">
        <h3 id="attention">${this.t('activity.attention_title')}</h3>
        ${
          view.attention.length === 0
            ? renderEmpty(this.t('activity.attention_empty'))
            : html`<ul part="list" class="list" aria-labelledby="attention">
                ${view.attention.slice(0, LIST_SIZE).map((d) => this.renderRunRow(d, view.now))}
              </ul>`
        }
        ${
          hiddenAttention > 0
            ? this.renderLink(
                this.listLink({
                  tenant: this.tenant,
                  freshness: attentionFreshness(view.attention),
                }),
                this.t('run.more', { count: hiddenAttention }),
                { className: 'more' },
              )
            : nothing
        }
      </div>
      <div class="section">
        <h3 id="recent">${this.t('activity.recent_title')}</h3>
        ${
          view.recent.length === 0
            ? renderEmpty(this.t('activity.recent_empty'))
            : html`<ul part="list" class="list" aria-labelledby="recent">
                ${view.recent.map((d) => this.renderRunRow(d, view.now))}
              </ul>`
        }
      </div>
      <div class="footer">
        ${this.renderLink(this.listLink({ tenant: this.tenant }), this.t('activity.view_all'))}
      </div>
    `;
  }

  #renderKpis(view: ActivityView): TemplateResult {
    const { summary } = view;
    const locale = this.resolvedLocale;
    const followUp = `${formatNumber(summary.followUp, locale)}${view.followUpPartial ? '+' : ''}`;
    const kpi = (
      name: string,
      value: string,
      label: string,
      tone: string | null,
      link: unknown = null,
    ) =>
      html`<li part="kpi" class="kpi" data-kpi=${name} data-tone=${tone ?? nothing}>
        ${
          link ??
          html`<span class="kpi-value">${value}</span>${KPI_GAP}<span class="kpi-label"
              >${label}</span
            >`
        }
      </li>`;
    const staleContent = html`<span class="kpi-value"
        >${summary.likelyStale > 0 ? icon('alert') : nothing}${formatNumber(summary.likelyStale, locale)}</span
      >${KPI_GAP}<span class="kpi-label">${this.t('activity.kpi_likely_stale')}</span>`;
    return html`<ul class="kpis" aria-label=${this.t('activity.kpis')}>
      ${kpi('active', formatNumber(summary.active, locale), this.t('activity.kpi_active'), null)}
      ${kpi(
        'past-expected',
        formatNumber(summary.pastExpected, locale),
        this.t('activity.kpi_past_expected'),
        summary.pastExpected > 0 ? 'warning' : null,
      )}
      ${kpi(
        'likely-stale',
        '',
        '',
        summary.likelyStale > 0 ? 'danger' : null,
        this.renderLink(
          this.listLink({ tenant: this.tenant, freshness: ['likely_stale'] }),
          staleContent,
        ),
      )}
      ${kpi('follow-up', followUp, this.t('activity.kpi_follow_up'), summary.followUp > 0 ? 'warning' : null)}
    </ul>`;
  }
}

/**
 * Between a KPI's figure and its label: a space for assistive technology and copied text ("2
 * Active", not "2Active"), which the stacked layout does not show. A no-break space, because
 * ordinary white space at the start of the hidden box would collapse away and not be read.
 */
const KPI_GAP = html`<span class="visually-hidden">&nbsp;</span>`;

/** The freshness filter that covers every run of the attention list. */
function attentionFreshness(attention: readonly DerivedRun[]): string[] {
  const order = ['likely_stale', 'past_expected', 'reconciled_failed', 'terminal'];
  const present = new Set(attention.map((d) => d.state.freshness as string));
  return order.filter((f) => present.has(f));
}
