/**
 * Filter state of `<ops-list>` and its codec to and from a query string (`sync-url`).
 *
 * Query parameters (the same names the default link builder writes, so that a drill-through link
 * from a compact surface lands on the same filter): `status`, `freshness`, `problem`, `type`,
 * `tenant` (comma lists, repeated parameters also accepted), `completed_since` (an ISO-8601
 * instant) and `sort` (`attention`; absent: newest first).
 * Only the differences from the element's attribute defaults are written; `status=all` /
 * `freshness=all` / `problem=all` / `type=all` / `completed_since=all` stand for "no filter" where
 * the default has one. Parameters that are
 * not ours (e.g. the host's `workspace`, `page`) are kept untouched.
 *
 * Where the query lives: in a hash-routed host (`location.hash` starts with `#/`), the query part
 * of the hash (`#/operations?status=active`); otherwise `location.search`.
 */

import type { ProblemFilter } from '@runsight/api-client';

export type SortOrder = 'newest' | 'attention';

export interface OpsListFilters {
  /** API status values: [] = all; `active` = queued + running; `completed` = finished. */
  status: string[];
  /** API freshness values; [] = any. */
  freshness: string[];
  /** API problem sets (a union); [] = any. */
  problem: ProblemFilter[];
  /** Finished runs completed at or after this instant (canonical ISO-8601); null = any time. */
  completedSince: string | null;
  /** Operation type keys; [] = any. */
  type: string[];
  /** Tenant id; null = every tenant the caller may see. */
  tenant: string | null;
  sort: SortOrder;
}

export const STATUS_VALUES = ['active', 'queued', 'running', 'completed'] as const;
export const FRESHNESS_VALUES = [
  'fresh',
  'past_expected',
  'likely_stale',
  'reconciled_failed',
  'terminal',
] as const;

/** The problem sets; `needs_attention` holds the other two (and past expected runs). */
export const PROBLEM_VALUES = [
  'needs_attention',
  'active_stale_attention',
  'terminal_follow_up',
] as const satisfies readonly ProblemFilter[];

const ALL = new Set(['all', 'any', '*']);

/** Splits comma lists and repeated values; trims, drops empties and duplicates, keeps order. */
export function splitList(values: readonly string[] | string | null | undefined): string[] {
  const raw = typeof values === 'string' ? [values] : (values ?? []);
  const out: string[] = [];
  for (const v of raw) {
    for (const part of v.split(',')) {
      const s = part.trim();
      if (s && !out.includes(s)) out.push(s);
    }
  }
  return out;
}

/** Canonical status list: known values only; `finished` → `completed`; queued+running → `active`. */
const lowerSet = (values: readonly string[]): Set<string> =>
  new Set(values.map((v) => v.toLowerCase()));

export function normalizeStatus(values: readonly string[]): string[] {
  const set = lowerSet(values);
  if (set.has('finished')) set.add('completed');
  const active = set.has('active') || (set.has('queued') && set.has('running'));
  if (active) return set.has('completed') ? [] : ['active'];
  return STATUS_VALUES.filter((v) => set.has(v));
}

export function normalizeFreshness(values: readonly string[]): string[] {
  const set = lowerSet(values);
  const out = FRESHNESS_VALUES.filter((v) => set.has(v));
  return out.length === FRESHNESS_VALUES.length ? [] : out;
}

/** Known problem sets, canonical order; `needs_attention` alone when present (it holds the others). */
export function normalizeProblem(values: readonly string[]): ProblemFilter[] {
  const set = lowerSet(values);
  if (set.has('needs_attention')) return ['needs_attention'];
  return PROBLEM_VALUES.filter((v) => set.has(v));
}

/**
 * An ISO-8601 date-time with an offset as a canonical UTC string (`toISOString()`), or null for
 * anything else (a bare date, a local time without offset, another format, a year before 1970:
 * the API's range is 1970 … 9999, and four year digits cannot go past it).
 */
export function parseInstant(value: string | null | undefined): string | null {
  if (!value || !/^\d{4}-\d\d-\d\dT.*(Z|[+-]\d\d:?\d\d)$/i.test(value)) return null;
  const t = Date.parse(value);
  return t >= 0 ? new Date(t).toISOString() : null;
}

export function parseSort(value: string | null | undefined): SortOrder {
  return value === 'attention' ? 'attention' : 'newest';
}

/** The filter fields, in the order their query parameters are written (and the filter bar's). */
export const FILTER_FIELDS = [
  'status',
  'freshness',
  'problem',
  'completedSince',
  'type',
  'tenant',
  'sort',
] as const satisfies readonly (keyof OpsListFilters)[];
const FIELDS = FILTER_FIELDS;
type Field = (typeof FIELDS)[number];
type ListField = 'status' | 'freshness' | 'problem' | 'type';

/** Each list field's canonical values (the type keys as given). */
const NORMALIZE: Record<ListField, (values: string[]) => string[]> = {
  status: normalizeStatus,
  freshness: normalizeFreshness,
  problem: normalizeProblem,
  type: (v) => v,
};

const isList = (field: Field): field is ListField => field in NORMALIZE;
/** A field's query parameter. */
export const paramOf = <F extends Field>(field: F) =>
  (field === 'completedSince' ? 'completed_since' : field) as F extends 'completedSince'
    ? 'completed_since'
    : Exclude<F, 'completedSince'>;
