/**
 * Strict validation of the query parameters of api.md. Every malformed or out-of-range value is
 * a 400 whose `parameter` names it. Unknown parameters are ignored (a newer client may send
 * more). Values only ever reach SQL as bind parameters; the formats below are checked anyway so
 * that garbage is answered clearly.
 */
import { decodeCursor, type Cursor } from './cursor.js';
import { ApiError, badParameter } from './errors.js';

import { ID_RE } from './ids.js';
import { inInstantRange } from './instants.js';

export { ID_RE };

export type StatusFilter = 'queued' | 'running' | 'completed';
export type FreshnessFilter =
  'fresh' | 'past_expected' | 'likely_stale' | 'reconciled_failed' | 'terminal';
/**
 * `active_stale_attention` and `terminal_follow_up` are active-state's problem classes;
 * `needs_attention` is the set a "needs attention" list shows: likely stale, past expected, or
 * follow-up (active-state's attention groups 0–2).
 */
export type ProblemFilter = 'active_stale_attention' | 'terminal_follow_up' | 'needs_attention';
export type SortOrder = '-created_at' | 'attention';

export const STATUSES: readonly StatusFilter[] = ['queued', 'running', 'completed'];
export const FRESHNESS: readonly FreshnessFilter[] = [
  'fresh',
  'past_expected',
  'likely_stale',
  'reconciled_failed',
  'terminal',
];
export const PROBLEMS: readonly ProblemFilter[] = [
  'active_stale_attention',
  'terminal_follow_up',
  'needs_attention',
];
const SORTS: readonly SortOrder[] = ['-created_at', 'attention'];

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

export interface ListParams {
  workspace: string;
  tenant: string | null;
  /** null: no status filter. */
  statuses: Set<StatusFilter> | null;
  freshness: Set<FreshnessFilter> | null;
  /** null: no problem filter; else runs in any of these sets (a union, like every comma list). */
  problems: Set<ProblemFilter> | null;
  /** Finished runs completed (or reconciled) at or after it; active runs are not affected. */
  completedSince: Date | null;
  types: string[] | null;
  since: Date | null;
  sort: SortOrder;
  limit: number;
  cursor: Cursor | null;
}

export type RawQuery = Record<string, string[] | undefined>;

function single(q: RawQuery, name: string): string | null {
  const values = q[name];
  if (values === undefined || values.length === 0) return null;
  if (values.length > 1) throw badParameter(name, `Give \`${name}\` at most once.`);
  const value = values[0] as string;
  if (value.trim() === '') throw badParameter(name, `\`${name}\` must not be empty.`);
  return value;
}

/** A comma list (repeated parameters are joined); items trimmed; none may be empty. */
function list(q: RawQuery, name: string): string[] | null {
  const values = q[name];
  if (values === undefined || values.length === 0) return null;
  const items = values
    .join(',')
    .split(',')
    .map((v) => v.trim());
  if (items.some((v) => v === '')) {
    throw badParameter(name, `\`${name}\` must be a comma-separated list without empty items.`);
  }
  return [...new Set(items)];
}

function enumList<T extends string>(
  q: RawQuery,
  name: string,
  allowed: readonly T[],
  extra: Record<string, readonly T[]> = {},
): Set<T> | null {
  const items = list(q, name);
  if (items === null) return null;
  const out = new Set<T>();
  for (const item of items) {
    // own properties only: `constructor`, `__proto__`, `toString`… are unknown values, not
    // what every object inherits
    const expanded = Object.hasOwn(extra, item) ? extra[item] : undefined;
    if (expanded !== undefined) expanded.forEach((v) => out.add(v));
    else if ((allowed as readonly string[]).includes(item)) out.add(item as T);
    else {
      const options = [...allowed, ...Object.keys(extra)].join(', ');
      throw badParameter(
        name,
        `Unknown ${name} ${JSON.stringify(item.slice(0, 40))}; expected one of: ${options}.`,
      );
    }
  }
  return out;
}

export function parseId(q: RawQuery, name: string, required: boolean): string | null {
  const value = single(q, name);
  if (value === null) {
    if (required) {
      throw new ApiError(400, 'missing_parameter', `\`${name}\` is required.`, { parameter: name });
    }
    return null;
  }
  if (!ID_RE.test(value)) throw badParameter(name, `\`${name}\` is not a valid id.`);
  return value;
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+\- ]\d{2}(?::?\d{2})?))?$/;

/**
 * ISO-8601 date (`2026-11-29`, UTC midnight) or date-time with seconds optional and a zone
 * (`Z` or ±hh:mm). A `+` that arrived as a space (unencoded in a query string) is accepted.
 */
function parseIsoDateTime(value: string): Date | null {
  const m = ISO_RE.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (h !== undefined && zone === undefined) return null; // a local time is ambiguous
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  // setUTCFullYear: Date.UTC would read the years 0–99 as 1900–1999
  const base = new Date(0);
  base.setUTCFullYear(year, month, 0);
  if (day > base.getUTCDate()) return null;
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  base.setUTCFullYear(year, month - 1, day);
  base.setUTCHours(hour, minute, second, ms);
  let t = base.getTime();
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return null;
    t -= sign * (oh * 60 + om) * 60_000;
  }
  return inInstantRange(t) ? new Date(t) : null;
}

/** An optional instant parameter (`since`, `completed_since`): see {@link parseIsoDateTime}. */
export function parseInstant(q: RawQuery, name: string): Date | null {
  const raw = single(q, name);
  if (raw === null) return null;
  const at = parseIsoDateTime(raw);
  if (at === null) {
    throw badParameter(
      name,
      `\`${name}\` must be an ISO-8601 date or date-time with a time zone, from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z.`,
    );
  }
  return at;
}

export function parseListParams(q: RawQuery): ListParams {
  const workspace = parseId(q, 'workspace', true) as string;
  const tenant = parseId(q, 'tenant', false);

  const statuses = enumList(q, 'status', STATUSES, { active: ['queued', 'running'] });
  const freshness = enumList(q, 'freshness', FRESHNESS);

  const problems = enumList(q, 'problem', PROBLEMS);
  const completedSince = parseInstant(q, 'completed_since');

  const types = list(q, 'type');
  if (types !== null && types.some((t) => !ID_RE.test(t))) {
    throw badParameter('type', '`type` must be a comma-separated list of operation type keys.');
  }

  const since = parseInstant(q, 'since');

  const sortRaw = single(q, 'sort');
  let sort: SortOrder = '-created_at';
  if (sortRaw !== null) {
    if (!(SORTS as readonly string[]).includes(sortRaw)) {
      throw badParameter('sort', `Unknown sort; expected one of: ${SORTS.join(', ')}.`);
    }
    sort = sortRaw as SortOrder;
  }

  const limitRaw = single(q, 'limit');
  let limit = DEFAULT_LIMIT;
  if (limitRaw !== null) {
    if (!/^\d{1,6}$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > MAX_LIMIT) {
      throw badParameter('limit', `\`limit\` must be an integer from 1 to ${MAX_LIMIT}.`);
    }
    limit = Number(limitRaw);
  }

  const cursorRaw = single(q, 'cursor');
  const cursor = cursorRaw === null ? null : decodeCursor(cursorRaw, sort);

  return {
    workspace,
    tenant,
    statuses,
    freshness,
    problems,
    completedSince,
    types,
    since,
    sort,
    limit,
    cursor,
  };
}
