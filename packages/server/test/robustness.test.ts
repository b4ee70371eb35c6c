/**
 * The outside review's robustness and security items (issue 10): prototype names and
 * out-of-range timestamps are 400s naming the parameter, a database outage is a 503 with
 * Retry-After (liveness and readiness apart), failed authentication is rate limited per client
 * address, and every response carries the security headers (the demo page a strict CSP).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createApp,
  createServer,
  DEMO_TOKENS,
  insertRuns,
  isDatabaseUnavailable,
  ManualClock,
  openPostgres,
  scaledPolicies,
  type Db,
  type Queryable,
  type RunsightServer,
} from '../src/index.js';
import { clientKey, RateLimiter } from '../src/rate-limit.js';
import { FIXTURE } from './fixtures.js';
import { backends, PROTOTYPE_NAMES, request, T0, truncate, type ErrorBody } from './helpers.js';

const policies = scaledPolicies(1);

const cursorOf = (o: unknown) => Buffer.from(JSON.stringify(o), 'utf8').toString('base64url');

for (const backend of backends()) {
  describe(`bad input is never a 5xx (${backend.name})`, () => {
    let db: Db;
    let app: ReturnType<typeof createApp>;
    const list = (qs: string) => request(app, `/api/operation-runs?${qs}`);

    before(async () => {
      db = await backend.open();
      app = createApp({ db, clock: new ManualClock(T0), policies, tokens: DEMO_TOKENS });
      await truncate(db);
      await insertRuns(db, FIXTURE);
    });
    after(() => db.close());

    /** A 400 JSON error naming `parameter`. */
    const assertBad = (res: Awaited<ReturnType<typeof list>>, parameter: string, what: string) => {
      assert.equal(res.status, 400, `${what}: ${res.text}`);
      assert.equal(res.body.error.code, 'invalid_parameter', what);
      assert.equal(res.body.error.parameter, parameter, what);
      assert.equal(typeof res.body.error.message, 'string', what);
    };

    describe('prototype names', () => {
      for (const name of PROTOTYPE_NAMES) {
        for (const parameter of ['status', 'freshness', 'sort', 'problem']) {
          it(`${parameter}=${name} → 400 naming ${parameter}`, async () => {
            assertBad(await list(`workspace=ws_1&${parameter}=${name}`), parameter, name);
            // inside a list, and repeated
            if (parameter === 'status' || parameter === 'freshness') {
              const first = parameter === 'status' ? 'queued' : 'fresh';
              assertBad(
                await list(`workspace=ws_1&${parameter}=${first},${name}`),
                parameter,
                `${first},${name}`,
              );
              assertBad(
                await list(`workspace=ws_1&${parameter}=${first}&${parameter}=${name}`),
                parameter,
                `repeated ${name}`,
              );
            }
          });
        }
        it(`type, tenant, workspace, limit, since, cursor = ${name}: never a 5xx`, async () => {
          const type = await list(`workspace=ws_1&type=${name}`);
          if (type.status === 200) assert.deepEqual(type.body.data, [], 'no run has that type');
          else assertBad(type, 'type', name);
          const tenant = await list(`workspace=ws_1&tenant=${name}`);
          if (tenant.status !== 404) assertBad(tenant, 'tenant', name);
          const ws = await list(`workspace=${name}`);
          if (ws.status !== 404) assertBad(ws, 'workspace', name);
          for (const parameter of ['limit', 'since', 'cursor']) {
            assertBad(await list(`workspace=ws_1&${parameter}=${name}`), parameter, name);
          }
          const detail = await request(app, `/api/operation-runs/${name}?workspace=${name}`);
          assert.ok([400, 404].includes(detail.status), `detail ${name}: ${detail.status}`);
        });
      }
      it('a query parameter named like a prototype property is ignored', async () => {
        for (const name of PROTOTYPE_NAMES) {
          const res = await list(`workspace=ws_1&${name}=1&limit=1`);
          assert.equal(res.status, 200, name);
        }
      });
    });

    describe('timestamps outside 1970-01-01 … 9999-12-31', () => {
      for (const since of [
        '0000-01-01',
        '0001-01-01',
        '0001-01-01T00:00:00+01:00',
        '1969-12-31',
        '1969-12-31T23:59:59.999Z',
        '1970-01-01T00:59:59+01:00',
        '9999-12-31T23:59:59-00:01',
        '9999-12-31T23:30:00-01:00',
      ]) {
        it(`since=${since} → 400 naming since`, async () => {
          assertBad(
            await list(`workspace=ws_1&since=${encodeURIComponent(since)}`),
            'since',
            since,
          );
        });
      }
      for (const since of [
        '1970-01-01',
        '1970-01-01T00:00:00Z',
        '1970-01-01T01:00:00+01:00',
        '9999-12-31',
        '9999-12-31T23:59:59.999Z',
        '9999-12-31T23:59:59.999999999Z',
        '9999-12-31T23:59:59+00:00',
      ]) {
        it(`since=${since} → 200`, async () => {
          const res = await list(`workspace=ws_1&since=${encodeURIComponent(since)}`);
          assert.equal(res.status, 200, res.text);
        });
      }
      for (const t of [8.64e15, -8.64e15, -62135596800001, -62167219200000, -1, 253402300800000]) {
        it(`a cursor at ${t} ms → 400 naming cursor (both sort orders)`, async () => {
          assertBad(
            await list(`workspace=ws_1&cursor=${cursorOf({ v: 1, s: 'c', t, i: 'x' })}`),
            'cursor',
            `-created_at ${t}`,
          );
          assertBad(
            await list(
              `workspace=ws_1&sort=attention&cursor=${cursorOf({ v: 1, s: 'a', r: 2, t, i: 'x' })}`,
            ),
            'cursor',
            `attention ${t}`,
          );
        });
      }
      for (const t of [0, 253402300799999]) {
        it(`a cursor at ${t} ms → 200 (both sort orders)`, async () => {
          const c = await list(`workspace=ws_1&cursor=${cursorOf({ v: 1, s: 'c', t, i: 'x' })}`);
          assert.equal(c.status, 200, c.text);
          for (const r of [0, 1, 2, 3]) {
            const a = await list(
              `workspace=ws_1&sort=attention&cursor=${cursorOf({ v: 1, s: 'a', r, t, i: 'x' })}`,
            );
            assert.equal(a.status, 200, a.text);
          }
        });
      }
    });
  });
}

