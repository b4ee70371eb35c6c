import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import {
  attentionRank,
  sortByAttention,
  summarizeCounts,
  type ActivitySummary,
  type OperationRun,
} from '@runsight/active-state';
import type { ListRunsResult, RunsSummary } from '@runsight/api-client';
import { RunsightCard, invalidRowsOf } from '../base/runsight-card.js';
import { runsSource } from '../internal/runs-source.js';
import type { ListFilters } from '../events.js';
import { earliestChange, type DerivedRun } from '../internal/derive.js';
import { formatNumber } from '../internal/format.js';
import { icon } from '../internal/icons.js';
import { recentTenantRunsQuery } from '../internal/queries.js';
import { renderEmpty } from '../internal/render-parts.js';
import { deriveRuns, mergeRuns } from '../internal/run-sets.js';
import { tenantActivityStyles } from './tenant-activity.styles.js';
import { listLink, renderLink } from '../internal/links.js';
import { renderQueryStatus } from '../internal/view.js';

export { FOLLOW_UP_WINDOW_MS } from '../base/runsight-card.js';
/** Rows in the needs-attention list and in the recent list. */
export const LIST_SIZE = 5;

interface ActivityView {
  now: number;
  /**
   * The summary's figures, carried to `now` for the runs the card holds, and their headline;
   * null when the backend returned rows outside the card's scope (its counts cannot be trusted
   * to be the tenant's either).
   */
  figures: { counts: RunsSummary; summary: ActivitySummary } | null;
  /** The follow-up window's start the figures were counted from (ISO-8601). */
  since: string;
  attention: DerivedRun[];
  recent: DerivedRun[];
  nextChange: number | null;
}

