/**
 * Shared templates. They take plain values (already translated strings) so every element renders
 * the same markup, parts and ARIA for the same state.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ActiveState } from '@runsight/active-state';
import { formatDateTime } from './format.js';
import { badgeIcon, icon, type IconName } from './icons.js';

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

/**
 * The error banner with a Retry button (`part="error banner"`, `role="alert"`); `note`: shown
 * when earlier data stays on screen below the error; `offline`: the offline icon.
 */
export function renderError(
  message: string,
  retryLabel: string,
  note: string | undefined,
  busy: boolean,
  offline: boolean,
  onRetry: () => void,
): TemplateResult {
  return html`<div part="error banner" class="banner tone-danger" role="alert">
    ${icon(offline ? 'offline' : 'alert')}
    <div class="banner-body">
      <p>${message}</p>
      ${note ? html`<p class="note">${note}</p>` : nothing}
    </div>
    <div class="banner-actions">
      <button type="button" part="retry" ?disabled=${busy} @click=${onRetry}>${retryLabel}</button>
    </div>
  </div>`;
}

/**
 * A notice banner: an icon and one text, `data-state=<state>`, `part="banner <state>"` (the
 * missing-attribute message: `part="error banner"`). Outdated data ("Data as of 10:42, 4 min
 * ago — reconnecting…"), unreadable or out-of-scope rows, a missing required attribute.
 */
export function renderNotice(
  state: 'outdated' | 'invalid-rows' | 'out-of-scope' | 'missing',
  text: string,
): TemplateResult {
  const [tone, name]: [string, IconName] =
    state === 'outdated'
      ? ['warning', 'sync']
      : state === 'missing'
        ? ['warning', 'warning']
        : ['neutral', 'info'];
  return html`<p
    part=${state === 'missing' ? 'error banner' : `banner ${state}`}
    class="banner tone-${tone}"
    data-state=${state}
  >
    ${icon(name)}<span>${text}</span>
  </p>`;
}
