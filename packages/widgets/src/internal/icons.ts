/**
 * Inline SVG icons (decorative: `aria-hidden`, the adjacent text carries the meaning).
 */
import { svg, type SVGTemplateResult } from 'lit';
import type { BadgeKey } from '@runsight/active-state';

/** Types the icons as lit's `SVGTemplateResult`: the declarations then import `lit`, a dependency
 * of this package, not `lit-html` (the inferred type's home). */
const svgSet = <K extends string>(
  set: Record<K, SVGTemplateResult>,
): Readonly<Record<K, SVGTemplateResult>> => set;

const paths = svgSet({
  clock: svg`<circle cx="8" cy="8" r="6.25"/><path d="M8 4.5V8l2.5 1.5"/>`,
  play: svg`<circle cx="8" cy="8" r="6.25"/><path d="M6.5 5.5v5l4-2.5z" fill="currentColor"/>`,
  hourglass: svg`<path d="M4.5 2h7M4.5 14h7M5 2c0 3 6 3.5 6 6s-6 3-6 6M11 2c0 3-6 3.5-6 6s6 3 6 6"/>`,
  alert: svg`<path d="M5.3 1.75h5.4l3.55 3.55v5.4l-3.55 3.55H5.3L1.75 10.7V5.3z"/><path d="M8 4.75v4"/><circle cx="8" cy="11.25" r=".6" fill="currentColor"/>`,
  warning: svg`<path d="M8 1.9 14.6 13.6H1.4z"/><path d="M8 6v3.5"/><circle cx="8" cy="11.6" r=".6" fill="currentColor"/>`,
  check: svg`<circle cx="8" cy="8" r="6.25"/><path d="m5.2 8.2 1.9 1.9 3.7-3.9"/>`,
  partial: svg`<circle cx="8" cy="8" r="6.25"/><path d="M8 1.75v12.5A6.25 6.25 0 0 0 8 1.75z" fill="currentColor"/>`,
  cross: svg`<circle cx="8" cy="8" r="6.25"/><path d="m5.75 5.75 4.5 4.5m0-4.5-4.5 4.5"/>`,
  blocked: svg`<circle cx="8" cy="8" r="6.25"/><path d="m3.6 12.4 8.8-8.8"/>`,
  dash: svg`<circle cx="8" cy="8" r="6.25"/><path d="M5.25 8h5.5"/>`,
  question: svg`<circle cx="8" cy="8" r="6.25"/><path d="M6.2 6.2a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.4"/><circle cx="8" cy="11.4" r=".6" fill="currentColor"/>`,
  offline: svg`<path d="M1.75 6a9 9 0 0 1 12.5 0M4 8.4a5.8 5.8 0 0 1 8 0M6.2 10.7a2.6 2.6 0 0 1 3.6 0"/><path d="m2 2 12 12"/>`,
  sync: svg`<path d="M13.25 8A5.25 5.25 0 0 1 3.9 11.3M2.75 8A5.25 5.25 0 0 1 12.1 4.7"/><path d="M12.4 2.2v2.7H9.7M3.6 13.8v-2.7h2.7"/>`,
  info: svg`<circle cx="8" cy="8" r="6.25"/><path d="M8 7.25v4"/><circle cx="8" cy="4.9" r=".6" fill="currentColor"/>`,
});

export type IconName = keyof typeof paths;

/** A decorative 16×16 icon, drawn with `currentColor`. */
export function icon(name: IconName): SVGTemplateResult {
  return svg`<svg class="icon" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${paths[name]}</svg>`;
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
export function badgeIcon(key: BadgeKey | string): SVGTemplateResult {
  return icon((badgeIcons as Record<string, IconName | undefined>)[key] ?? 'question');
}