/**
 * The tenant dashboard's activity card: KPI strip (active, of which past expected and likely
 * stale; follow-up in the last 24 h), a headline, the needs-attention list (`sortByAttention`,
 * at most 5, "+N more") and the 5 most recent runs, each with badge, age and compact guidance.
 * Every figure is exact and a link to exactly its set in the operations list.
 *
 * Data: the tenant's summary (`GET /operation-runs/summary`, exact figures at the backend's
 * instant, follow-up since the card's 24 h boundary), the top of its needs-attention list
 * (`problem=needs_attention`, same boundary, attention order, 5 rows) and its recent runs (newest
 * 50: the same query as an `<ops-list>` of the tenant's first page). "+N more" is needs attention
 * minus the rows shown. Between two polls the figures follow the badges of the runs the card holds
 * (`carryFigures`).
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
 * @fires {RunsightNavigateEvent} runsight-navigate - Before following a link; cancelable.
 * @fires {RunsightErrorEvent} runsight-error - A new error loading data (`detail: {error}`).
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
  readonly #summary = this.createSummaryQuery(() =>
    this.workspace && this.tenant
      ? { workspace: this.workspace, tenant: this.tenant, completedSince: this.#since() }
      : null,
  );
  readonly #attention = this.createQuery<ListRunsResult>(() =>
    this.workspace && this.tenant
      ? runsSource(
          this.resolvedClient,
          {
            workspace: this.workspace,
            tenant: this.tenant,
            problem: ['needs_attention'],
            completedSince: this.#since(),
            sort: 'attention',
            limit: LIST_SIZE,
          },
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
  /** The attention rows shown, kept while a new window loads (same scope). */
  #heldAttention: { scope: string; data: ListRunsResult } | null = null;
  /** The runs the view holds (attention and recent), for carrying the figures. */
  #held: readonly OperationRun[] = [];

  // --- lifecycle ---
  protected override missingAttributes(): string[] {
    return [...super.missingAttributes(), ...(this.tenant ? [] : ['tenant'])];
  }

  get #scope(): string {
    return `${this.workspace}\u0000${this.tenant}\u0000${this.resolvedClient.baseUrl}`;
  }

  #since(): string {
    return this.followUpSince(this.#scope);
  }

  protected override heldRuns(): readonly OperationRun[] {
    return this.#held;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const scope = this.#scope;
    const held = this.#heldAttention;
    const attention = this.#attention.data ?? (held?.scope === scope ? held.data : undefined);
    this.#heldAttention = attention ? { scope, data: attention } : null;
    const recent = this.#recentRuns.data;
    // Both lists hold only this tenant's runs of this workspace (the api-client's scope).
    this.#held = attention && recent ? mergeRuns(attention.runs, recent.runs) : [];
    const result = this.summaryToShow(this.#summary, scope);
    if (!result || !attention || !recent || this.missingAttributes().length > 0) {
      this.#view = null;
      return;
    }
    const now = this.clock.now();
    const policies = this.resolvedClient.policies;
    const byId = new Map<string, OperationRun>(this.#held.map((r) => [r.id, r]));
    const latest = (runs: readonly OperationRun[]) => runs.map((r) => byId.get(r.id) ?? r);
    const active = deriveRuns(this.#held, now, policies).filter((d) => d.state.isActive);
    // The top of the needs-attention list, in attention order at now (the list's order when it
    // loads): the backend's top rows (a newer copy from the recent page wins), and active runs
    // the card holds that turned past expected or likely stale since (the figures count them
    // too). A run that no longer needs attention leaves; "+N more" counts the rest.
    const candidates = mergeRuns(
      latest(attention.runs),
      active.filter((d) => attentionRank(d.state) < 2).map((d) => d.run),
    );
    const attentionRows = deriveRuns(
      sortByAttention(candidates, { now, policies }).slice(0, LIST_SIZE),
      now,
      policies,
    ).filter((d) => attentionRank(d.state) < 3);
    const recentRows = deriveRuns(latest(recent.runs.slice(0, LIST_SIZE)), now, policies);
    this.announceStale(active);
    const counts = this.figuresOf(result);
    const outOfScope = this.#attention.outOfScope + this.#recentRuns.outOfScope > 0;
    this.#view = {
      now,
      figures: outOfScope ? null : { counts, summary: summarizeCounts(counts) },
      since: result.meta.completedSince?.toISOString() ?? this.#since(),
      attention: attentionRows,
      recent: recentRows,
      nextChange: earliestChange(active),
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

  /** A link to the tenant's list with `filters` (every figure's set). */
  #list(filters: Omit<ListFilters, 'workspace' | 'tenant'>) {
    return listLink(this, { tenant: this.tenant, ...filters });
  }

  #renderBody(): TemplateResult {
    const queries = [this.#summary, this.#attention, this.#recentRuns];
    const view = this.#view;
    // No view while an attribute is missing, the data loads or a query failed.
    if (!view) return this.renderPending(queries, 6);
    const invalidRows = invalidRowsOf([this.#attention, this.#recentRuns]);
    const { figures } = view;
    const more = figures ? figures.counts.needsAttention - view.attention.length : 0;
    return html`
      ${renderQueryStatus(this, this.clock.now(), queries, { invalidRows })}
      ${figures ? [this.renderHeadline(figures.summary), this.#renderKpis(view, figures.counts)] : nothing}
      <div class="section">
        <h3 id="attention">${this.t('activity.attention_title')}</h3>
        ${
          view.attention.length === 0
            ? renderEmpty(this.t('activity.attention_empty'))
            : html`<ul part="list" class="list" aria-labelledby="attention">
                ${view.attention.map((d) => this.renderRunRow(d, view.now))}
              </ul>`
        }
        ${
          more > 0
            ? renderLink(
                this,
                this.#list({
                  problem: ['needs_attention'],
                  completedSince: view.since,
                  sort: 'attention',
                }),
                this.t('run.more', { count: more }),
                { className: 'more', label: this.t('activity.more_label', { count: more }) },
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
      <div class="footer">${renderLink(this, this.#list({}), this.t('activity.view_all'))}</div>
    `;
  }

  #renderKpis(view: ActivityView, figures: RunsSummary): TemplateResult {
    const locale = this.resolvedLocale;
    // Every figure links to exactly the set it counts.
    // `name`: the figure's label (`activity.kpi_<name>`) and, dashed, its `data-kpi`.
    const kpi = (
      name: 'active' | 'past_expected' | 'likely_stale' | 'follow_up',
      count: number,
      tone: string | null,
      filters: Omit<ListFilters, 'workspace' | 'tenant'>,
    ) =>
      html`<li
        part="kpi"
        class="kpi"
        data-kpi=${name.replace('_', '-')}
        data-tone=${(count > 0 && tone) || nothing}
      >
        ${renderLink(
          this,
          this.#list(filters),
          html`<span class="kpi-value"
              >${tone === 'danger' && count > 0 ? icon('alert') : nothing}${formatNumber(count, locale)}</span
            >${KPI_GAP}<span class="kpi-label">${this.t(`activity.kpi_${name}`)}</span>`,
        )}
      </li>`;
    return html`<ul class="kpis" aria-label=${this.t('activity.kpis')}>
      ${kpi('active', figures.active, null, { status: ['active'] })}
      ${kpi('past_expected', figures.pastExpected, 'warning', { freshness: ['past_expected'] })}
      ${kpi('likely_stale', figures.likelyStale, 'danger', { freshness: ['likely_stale'] })}
      ${kpi('follow_up', figures.followUp, 'warning', {
        problem: ['terminal_follow_up'],
        completedSince: view.since,
      })}
    </ul>`;
  }
}

/**
 * Between a KPI's figure and its label: a space for assistive technology and copied text ("2
 * Active", not "2Active"), which the stacked layout does not show. A no-break space, because
 * ordinary white space at the start of the hidden box would collapse away and not be read.
 */
const KPI_GAP = html`<span class="visually-hidden">&nbsp;</span>`;
