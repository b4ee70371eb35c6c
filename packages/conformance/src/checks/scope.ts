/**
 * `scope`: every listed run lies in the scope asked for (the workspace; the tenant when one is
 * named or the token is limited to one), in every filter combination and page; with a
 * restricted token, another tenant is answered like a tenant that does not exist, a run outside
 * its scope exactly like a run that does not exist (status and body shape: never 403), and its
 * summary counts only what it may see.
 */
import type { Exchange, Http, Query } from '../http.js';
import {
  LIST,
  listSome,
  runPath,
  scoped,
  SUMMARY,
  walk,
  type CheckDef,
  type Recorder,
} from './common.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const MISSING = 'runsight-conformance-missing';

/** Filter combinations a restricted caller's lists are read with. */
const COMBOS: Query[] = [
  [],
  [['status', 'active']],
  [['status', 'completed']],
  [['freshness', 'fresh,past_expected,likely_stale']],
  [['freshness', 'reconciled_failed,terminal']],
  [['problem', 'needs_attention']],
  [['sort', 'attention']],
];

/** Walks up to `pages` pages of `query` and reports every row outside workspace/tenant. */
async function rowsInScope(
  http: Http,
  query: Query,
  scope: { workspace: string; tenant: string | null },
  rec: Recorder,
  what: string,
  pages = 2,
): Promise<void> {
  const w = await walk(http, [...query, ['limit', '100']], pages, rec, what);
  for (const page of w.pages) {
    const outside = page.rows.flatMap((row) => {
      if (!isObject(row)) return [];
      const wrongWs = row.workspace_id !== scope.workspace;
      const wrongTenant = scope.tenant !== null && row.tenant_id !== scope.tenant;
      return wrongWs || wrongTenant
        ? [
            `${String(row.id)} (workspace ${String(row.workspace_id)}, tenant ${String(row.tenant_id)})`,
          ]
        : [];
    });
    if (outside.length > 0) {
      rec.fail(
        `${what}: ${outside.length} run(s) outside the scope: ${listSome(outside, 3)}`,
        page.exchange,
        `only workspace ${scope.workspace}${scope.tenant === null ? '' : `, tenant ${scope.tenant}`}`,
      );
    }
  }
}

/** The shape of an error answer: status, Content-Type, error.code, its keys. */
function shape(ex: Exchange): string {
  const body = isObject(ex.json) && isObject(ex.json.error) ? ex.json.error : null;
  const type = (ex.headers.get('content-type') ?? '').split(';')[0];
  const keys = body === null ? 'no error object' : Object.keys(body).sort().join(',');
  return `${ex.status} ${type} code=${String(body?.code)} keys=${keys}`;
}

/** The error message with the ids asked for replaced: the rest must not differ. */
function message(ex: Exchange, ids: string[]): string {
  const body = isObject(ex.json) && isObject(ex.json.error) ? ex.json.error : null;
  let text = typeof body?.message === 'string' ? body.message : '';
  for (const id of ids) text = text.split(id).join('<id>');
  return text;
}

function sameAsMissing(
  rec: Recorder,
  hidden: Exchange,
  missing: Exchange,
  ids: string[],
  what: string,
): void {
  if (hidden.status === 403) {
    rec.fail(
      `${what} is answered 403: that says it exists`,
      hidden,
      `${missing.status} like an id that does not exist`,
    );
  } else if (shape(hidden) !== shape(missing)) {
    rec.fail(
      `${what} is answered differently from one that does not exist: ${shape(hidden)} vs ${shape(missing)}`,
      hidden,
      shape(missing),
    );
  } else if (message(hidden, ids) !== message(missing, ids)) {
    rec.fail(
      `${what}: the error message differs from that of one that does not exist`,
      hidden,
      message(missing, ids),
    );
  }
}

