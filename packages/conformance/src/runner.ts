/**
 * Runs the checks in order within one request and time budget. A check whose prerequisite
 * failed or was skipped is skipped (its verdict would blame the wrong rule); a check that runs
 * out of budget, or that the backend keeps answering 429/503, is skipped with that reason
 * (unless it had already failed).
 */
import type { LifecyclePolicies } from '@runsight/active-state';
import { Contract } from './contract.js';
import {
  Budget,
  Http,
  NetworkError,
  Throttled,
  BudgetExhausted,
  type Exchange,
  type FetchLike,
} from './http.js';
import {
  Recorder,
  SkipSignal,
  type CheckContext,
  type CheckDef,
  type CheckId,
  type Finding,
} from './checks/common.js';
import { envelopes, errors } from './checks/envelopes.js';
import { limit, parameters } from './checks/parameters.js';
import { pagination } from './checks/pagination.js';
import { scope } from './checks/scope.js';
import { truthAttention, truthFreshness, truthSummary } from './checks/truth.js';
import { caching, cors, rateLimit, time } from './checks/http-rules.js';

/** Every check, in the order they run. */
export const CHECKS: readonly CheckDef[] = [
  envelopes,
  errors,
  parameters,
  limit,
  pagination,
  scope,
  truthFreshness,
  truthAttention,
  truthSummary,
  caching,
  time,
  cors,
  rateLimit,
];

export const CHECK_IDS: readonly CheckId[] = CHECKS.map((c) => c.id);

export interface RunOptions {
  baseUrl: string;
  workspace: string;
  tenant?: string | null;
  token?: string | null;
  /** More headers for every request (e.g. a cookie); credentials, never shown in a report. */
  headers?: Record<string, string>;
  restrictedToken?: string | null;
  restrictedTenant?: string | null;
  maxRequests?: number;
  timeLimitMs?: number;
  requestTimeoutMs?: number;
  toleranceMs?: number;
  policies?: LifecyclePolicies;
  probeRateLimit?: number;
  /** Run only these checks (their prerequisites run too). */
  only?: readonly CheckId[];
  skip?: readonly CheckId[];
  /** Another OpenAPI document (default: the one shipped with @runsight/api-client). */
  document?: Record<string, unknown>;
  fetch?: FetchLike;
  /** Wait before retrying a 429/503 without a usable Retry-After. Default 1000 ms. */
  fallbackWaitMs?: number;
  maxWaitMs?: number;
}

export type Outcome = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  id: CheckId;
  title: string;
  outcome: Outcome;
  /** Why it was skipped. */
  reason: string | null;
  findings: Finding[];
  notes: string[];
  requests: number;
  durationMs: number;
}

export interface Report {
  tool: 'runsight-conformance';
  contractVersion: string;
  baseUrl: string;
  workspace: string;
  tenant: string | null;
  startedAt: string;
  durationMs: number;
  requests: number;
  maxRequests: number;
  toleranceMs: number;
  checks: CheckResult[];
  totals: Record<Outcome, number>;
  /** Set when the backend could not be reached at all. */
  fatal: string | null;
}

export const DEFAULTS = {
  maxRequests: 400,
  timeLimitMs: 120_000,
  requestTimeoutMs: 15_000,
  toleranceMs: 2_000,
} as const;

const bearer = (token: string | null | undefined): Record<string, string> =>
  token ? { Authorization: `Bearer ${token}` } : {};

/** `only` plus everything it needs, in check order. */
function selected(only: readonly CheckId[] | undefined, skip: readonly CheckId[]): Set<CheckId> {
  const out = new Set<CheckId>();
  const add = (id: CheckId) => {
    if (out.has(id)) return;
    out.add(id);
    CHECKS.find((c) => c.id === id)?.needs.forEach(add);
  };
  (only ?? CHECK_IDS).forEach(add);
  for (const id of skip) out.delete(id);
  return out;
}

