/**
 * `parameters`: every parameter the document states, driven by the document itself — each
 * allowed value answered 200; malformed, unknown and out-of-range values (prototype names,
 * empty items, impossible or out-of-range instants, a garbage cursor) answered 400 naming the
 * parameter; never a 5xx. `limit`: its bounds and that pages honour it.
 */
import type { OperationId, ParameterSpec } from '../contract.js';
import type { Exchange, Query } from '../http.js';
import {
  LIST,
  listPage,
  runPath,
  isObject,
  scoped,
  SUMMARY,
  type CheckContext,
  type CheckDef,
  type Recorder,
} from './common.js';

/** Values no backend may accept for an enum parameter. */
const BAD_ENUM = ['runsight-conformance-bogus', '__proto__', 'constructor', ''];
const BAD_INSTANTS = [
  'yesterday',
  '2026-13-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '10000-01-01T00:00:00Z',
];
const BAD_CURSORS = ['runsight-conformance-not-a-cursor', '%%%'];

/** 400 naming `name`, else a finding. Any 5xx is a finding of its own. */
export function expectBadParameter(rec: Recorder, ex: Exchange, name: string): void {
  const parameter =
    isObject(ex.json) && isObject(ex.json.error) ? ex.json.error.parameter : undefined;
  if (ex.status >= 500) {
    rec.fail(`a bad \`${name}\` got a ${ex.status}: bad input must never be a 5xx`, ex, '400');
  } else if (ex.status !== 400) {
    rec.fail(`a bad \`${name}\` was answered ${ex.status}`, ex, `400 naming "${name}"`);
  } else if (parameter !== name) {
    rec.fail(
      `the 400 names ${parameter === undefined ? 'no parameter' : `"${String(parameter)}"`}`,
      ex,
      `error.parameter "${name}"`,
    );
  }
}

function expectOk(rec: Recorder, ex: Exchange, what: string): void {
  if (ex.status !== 200) rec.fail(`${what} was answered ${ex.status}`, ex, '200');
}

/** Strings read from the first page's rows (`type`, `tenant_id`, `id`), whatever their schema. */
function seen(ctx: CheckContext, field: string): string[] {
  const first = ctx.log.find((ex) => ex.target.startsWith(`${LIST}?`) && ex.status === 200);
  const data = first !== undefined && isObject(first.json) ? first.json.data : undefined;
  const out = new Set<string>();
  for (const row of Array.isArray(data) ? data : []) {
    const value = isObject(row) ? row[field] : undefined;
    if (typeof value === 'string' && value !== '') out.add(value);
  }
  return [...out];
}

const dayAgo = () => new Date(Date.now() - 86_400_000).toISOString();

/** Valid and invalid values of one documented parameter. */
function cases(spec: ParameterSpec, ctx: CheckContext): { good: string[]; bad: string[] } | null {
  if (spec.in !== 'query' || spec.name === 'workspace') return null;
  if (spec.name === 'limit') return { good: [], bad: ['abc', '1.5', '-1'] };
  if (spec.name === 'cursor') return { good: [], bad: BAD_CURSORS };
  if (spec.name === 'tenant') {
    if (ctx.options.tenant !== null) return null; // every request already names it
    return { good: seen(ctx, 'tenant_id').slice(0, 1), bad: [] };
  }
  if (spec.name === 'type') {
    return {
      good: [...seen(ctx, 'type').slice(0, 2), 'runsight.conformance-unknown-type'],
      bad: [],
    };
  }
  if (spec.values !== null) {
    const good = spec.list ? [...spec.values, spec.values.join(',')] : [...spec.values];
    const bad = spec.list
      ? [...BAD_ENUM, `${spec.values[0]},runsight-conformance-bogus`]
      : BAD_ENUM;
    return { good, bad };
  }
  if (spec.format === 'date-time') {
    return { good: [dayAgo(), '2026-01-01T00:00:00+02:00'], bad: BAD_INSTANTS };
  }
  return null;
}

async function operationCases(
  ctx: CheckContext,
  rec: Recorder,
  operation: OperationId,
  path: string,
): Promise<void> {
  const base =
    operation === 'getOperationRun' ? [['workspace', ctx.options.workspace] as const] : scoped(ctx);
  for (const spec of ctx.contract.parameters(operation)) {
    const c = cases(spec, ctx);
    if (c === null) continue;
    for (const value of c.good) {
      const q: Query = [...base, [spec.name, value]];
      expectOk(rec, await ctx.main.get(path, q), `\`${spec.name}=${value}\``);
    }
    for (const value of c.bad) {
      expectBadParameter(rec, await ctx.main.get(path, [...base, [spec.name, value]]), spec.name);
    }
  }
  // the required workspace, missing
  const tenant: Query = ctx.options.tenant === null ? [] : [['tenant', ctx.options.tenant]];
  expectBadParameter(
    rec,
    await ctx.main.get(path, operation === 'getOperationRun' ? [] : tenant),
    'workspace',
  );
}

export const parameters: CheckDef = {
  id: 'parameters',
  title:
    'Parameters: allowed values accepted; malformed, unknown or out-of-range ones a 400 naming the parameter, never a 5xx',
  needs: [],
  async run(ctx, rec) {
    await operationCases(ctx, rec, 'listOperationRuns', LIST);
    await operationCases(ctx, rec, 'getOperationRunsSummary', SUMMARY);
    const id = seen(ctx, 'id')[0];
    if (id === undefined) rec.note('no run listed: the detail parameters are not checked');
    else await operationCases(ctx, rec, 'getOperationRun', runPath(id));
  },
};

export const limit: CheckDef = {
  id: 'limit',
  title: '`limit`: its bounds are enforced, pages honour it, and its default applies',
  needs: ['envelopes'],
  async run(ctx, rec) {
    const spec = ctx.contract.parameters('listOperationRuns').find((p) => p.name === 'limit');
    const min = spec?.minimum ?? 1;
    const max = spec?.maximum ?? 200;
    const dflt = typeof spec?.default === 'number' ? spec.default : 50;
    for (const value of [min - 1, max + 1]) {
      expectBadParameter(
        rec,
        await ctx.main.get(LIST, scoped(ctx, [['limit', String(value)]])),
        'limit',
      );
    }
    // How many runs there are, as far as one page of `max` tells.
    const first = ctx.sample.first;
    if (first === null) return rec.skip('no first page');
    const total = first.nextCursor === null ? first.rows.length : Infinity;
    if (first.rows.length > max) {
      rec.fail(`a page of limit=${max} has ${first.rows.length} rows`, first.exchange);
    }
    for (const [value, label] of [
      [min, `limit=${min}`],
      [2, 'limit=2'],
      [null, `no limit (default ${dflt})`],
    ] as const) {
      const size = value ?? dflt;
      const page = await listPage(
        ctx.main,
        scoped(ctx, value === null ? [] : [['limit', String(value)]]),
        rec,
        label,
      );
      const want = Math.min(size, total);
      if (page.rows.length > size) {
        rec.fail(`${label} gave ${page.rows.length} rows`, page.exchange, `at most ${size}`);
      } else if (page.rows.length < want) {
        rec.note(
          `${label} gave ${page.rows.length} rows where ${want} were there (allowed, but unusual)`,
        );
      }
      if (total > page.rows.length && page.nextCursor === null) {
        rec.fail(`${label}: more runs are there but the page has no next_cursor`, page.exchange);
      }
    }
  },
};
