/**
 * Progress as the elements that show it draw it (<active-run-progress>, <ops-list>,
 * <run-detail>): the readable text, the bar (`progressBarStyles`) and the percentage. A module of
 * its own, so the card-only and list-only pages do not carry what they never draw.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ActiveState, RunProgress } from '@runsight/active-state';
import type { RunsightElement } from '../base/runsight-element.js';
import { cached, formatNumber } from './format.js';
import { styleProps } from './style-props.js';

/** A ratio as a whole percentage in the locale ("33%", "33 %"). */
function formatPercent(ratio: number, locale: string): string {
  return cached(
    `p:${locale}`,
    () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }),
  ).format(ratio);
}

/** How far a determinate progress bar is: `value` of `max`, drawn as `ratio` (0–1). */
interface ProgressAmount {
  value: number;
  max: number;
  ratio: number;
}

/**
 * A progress bar (`part="progress"`, `role="progressbar"`, styled by `progressBarStyles`):
 * determinate with `amount`, indeterminate (no `aria-valuenow`) without it. `text` is its
 * `aria-valuetext`. An indeterminate bar slides only while `moving`, else it stands still
 * (`.still`). One template for all, so a reused row that shows another run's progress updates
 * attributes instead of replacing the bar.
 */
export function renderProgressBar(
  label: string,
  text: string,
  amount: ProgressAmount | null,
  moving: boolean,
): TemplateResult {
  return html`<div
    part="progress"
    class="bar ${amount ? '' : moving ? 'indeterminate' : 'indeterminate still'}"
    role="progressbar"
    aria-label=${label}
    aria-valuemin=${amount ? '0' : nothing}
    aria-valuemax=${amount?.max ?? nothing}
    aria-valuenow=${amount?.value ?? nothing}
    aria-valuetext=${text}
    style=${styleProps(amount ? { '--ratio': String(amount.ratio) } : {})}
  ></div>`;
}

/**
 * A run's progress as every element shows it: the readable text ("948 of 1,788 (53%)", or
 * "7 processed, total unknown" without a usable total), the bar (`part="progress"`) and the
 * usable total (null: indeterminate). Processed is clamped to 0…total. The indeterminate bar
 * slides only while the run's `state` says it is working (fresh or past expected): a likely-stale,
 * finished or unknown run's bar stands still, so dead work never looks like ordinary progress.
 */
export function progressView(
  el: RunsightElement,
  p: RunProgress,
  operation: string,
  { freshness }: ActiveState,
): { text: string; bar: TemplateResult; total: number | null } {
  const moving = freshness === 'fresh' || freshness === 'past_expected';
  const locale = el.resolvedLocale;
  const label = el.t('run.progress_label', { operation });
  const processed = Math.max(0, p.processed);
  const total = p.total;
  if (total === null || !Number.isFinite(total) || total <= 0) {
    const text = el.t('run.progress_indeterminate', {
      processed: formatNumber(processed, locale),
    });
    return { text, bar: renderProgressBar(label, text, null, moving), total: null };
  }
  const value = Math.min(processed, total);
  const ratio = value / total;
  const text = el.t('run.progress_counts', {
    processed: formatNumber(value, locale),
    total: formatNumber(total, locale),
    percent: formatPercent(ratio, locale),
  });
  return { text, bar: renderProgressBar(label, text, { value, max: total, ratio }, moving), total };
}
