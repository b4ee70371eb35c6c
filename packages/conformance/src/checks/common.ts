/**
 * What every check shares: its context (the clients, the contract, the options), the recorder
 * of its findings, and the list helpers (one page, a cursor walk).
 */
import type { LifecyclePolicies, OperationRun } from '@runsight/active-state';
import { parseRuns } from '@runsight/api-client';
import type { Contract } from '../contract.js';
import { describeExchange, type Budget, type Exchange, type Http, type Query } from '../http.js';

export type CheckId =
  | 'envelopes'
  | 'errors'
  | 'parameters'
  | 'limit'
  | 'pagination'
  | 'scope'
  | 'truth.freshness'
  | 'truth.attention'
  | 'truth.summary'
  | 'caching'
  | 'time'
  | 'cors'
  | 'rate-limit';

export interface Finding {
  message: string;
  /** The request and its answer (`GET /operation-runs?… → 500 {…}`). */
  request?: string;
  expected?: string;
}

export class SkipSignal extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SkipSignal';
  }
}

/** Collects what one check found. */
export class Recorder {
  readonly findings: Finding[] = [];
  readonly notes: string[] = [];

  fail(message: string, exchange?: Exchange, expected?: string): void {
    const f: Finding = { message };
    if (exchange !== undefined) f.request = describeExchange(exchange);
    if (expected !== undefined) f.expected = expected;
    this.findings.push(f);
  }

  note(message: string): void {
    this.notes.push(message);
  }

  /** Ends the check as skipped (unless it already failed). */
  skip(reason: string): never {
    throw new SkipSignal(reason);
  }
}

export interface Page {
  exchange: Exchange;
  /** `data` as sent. */
  rows: unknown[];
  /** The rows that read as runs (the client's schema). */
  runs: OperationRun[];
  nextCursor: string | null;
  /** `meta.server_time` in epoch ms (NaN when missing). */
  serverTime: number;
}

export interface Sample {
  /** The first page, newest first (`limit=200`). */
  first: Page | null;
  /** The first page in attention order (`limit=200`). */
  attention: Page | null;
  summary: Exchange | null;
}

export interface CheckOptions {
  workspace: string;
  tenant: string | null;
  restrictedTenant: string | null;
  /** Slack for judging time-dependent answers (ms). */
  toleranceMs: number;
  policies: LifecyclePolicies | undefined;
  /** Burst size of the optional rate-limit probe (0: no probe). */
  probeRateLimit: number;
}

export interface CheckContext {
  options: CheckOptions;
  contract: Contract;
  main: Http;
  /** Same backend, no credentials. */
  anonymous: Http;
  /** Same backend, a token no backend issues. */
  invalid: Http | null;
  restricted: Http | null;
  budget: Budget;
  /** Every exchange so far. */
  log: readonly Exchange[];
  /** Every 429/503 so far. */
  throttled: readonly Exchange[];
  sample: Sample;
}

export const LIST = '/operation-runs';
export const SUMMARY = '/operation-runs/summary';
export const runPath = (id: string) => `/operation-runs/${encodeURIComponent(id)}`;

/** `workspace` (and `tenant` when the run is limited to one) first, then `extra`. */
export function scoped(ctx: CheckContext, extra: Query = []): Query {
  const q: [string, string][] = [['workspace', ctx.options.workspace]];
  if (ctx.options.tenant !== null) q.push(['tenant', ctx.options.tenant]);
  return [...q, ...extra];
}

/** A JSON object (not null, not an array). */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A 200 list answer read as a page; null when its envelope is not one. */
export function readPage(ex: Exchange): Page | null {
  const body = ex.json;
  if (ex.status !== 200 || !isObject(body) || !Array.isArray(body.data) || !isObject(body.meta)) {
    return null;
  }
  const cursor = body.meta.next_cursor;
  const time = body.meta.server_time;
  return {
    exchange: ex,
    rows: body.data,
    runs: parseRuns(body.data).runs,
    nextCursor: typeof cursor === 'string' && cursor !== '' ? cursor : null,
    serverTime: typeof time === 'string' ? Date.parse(time) : NaN,
  };
}

/** The ids of a page's rows (rows without a string id are left out). */
export const idsOf = (page: Page): string[] =>
  page.rows.flatMap((r) => (isObject(r) && typeof r.id === 'string' ? [r.id] : []));

/** One list page; a non-200 or a broken envelope is a finding and ends the check. */
export async function listPage(
  http: Http,
  query: Query,
  rec: Recorder,
  what = 'a list page',
): Promise<Page> {
  const ex = await http.get(LIST, query);
  const page = readPage(ex);
  if (page === null) {
    rec.fail(`${what} was not a 200 list answer`, ex, '200 with {data: [...], meta: {...}}');
    throw new SkipSignal('cannot go on without that page');
  }
  return page;
}

export interface Walk {
  pages: Page[];
  /** The walk reached a page without `next_cursor`. */
  ended: boolean;
}

/**
 * Follows `next_cursor` from the first page of `query` (which holds its own `limit`) for at most
 * `maxPages` pages. A cursor that repeats the previous one is a finding (the walk stops).
 */
export async function walk(
  http: Http,
  query: Query,
  maxPages: number,
  rec: Recorder,
  what: string,
): Promise<Walk> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const q: Query = cursor === null ? query : [...query, ['cursor', cursor]];
    const page = await listPage(http, q, rec, `page ${i + 1} of ${what}`);
    pages.push(page);
    if (page.nextCursor === null) return { pages, ended: true };
    if (page.nextCursor === cursor) {
      rec.fail(`${what}: page ${i + 1} gave back the cursor it was asked with`, page.exchange);
      return { pages, ended: false };
    }
    cursor = page.nextCursor;
  }
  return { pages, ended: false };
}

/** Group members by a key, for reports ("3 of 40 runs …: run_a, run_b, …"). */
export function listSome(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} … (${items.length} in all)` : shown;
}

/** A check's body: it reads through `ctx` and records into `rec`. */
export type CheckFn = (ctx: CheckContext, rec: Recorder) => Promise<void>;

export interface CheckDef {
  id: CheckId;
  title: string;
  /** Checks whose failure makes this one meaningless (it is then skipped). */
  needs: CheckId[];
  run: CheckFn;
}
