/**
 * RunsightCard: the base class of the three card elements (<tenant-activity>,
 * <active-run-progress>, <workspace-recent-ops>) on top of RunsightElement: the card shell, the
 * summary headline, compact run rows, the pending body, the card styles and the cards' messages.
 * It is a module of its own so that a page with only <ops-list> or <run-detail> does not load
 * what only the cards use (the standalone bundle puts it in a chunk the cards share).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ActivitySummary } from '@runsight/active-state';
import type { ListRunsResult } from '@runsight/api-client';
import type { QueryController } from '../controllers/query-controller.js';
import { cardsEn, headlineText } from '../i18n/cards.messages.js';
import { runAgeEn } from '../i18n/run-age.messages.js';
import type { DerivedRun } from '../internal/derive.js';
import { runAge } from '../internal/run-age.js';
import { icon, type IconName } from '../internal/icons.js';
import { cardStyles } from '../styles/card.styles.js';
import { RunsightElement } from './runsight-element.js';

/** The icon of a summary tone (critical, attention, calm). */
function toneIcon(tone: 'calm' | 'attention' | 'critical'): IconName {
  return tone === 'critical' ? 'alert' : tone === 'attention' ? 'warning' : 'check';
}

/**
 * @csspart card - The card (`<section>`).
 * @csspart headline - The summary headline.
 * @csspart row - A run row.
 * @csspart badge - A state badge.
 */
export abstract class RunsightCard extends RunsightElement {
  static override styles = [...RunsightElement.styles, cardStyles];

  protected static override messageSection = { ...cardsEn, ...runAgeEn };

  /** The translated headline of an activity summary. */
  headlineText(summary: ActivitySummary): string {
    return headlineText(this.messages, summary.headlineKey);
  }

  /** The summary headline with its tone icon (`part="headline"`). */
  protected renderHeadline(summary: ActivitySummary): TemplateResult {
    return html`<p part="headline" class="headline" data-tone=${summary.tone}>
      ${icon(toneIcon(summary.tone))}<span>${this.headlineText(summary)}</span>
    </p>`;
  }

  /**
   * A compact run row (`part="row"`): title linking to the run, badge, age, optionally the
   * tenant name ("Workspace" for tenantless runs) and the compact guidance.
   */
  protected renderRunRow(
    d: DerivedRun,
    now: number,
    options: { tenant?: boolean; guidance?: boolean } = {},
  ): TemplateResult {
    const { run, state } = d;
    return html`<li
      part="row"
      class="row"
      data-run-id=${run.id}
      data-freshness=${state.freshness}
      data-tone=${state.badge.tone}
    >
      <span class="row-title">${this.renderLink(this.runLink(run), this.runTitle(run))}</span>
      ${this.renderRunBadge(d)}
      <span class="row-meta">
        ${options.tenant ? html`<span class="row-tenant">${this.tenantLabel(run)}</span>` : nothing}
        <span class="row-age">${runAge(this, d, now)}</span>
      </span>
      ${
        options.guidance === false
          ? nothing
          : html`<span class="row-guidance">${this.guidanceText(state)}</span>`
      }
    </li>`;
  }

  /**
   * The card shell of the card elements: `<section part="card">` labelled by its `<h2 id="title">`,
   * an optional `headline` beside the title, then `content`.
   */
  protected renderCard(
    title: string,
    content: unknown,
    headline: unknown = nothing,
  ): TemplateResult {
    return html`<section
      part="card"
      class="card"
      aria-labelledby="title"
      lang=${this.resolvedLocale}
    >
      <div class="card-header">
        <h2 id="title">${title}</h2>
        ${headline}
      </div>
      ${content}
    </section>`;
  }

  /**
   * The body while there is nothing to show yet: the missing-attribute message, else the skeleton
   * (`skeletonLines`) while a query loads, else the queries' status banners (an error with Retry).
   */
  protected renderPending(
    queries: readonly QueryController<unknown>[],
    skeletonLines: number,
  ): TemplateResult {
    const missing = this.renderMissingAttributes();
    if (missing !== nothing) return missing;
    if (queries.some((q) => q.loading)) return this.renderLoading(skeletonLines);
    return this.renderQueryStatus(queries);
  }
}

/** Invalid rows of list queries that may return the same broken rows: the largest count, not the sum. */
export function invalidRowsOf(queries: readonly QueryController<ListRunsResult>[]): number {
  return Math.max(0, ...queries.map((q) => q.data?.meta.invalidRows ?? 0));
}