export const scope: CheckDef = {
  id: 'scope',
  title:
    "Scope: no run outside the caller's scope in any filter or page; outside the scope reads like nonexistent (404, never 403)",
  needs: ['envelopes'],
  async run(ctx, rec) {
    const ws = ctx.options.workspace;
    await rowsInScope(
      ctx.main,
      scoped(ctx),
      { workspace: ws, tenant: ctx.options.tenant },
      rec,
      'the list',
    );
    const rows = (ctx.sample.first?.rows ?? []).filter(isObject);
    const tenants = [...new Set(rows.map((r) => r.tenant_id).filter((t) => typeof t === 'string'))];
    const tenant = ctx.options.tenant ?? (tenants[0] as string | undefined) ?? null;
    if (ctx.options.tenant === null && tenant !== null) {
      await rowsInScope(
        ctx.main,
        [
          ['workspace', ws],
          ['tenant', tenant],
        ],
        { workspace: ws, tenant },
        rec,
        `tenant=${tenant}`,
      );
    }
    // A listed run asked for in a workspace that does not exist.
    const someId = rows.find((r) => typeof r.id === 'string')?.id as string | undefined;
    if (someId !== undefined) {
      const other = await ctx.main.get(runPath(someId), [['workspace', `${MISSING}-workspace`]]);
      const none = await ctx.main.get(runPath(`${MISSING}-run`), [
        ['workspace', `${MISSING}-workspace`],
      ]);
      sameAsMissing(
        rec,
        other,
        none,
        [someId, `${MISSING}-run`],
        `run ${someId} asked for in another workspace`,
      );
    }

    const restricted = ctx.restricted;
    const mine = ctx.options.restrictedTenant;
    if (restricted === null || mine === null) {
      rec.note('no --restricted-token/--restricted-tenant: a restricted caller is not checked');
      return;
    }
    const limited = { workspace: ws, tenant: mine };
    for (const combo of COMBOS) {
      const label = combo.map(([k, v]) => `${k}=${v}`).join('&') || 'no filter';
      await rowsInScope(
        restricted,
        [['workspace', ws], ...combo],
        limited,
        rec,
        `restricted, ${label}`,
      );
    }
    await rowsInScope(
      restricted,
      [
        ['workspace', ws],
        ['tenant', mine],
      ],
      limited,
      rec,
      `restricted, tenant=${mine}`,
    );

    // Another tenant by name: like a tenant that does not exist.
    const otherTenant = tenants.find((t) => t !== mine) as string | undefined;
    if (otherTenant !== undefined) {
      const hidden = await restricted.get(LIST, [
        ['workspace', ws],
        ['tenant', otherTenant],
      ]);
      const none = await restricted.get(LIST, [
        ['workspace', ws],
        ['tenant', `${MISSING}-tenant`],
      ]);
      sameAsMissing(
        rec,
        hidden,
        none,
        [otherTenant, `${MISSING}-tenant`],
        `tenant ${otherTenant} (not the restricted caller's)`,
      );
    }

    // A run of another tenant (or of none: a workspace-level run) by id.
    const outside = rows
      .filter((r) => typeof r.id === 'string' && r.tenant_id !== mine)
      .slice(0, 2);
    if (outside.length === 0) {
      rec.note(`no run outside tenant ${mine} was listed: the detail answer is not checked`);
    }
    const none = await restricted.get(runPath(`${MISSING}-run`), [['workspace', ws]]);
    for (const r of outside) {
      const id = r.id as string;
      const hidden = await restricted.get(runPath(id), [['workspace', ws]]);
      sameAsMissing(
        rec,
        hidden,
        none,
        [id, `${MISSING}-run`],
        `run ${id} of tenant ${String(r.tenant_id)}`,
      );
    }
    const own = rows.find((r) => r.tenant_id === mine && typeof r.id === 'string');
    if (own !== undefined) {
      const ex = await restricted.get(runPath(own.id as string), [['workspace', ws]]);
      if (ex.status !== 200)
        rec.fail(
          `the restricted caller cannot read its own tenant's run ${String(own.id)}`,
          ex,
          '200',
        );
    }

    // Its summary is the summary of its tenant (read twice when figures moved in between).
    for (let attempt = 0; attempt < 2; attempt++) {
      const a = await restricted.get(SUMMARY, [['workspace', ws]]);
      const b = await ctx.main.get(SUMMARY, [
        ['workspace', ws],
        ['tenant', mine],
      ]);
      const figures = (ex: Exchange) => JSON.stringify(isObject(ex.json) ? ex.json.data : null);
      if (a.status === 200 && b.status === 200 && figures(a) === figures(b)) return;
      if (attempt === 1) {
        rec.fail(
          `the restricted caller's workspace summary is not its tenant's summary: ${figures(a)} vs ${figures(b)}`,
          a,
          `the figures of ${describeSummary(b)}`,
        );
      }
    }
  },
};

const describeSummary = (ex: Exchange) => `${ex.method} ${ex.target}`;