export async function runConformance(o: RunOptions): Promise<Report> {
  const started = Date.now();
  const budget = new Budget(
    o.maxRequests ?? DEFAULTS.maxRequests,
    o.timeLimitMs ?? DEFAULTS.timeLimitMs,
    started,
  );
  const log: Exchange[] = [];
  const throttled: Exchange[] = [];
  const http = (authHeaders: Record<string, string>) =>
    new Http({
      baseUrl: o.baseUrl,
      authHeaders,
      budget,
      log,
      throttled,
      fetch: o.fetch,
      requestTimeoutMs: o.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
      fallbackWaitMs: o.fallbackWaitMs,
      maxWaitMs: o.maxWaitMs,
    });
  const mainHeaders = { ...bearer(o.token), ...o.headers };
  const toleranceMs = o.toleranceMs ?? DEFAULTS.toleranceMs;
  const contract = new Contract(o.document);
  const ctx: CheckContext = {
    options: {
      workspace: o.workspace,
      tenant: o.tenant ?? null,
      restrictedTenant: o.restrictedTenant ?? null,
      toleranceMs,
      policies: o.policies,
      probeRateLimit: o.probeRateLimit ?? 0,
    },
    contract,
    main: http(mainHeaders),
    anonymous: http({}),
    invalid: o.token ? http(bearer('runsight-conformance-invalid-token')) : null,
    restricted: o.restrictedToken ? http({ ...o.headers, ...bearer(o.restrictedToken) }) : null,
    budget,
    log,
    throttled,
    sample: { first: null, attention: null, summary: null },
  };
  const chosen = selected(o.only, o.skip ?? []);
  const results: CheckResult[] = [];
  let fatal: string | null = null;
  for (const check of CHECKS) {
    const t0 = Date.now();
    const before = budget.used;
    const result: CheckResult = {
      id: check.id,
      title: check.title,
      outcome: 'pass',
      reason: null,
      findings: [],
      notes: [],
      requests: 0,
      durationMs: 0,
    };
    results.push(result);
    const blocked = check.needs.find((id) => results.find((r) => r.id === id)?.outcome !== 'pass');
    if (!chosen.has(check.id)) {
      result.outcome = 'skip';
      result.reason = 'not selected';
      continue;
    }
    if (fatal !== null) {
      result.outcome = 'skip';
      result.reason = 'the backend could not be reached';
      continue;
    }
    if (blocked !== undefined) {
      const r = results.find((x) => x.id === blocked);
      result.outcome = 'skip';
      result.reason = `needs \`${blocked}\`, which ${r?.outcome === 'fail' ? 'failed' : 'was skipped'}`;
      continue;
    }
    const rec = new Recorder();
    try {
      await check.run(ctx, rec);
    } catch (err) {
      if (err instanceof SkipSignal) result.reason = err.reason;
      else if (err instanceof BudgetExhausted)
        result.reason = `${err.message} (--max-requests, --time-limit)`;
      else if (err instanceof Throttled) {
        result.reason = `${err.message}; retry later or raise its limit for this client`;
      } else if (err instanceof NetworkError) {
        rec.fail(err.message);
        if (log.length === 0) fatal = err.message;
      } else {
        rec.fail(
          `the check broke: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      }
    }
    result.findings = rec.findings;
    result.notes = rec.notes;
    result.outcome = rec.findings.length > 0 ? 'fail' : result.reason !== null ? 'skip' : 'pass';
    result.requests = budget.used - before;
    result.durationMs = Date.now() - t0;
  }
  const totals: Record<Outcome, number> = { pass: 0, fail: 0, skip: 0 };
  for (const r of results) totals[r.outcome]++;
  return {
    tool: 'runsight-conformance',
    contractVersion: contract.version,
    baseUrl: o.baseUrl,
    workspace: o.workspace,
    tenant: o.tenant ?? null,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    requests: budget.used,
    maxRequests: budget.maxRequests,
    toleranceMs,
    checks: results,
    totals,
    fatal,
  };
}
