/**
 * End-to-end: PostgreSQL goes away under a running server, and comes back.
 *
 * A private PostgreSQL cluster (initdb into a temp directory, its own port, socket in /tmp; run
 * as the `postgres` OS user when the test runs as root) — never the shared test server CI starts
 * on 55432. The reference server runs as a child process (`src/main.ts`, `DATABASE_URL`, the
 * simulator on). PostgreSQL is stopped with `pg_ctl stop -m fast`: the API answers 503
 * `unavailable` with `Retry-After`, `/readyz` fails, `/healthz` (liveness) still answers 200 and
 * the process stays up. PostgreSQL starts again: everything answers 200 again by itself.
 *
 *   node --conditions=source --import tsx --test tests/e2e/database-outage.test.ts
 *
 * Needs PostgreSQL's server binaries in /usr/lib/postgresql/<version>/bin (Debian: `postgresql`;
 * CI installs it; `PG_BIN` to point elsewhere). Without them the test fails and says so.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Cluster } from './pg-cluster.js';
import { until } from './support.js';

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'packages/server/src/main.ts');

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { error?: { code?: string }; data?: unknown[]; ok?: boolean } | null;
}

async function get(url: string, token: string | null = 'demo-admin'): Promise<Answer> {
  const res = await fetch(url, {
    headers: token === null ? {} : { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let body: Answer['body'] = null;
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    body = null;
  }
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
}

describe('PostgreSQL outage under a running server', () => {
  let cluster: Cluster | null = null;
  let server: ChildProcess | null = null;
  let output = '';
  let base = '';

  before(async () => {
    cluster = await Cluster.create();
    server = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: cluster.url,
        PORT: '0',
        HISTORY: '200',
        SIMULATOR: 'on',
        TICK_MS: '200',
        TIME_SCALE: '100',
        RATE_LIMIT: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    server.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    base = await until(
      'the server to listen',
      async () => {
        assert.equal(server?.exitCode, null, `the server exited:\n${output}`);
        return /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? null;
      },
      { timeoutMs: 90_000, stepMs: 200 },
    );
  });

  after(async () => {
    if (server !== null && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server?.once('exit', r));
      server.kill('SIGKILL');
      await exited;
    }
    cluster?.destroy();
  });

  it('answers 503 unavailable with Retry-After and fails readiness while PostgreSQL is down, and recovers by itself', async (t) => {
    assert.ok(cluster !== null);
    const list = `${base}/api/operation-runs?workspace=ws_1&limit=5`;
    const ok = await get(list);
    assert.equal(ok.status, 200);
    const runId = (ok.body?.data?.[0] as { id: string } | undefined)?.id;
    assert.ok(runId, 'the seeded history is listed');
    const detail = `${base}/api/operation-runs/${runId}?workspace=ws_1`;
    assert.equal((await get(`${base}/readyz`, null)).status, 200);
    assert.equal((await get(`${base}/healthz`, null)).status, 200);

    cluster.stop('fast');
    const stoppedAt = Date.now();
    for (const url of [list, detail, `${base}/api/operation-runs?workspace=ws_1&sort=attention`]) {
      const res = await until(
        `503 from ${url}`,
        async () => {
          const r = await get(url);
          return r.status === 503 ? r : null;
        },
        { timeoutMs: 20_000, stepMs: 200 },
      );
      assert.equal(res.body?.error?.code, 'unavailable', url);
      assert.match(res.retryAfter ?? '', /^[1-9]\d*$/, `${url}: Retry-After`);
    }
    const notReady = await get(`${base}/readyz`, null);
    assert.equal(notReady.status, 503);
    assert.equal(notReady.body?.error?.code, 'unavailable');
    assert.match(notReady.retryAfter ?? '', /^[1-9]\d*$/);
    const live = await get(`${base}/healthz`, null);
    assert.equal(live.status, 200, 'liveness: the process runs');
    assert.equal(live.body?.ok, true);
    // a few seconds of outage with the simulator and reconciler ticking against it
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(server?.exitCode, null, `the server stays up:\n${output}`);
    assert.equal((await get(list)).status, 503);
    const outageMs = Date.now() - stoppedAt;

    cluster.start();
    const startedAt = Date.now();
    await until(
      '/readyz to answer 200 again',
      async () => ((await get(`${base}/readyz`, null)).status === 200 ? true : null),
      { timeoutMs: 30_000, stepMs: 200 },
    );
    await until(
      'the list to answer 200 again',
      async () => ((await get(list)).status === 200 ? true : null),
      { timeoutMs: 30_000, stepMs: 200 },
    );
    const recoveredMs = Date.now() - startedAt;
    const again = await get(detail);
    assert.equal(again.status, 200);
    // the simulator and reconciler resume by themselves: new runs appear (one a second or so)
    const restartedIso = new Date(startedAt).toISOString();
    await until(
      'a run created after PostgreSQL came back',
      async () => {
        const res = await get(`${base}/api/operation-runs?workspace=ws_1&limit=1`);
        const newest = (res.body?.data?.[0] as { created_at: string } | undefined)?.created_at;
        return newest !== undefined && newest > restartedIso ? newest : null;
      },
      { timeoutMs: 30_000, stepMs: 200 },
    );
    // and the log says so: the tick loop's "resume", or — when the leader's own connection
    // noticed the outage first and it stepped down — the leader lock taken again
    const sinceOutage = output.slice(Math.max(0, output.indexOf('database unavailable')));
    assert.match(sinceOutage, /simulator and reconciler resume|took the leader lock/);
    assert.equal(server?.exitCode, null);
    assert.doesNotMatch(output, /unhandled error/, 'no 500s along the way');
    t.diagnostic(
      `503s for ${outageMs} ms of outage; ready again ${recoveredMs} ms after PostgreSQL started`,
    );
  });
});
