/**
 * The command line: `runsight-conformance --base-url URL --token T --workspace WS …`. Exit 0
 * when no check failed, 1 when one did, 2 for a usage error or an unreachable backend.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { LifecyclePolicies } from '@runsight/active-state';
import type { CheckId } from './checks/common.js';
import type { FetchLike } from './http.js';
import { formatJson, formatJUnit, formatText } from './report.js';
import { CHECK_IDS, DEFAULTS, runConformance, type Report, type RunOptions } from './runner.js';

export const HELP = `runsight-conformance — check a backend against the Runsight HTTP contract

Usage:
  runsight-conformance --base-url URL --token TOKEN --workspace WS [options]

Reads (never writes) the backend at URL (the base the widgets are given, e.g.
https://portal.example.com/api) and reports, check by check, whether it honours the
contract (the OpenAPI document @runsight/api-client/openapi.json).

Required:
  --base-url URL              the API base URL
  --workspace WS              a workspace the token may see (ideally with runs in every state)

Credentials:
  --token TOKEN               sent as Authorization: Bearer TOKEN
  --header "Name: value"      another header for every request (repeatable; e.g. a cookie)
  --tenant T                  check within one tenant (every list and summary names it)
  --restricted-token T2       a token that may see only --restricted-tenant of the workspace
  --restricted-tenant T       the one tenant T2 may see

Limits (safe against production: read-only, bounded):
  --max-requests N            request budget (default ${DEFAULTS.maxRequests})
  --time-limit S              time budget in seconds (default ${DEFAULTS.timeLimitMs / 1000})
  --request-timeout S         per request (default ${DEFAULTS.requestTimeoutMs / 1000})
  --probe-rate-limit N        send a burst of up to N requests to provoke a 429 (default 0: off)

Judging:
  --tolerance-ms MS           slack for time-dependent answers (default ${DEFAULTS.toleranceMs})
  --policies FILE             the backend's lifecycle policies (JSON, active-state's
                              LifecyclePolicies) when its runs carry no deadlines
  --only ID[,ID…]             run only these checks (and what they need)
  --skip ID[,ID…]             leave these checks out

Output:
  --junit FILE                write JUnit XML (one test case per check)
  --json FILE                 write the report as JSON
  --no-color                  plain text
  -h, --help                  this text

Checks: ${CHECK_IDS.join(', ')}

Exit status: 0 every check passed or was skipped, 1 a check failed, 2 usage error or the
backend could not be reached.
`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** For tests: a fetch to use instead of the global one, and a shorter retry wait. */
  fetch?: FetchLike;
  fallbackWaitMs?: number;
  color?: boolean;
}

function ids(value: string | undefined, flag: string): CheckId[] | undefined {
  if (value === undefined) return undefined;
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = list.filter((id) => !(CHECK_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) throw new Error(`${flag}: unknown check ${unknown.join(', ')}`);
  return list as CheckId[];
}

function positive(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} must be a non-negative number`);
  return n;
}

/** Options from argv; throws a readable Error for a usage error. */
export function parseCli(argv: string[]): {
  options: RunOptions;
  junit?: string;
  json?: string;
  help: boolean;
  color: boolean;
} {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      'base-url': { type: 'string' },
      token: { type: 'string' },
      workspace: { type: 'string' },
      tenant: { type: 'string' },
      header: { type: 'string', multiple: true },
      'restricted-token': { type: 'string' },
      'restricted-tenant': { type: 'string' },
      'max-requests': { type: 'string' },
      'time-limit': { type: 'string' },
      'request-timeout': { type: 'string' },
      'probe-rate-limit': { type: 'string' },
      'tolerance-ms': { type: 'string' },
      policies: { type: 'string' },
      only: { type: 'string' },
      skip: { type: 'string' },
      junit: { type: 'string' },
      json: { type: 'string' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const help = values.help === true;
  const baseUrl = values['base-url'];
  const workspace = values.workspace;
  if (!help && (baseUrl === undefined || !/^https?:\/\//.test(baseUrl))) {
    throw new Error('--base-url http(s)://… is required');
  }
  if (!help && (workspace === undefined || workspace === ''))
    throw new Error('--workspace is required');
  if ((values['restricted-token'] === undefined) !== (values['restricted-tenant'] === undefined)) {
    throw new Error('--restricted-token and --restricted-tenant go together');
  }
  const headers: Record<string, string> = {};
  for (const h of values.header ?? []) {
    const at = h.indexOf(':');
    if (at < 1) throw new Error(`--header "${h}": expected "Name: value"`);
    headers[h.slice(0, at).trim()] = h.slice(at + 1).trim();
  }
  let policies: LifecyclePolicies | undefined;
  if (values.policies !== undefined) {
    try {
      policies = JSON.parse(readFileSync(values.policies, 'utf8')) as LifecyclePolicies;
    } catch (err) {
      throw new Error(`--policies ${values.policies}: ${(err as Error).message}`);
    }
  }
  const seconds = (v: string | undefined, flag: string) => {
    const n = positive(v, flag);
    return n === undefined ? undefined : n * 1000;
  };
  const options: RunOptions = {
    baseUrl: baseUrl ?? '',
    workspace: workspace ?? '',
    tenant: values.tenant ?? null,
    token: values.token ?? null,
    headers,
    restrictedToken: values['restricted-token'] ?? null,
    restrictedTenant: values['restricted-tenant'] ?? null,
    maxRequests: positive(values['max-requests'], '--max-requests'),
    timeLimitMs: seconds(values['time-limit'], '--time-limit'),
    requestTimeoutMs: seconds(values['request-timeout'], '--request-timeout'),
    probeRateLimit: positive(values['probe-rate-limit'], '--probe-rate-limit'),
    toleranceMs: positive(values['tolerance-ms'], '--tolerance-ms'),
    policies,
    only: ids(values.only, '--only'),
    skip: ids(values.skip, '--skip'),
  };
  return {
    options,
    junit: values.junit,
    json: values.json,
    help,
    color: values['no-color'] !== true,
  };
}

/** Runs the command line; resolves to the exit status. */
export async function cli(
  argv: string[],
  io: CliIo,
): Promise<{ status: number; report: Report | null }> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (err) {
    io.stderr(`runsight-conformance: ${(err as Error).message}\n(--help lists the options)\n`);
    return { status: 2, report: null };
  }
  if (parsed.help) {
    io.stdout(HELP);
    return { status: 0, report: null };
  }
  const report = await runConformance({
    ...parsed.options,
    fetch: io.fetch,
    fallbackWaitMs: io.fallbackWaitMs,
  });
  io.stdout(formatText(report, { color: parsed.color && io.color === true }));
  if (parsed.junit !== undefined) writeFileSync(parsed.junit, formatJUnit(report));
  if (parsed.json !== undefined) writeFileSync(parsed.json, formatJson(report));
  const status = report.fatal !== null ? 2 : report.totals.fail > 0 ? 1 : 0;
  return { status, report };
}
