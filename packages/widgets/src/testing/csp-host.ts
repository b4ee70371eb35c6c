/**
 * Host script of the strict-CSP page (`/csp/host.html`, served by web-test-runner's middleware
 * with `default-src 'self'; script-src 'self'; style-src 'self'`): a host page that embeds the
 * BUILT standalone bundle with a script tag, as a server-rendered portal does. It records every
 * `securitypolicyviolation`, answers the contract from fixture runs through the client's `fetch`
 * option (no service worker), and renders all five elements. `csp.test.ts` reads `runsightCsp`.
 */
import {
  FIXTURE_NOW_MS,
  FIXTURE_TENANT,
  FIXTURE_WORKSPACE,
  freshRunning,
  manyRuns,
  runDetail,
} from '@runsight/api-client/fixtures/runs';
import type { WireRun } from '@runsight/api-client/fixtures';

interface Bundle {
  createClient(options: {
    fetch: typeof fetch;
    timeSource: { now(): number };
    clockSync: boolean;
  }): unknown;
  setDefaultClient(client: unknown): void;
  defineElements(...tags: string[]): Promise<void>;
}

export interface CspPageState {
  /** Each violation: the directive, what was blocked and where (`tag.class` of the target). */
  violations: { directive: string; blockedURI: string; sample: string; target: string }[];
  ready: Promise<void>;
}

const violations: CspPageState['violations'] = [];
const describe = (node: EventTarget | undefined): string =>
  node instanceof Element ? `${node.localName}.${[...node.classList].join('.')}` : String(node);
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push({
    directive: event.effectiveDirective,
    blockedURI: event.blockedURI,
    sample: event.sample,
    target: describe(event.composedPath()[0]),
  });
});

const DETAIL_RUN = freshRunning({
  id: 'run_csp_detail',
  progress: { total: 200, processed: 120, succeeded: 118, failed: 2 },
});
const RUNS: WireRun[] = [DETAIL_RUN, ...manyRuns(120, 7)];

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });

/** The contract's two read endpoints over RUNS (workspace, tenant and status filters). */
const fixtureFetch: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input), location.href);
  const serverTime = new Date(FIXTURE_NOW_MS).toISOString();
  const id = /\/operation-runs\/([^/]+)$/.exec(url.pathname)?.[1];
  if (id !== undefined) {
    const run = RUNS.find((r) => r.id === decodeURIComponent(id));
    if (!run) return new Response('{"error":{"code":"not_found","message":"x"}}', { status: 404 });
    return json({ data: runDetail(run), meta: { server_time: serverTime } });
  }
  const tenant = url.searchParams.get('tenant');
  const status = url.searchParams.get('status')?.split(',');
  const active = status?.includes('active') || status?.includes('running');
  const limit = Number(url.searchParams.get('limit') ?? 50);
  const rows = RUNS.filter(
    (r) =>
      r.workspace_id === url.searchParams.get('workspace') &&
      (!tenant || r.tenant_id === tenant) &&
      (!active || r.status !== 'completed'),
  );
  return json({ data: rows.slice(0, limit), meta: { next_cursor: null, server_time: serverTime } });
};

async function start(): Promise<void> {
  const bundleUrl = '/packages/widgets/dist/runsight.js';
  const bundle = (await import(/* @vite-ignore */ bundleUrl)) as Bundle;
  bundle.setDefaultClient(
    bundle.createClient({
      fetch: fixtureFetch,
      timeSource: { now: () => FIXTURE_NOW_MS },
      clockSync: false,
    }),
  );
  const page = document.createElement('main');
  const add = (tag: string, attributes: Record<string, string>) => {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    el.setAttribute('poll-interval', '0');
    page.append(el);
  };
  const ws = FIXTURE_WORKSPACE;
  add('tenant-activity', { workspace: ws, tenant: FIXTURE_TENANT.id });
  add('active-run-progress', { workspace: ws, tenant: FIXTURE_TENANT.id, 'max-visible': '5' });
  add('workspace-recent-ops', { workspace: ws });
  add('ops-list', { workspace: ws, 'page-size': '200' });
  add('run-detail', { workspace: ws, 'run-id': DETAIL_RUN.id });
  document.body.append(page);
  await bundle.defineElements();
}

(window as unknown as { runsightCsp: CspPageState }).runsightCsp = { violations, ready: start() };
