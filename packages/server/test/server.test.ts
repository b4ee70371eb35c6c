/**
 * createServer over real HTTP, the demo page and widget bundle, configuration, migrations and
 * the history seed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { optionsFromEnv } from '../src/config.js';
import {
  createServer,
  DEMO_TOKENS,
  migrate,
  MIGRATIONS,
  parseTokens,
  seedHistory,
  type Db,
  type Queryable,
  type RunsightServer,
} from '../src/index.js';
import { backends, T0, truncate } from './helpers.js';

describe('createServer over HTTP', () => {
  let server: RunsightServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runsight-server-test-'));
    server = await createServer({
      history: 200,
      widgetsBundle: join(dir, 'runsight.js'),
      simulation: { enabled: true, tickMs: 50 },
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and answers the contract with Date and ETag headers', async () => {
    assert.match(server.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/api/operation-runs?workspace=ws_1&limit=5`, {
      headers: { Authorization: 'Bearer demo-admin', Origin: 'https://portal.example' },
    });
    assert.equal(res.status, 200);
    assert.ok(res.headers.get('date'));
    assert.ok(res.headers.get('etag'));
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const body = (await res.json()) as { data: unknown[]; meta: { server_time: string } };
    assert.equal(body.data.length, 5);
    // real wall time: the widgets estimate their clock offset from it
    assert.ok(Math.abs(Date.parse(body.meta.server_time) - Date.now()) < 5000);
  });

  it('adds CORS and security headers to an answer after it is made, and answers preflights', async () => {
    // (hono's cors middleware ran before the handler, and hono then copied every answer into a
    // new Response whose string body became a stream: ≈ 0.5 ms of server CPU per 200, a bench
    // figure, docs/benchmarks.md. The headers a page of another origin needs stay as they were.)
    const res = await fetch(`${server.url}/api/operation-runs?workspace=ws_1&limit=200`, {
      headers: { Authorization: 'Bearer demo-admin', Origin: 'https://portal.example' },
    });
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.equal(res.headers.get('transfer-encoding'), null);
    assert.equal(res.headers.get('content-length'), String(Buffer.byteLength(text)));
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-expose-headers'), 'ETag,Retry-After,Date');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const preflight = await fetch(`${server.url}/api/operation-runs`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://portal.example',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET,HEAD,OPTIONS');
    assert.equal(preflight.headers.get('x-content-type-options'), 'nosniff');
  });

  it('seeds history and warm-starts the simulator, which then runs on its own', async () => {
    const count = await server.db.query<{ n: number; active: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status <> 'completed')::int AS active FROM operation_runs`,
    );
    assert.ok((count.rows[0]?.n ?? 0) >= 200);
    assert.ok((count.rows[0]?.active ?? 0) > 0);
    const before = await server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM run_events',
    );
    await new Promise((r) => setTimeout(r, 400));
    const after = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM run_events');
    assert.ok((after.rows[0]?.n ?? 0) >= (before.rows[0]?.n ?? 0));
  });

  it('serves the demo page, its script and styles', async () => {
    const page = await fetch(`${server.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const html = await page.text();
    assert.match(html, /<main/);
    assert.match(html, /app\.js/);
    for (const [path, type] of [
      ['/app.js', /javascript/],
      ['/styles.css', /text\/css/],
    ] as const) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', type);
    }
    assert.equal((await fetch(`${server.url}/../package.json`)).status, 404);
    assert.equal((await fetch(`${server.url}/nothing.html`)).status, 404);
  });

  it('answers /runsight.js with 503 and a readable message until the bundle is built', async () => {
    const missing = await fetch(`${server.url}/runsight.js`);
    assert.equal(missing.status, 503);
    assert.match(await missing.text(), /not built yet/);
    writeFileSync(join(dir, 'runsight.js'), 'export const createClient = () => ({});\n');
    const built = await fetch(`${server.url}/runsight.js`);
    assert.equal(built.status, 200);
    assert.match(built.headers.get('content-type') ?? '', /javascript/);
    assert.match(await built.text(), /createClient/);
  });

  it('serves the sibling chunks of the bundle, and nothing else from its directory', async () => {
    writeFileSync(join(dir, 'runsight.ops-list.js'), 'export const opsList = 1;\n');
    writeFileSync(join(dir, 'runsight.ops-list.js.map'), '{"version":3}\n');
    writeFileSync(join(dir, 'index.js'), 'export const secret = 1;\n');
    writeFileSync(join(dir, 'package.json'), '{"secret":true}\n');

    const chunk = await fetch(`${server.url}/runsight.ops-list.js`);
    assert.equal(chunk.status, 200);
    assert.match(chunk.headers.get('content-type') ?? '', /text\/javascript/);
    assert.equal(chunk.headers.get('cache-control'), 'no-cache');
    assert.match(await chunk.text(), /opsList/);

    const map = await fetch(`${server.url}/runsight.ops-list.js.map`);
    assert.equal(map.status, 200);
    assert.match(map.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(await map.text(), '{"version":3}\n');

    for (const path of [
      '/runsight.nope.js', // matches the pattern, not on disk
      '/runsight.%2e%2e%2fpackage.json.js',
      '/runsight.%2E%2E%2Fpackage.json.js',
      '/..%2fpackage.json',
      '/%2e%2e%2fpackage.json',
      '/runsight.ops-list.js%2f..%2f..%2fpackage.json',
      '/runsight.OPS-LIST.js',
      '/index.js',
      '/package.json',
      '/runsight.ops-list.mjs',
    ]) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(await res.text(), /secret/, path);
    }
  });

  it('closes cleanly (twice is fine)', async () => {
    const other = await createServer({ simulation: { enabled: true, tickMs: 20 } });
    const url = other.url;
    await other.close();
    await other.close();
    await assert.rejects(fetch(`${url}/healthz`));
  });
});

describe('configuration', () => {
  it('reads the environment with demo defaults', () => {
    const o = optionsFromEnv({});
    assert.equal(o.port, 8080);
    assert.equal(o.host, '127.0.0.1');
    assert.equal(o.databaseUrl, undefined);
    assert.match(o.dataDir ?? '', /\.pglite-data$/);
    assert.equal(o.timeScale, 20);
    assert.equal(o.simulation?.enabled, true);
    assert.equal(o.corsOrigins, '*');
    assert.equal(o.tokens, undefined);
  });

  it('reads every variable', () => {
    const o = optionsFromEnv({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://x@127.0.0.1/db',
      SIMULATOR: 'off',
      TIME_SCALE: '60',
      HISTORY: '0',
      SEED: '3',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      RATE_LIMIT_BURST: '10',
      RATE_LIMIT_PER_SECOND: '2',
      RUNSIGHT_TOKENS: '{"t1": {"name": "One", "workspaces": {"ws_1": ["t_1"]}}}',
    });
    assert.equal(o.port, 9000);
    assert.equal(o.host, '0.0.0.0');
    assert.equal(o.databaseUrl, 'postgres://x@127.0.0.1/db');
    assert.equal(o.dataDir, undefined);
    assert.equal(o.simulation?.enabled, false);
    assert.equal(o.timeScale, 60);
    assert.equal(o.history, 0);
    assert.deepEqual(o.corsOrigins, ['https://a.example', 'https://b.example']);
    assert.deepEqual(o.rateLimit, {
      burst: 10,
      perSecond: 2,
      authFailureBurst: 20,
      authFailurePerSecond: 0.5,
    });
    assert.deepEqual(o.tokens, { t1: { name: 'One', workspaces: { ws_1: ['t_1'] } } });
    assert.equal(optionsFromEnv({ DATA_DIR: 'memory' }).dataDir, 'memory');
    assert.equal(optionsFromEnv({ RATE_LIMIT: 'off' }).rateLimit, false);
  });

  it('rejects bad values with a readable error', () => {
    assert.throws(() => optionsFromEnv({ PORT: 'http' }), /PORT/);
    assert.throws(() => optionsFromEnv({ TIME_SCALE: '0' }), /TIME_SCALE/);
    assert.throws(() => optionsFromEnv({ SIMULATOR: 'maybe' }), /SIMULATOR/);
    assert.throws(() => optionsFromEnv({ RUNSIGHT_TOKENS: '{' }), /RUNSIGHT_TOKENS/);
    assert.throws(() => parseTokens('{"t": {"workspaces": {"ws_1": "t_1"}}}'), /ws_1/);
    assert.throws(() => parseTokens('[]'), /object/);
  });

  it('ships the documented demo tokens', () => {
    assert.deepEqual(Object.keys(DEMO_TOKENS).sort(), [
      'demo-admin',
      'demo-contoso',
      'demo-fabrikam',
      'demo-ws2',
    ]);
    assert.deepEqual(parseTokens(JSON.stringify(DEMO_TOKENS)), DEMO_TOKENS);
  });
});

for (const backend of backends()) {
  describe(`database (${backend.name})`, () => {
    let db: Db;
    before(async () => {
      db = await backend.open();
    });
    after(() => db.close());

    it('applies migrations once (idempotent)', async () => {
      assert.deepEqual(await migrate(db), []);
      assert.deepEqual(await migrate(db), []);
      const v = await db.query<{ version: number }>('SELECT version FROM runsight_migrations');
      assert.deepEqual(
        v.rows.map((r) => r.version).sort(),
        MIGRATIONS.map((m) => m.version),
      );
    });

    it('an interrupted history seed leaves nothing behind; the next start seeds it in full', async () => {
      await truncate(db);
      const n = 12_000; // three batches of 5000
      // the second batch of the seed fails (as a killed process or a lost connection would)
      let inserts = 0;
      const failing = (q: Queryable): Queryable => ({
        query: (sql, params) => {
          if (/INSERT INTO operation_runs/.test(sql) && ++inserts === 2) {
            return Promise.reject(new Error('injected: the seed was interrupted'));
          }
          return q.query(sql, params);
        },
        exec: (sql) => q.exec(sql),
      });
      const flaky: Db = {
        ...db,
        ...failing(db),
        transaction: (fn) => db.transaction((tx) => fn(failing(tx))),
      };
      const opts = {
        history: n,
        historySeed: 9,
        listen: false,
        simulation: { enabled: false, autoSpawn: false },
        publicDir: null,
        widgetsBundle: null,
      };
      await assert.rejects(createServer({ ...opts, db: flaky }), /injected/);
      assert.equal(inserts, 2);
      const count = async () =>
        (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM operation_runs')).rows[0]?.n;
      assert.equal(await count(), 0, 'no partial history');
      const restarted = await createServer({ ...opts, db });
      await restarted.close();
      assert.equal(await count(), n, 'the full history after the restart');
      // and a later start leaves a complete history alone
      const again = await createServer({ ...opts, db });
      await again.close();
      assert.equal(await count(), n);
    });

    it('seeds a deterministic history of completed runs in every outcome', async () => {
      const dump = async () =>
        JSON.stringify(
          (
            await db.query(
              `SELECT id, workspace_id, tenant_id, type, outcome, created_at, completed_at, reconciled_at
                 FROM operation_runs ORDER BY id`,
            )
          ).rows,
        );
      await truncate(db);
      assert.equal(await seedHistory(db, 3000, 5, { now: T0 }), 3000);
      const a = await dump();
      await truncate(db);
      await seedHistory(db, 3000, 5, { now: T0 });
      assert.equal(await dump(), a);
      const stats = await db.query<{ outcome: string; reconciled: boolean; n: number }>(
        `SELECT outcome, reconciled_at IS NOT NULL AS reconciled, count(*)::int AS n
           FROM operation_runs GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      const kinds = stats.rows.map((r) => `${r.outcome}${r.reconciled ? '+reconciled' : ''}`);
      assert.deepEqual(kinds, [
        'blocked',
        'cancelled',
        'failed',
        'failed+reconciled',
        'partially_succeeded',
        'succeeded',
      ]);
      const bad = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM operation_runs
          WHERE status <> 'completed' OR created_at > $1 OR completed_at < created_at
             OR (started_at IS NOT NULL AND started_at < created_at)`,
        [new Date(T0)],
      );
      assert.equal(bad.rows[0]?.n, 0);
      const scopes = await db.query<{ tenantless: number; ws2: number }>(
        `SELECT count(*) FILTER (WHERE tenant_id IS NULL)::int AS tenantless,
                count(*) FILTER (WHERE workspace_id = 'ws_2')::int AS ws2 FROM operation_runs`,
      );
      assert.ok((scopes.rows[0]?.tenantless ?? 0) > 100);
      assert.ok((scopes.rows[0]?.ws2 ?? 0) > 500);
    });
  });
}