// --- database outage (item 11) ----------------------------------------------------------------

/** What `pg` throws when the server is not there (a Node socket error). */
function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
    code: 'ECONNREFUSED',
    errno: -111,
    syscall: 'connect',
  });
}

/** A database that can be switched off: every call then fails like an unreachable server. */
function switchable(db: Db): Db & { down: boolean } {
  const state = { down: false };
  const guard = <T>(fn: () => Promise<T>): Promise<T> =>
    state.down ? Promise.reject(connectionRefused()) : fn();
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => guard(() => q.query(sql, params)),
    exec: (sql) => guard(() => q.exec(sql)),
  });
  return {
    kind: db.kind,
    ...wrap(db),
    transaction: (fn) => guard(() => db.transaction((tx) => fn(wrap(tx)))),
    close: () => db.close(),
    get down() {
      return state.down;
    },
    set down(v: boolean) {
      state.down = v;
    },
  };
}

for (const backend of backends()) {
  describe(`database outage (${backend.name})`, () => {
    let db: Db;
    let sw: ReturnType<typeof switchable>;
    let app: ReturnType<typeof createApp>;
    before(async () => {
      db = await backend.open();
      await truncate(db);
      await insertRuns(db, FIXTURE);
      sw = switchable(db);
      app = createApp({ db: sw, clock: new ManualClock(T0), policies, tokens: DEMO_TOKENS });
    });
    after(() => db.close());
    beforeEach(() => {
      sw.down = false;
    });

    it('answers 503 unavailable with Retry-After while the database is unreachable, then recovers', async () => {
      const paths = [
        '/api/operation-runs?workspace=ws_1',
        '/api/operation-runs?workspace=ws_1&sort=attention&freshness=likely_stale',
        '/api/operation-runs/a_stale_hb?workspace=ws_1',
      ];
      for (const path of paths) assert.equal((await request(app, path)).status, 200, path);
      sw.down = true;
      for (const path of paths) {
        const res = await request<ErrorBody>(app, path);
        assert.equal(res.status, 503, path);
        assert.equal(res.body.error.code, 'unavailable', path);
        assert.match(res.headers.get('retry-after') ?? '', /^[1-9]\d*$/, path);
        assert.doesNotMatch(res.text, /ECONNREFUSED|5432/, 'no internals in the body');
      }
      sw.down = false;
      for (const path of paths) assert.equal((await request(app, path)).status, 200, path);
    });

    it('/healthz is liveness (always 200); /readyz is readiness (the database answers)', async () => {
      const live = await request<{ ok: boolean }>(app, '/healthz', null);
      assert.equal(live.status, 200);
      assert.equal(live.body.ok, true);
      const ready = await request<{ ok: boolean }>(app, '/readyz', null);
      assert.equal(ready.status, 200);
      assert.equal(ready.body.ok, true);

      sw.down = true;
      assert.equal((await request(app, '/healthz', null)).status, 200);
      const notReady = await request<ErrorBody>(app, '/readyz', null);
      assert.equal(notReady.status, 503);
      assert.equal(notReady.body.error.code, 'unavailable');
      assert.match(notReady.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
      assert.equal(notReady.headers.get('cache-control'), 'no-store');

      sw.down = false;
      assert.equal((await request(app, '/readyz', null)).status, 200);
    });

    it('the simulator and reconciler resume after ticks failed during an outage', async () => {
      const server = await createServer({
        db: sw,
        listen: false,
        simulation: { enabled: false, autoSpawn: false },
        publicDir: null,
        widgetsBundle: null,
      });
      try {
        const run = await server.simulator.spawn({ tenant: 'Contoso', behaviour: 'normal' });
        sw.down = true;
        await assert.rejects(server.tick(), /ECONNREFUSED/);
        await assert.rejects(server.tick(), /ECONNREFUSED/);
        sw.down = false;
        await server.tick(); // a failed tick does not stop the later ones
        const res = await request(server.app, `/api/operation-runs/${run.id}?workspace=ws_1`);
        assert.equal(res.status, 200);
      } finally {
        await server.close();
      }
    });

    it('a query error that is not an outage stays a 500 without details', async () => {
      const broken = createApp({
        db: {
          ...db,
          query: () => Promise.reject(Object.assign(new Error('syntax error'), { code: '42601' })),
        },
        clock: new ManualClock(T0),
        policies,
        tokens: DEMO_TOKENS,
      });
      const res = await request<ErrorBody>(broken, '/api/operation-runs?workspace=ws_1');
      assert.equal(res.status, 500);
      assert.equal(res.body.error.code, 'internal');
      assert.equal(res.headers.get('retry-after'), null);
    });
  });
}

describe('isDatabaseUnavailable', () => {
  it('recognises what pg throws when the server is unreachable or going away', async () => {
    const err: unknown = await openPostgres('postgres://nobody@127.0.0.1:1/none').then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err instanceof Error, 'openPostgres to port 1 fails');
    assert.equal(isDatabaseUnavailable(err), true, String(err));
    for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '53300']) {
      assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), true, code);
    }
    assert.equal(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect')), true);
  });

  it('does not take bugs or bad SQL for an outage', () => {
    for (const code of ['22008', '42601', '23505', '42P01']) {
      assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), false, code);
    }
    assert.equal(isDatabaseUnavailable(new TypeError('x.forEach is not a function')), false);
    assert.equal(isDatabaseUnavailable('a string'), false);
    assert.equal(isDatabaseUnavailable(null), false);
  });
});

