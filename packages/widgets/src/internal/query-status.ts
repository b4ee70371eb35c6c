/**
 * The status banners of an element's queries, in order: error (with Retry; notes that earlier
 * data stays), outdated marker, invalid-rows notice, out-of-scope notice.
 */
import { html, type TemplateResult } from 'lit';
import type { LocalizeController } from '../controllers/localize-controller.js';
import type { QueryController } from '../controllers/query-controller.js';
import { errorMessage } from '../i18n/messages.js';
import { formatRelative, formatTime } from './format.js';
import { renderError, renderNotice } from './render-parts.js';

export interface QueryStatusOptions {
  /** Rows the data's meta says could not be read. */
  invalidRows?: number;
  /** Rows outside the scope in pages fetched outside the queries. */
  outOfScopeRows?: number;
  /** What a not-found error is about (`run`: "Operation not found…"). */
  subject?: 'list' | 'run';
}

/**
 * The banners of `queries` at `now`, in the locale of `l`. Rows outside the scope are counted by
 * the queries (the most any one left out, as the queries of one element overlap) plus
 * `outOfScopeRows`.
 */
export function renderQueryStatus(
  l: LocalizeController,
  now: number,
  queries: readonly QueryController<unknown>[],
  options: QueryStatusOptions,
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
          errorMessage(l.messages, error.kind, options.subject),
          l.t(failing.fetching ? 'error.retrying' : 'error.retry'),
          queries.every((q) => q.data !== undefined) ? l.t('error.earlier_data') : undefined,
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
          l.t('state.outdated', {
            time: formatTime(asOf, l.locale, now),
            relative: formatRelative(asOf, now, l.locale),
          }),
        )
      : null,
    invalid > 0
      ? renderNotice('invalid-rows', l.t('state.invalid_rows', { count: invalid }))
      : null,
    outOfScope > 0
      ? renderNotice('out-of-scope', l.t('state.out_of_scope_rows', { count: outOfScope }))
      : null,
  ]}`;
}
