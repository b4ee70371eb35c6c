/**
 * The filter bar of `<ops-list>` (`part="filters"`): status, freshness, problem ("Needs
 * attention", "Needs follow-up"), finished since, type, tenant (hidden when the element is fixed
 * to one) and sort selects. A render function, its options (memoised: built
 * again only when what they are built from changes) and the change handler that turns a select's
 * value into new filters. No state of its own beyond the memo.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { RunsightElement } from '../base/runsight-element.js';
import type { MessageKey, Messages } from '../i18n/messages.js';
import { formatDateTime } from '../internal/format.js';
import {
  FRESHNESS_VALUES,
  normalizeProblem,
  parseInstant,
  PROBLEM_VALUES,
  FILTER_FIELDS,
  filterText,
  paramOf,
  sameFilters,
  type OpsListFilters,
} from './filters.js';
import type { SeenValues } from './paged-runs-controller.js';

/** The element's language: what the filter bar reads labels through. */
export type FilterBarLocalize = Pick<RunsightElement, 't' | 'resolvedLocale' | 'messages'>;

export type FilterField =
  'status' | 'freshness' | 'problem' | 'completedSince' | 'type' | 'tenant' | 'sort';

/** A select's options: `[value, label]` pairs. */
type Options = readonly (readonly [string, string])[];

/** The options of the filter bar's selects. */
export interface FilterOptions {
  status: Options;
  freshness: Options;
  problem: Options;
  completedSince: Options;
  type: Options;
  tenant: Options;
  sort: Options;
}