/** A filter's value as one string (a select's value, a query parameter's): a comma list, '' for none. */
export const filterText = (value: OpsListFilters[Field]): string =>
  value === null ? '' : `${value}`;
const isAll = (value: string): boolean => ALL.has(value.toLowerCase());

/** Filters from the element's attributes (the defaults a URL without parameters means). */
export function filtersFromAttributes(attrs: {
  status?: string | null;
  freshness?: string | null;
  problem?: string | null;
  completedSince?: string | null;
  type?: string | null;
  tenant?: string | null;
  sort?: string | null;
}): OpsListFilters {
  const out = {
    completedSince: parseInstant(attrs.completedSince),
    tenant: attrs.tenant || null,
    sort: parseSort(attrs.sort),
  } as OpsListFilters;
  for (const field of FIELDS) {
    if (isList(field)) {
      (out[field] as string[]) = NORMALIZE[field](splitList(attrs[field]));
    }
  }
  return out;
}

/**
 * One field from its query parameter's values (at least one); undefined when nothing in them is
 * usable, which keeps the default rather than widening the filter. `all` (`any`, `*`) is no filter.
 */
function readParam(field: Field, values: string[]): OpsListFilters[Field] | undefined {
  const first = values[0] ?? '';
  if (isList(field)) {
    const list = splitList(values);
    if (list.some(isAll)) return [];
    const norm = NORMALIZE[field](list);
    return norm.length === 0 && list.length > 0 ? undefined : norm;
  }
  if (field === 'sort') return parseSort(first);
  if (field === 'tenant') return first && !isAll(first) ? first : null;
  // completedSince. (A `+` offset written unencoded reads as a space.)
  return isAll(first) ? null : (parseInstant(first.replace(' ', '+')) ?? undefined);
}

/**
 * Filters from query parameters; absent parameters take the defaults. A `fixedTenant` (the
 * element's `tenant` attribute) always wins over the query.
 */
export function parseFilters(
  params: URLSearchParams,
  defaults: OpsListFilters,
  fixedTenant: string | null = null,
): OpsListFilters {
  const out = { ...defaults };
  for (const field of FIELDS) {
    const values = params.getAll(paramOf(field));
    const value = values.length ? readParam(field, values) : undefined;
    if (value !== undefined) (out[field] as typeof value) = value;
  }
  if (fixedTenant) out.tenant = fixedTenant;
  return out;
}

export function sameFilters(a: OpsListFilters, b: OpsListFilters): boolean {
  return FIELDS.every((field) => filterText(a[field]) === filterText(b[field]));
}

/**
 * A copy of `params` with our parameters set to `filters` (only where they differ from
 * `defaults`); other parameters keep their order and values. With a fixed tenant the `tenant`
 * parameter is left as it is.
 */
export function writeFilters(
  params: URLSearchParams,
  filters: OpsListFilters,
  defaults: OpsListFilters,
  fixedTenant: string | null = null,
): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const field of FIELDS) {
    if (field === 'tenant' && fixedTenant) continue;
    const value = filterText(filters[field]);
    if (value === filterText(defaults[field])) out.delete(paramOf(field));
    else out.set(paramOf(field), value || 'all');
  }
  return out;
}

export interface LocationLike {
  pathname: string;
  search: string;
  hash: string;
}

/** Whether the host routes by hash (`#/path?query`): then the filters live in the hash's query. */
export function isHashRouted(loc: LocationLike): boolean {
  return loc.hash.startsWith('#/');
}

/** A hash-routed location's hash path (with its `#`) and the query after it (without `?`). */
function hashParts(loc: LocationLike): [route: string, query: string] {
  const q = loc.hash.indexOf('?');
  return q < 0 ? [loc.hash, ''] : [loc.hash.slice(0, q), loc.hash.slice(q + 1)];
}

/** The route whose query holds the filters: the hash path in a hash-routed host, else the pathname. */
export function routeOf(loc: LocationLike): string {
  return isHashRouted(loc) ? hashParts(loc)[0] : loc.pathname;
}

/** The query parameters the filters are read from. */
export function readLocationParams(loc: LocationLike): URLSearchParams {
  return new URLSearchParams(isHashRouted(loc) ? hashParts(loc)[1] : loc.search);
}

/** The same-document URL (path + search + hash) with `params` as the filter query. */
export function buildLocationUrl(loc: LocationLike, params: URLSearchParams): string {
  const query = params.toString() && `?${params}`;
  return isHashRouted(loc)
    ? `${loc.pathname}${loc.search}${hashParts(loc)[0]}${query}`
    : `${loc.pathname}${query}${loc.hash}`;
}

export interface NarrowingFields {
  status?: string[];
  freshness?: string[];
  problem?: ProblemFilter[];
  completedSince?: string;
  type?: string[];
  tenant?: string;
}

/** The filters that narrow the list (non-empty), in parameter order; the sort left out. */
export function narrowingFields(filters: OpsListFilters): NarrowingFields {
  const out: Record<string, unknown> = {};
  for (const field of FIELDS) {
    if (field !== 'sort' && filters[field]?.length) out[field] = filters[field];
  }
  return out as NarrowingFields;
}

/** The `ListRunsQuery` filter fields for these filters. */
export function toQueryFields(
  filters: OpsListFilters,
): NarrowingFields & { sort: '-created_at' | 'attention' } {
  return {
    ...narrowingFields(filters),
    sort: filters.sort === 'attention' ? 'attention' : '-created_at',
  };
}
