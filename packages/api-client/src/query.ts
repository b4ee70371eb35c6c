/** Query-string building and stable query keys for the list and summary endpoints (api.md). */
import type { ListRunsQuery, RunsSummaryQuery } from './types.js';

/** Percent-encoding for query values; `:` stays literal (valid in a query, readable timestamps). */
const enc = (value: string) => encodeURIComponent(value).replace(/%3A/gi, ':');

/** Trimmed, non-empty, first occurrence kept, order kept. */
function cleanList(values: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of values ?? []) {
    const value = String(raw).trim();
    if (value !== '' && !out.includes(value)) out.push(value);
  }
  return out;
}

function cleanString(value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function sinceString(since: Date | string | null | undefined): string | undefined {
  if (since instanceof Date) return Number.isNaN(since.getTime()) ? undefined : since.toISOString();
  return cleanString(since);
}

/**
 * For keys: one spelling per instant (`…T10:00:00Z` and `…T11:00:00+01:00` ask the same). Only
 * date-times with an offset are rewritten; anything else keys as written (the server judges it).
 */
function instantKey(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T[^Z+-]*(?:Z|[+-]\d{2}:?\d{2})$/i.test(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t).toISOString();
}

const percentEncoded = (params: [string, string][]) =>
  params.map(([name, value]) => `${name}=${value.split(',').map(enc).join(',')}`).join('&');

/**
 * The list query as ordered [name, value] pairs, empty parameters omitted. Comma lists keep the
 * caller's order (duplicates and blanks dropped); `active` passes through as the server's shorthand.
 */
export function listRunsParams(query: ListRunsQuery): [string, string][] {
  const params: [string, string][] = [];
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined) params.push([name, value]);
  };
  const addList = (name: string, values: readonly string[] | undefined) => {
    const list = cleanList(values);
    if (list.length > 0) params.push([name, list.join(',')]);
  };
  add('workspace', cleanString(query.workspace));
  add('tenant', cleanString(query.tenant));
  addList('status', query.status);
  addList('freshness', query.freshness);
  addList('problem', query.problem);
  add('completed_since', sinceString(query.completedSince));
  addList('type', query.type);
  add('since', sinceString(query.since));
  add('sort', cleanString(query.sort));
  if (query.limit !== undefined && query.limit !== null && Number.isFinite(query.limit)) {
    add('limit', String(Math.trunc(query.limit)));
  }
  add('cursor', cleanString(query.cursor));
  return params;
}

/**
 * `workspace=ws_1&status=queued,running&…`: values percent-encoded, list separators kept as
 * literal commas (so `status=queued,running` reads as in api.md).
 */
export function listRunsQueryString(query: ListRunsQuery): string {
  return percentEncoded(listRunsParams(query));
}

/**
 * A stable key for the shared store: two queries that ask the server the same thing get the same
 * key (list order, duplicates, blanks and absent-vs-empty do not matter; `active` equals
 * `queued,running`; the default sort equals no sort).
 */
export function listRunsKey(query: ListRunsQuery): string {
  // `sort=-created_at` is the contract's default: with or without it the server answers the
  // same, so `<ops-list>`'s first page (which always names its sort) shares the recent-runs
  // query of the compact elements.
  const params = listRunsParams(query).filter(([n, v]) => !(n === 'sort' && v === '-created_at'));
  const normalized = params.map(([name, value]) => {
    if (name === 'completed_since') return [name, instantKey(value)];
    if (name === 'status' || name === 'freshness' || name === 'problem' || name === 'type') {
      const items = value
        .split(',')
        .flatMap((v) => (name === 'status' && v === 'active' ? ['queued', 'running'] : [v]));
      return [name, [...new Set(items)].sort().join(',')];
    }
    return [name, value];
  });
  return JSON.stringify(normalized);
}

/** The list parameters a summary shares with its lists: workspace, tenant, completed_since. */
const summaryScope = ({ workspace, tenant, completedSince }: RunsSummaryQuery): ListRunsQuery => ({
  workspace,
  tenant,
  completedSince,
});

/** The summary query as ordered [name, value] pairs (workspace, tenant, completed_since). */
export const runsSummaryParams = (query: RunsSummaryQuery): [string, string][] =>
  listRunsParams(summaryScope(query));

/** `workspace=ws_1&tenant=t_1&completed_since=2026-11-28T12:00:00.000Z`. */
export const runsSummaryQueryString = (query: RunsSummaryQuery): string =>
  percentEncoded(runsSummaryParams(query));

/**
 * A stable key for the shared store: the same scope and window, the same key (blank and absent
 * values alike; one spelling per instant) — the key of the list with the same three parameters
 * (the client prefixes its store keys by endpoint).
 */
export const runsSummaryKey = (query: RunsSummaryQuery): string => listRunsKey(summaryScope(query));
