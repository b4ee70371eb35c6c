/**
 * What elements render with their locale: a run's title and tenant for people, its badge, a
 * `<time>`, and the status banners of their queries. Functions of the element (like `links.ts`'
 * `runLink`, `listLink` and `renderLink`), not methods of the base class: the base holds the
 * element's state; these read its public surface.
 */
import { html, type TemplateResult } from 'lit';
import type { OperationRun } from '@runsight/active-state';
import type { RunsightElement } from '../base/runsight-element.js';
import type { QueryController } from '../controllers/query-controller.js';
import { errorMessage } from '../i18n/messages.js';
import type { DerivedRun } from './derive.js';
import { formatRelative, formatTime } from './format.js';
import { renderBadge, renderError, renderNotice, renderTime } from './render-parts.js';

/** What the view reads of its element. */
export type ViewHost = Pick<RunsightElement, 't' | 'messages' | 'badgeLabel' | 'resolvedLocale'>;

/** A run's human title: the backend's type label, else its type key. */
export const runTitle = (run: OperationRun): string => run.typeLabel || run.type;

/** A run's tenant for people: its name, else its id, else "Workspace" (tenantless run). */
export const tenantLabel = (el: ViewHost, run: OperationRun): string =>
  run.tenantName || run.tenantId || el.t('run.workspace');

/** The badge of a derived run (text + icon, `part="badge"`). */
export const renderRunBadge = (el: ViewHost, { state }: DerivedRun): TemplateResult =>
  renderBadge(state, el.badgeLabel(state));

/** A `<time>` element with the full date in the element's locale as its title. */
export const renderRunTime = (el: ViewHost, date: Date, text: string): TemplateResult =>
  renderTime(date, text, el.resolvedLocale);

export interface QueryStatusOptions {
  /** Rows the data's meta says could not be read. */
  invalidRows?: number;
  /** Rows outside the scope in pages fetched outside the queries. */
  outOfScopeRows?: number;
  /** What a not-found error is about (`run`: "Operation not found…"). */
  subject?: 'list' | 'run';
}

/**
 * The status banners of an element's queries, in order: error (with Retry; notes that earlier
 * data stays), outdated marker, invalid-rows notice, out-of-scope notice.
 *
 * The banners of `queries` at `now`, in the locale of `el`. Rows outside the scope are counted by
 * the queries (the most any one left out, as the queries of one element overlap) plus
 * `outOfScopeRows`.
 */
export function renderQueryStatus(
  el: ViewHost,
  now: number,
  queries: readonly QueryController<unknown>[],
  options: QueryStatusOptions = {},
): TemplateResult {
  const failing = queries.find((q) => q.error !== undefined);
  const error = failing?.error;
  // The oldest last success: "data as of" the query that is furthest behind.
  const asOf = queries.some((q) => q.outdated)
    ? Math.min(...queries.map((q) => q.snapshot?.lastSuccessServerTime ?? Infinity))
    : Infinity;
  const invalid = options.invalidRows ?? 0;
  const outOfScope =
    Math.max(0, ...queries.map((q) => q.outOfScope)) + (options.outOfScopeRows ?? 0);
  return html`${[
    failing && error
      ? renderError(
          errorMessage(el.messages, error.kind, options.subject),
          el.t(failing.fetching ? 'error.retrying' : 'error.retry'),
          queries.every((q) => q.data !== undefined) ? el.t('error.earlier_data') : undefined,
          failing.fetching,
          error.kind === 'network',
          () => {
            for (const q of queries) if (q.error) void q.retry();
          },
        )
      : null,
    asOf < Infinity
      ? renderNotice(
          'outdated',
          el.t('state.outdated', {
            time: formatTime(asOf, el.resolvedLocale, now),
            relative: formatRelative(asOf, now, el.resolvedLocale),
          }),
        )
      : null,
    invalid > 0
      ? renderNotice('invalid-rows', el.t('state.invalid_rows', { count: invalid }))
      : null,
    outOfScope > 0
      ? renderNotice('out-of-scope', el.t('state.out_of_scope_rows', { count: outOfScope }))
      : null,
  ]}`;
}
