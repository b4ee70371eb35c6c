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
export function normalizeStatus(values: readonly string[]): string[] {
  const set = new Set<string>();
  for (const v0 of values) {
    const v = v0.toLowerCase();
    if (v === 'finished') set.add('completed');
    else if ((STATUS_VALUES as readonly string[]).includes(v)) set.add(v);
  }
  if (set.has('active')) {
    set.delete('queued');
    set.delete('running');
  }
  if (set.has('queued') && set.has('running')) {
    set.delete('queued');
    set.delete('running');
    set.add('active');
  }
  if (set.has('active') && set.has('completed')) return [];
  return STATUS_VALUES.filter((v) => set.has(v));
}

export function normalizeFreshness(values: readonly string[]): string[] {
  const set = new Set(values.map((v) => v.toLowerCase()));
  const out = FRESHNESS_VALUES.filter((v) => set.has(v));
  return out.length === FRESHNESS_VALUES.length ? [] : out;
}

/** Known problem sets, canonical order; `needs_attention` alone when present (it holds the others). */
export function normalizeProblem(values: readonly string[]): ProblemFilter[] {
  const set = new Set(values.map((v) => v.toLowerCase()));
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
  return {
    status: normalizeStatus(splitList(attrs.status)),
    freshness: normalizeFreshness(splitList(attrs.freshness)),
    problem: normalizeProblem(splitList(attrs.problem)),
    completedSince: parseInstant(attrs.completedSince),
    type: splitList(attrs.type),
    tenant: attrs.tenant ? attrs.tenant : null,
    sort: parseSort(attrs.sort),
  };
}

function listParam<T extends string>(
  params: URLSearchParams,
  name: string,
  fallback: T[],
  normalize: (v: string[]) => T[],
): T[] {
  const values = params.getAll(name);
  if (values.length === 0) return fallback;
  const list = splitList(values);
  if (list.some((v) => ALL.has(v.toLowerCase()))) return [];
  const norm = normalize(list);
  // A parameter with nothing usable in it is ignored rather than widening the filter.
  return norm.length === 0 && list.length > 0 ? fallback : norm;
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
  const tenantParam = params.get('tenant');
  const since = params.get('completed_since');
  return {
    status: listParam(params, 'status', defaults.status, normalizeStatus),
    freshness: listParam(params, 'freshness', defaults.freshness, normalizeFreshness),
    problem: listParam(params, 'problem', defaults.problem, normalizeProblem),
    // An instant that cannot be read is ignored rather than widening the filter. (A `+` offset
    // written unencoded reads as a space.)
    completedSince:
      since === null
        ? defaults.completedSince
        : ALL.has(since.toLowerCase())
          ? null
          : (parseInstant(since.replace(' ', '+')) ?? defaults.completedSince),
    type: listParam(params, 'type', defaults.type, (v) => v),
    tenant:
      fixedTenant ??
      (tenantParam === null
        ? defaults.tenant
        : tenantParam && !ALL.has(tenantParam.toLowerCase())
          ? tenantParam
          : null),
    sort: params.has('sort') ? parseSort(params.get('sort')) : defaults.sort,
  };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

export function sameFilters(a: OpsListFilters, b: OpsListFilters): boolean {
  return (
    sameList(a.status, b.status) &&
    sameList(a.freshness, b.freshness) &&
    sameList(a.problem, b.problem) &&
    a.completedSince === b.completedSince &&
    sameList(a.type, b.type) &&
    a.tenant === b.tenant &&
    a.sort === b.sort
  );
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
  const setList = (name: string, value: string[], def: string[]): void => {
    if (sameList(value, def)) out.delete(name);
    else out.set(name, value.length ? value.join(',') : 'all');
  };
  setList('status', filters.status, defaults.status);
  setList('freshness', filters.freshness, defaults.freshness);
  setList('problem', filters.problem, defaults.problem);
  if (filters.completedSince === defaults.completedSince) out.delete('completed_since');
  else out.set('completed_since', filters.completedSince ?? 'all');
  setList('type', filters.type, defaults.type);
  if (!fixedTenant) {
    if (filters.tenant === defaults.tenant) out.delete('tenant');
    else out.set('tenant', filters.tenant ?? 'all');
  }
  if (filters.sort === defaults.sort) out.delete('sort');
  else out.set('sort', filters.sort);
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

/** The route whose query holds the filters: the hash path in a hash-routed host, else the pathname. */
export function routeOf(loc: LocationLike): string {
  if (isHashRouted(loc)) {
    const q = loc.hash.indexOf('?');
    return `#${(q >= 0 ? loc.hash.slice(0, q) : loc.hash).slice(1)}`;
  }
  return loc.pathname;
}

/** The query parameters the filters are read from. */
export function readLocationParams(loc: LocationLike): URLSearchParams {
  if (isHashRouted(loc)) {
    const q = loc.hash.indexOf('?');
    return new URLSearchParams(q >= 0 ? loc.hash.slice(q + 1) : '');
  }
  return new URLSearchParams(loc.search);
}

/** The same-document URL (path + search + hash) with `params` as the filter query. */
export function buildLocationUrl(loc: LocationLike, params: URLSearchParams): string {
  const query = params.toString();
  if (isHashRouted(loc)) {
    const q = loc.hash.indexOf('?');
    const route = q >= 0 ? loc.hash.slice(0, q) : loc.hash;
    return `${loc.pathname}${loc.search}${route}${query ? `?${query}` : ''}`;
  }
  return `${loc.pathname}${query ? `?${query}` : ''}${loc.hash}`;
}

/** The `ListRunsQuery` filter fields for these filters. */
export function toQueryFields(filters: OpsListFilters): {
  status?: string[];
  freshness?: string[];
  problem?: ProblemFilter[];
  completedSince?: string;
  type?: string[];
  tenant?: string;
  sort: '-created_at' | 'attention';
} {
  return {
    ...(filters.status.length ? { status: filters.status } : {}),
    ...(filters.freshness.length ? { freshness: filters.freshness } : {}),
    ...(filters.problem.length ? { problem: filters.problem } : {}),
    ...(filters.completedSince ? { completedSince: filters.completedSince } : {}),
    ...(filters.type.length ? { type: filters.type } : {}),
    ...(filters.tenant ? { tenant: filters.tenant } : {}),
    sort: filters.sort === 'attention' ? 'attention' : '-created_at',
  };
}
