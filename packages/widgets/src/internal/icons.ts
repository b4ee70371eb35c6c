/**
 * Inline SVG icons (decorative: `aria-hidden`, the adjacent text carries the meaning).
 *
 * Every icon is one template: a stroked path and a path that is also filled, whose `d` change
 * with the icon. A slot that shows another icon (a badge in a reused table row) updates two
 * attributes instead of replacing its shapes (new SVG elements cost style and layout).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { BadgeKey } from '@runsight/active-state';

/**
 * Each icon: [the stroked path, the stroked and filled path]. Most begin with the r 6.25 ring
 * (`M1.75 8a6.25 …z`); the dots are r .6 circles. Spelled out, not built: gzip shares them.
 */
const paths = {
  clock: ['M1.75 8a6.25 6.25 0 1 0 12.5 0a6.25 6.25 0 1 0-12.5 0zM8 4.5V8l2.5 1.5'],
  play: ['M1.75 8a6.25 6.25 0 1 0 12.5 0a6.25 6.25 0 1 0-12.5 0z', 'M6.5 5.5v5l4-2.5z'],
  hourglass: ['M4.5 2h7M4.5 14h7M5 2c0 3 6 3.5 6 6s-6 3-6 6M11 2c0 3-6 3.5-6 6s6 3 6 6'],
  alert: [
    'M5.3 1.75h5.4l3.55 3.55v5.4l-3.55 3.55H5.3L1.75 10.7V5.3zM8 4.75v4',
    'M7.4 11.25a.6.6 0 1 0 1.2 0a.6.6 0 1 0-1.2 0z',
  ],
  warning: ['M8 1.9 14.6 13.6H1.4zM8 6v3.5', 'M7.4 11.6a.6.6 0 1 0 1.2 0a.6.6 0 1 0-1.2 0z'],
  check: ['M1.75 8a6.25 6.25 0 1 0 12.5 0a6.25 6.25 0 1 0-12.5 0zM5.2 8.2l1.9 1.9 3.7-3.9'],
  partial: [
    'M1.75 8a6.25 6.25 0 1 0 12.5 0a6.25 6.25 0 1 0-12.5 0z',
    'M8 1.75v12.5A6.25 6.25 0 0 0 8 1.75z',
  ],
  cross: ['M1.75 8a6.25 6.25 0 1 0 12.5 0a6.25 6.25 0 1 0-12.5 0zM5.75 5.75l4.5 4.5m0-4.5-4.5 4.5'],
  blocked: ['M1.75 8a6.25 6.25 0 1 0 12.5 0a6.25 6.25 0 1 0-12.5 0zM3.6 12.4l8.8-8.8'],
  dash: ['M1.75 8a6.25 6.25 0 1 0 12.5 0a6.25 6.25 0 1 0-12.5 0zM5.25 8h5.5'],
  question: [
    'M1.75 8a6.25 6.25 0 1 0 12.5 0a6.25 6.25 0 1 0-12.5 0zM6.2 6.2a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.4',
    'M7.4 11.4a.6.6 0 1 0 1.2 0a.6.6 0 1 0-1.2 0z',
  ],
  offline: [
    'M1.75 6a9 9 0 0 1 12.5 0M4 8.4a5.8 5.8 0 0 1 8 0M6.2 10.7a2.6 2.6 0 0 1 3.6 0M2 2l12 12',
  ],
  sync: [
    'M13.25 8A5.25 5.25 0 0 1 3.9 11.3M2.75 8A5.25 5.25 0 0 1 12.1 4.7M12.4 2.2v2.7H9.7M3.6 13.8v-2.7h2.7',
  ],
  info: [
    'M1.75 8a6.25 6.25 0 1 0 12.5 0a6.25 6.25 0 1 0-12.5 0zM8 7.25v4',
    'M7.4 4.9a.6.6 0 1 0 1.2 0a.6.6 0 1 0-1.2 0z',
  ],
} satisfies Record<string, readonly [string, string?]>;

export type IconName = keyof typeof paths;

/** A decorative 16×16 icon, drawn with `currentColor`. */
export function icon(name: IconName): TemplateResult {
  const [stroke, fill]: readonly [string, string?] = paths[name];
  return html`<svg
    class="icon"
    viewBox="0 0 16 16"
    fill="none"
    stroke="currentColor"
    stroke-width="1.5"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
    focusable="false"
  >
    <path d=${stroke}></path>
    <path d=${fill ?? nothing} fill="currentColor"></path>
  </svg>`;
}

const badgeIcons: Record<BadgeKey, IconName> = {
  queued: 'clock',
  running: 'play',
  past_expected: 'hourglass',
  likely_stale: 'alert',
  reconciled_failed: 'cross',
  succeeded: 'check',
  partially_succeeded: 'partial',
  failed: 'cross',
  blocked: 'blocked',
  cancelled: 'dash',
  completed: 'check',
  unknown: 'question',
};

/** The icon of a badge key (unknown keys get the question mark). */
export function badgeIcon(key: BadgeKey | string): TemplateResult {
  return icon((badgeIcons as Record<string, IconName | undefined>)[key] ?? 'question');
}
