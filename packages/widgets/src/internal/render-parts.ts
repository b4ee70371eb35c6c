/**
 * Shared templates. They take plain values (already translated strings) so every element renders
 * the same markup, parts and ARIA for the same state.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ActiveState } from '@runsight/active-state';
import { formatDateTime } from './format.js';
import { badgeIcon, icon } from './icons.js';

/** The state badge: icon + text, tone class; `part="badge"`. */
export function renderBadge(state: ActiveState, label: string): TemplateResult {
  return html`<span
    part="badge"
    class="badge tone-${state.badge.tone}"
    data-badge=${state.badge.key}
    >${badgeIcon(state.badge.key)}<span>${label}</span></span
  >`;
}

/** A `<time>` element with the full date in `locale` as its title (an invalid date: plain text). */
export function renderTime(date: Date, text: string, locale: string): TemplateResult {
  return Number.isNaN(date.getTime())
    ? html`<span>${text}</span>`
    : html`<time datetime=${date.toISOString()} title=${formatDateTime(date, locale)}
        >${text}</time
      >`;
}

/** Loading skeleton: static blocks with `aria-busy="true"` and a readable label. */
export function renderSkeleton(label: string, lines = 4): TemplateResult {
  return html`<div part="skeleton" class="skeleton" aria-busy="true">
    <span class="visually-hidden">${label}</span>
    ${Array.from({ length: lines }, () => html`<div class="skeleton-line" aria-hidden="true"></div>`)}
  </div>`;
}

/** The empty sentence; `part="empty"`. */
export function renderEmpty(text: string): TemplateResult {
  return html`<p part="empty" class="empty">${text}</p>`;
}

export interface ErrorView {
  message: string;
  retryLabel: string;
  /** Shown when earlier data stays on screen below the error. */
  earlierDataNote?: string | undefined;
  busy: boolean;
  /** Network-type error (offline icon). */
  offline?: boolean;
  onRetry: () => void;
}

/** The error banner with a Retry button; `part="error"`, `role="alert"`. */
export function renderError(view: ErrorView): TemplateResult {
  return html`<div part="error banner" class="banner tone-danger" role="alert">
    ${icon(view.offline ? 'offline' : 'alert')}
    <div class="banner-body">
      <p>${view.message}</p>
      ${view.earlierDataNote ? html`<p class="note">${view.earlierDataNote}</p>` : nothing}
    </div>
    <div class="banner-actions">
      <button type="button" part="retry" ?disabled=${view.busy} @click=${view.onRetry}>
        ${view.retryLabel}
      </button>
    </div>
  </div>`;
}

/** "Data as of 10:42, 4 min ago — reconnecting…"; `part="banner outdated"`. */
export function renderOutdated(text: string): TemplateResult {
  return html`<p part="banner outdated" class="banner tone-warning" data-state="outdated">
    ${icon('sync')}<span>${text}</span>
  </p>`;
}

/**
 * A notice of rows left out: "{n} rows could not be read and are not shown"
 * (`part="banner invalid-rows"`), or rows outside the element's scope (`out-of-scope`).
 */
export function renderInvalidRows(
  text: string,
  kind: 'invalid-rows' | 'out-of-scope' = 'invalid-rows',
): TemplateResult {
  return html`<p part="banner ${kind}" class="banner tone-neutral" data-state=${kind}>
    ${icon('info')}<span>${text}</span>
  </p>`;
}

/** The message for a missing required attribute; `part="error"`. */
export function renderMissing(text: string): TemplateResult {
  return html`<p part="error banner" class="banner tone-warning" data-state="missing">
    ${icon('warning')}<span>${text}</span>
  </p>`;
}
