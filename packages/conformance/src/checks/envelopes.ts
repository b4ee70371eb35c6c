/**
 * `envelopes`: the list (both sorts), a few details and the summary against the document's
 * schemas — envelopes, field names and types; unknown fields are tolerated. Keeps the pages it
 * read for the checks that follow. `errors`: the error answers (401, 404) and their body.
 */
import type { OperationId } from '../contract.js';
import type { Exchange } from '../http.js';
import {
  LIST,
  readPage,
  runPath,
  isObject,
  scoped,
  SUMMARY,
  type CheckContext,
  type CheckDef,
  type Recorder,
} from './common.js';

/** Up to three camelCase keys of a body (`workspaceId`, …), the usual slip of a JSON serializer. */
function camelCaseKeys(value: unknown, found = new Set<string>()): string[] {
  if (found.size >= 3) return [...found];
  if (Array.isArray(value)) value.slice(0, 2).forEach((v) => camelCaseKeys(v, found));
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (/^[a-z]+[A-Z]/.test(k) && found.size < 3) found.add(k);
      camelCaseKeys(v, found);
    }
  }
  return [...found];
}

/** Checks one answer against the schema the document gives its operation and status. */
export function checkBody(
  ctx: CheckContext,
  rec: Recorder,
  operation: OperationId,
  ex: Exchange,
): boolean {
  const schema = ctx.contract.responseSchema(operation, ex.status);
  if (schema === null) {
    rec.fail(
      `status ${ex.status} is not an answer the document gives ${operation}`,
      ex,
      `one of ${ctx.contract.statuses(operation).join(', ')}`,
    );
    return false;
  }
  const type = ex.headers.get('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    rec.fail(`Content-Type is "${type}"`, ex, 'application/json');
    return false;
  }
  if (ex.json === undefined) {
    rec.fail('the body is not JSON', ex);
    return false;
  }
  const problems = ctx.contract.validate(schema, ex.json);
  if (problems.length > 0) {
    const camel = camelCaseKeys(ex.json);
    const hint =
      camel.length > 0
        ? ` (field names look camelCase: ${camel.join(', ')}; the contract is snake_case)`
        : '';
    rec.fail(`the body breaks the schema ${schema}: ${problems.join('; ')}${hint}`, ex);
    return false;
  }
  return true;
}

/** Up to three run ids worth a detail: an active run, a finished one, a reconciled one. */
function detailIds(rows: readonly unknown[]): string[] {
  const pick = (test: (r: Record<string, unknown>) => boolean) =>
    rows.find((r): r is Record<string, unknown> => isObject(r) && test(r));
  const found = [
    pick((r) => r.status === 'queued' || r.status === 'running'),
    pick((r) => r.status === 'completed' && r.reconciliation == null),
    pick((r) => r.status === 'completed' && r.reconciliation != null),
  ];
  return [
    ...new Set(found.flatMap((r) => (r !== undefined && typeof r.id === 'string' ? [r.id] : []))),
  ];
}

export const envelopes: CheckDef = {
  id: 'envelopes',
  title: 'Envelopes, field names and types match the OpenAPI schemas (unknown fields tolerated)',
  needs: [],
  async run(ctx, rec) {
    const first = await ctx.main.get(LIST, scoped(ctx, [['limit', '200']]));
    if (first.status !== 200) {
      rec.fail('the first list page was not a 200', first, '200');
      return rec.skip('no list page to check');
    }
    if (checkBody(ctx, rec, 'listOperationRuns', first)) ctx.sample.first = readPage(first);

    const attention = await ctx.main.get(
      LIST,
      scoped(ctx, [
        ['sort', 'attention'],
        ['limit', '200'],
      ]),
    );
    if (checkBody(ctx, rec, 'listOperationRuns', attention)) {
      ctx.sample.attention = readPage(attention);
    }

    const rows = [
      ...(isObject(first.json) && Array.isArray(first.json.data) ? first.json.data : []),
      ...(isObject(attention.json) && Array.isArray(attention.json.data)
        ? attention.json.data
        : []),
    ];
    if (rows.length === 0) rec.note('the workspace has no runs: most checks can say little');
    for (const id of detailIds(rows)) {
      const ex = await ctx.main.get(runPath(id), [['workspace', ctx.options.workspace]]);
      if (ex.status !== 200) {
        rec.fail(`the detail of listed run ${id} was not a 200`, ex, '200');
        continue;
      }
      if (!checkBody(ctx, rec, 'getOperationRun', ex)) continue;
      const data = isObject(ex.json) && isObject(ex.json.data) ? ex.json.data : {};
      if (data.id !== id) rec.fail(`the detail of ${id} is of run ${String(data.id)}`, ex);
    }

    const summary = await ctx.main.get(SUMMARY, scoped(ctx));
    if (summary.status !== 200) rec.fail('the summary was not a 200', summary, '200');
    else if (checkBody(ctx, rec, 'getOperationRunsSummary', summary)) ctx.sample.summary = summary;
  },
};

const MISSING = 'runsight-conformance-missing';

export const errors: CheckDef = {
  id: 'errors',
  title: 'Errors: 401 without valid credentials, 404 for what does not exist, the error body',
  needs: [],
  async run(ctx, rec) {
    const expect = (ex: Exchange, status: number, operation: OperationId, what: string) => {
      if (ex.status !== status) rec.fail(`${what}: answered ${ex.status}`, ex, String(status));
      else checkBody(ctx, rec, operation, ex);
    };
    const ws = ctx.options.workspace;
    if (ctx.main.hasCredentials) {
      const anon = await ctx.anonymous.get(LIST, [['workspace', ws]]);
      expect(anon, 401, 'listOperationRuns', 'a request without credentials');
    } else rec.note('no --token or --header given: the 401 answers are not checked');
    if (ctx.invalid !== null) {
      const bad = await ctx.invalid.get(LIST, [['workspace', ws]]);
      expect(bad, 401, 'listOperationRuns', 'a request with an invalid token');
    }
    const noWs = await ctx.main.get(LIST, [['workspace', `${MISSING}-workspace`]]);
    expect(noWs, 404, 'listOperationRuns', 'a list of a workspace that does not exist');
    const noTenant = await ctx.main.get(LIST, [
      ['workspace', ws],
      ['tenant', `${MISSING}-tenant`],
    ]);
    expect(noTenant, 404, 'listOperationRuns', 'a list of a tenant that does not exist');
    const noRun = await ctx.main.get(runPath(`${MISSING}-run`), [['workspace', ws]]);
    expect(noRun, 404, 'getOperationRun', 'a run that does not exist');
    const noSummary = await ctx.main.get(SUMMARY, [['workspace', `${MISSING}-workspace`]]);
    expect(
      noSummary,
      404,
      'getOperationRunsSummary',
      'a summary of a workspace that does not exist',
    );
  },
};
