/**
 * The body rows of `<ops-list>`'s table: one row of a derived run at its index (absolutely
 * positioned, `aria-rowindex`), its cells (operation and run link, tenant, badge, created and
 * started, age or duration, progress, initiator).
 */
import { html, noChange, nothing, type TemplateResult } from 'lit';
import type { LifecyclePolicies, OperationRun } from '@runsight/active-state';
import type { RunsightElement, LinkTarget } from '../base/runsight-element.js';
import { deriveRun, type DerivedRun } from '../internal/derive.js';
import { formatDateTime, formatDuration, formatNumber, formatTime } from '../internal/format.js';
import { progressView, renderProgressBar } from '../internal/progress.js';
import { renderRunBadge, runTitle, tenantLabel } from '../internal/view.js';
import { runAge } from '../internal/run-age.js';
import { styleProps } from '../internal/style-props.js';
import { ROW_HEIGHT, type VirtualWindowController } from './virtual-window-controller.js';

/** What a row needs from its element. */
export interface RowContext {
  el: RunsightElement;
  /** The instant the rows are derived at. */
  now: number;
  /** The checked link to a run, or null. */
  link(run: OperationRun): LinkTarget | null;
  /** A run link was clicked / middle-clicked. */
  onLinkClick(e: MouseEvent, link: LinkTarget): void;
  onAuxClick(runId: string): void;
}

/** The table's columns (`list.col_…` headers), in order. */
const COLUMNS = [
  'operation',
  'tenant',
  'state',
  'created',
  'duration',
  'progress',
  'initiator',
] as const;

/**
 * The rows in the DOM, by DOM slot (null: a free slot), derived at one instant: each row's index
 * `i`, its run `d`, whether it holds the roving focus (`a`) and whether its slot shows it as the
 * last update did (`s`: its template is not rendered again).
 */
export interface WindowView {
  items: ({ i: number; d: DerivedRun; a: boolean; s: boolean } | null)[];
  derived: DerivedRun[];
}

/**
 * Derives the rows of the window's slots (`VirtualWindowController.layout`): each row keeps its
 * DOM slot while it stays rendered, so lit updates the values of a slot instead of building rows.
 * `prev`: the last update's view when nothing but the window changed since (no time, data,
 * filters, properties or language): a slot that shows the same run at the same index with the
 * same focus is then the same row, and its template is not rendered again.
 */
export function deriveWindow(
  rows: readonly OperationRun[],
  slots: readonly number[],
  now: number,
  policies: LifecyclePolicies | undefined,
  active: number,
  prev: WindowView | null,
): WindowView {
  const derived: DerivedRun[] = [];
  const items = slots.map((i, k) => {
    if (i < 0) return null;
    const d = deriveRun(rows[i] as OperationRun, now, policies);
    const was = prev?.items[k];
    const a = i === active;
    derived.push(d);
    return { i, d, a, s: was?.i === i && was.d.run === d.run && was.a === a };
  });
  return { items, derived };
}

/** The scrolling table: sticky header, a body of `rows × ROW_HEIGHT` px, the window's rows. */
export function renderTable(
  ctx: RowContext & { window: VirtualWindowController },
  rows: readonly OperationRun[],
  items: WindowView['items'],
): TemplateResult {
  const { el, window: win } = ctx;
  return html`<div
    class="scroller"
    part="table"
    style=${styleProps({ 'max-height': `${rows.length * ROW_HEIGHT + 43}px` })}
    @scroll=${win.onScroll}
  >
    <div
      role="table"
      class="table"
      aria-label=${el.t('list.title')}
      aria-rowcount=${rows.length + 1}
    >
      <div role="rowgroup" class="thead">
        <div role="row" class="tr" aria-rowindex="1">
          ${COLUMNS.map(
            (c) => html`<span role="columnheader" class="th">${el.t(`list.col_${c}`)}</span>`,
          )}
        </div>
      </div>
      <div
        role="rowgroup"
        class="tbody"
        style=${styleProps({ height: `${rows.length * ROW_HEIGHT}px` })}
        @keydown=${win.onKeyDown}
        @focusin=${win.onFocusIn}
      >
        ${items.map((it) => (it ? (it.s ? noChange : renderRow(ctx, it)) : nothing))}
      </div>
    </div>
  </div>`;
}