const HOUR_MS = 3_600_000;
/** The "finished since" presets: the last 24 hours (the cards' follow-up window), 7 days. */
const SINCE_PRESETS = { '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS } as const;

const STATUS_OPTIONS = ['', 'active', 'completed'] as const;
/** Status values with a label of their own (`list.status_…`; the empty value is "All"). */
const STATUS_LABELLED: readonly string[] = ['', 'active', 'queued', 'running', 'completed'];

/**
 * The filter bar's options, memoised: built again only when their inputs change: the filters (a
 * new object on every change), the types and tenants seen so far, the locale (sort order and list
 * format) and the catalog (language). Scrolling, focus moves and clock updates reuse them; a
 * filter change keeps the type and tenant options (sorted by label), which follow only the seen
 * values, the locale and the catalog.
 */
export function filterOptionsMemo(): (
  l10n: FilterBarLocalize,
  filters: OpsListFilters,
  seen: SeenValues,
) => FilterOptions {
  let memo: {
    filters: OpsListFilters;
    seenVersion: number;
    locale: string;
    messages: Messages;
    options: FilterOptions;
  } | null = null;
  return (l10n, f, seen) => {
    const locale = l10n.resolvedLocale;
    const messages = l10n.messages;
    // The types and tenants (sorted by label) follow the seen values and the language only.
    const kept =
      memo &&
      memo.seenVersion === seen.version &&
      memo.locale === locale &&
      memo.messages === messages
        ? memo.options
        : null;
    if (kept && memo?.filters === f) return kept;
    const options = buildOptions(l10n, locale, f, seen, kept);
    memo = { filters: f, seenVersion: seen.version, locale, messages, options };
    return options;
  };
}

function buildOptions(
  l10n: FilterBarLocalize,
  locale: string,
  f: OpsListFilters,
  seen: SeenValues,
  kept: FilterOptions | null,
): FilterOptions {
  /** A label from `list.<prefix>_<value>` for the known values ('' is "all"/"any"), else the value. */
  const labelled =
    (prefix: string, none: string, known: readonly string[]) =>
    (v: string): string =>
      known.includes(v) ? l10n.t(`list.${prefix}_${v || none}` as MessageKey) : v;
  const status = labelled('status', 'all', STATUS_LABELLED);
  const freshness = labelled('freshness', 'any', ['', ...FRESHNESS_VALUES]);
  const problem = labelled('problem', 'any', ['', ...PROBLEM_VALUES]);
  /**
   * The options, and the value in effect when it is none of them (several values of one filter
   * from the URL, "Queued, Finished"): a plain list of their labels, as the locale writes one
   * ('unit': "A, B, C" in English; German joins the last with "und").
   */
  const withCurrent = (
    values: readonly string[],
    label: (v: string) => string,
    current: readonly string[],
  ): Options => {
    const opts = values.map((v) => [v, label(v)] as const);
    const value = current.join(',');
    return opts.some(([v]) => v === value)
      ? opts
      : [
          ...opts,
          [value, new Intl.ListFormat(locale, { type: 'unit' }).format(current.map(label))],
        ];
  };
  const since = f.completedSince;
  const byLabel = (values: Map<string, string>): Options =>
    [...values.entries()].sort((a, b) => a[1].localeCompare(b[1], locale));
  return {
    status: withCurrent(STATUS_OPTIONS, status, f.status),
    freshness: withCurrent(['', ...FRESHNESS_VALUES], freshness, f.freshness),
    // "Needs attention" (the cards' "+N more") and "Needs follow-up"; any other set, or several,
    // as one more option when the URL asks for it.
    problem: withCurrent(['', 'needs_attention', 'terminal_follow_up'], problem, f.problem),
    // The instant in effect (a card's 24 h boundary, or a preset chosen earlier), then presets.
    completedSince: [
      ...(since ? [[since, formatDateTime(Date.parse(since), locale)] as const] : []),
      ['', l10n.t('list.since_any')],
      ['24h', l10n.t('list.since_24h')],
      ['7d', l10n.t('list.since_7d')],
    ],
    type: kept?.type ?? [['', l10n.t('list.type_any')], ...byLabel(seen.types)],
    tenant: kept?.tenant ?? [['', l10n.t('list.tenant_any')], ...byLabel(seen.tenants)],
    sort: [
      ['newest', l10n.t('list.sort_newest')],
      ['attention', l10n.t('list.sort_attention')],
    ],
  };
}

/**
 * The filters after a select changed to `value` at `now` (the element's server-corrected clock);
 * null when they stay the same. Choosing a problem set ("Needs attention", "Needs follow-up")
 * sorts needs-attention first and, when no "finished since" is set, narrows follow-up to the last
 * 24 hours, as the cards count it; clearing it keeps both (the reader may sort otherwise after). A "finished since" preset is the
 * instant it means now, to the minute (so the URL and a shared link keep the same set).
 */
export function changedFilters(
  filters: OpsListFilters,
  field: FilterField,
  value: string,
  now: number = Date.now(),
): OpsListFilters | null {
  const next: OpsListFilters = { ...filters };
  const ago = (ms: number): string =>
    new Date(Math.floor((now - ms) / 60_000) * 60_000).toISOString();
  if (field === 'tenant') next.tenant = value || null;
  else if (field === 'sort') next.sort = value === 'attention' ? 'attention' : 'newest';
  else if (field === 'completedSince') {
    const preset = SINCE_PRESETS[value as keyof typeof SINCE_PRESETS];
    next.completedSince = preset ? ago(preset) : parseInstant(value);
  } else if (field === 'problem') {
    next.problem = normalizeProblem(value ? value.split(',') : []);
    if (next.problem.length) {
      next.sort = 'attention';
      next.completedSince ??= ago(SINCE_PRESETS['24h']);
    }
  } else next[field] = value ? value.split(',') : [];
  return sameFilters(next, filters) ? null : next;
}

export interface FilterBarView {
  l10n: FilterBarLocalize;
  filters: OpsListFilters;
  options: FilterOptions;
  /** The element is fixed to one tenant: no tenant select. */
  fixedTenant: boolean;
  /** A select changed (see `changedFilters`). */
  onChange(field: FilterField, value: string): void;
}

/** The filter bar (`part="filters"`, a form of labelled selects). */
export function renderFilterBar(view: FilterBarView): TemplateResult {
  const { l10n, filters: f, options } = view;
  const select = (
    id: string,
    label: string,
    value: string,
    opts: Options,
    field: FilterField,
  ): TemplateResult => {
    const all = opts.some(([v]) => v === value) ? opts : [...opts, [value, value] as const];
    const onChange = (e: Event): void =>
      view.onChange(field, (e.target as HTMLSelectElement).value);
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} @change=${onChange}>
        ${all.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
      </select>
    </div>`;
  };
  return html`<form
    part="filters"
    class="filters"
    aria-label=${l10n.t('list.filters')}
    @submit=${(e: Event) => e.preventDefault()}
  >
    ${FILTER_FIELDS.map((field) =>
      field === 'tenant' && view.fixedTenant
        ? nothing
        : select(
            `f-${field === 'completedSince' ? 'since' : field}`,
            l10n.t(field === 'sort' ? 'list.sort' : `list.filter_${paramOf(field)}`),
            filterText(f[field]),
            options[field],
            field,
          ),
    )}
  </form>`;
}