// --- failed authentication is rate limited per client address (item 14) ----------------------

describe('failed authentication rate limit', () => {
  let server: RunsightServer;
  before(async () => {
    server = await createServer({
      history: 0,
      simulation: { enabled: false, autoSpawn: false },
      widgetsBundle: null,
    });
  });
  after(() => server.close());

  const get = (token: string | null) =>
    fetch(`${server.url}/api/operation-runs?workspace=ws_1&limit=1`, {
      headers: token === null ? {} : { Authorization: `Bearer ${token}` },
    });

  it('answers 429 with Retry-After once a client address keeps failing; valid tokens still pass', async () => {
    const statuses: number[] = [];
    let limited: Response | null = null;
    for (let i = 0; i < 30; i++) {
      const res = await get(i % 3 === 0 ? null : `guess-${i}`);
      statuses.push(res.status);
      if (res.status === 429 && limited === null) limited = res;
      else await res.body?.cancel();
    }
    assert.equal(statuses[0], 401);
    assert.ok(statuses.includes(429), `30 failed attempts, none limited: ${statuses.join(' ')}`);
    assert.ok(
      statuses.every((s) => s === 401 || s === 429),
      statuses.join(' '),
    );
    assert.ok(limited !== null);
    assert.match(limited.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
    const body = (await limited.json()) as ErrorBody;
    assert.equal(body.error.code, 'rate_limited');
    // the same address with a valid token is not affected
    const ok = await get('demo-admin');
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
  });

  it('keeps the per-token limit of valid tokens, apart from the failed-auth limit', async () => {
    const clock = new ManualClock(T0);
    const db = await backends()[0]!.open();
    try {
      const app = createApp({
        db,
        clock,
        policies,
        tokens: DEMO_TOKENS,
        rateLimit: { burst: 3, perSecond: 0.5, authFailureBurst: 4, authFailurePerSecond: 0.25 },
        clientAddress: (c) => c.req.header('X-Test-Client') ?? null,
      });
      const from = (client: string, token: string) =>
        request(app, '/api/operation-runs?workspace=ws_1&limit=1', token, {
          'X-Test-Client': client,
        });
      for (let i = 0; i < 4; i++) assert.equal((await from('a', 'wrong')).status, 401);
      const limited = await from('a', 'wrong');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '4');
      assert.equal((await from('b', 'wrong')).status, 401, 'another address is not limited');
      // valid tokens from the limited address: their own bucket (burst 3)
      for (let i = 0; i < 3; i++) assert.equal((await from('a', 'demo-admin')).status, 200);
      assert.equal((await from('a', 'demo-admin')).status, 429, 'the token bucket still holds');
      assert.equal((await from('a', 'demo-contoso')).status, 200);
      clock.advance(4000);
      assert.equal((await from('a', 'wrong')).status, 401, 'refilled');
    } finally {
      await db.close();
    }
  });

  it('forgets refilled buckets once it tracks many addresses', () => {
    const limiter = new RateLimiter({ burst: 2, perSecond: 1, maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) assert.equal(limiter.take(key, 0), 0);
    assert.equal(limiter.size, 3);
    assert.equal(limiter.take('d', 500), 0, 'none refilled yet: kept');
    assert.equal(limiter.size, 4);
    assert.equal(limiter.take('e', 2000), 0, 'a–d refilled: dropped');
    assert.equal(limiter.size, 1);
  });

  it('keys IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', () => {
    assert.equal(clientKey('2001:db8:1:2::1'), clientKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    assert.notEqual(clientKey('2001:db8:1:2::1'), clientKey('2001:db8:1:3::1'));
    assert.equal(clientKey('::ffff:192.0.2.7'), clientKey('192.0.2.7'));
    assert.notEqual(clientKey('192.0.2.7'), clientKey('192.0.2.8'));
    assert.equal(clientKey('::1'), clientKey('0:0:0:0:0:0:0:1'));
  });
});

// --- security headers (item 15) -------------------------------------------------------------

/** `Content-Security-Policy` → directive → sources. */
function parseCsp(header: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

describe('security headers', () => {
  let server: RunsightServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runsight-headers-test-'));
    writeFileSync(join(dir, 'runsight.js'), 'export const createClient = () => ({});\n');
    writeFileSync(join(dir, 'runsight.ops-list.js'), 'export const x = 1;\n');
    server = await createServer({
      history: 0,
      listen: false,
      simulation: { enabled: false, autoSpawn: false },
      widgetsBundle: join(dir, 'runsight.js'),
      rateLimit: { burst: 40, perSecond: 0.001 },
    });
    await insertRuns(server.db, FIXTURE.slice(0, 3));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fetchApp = (path: string, init: RequestInit = {}) => server.app.request(path, init);
  const auth = { Authorization: 'Bearer demo-admin' };

  it('X-Content-Type-Options: nosniff and a Referrer-Policy on every response', async () => {
    const list = await fetchApp('/api/operation-runs?workspace=ws_1', { headers: auth });
    assert.equal(list.status, 200);
    const etag = list.headers.get('etag') ?? '';
    const cases: [string, RequestInit, number][] = [
      ['/api/operation-runs?workspace=ws_1', { headers: auth }, 200],
      ['/api/operation-runs?workspace=ws_1', { headers: { ...auth, 'If-None-Match': etag } }, 304],
      ['/api/operation-runs?workspace=ws_1&limit=0', { headers: auth }, 400],
      ['/api/operation-runs?workspace=ws_1', {}, 401],
      ['/api/operation-runs?workspace=ws_9', { headers: auth }, 404],
      ['/api/nothing', { headers: auth }, 404],
      [
        '/api/operation-runs?workspace=ws_1',
        {
          method: 'OPTIONS',
          headers: {
            Origin: 'https://portal.example',
            'Access-Control-Request-Method': 'GET',
            'Access-Control-Request-Headers': 'authorization',
          },
        },
        204,
      ],
      ['/healthz', {}, 200],
      ['/readyz', {}, 200],
      ['/', {}, 200],
      ['/index.html', {}, 200],
      ['/app.js', {}, 200],
      ['/styles.css', {}, 200],
      ['/runsight.js', {}, 200],
      ['/runsight.ops-list.js', {}, 200],
      ['/runsight.nope.js', {}, 404],
      ['/runsight.js.map', {}, 503],
      ['/nothing.html', {}, 404],
    ];
    for (const [path, init, status] of cases) {
      const res = await fetchApp(path, init);
      const what = `${init.method ?? 'GET'} ${path}`;
      assert.equal(res.status, status, what);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', what);
      assert.match(res.headers.get('referrer-policy') ?? '', /^(no-referrer|same-origin)$/, what);
      await res.body?.cancel();
    }
    // a rate-limited answer too
    let limited: Response | null = null;
    for (let i = 0; i < 60 && limited === null; i++) {
      const res = await fetchApp('/api/operation-runs?workspace=ws_1&limit=1', { headers: auth });
      if (res.status === 429) limited = res;
      else await res.body?.cancel();
    }
    assert.ok(limited !== null, 'rate limited');
    assert.equal(limited.headers.get('x-content-type-options'), 'nosniff');
  });

  it('a strict Content-Security-Policy on the demo page, its scripts and styles', async () => {
    for (const path of ['/', '/index.html', '/app.js', '/styles.css', '/runsight.js']) {
      const res = await fetchApp(path);
      await res.body?.cancel();
      const header = res.headers.get('content-security-policy');
      assert.ok(header, `${path} has a CSP`);
      assert.doesNotMatch(header, /unsafe-inline|unsafe-eval|unsafe-hashes|\*/, path);
      const csp = parseCsp(header);
      assert.deepEqual(csp.get('default-src'), ["'self'"], path);
      for (const d of ['script-src', 'style-src', 'connect-src']) {
        assert.deepEqual(csp.get(d) ?? ["'self'"], ["'self'"], `${path} ${d}`);
      }
      assert.deepEqual(csp.get('object-src'), ["'none'"], path);
      assert.deepEqual(csp.get('base-uri'), ["'none'"], path);
      assert.deepEqual(csp.get('frame-ancestors'), ["'none'"], path);
    }
    // the API's JSON is never a document
    const api = await fetchApp('/api/operation-runs?workspace=ws_1', { headers: auth });
    await api.body?.cancel();
    const apiCsp = parseCsp(api.headers.get('content-security-policy'));
    assert.deepEqual(apiCsp.get('default-src'), ["'none'"]);
    assert.deepEqual(apiCsp.get('frame-ancestors'), ["'none'"]);
  });

  it('the demo page works under its own policy: no inline script, handler or style', () => {
    const publicDir = resolve(import.meta.dirname, '../public');
    const html = readFileSync(join(publicDir, 'index.html'), 'utf8');
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      assert.match(m[1] ?? '', /\bsrc=/, `inline script: ${m[0].slice(0, 80)}`);
      assert.equal((m[2] ?? '').trim(), '', 'a script element with a src has no body');
    }
    assert.doesNotMatch(html, /<style\b/i, 'no <style> element');
    assert.doesNotMatch(html, /\sstyle\s*=/i, 'no style attribute');
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handler');
    assert.doesNotMatch(html, /javascript:/i, 'no javascript: URL');
    const js = readFileSync(join(publicDir, 'app.js'), 'utf8');
    for (const re of [
      /\.style\b/,
      /setAttribute\(\s*['"]style['"]/,
      /cssText/,
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write/,
      /\beval\s*\(|new Function\s*\(/,
      /\bon[a-z]+\s*=\s*['"`]/,
    ]) {
      assert.doesNotMatch(js, re, `app.js: ${re}`);
    }
  });
});