/** One body row (`part="row"`) of run `d` at `index`, with the roving tabindex when `active`. */
function renderRow(
  ctx: RowContext,
  { i: index, d, a: active }: { i: number; d: DerivedRun; a: boolean },
): TemplateResult {
  const { el, now } = ctx;
  const { run, state } = d;
  const tab = active ? '0' : '-1';
  const locale = el.resolvedLocale;
  const operation = runTitle(run);
  const link = ctx.link(run);
  const started = run.startedAt;
  return html`<div
    role="row"
    part="row"
    class="tr"
    tabindex=${tab}
    aria-rowindex=${index + 2}
    data-index=${index}
    data-run-id=${run.id}
    data-freshness=${state.freshness}
    style=${styleProps({ top: `${index * ROW_HEIGHT}px` })}
  >
    <span role="cell" class="td op">
      ${
        link
          ? html`<a
              part="link"
              href=${link.href}
              tabindex=${tab}
              @click=${(e: MouseEvent) => ctx.onLinkClick(e, link)}
              @auxclick=${() => ctx.onAuxClick(run.id)}
              >${operation}</a
            >`
          : html`<span>${operation}</span>`
      }
      <span class="sub mono">${run.id}</span>
    </span>
    <span role="cell" class="td">${tenantLabel(el, run)}</span>
    <span role="cell" class="td">${renderRunBadge(el, d)}</span>
    <span role="cell" class="td">
      ${renderTime(el, run.createdAt, formatTime(run.createdAt, locale, now))}
      <span class="sub"
        >${started ? el.t('list.started') : el.t('list.not_started')}
        ${renderTime(el, started, started ? formatTime(started, locale, now) : '')}</span
      >
    </span>
    <span role="cell" class="td">${renderAge(el, d, now)}</span>
    ${renderProgress(el, d, operation)}
    <span role="cell" class="td ${run.initiator?.name ? '' : 'muted'}"
      >${run.initiator?.name || el.t('list.cell_empty')}</span
    >
  </div>`;
}

/*
 * Row cells keep one template whatever the run's state (a `<time>` without a date has no
 * `datetime`; the age's second line is empty while a run is not finished): a DOM slot that shows
 * another run updates text and attributes instead of building elements (style and layout of new
 * elements were most of a scroll step's cost).
 */

/** A `<time>` element with the full date as its title (no attributes without a valid date). */
function renderTime(el: RunsightElement, date: Date | null, text: string): TemplateResult {
  const valid = date !== null && !Number.isNaN(date.getTime());
  return html`<time
    datetime=${valid ? date.toISOString() : nothing}
    title=${valid ? formatDateTime(date, el.resolvedLocale) : nothing}
    >${text}</time
  >`;
}

/** The age ("running for 12 min"); finished runs: how long they took, the age below. */
function renderAge(el: RunsightElement, d: DerivedRun, now: number): TemplateResult {
  const { run } = d;
  const age = runAge(el, d, now);
  const done = run.completedAt && !Number.isNaN(run.completedAt.getTime()) ? run.completedAt : null;
  const from = run.startedAt ?? run.createdAt;
  const took = done
    ? el.t('list.took', {
        duration: formatDuration(done.getTime() - from.getTime(), el.resolvedLocale),
      })
    : null;
  return html`${took ?? age}<span class="sub">${took === null ? '' : age}</span>`;
}

const noBar = renderProgressBar('', '', null, false);

/** Progress: the shared bar (`internal/progress.ts`) and its text; "—" without progress. */
function renderProgress(
  el: RunsightElement,
  { run, state }: DerivedRun,
  operation: string,
): TemplateResult {
  const p = run.progress;
  const view = p ? progressView(el, p, operation, state) : null;
  const known = view !== null && view.total !== null;
  const failed =
    known && p && p.failed > 0
      ? el.t('list.progress_failed_suffix', {
          failed: el.t('run.progress_failed', {
            failed: formatNumber(p.failed, el.resolvedLocale),
          }),
        })
      : '';
  // Without progress the bar is there but not shown, so a slot keeps its elements. The counts and
  // the failed count each stay on one line (no-break spaces): the failed count wraps as a whole.
  return html`<span role="cell" class="td progress ${view ? '' : 'none'}"
    >${view ? view.bar : noBar}<span class=${view ? 'sub' : 'muted'}
      >${view ? (known ? noBreak(view.text) : view.text) : el.t('list.cell_empty')}${
        failed ? ` ${noBreak(failed)}` : ''
      }</span
    ></span
  >`;
}

/** `text` with no-break spaces: it wraps as a whole. */
const noBreak = (text: string): string => text.replace(/ /g, '\u00a0');
