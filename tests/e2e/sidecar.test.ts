/**
 * End-to-end: the reference server as a read-only sidecar next to a host's PostgreSQL database
 * (issue 14), on the real PostgreSQL of TEST_DATABASE_URL.
 *
 * In a fresh database: the Laravel-style tables, the runs view, the indexes and the read-only
 * role of docs/examples/laravel (the documented SQL itself); runs in every state — fresh, past
 * expected, likely stale by deadline (the policy's and the host's own), by heartbeat and by the
 * host's verdict, reconciled failed, every outcome — in two workspaces that share a tenant id.
 * Then the BUILT `runsight-server` bin starts as a child process, read-only, as that role, with
 * JWT auth (HS256 tokens signed here with jose), and:
 *
 * (a) the conformance CLI passes every check, with a full-scope and a restricted token;
 * (b) the five elements, in Chromium on a host page of another origin, show for every run the
 *     badge `@runsight/active-state` derives from the view's rows;
 * (c) the database's own statistics (pg_stat_user_tables, pg_stat_database) show that the
 *     server wrote nothing.
 *
 * Without TEST_DATABASE_URL the test starts a private PostgreSQL cluster of its own (as
 * database-outage.test.ts does; about 3 s more) and says so; without PostgreSQL's server
 * binaries it fails and says what to install.
 *
 *   npm run build
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres \
 *     node --conditions=source --import tsx --test tests/e2e/sidecar.test.ts
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import type pg from 'pg';
import type { Browser } from 'playwright-core';
import {
  BADGES,
  deriveActiveState,
  type LifecyclePolicies,
  type OperationRun,
} from '@runsight/active-state';
import {
  client,
  dbUrl,
  HOST_TABLES,
  hostPage,
  quoteIdent,
  readStats,
  run,
  SCENE,
  TENANT_NAMES,
  type Stats,
} from './sidecar-support.js';
import { Cluster } from './pg-cluster.js';
import { checkBundle, launchBrowser, ROOT, shadowText, until } from './support.js';

const EXAMPLE = join(ROOT, 'docs/examples/laravel');
const CLI = join(ROOT, 'packages/server/dist/cli.js');
const CONFORMANCE = join(ROOT, 'packages/conformance/dist/cli.js');
const SECRET = 'sidecar-e2e-shared-secret-0123456789abcdef';
const POLICIES: LifecyclePolicies = {
  default: {
    queued: { expectedAfterS: 600, staleAfterS: 3600 },
    running: { expectedAfterS: 1800, staleAfterS: 7200, heartbeatTimeoutS: 900 },
  },
};

describe('runsight-server read-only next to a Laravel-style database', () => {
  /** TEST_DATABASE_URL, else a private cluster started here. */
  let URL_ = process.env.TEST_DATABASE_URL ?? '';
  let cluster: Cluster | null = null;
  const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const database = `runsight_sidecar_${suffix}`;
  const role = `runsight_reader_${suffix}`;
  let admin: pg.Client;
  let host: pg.Client;
  let page: { server: Server; origin: string };
  let child: ChildProcess | null = null;
  let output = '';
  let api = '';
  let dir = '';
  let browser: Browser | null = null;
  let before_: Stats;
  let now = 0;
  const tokens = { full: '', restricted: '', browser: '', probe: '' };

  before(async () => {
    for (const file of [CLI, CONFORMANCE]) {
      if (!existsSync(file)) throw new Error(`${file} is missing: build first (npm run build)`);
    }
    const stale = checkBundle();
    if (stale) console.warn(stale);
    if (URL_ === '') {
      console.warn(
        'sidecar e2e: TEST_DATABASE_URL is not set; starting a private PostgreSQL cluster',
      );
      cluster = await Cluster.create();
      URL_ = cluster.url;
    }
    admin = await client(URL_);
    await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);

    // the host's side, as its owner: the documented SQL of the worked example
    host = await client(dbUrl(URL_, database));
    for (const file of ['schema.sql', 'runsight-view.sql', 'indexes.sql']) {
      await host.query(readFileSync(join(EXAMPLE, file), 'utf8'));
    }
    const roleSql = readFileSync(join(EXAMPLE, 'readonly-role.sql'), 'utf8')
      .replaceAll('runsight_reader', role)
      .replace(/ PASSWORD '[^']*'/, '');
    await host.query(roleSql);
    // a schema the role may not use (the start-up check names it)
    await host.query(
      'CREATE SCHEMA hidden; CREATE VIEW hidden.ws AS SELECT id::text AS id FROM workspaces',
    );
    await host.query(`
      INSERT INTO workspaces (id, name) VALUES (1, 'Production'), (2, 'Staging');
      INSERT INTO tenants (workspace_id, id, name) VALUES (1, 1, 'Contoso'), (1, 2, 'Fabrikam'), (2, 1, 'Contoso (staging)');
      INSERT INTO users (id, name, email) VALUES (1, 'Ana Admin', 'ana@example.com');`);
    now = Math.floor(Date.now() / 1000) * 1000;
    const ts = (s: number | undefined) =>
      s === undefined ? null : new Date(now - s * 1000).toISOString().replace('Z', '');
    for (const r of SCENE) {
      await host.query(
        `INSERT INTO operation_runs (id, workspace_id, tenant_id, user_id, type, status, outcome,
           summary_counts, context, failure_summary, heartbeat_at, timeout_at, marked_stale_at,
           reconciled_at, reconcile_reason, started_at, completed_at, created_at, updated_at)
         VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)`,
        [
          r.id,
          r.ws,
          r.tenant,
          r.id % 2 === 0 ? 'inventory.sync' : 'mailbox.backup',
          r.status,
          r.outcome ?? null,
          r.status === 'completed'
            ? JSON.stringify({ total: 10, processed: 10, succeeded: 10, failed: 0 })
            : null,
          JSON.stringify({ worker: `worker-${r.id % 3}`, batch: { size: 10 } }),
          r.failure ?? null,
          ts(r.heartbeat),
          ts(r.timeout),
          ts(r.markedStale),
          ts(r.reconciled),
          r.reconciled === undefined
            ? null
            : 'No heartbeat for 30 min; marked failed by the reconciler.',
          ts(r.started),
          ts(r.completed),
          ts(r.created),
        ],
      );
    }
    // statistics that only the server could move from here on: no autovacuum, analysed now
    for (const t of HOST_TABLES)
      await host.query(`ALTER TABLE ${t} SET (autovacuum_enabled = off)`);
    await host.query('ANALYZE');
    await host.end();

    // tokens the host's application would sign
    const sign = (claim: unknown, jti: string) =>
      new SignJWT({ runsight: claim, name: jti })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('https://portal.example.com')
        .setAudience('runsight')
        .setIssuedAt()
        .setJti(jti)
        .setExpirationTime('15m')
        .sign(new TextEncoder().encode(SECRET));
    tokens.full = await sign({ workspaces: '*' }, 'full');
    tokens.browser = await sign({ workspaces: '*' }, 'browser');
    tokens.probe = await sign({ workspaces: '*' }, 'probe');
    tokens.restricted = await sign({ workspaces: { '1': ['1'] } }, 'restricted');

    page = await hostPage();
    dir = mkdtempSync(join(tmpdir(), 'runsight-sidecar-'));
    const config = join(dir, 'runsight.config.json');
    const example = JSON.parse(
      readFileSync(join(EXAMPLE, 'runsight.config.json'), 'utf8'),
    ) as Record<string, unknown>;
    writeFileSync(
      config,
      JSON.stringify({
        ...example,
        database: { url: dbUrl(URL_, database, role) },
        policies: POLICIES,
        port: 0,
        host: '127.0.0.1',
        // the host page's origin, and the one the conformance CLI's CORS check sends
        corsOrigins: [page.origin, 'https://conformance.runsight.invalid'],
        // small enough for the conformance CLI's probe to provoke a 429
        rateLimit: { burst: 300, perSecond: 20 },
      }),
    );

    // the setup's own writes are counted once its session has ended and flushed them
    before_ = await until('the setup to be counted', async () => {
      const s = await readStats(dbUrl(URL_, database), database);
      return s.tables.operation_runs?.ins === SCENE.length ? s : null;
    });
    child = spawn(process.execPath, [CLI, '--config', config], {
      env: { ...process.env, RUNSIGHT_JWT_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const url = await until(
      'the sidecar to listen',
      async () => {
        if (child?.exitCode !== null) throw new Error(`the sidecar exited: ${output}`);
        return /listening on (http:\/\/\S+)/.exec(output)?.[1];
      },
      { timeoutMs: 20_000, describe: async () => output },
    );
    api = `${url}/api`;
  });

  after(async () => {
    await browser?.close();
    if (child !== null && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (page !== undefined) await new Promise((r) => page.server.close(r));
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`);
      await admin.end();
    }
    cluster?.destroy();
  });

  it('started read-only as a role that may only SELECT the views', async () => {
    assert.match(output, /listening on .* \(read-only\)/);
    const owner = await client(dbUrl(URL_, database));
    const r = await owner.query<{ create: boolean; write: boolean; read: boolean; view: boolean }>(
      `SELECT has_database_privilege($1, current_database(), 'CREATE') AS create,
              has_table_privilege($1, 'operation_runs', 'INSERT, UPDATE, DELETE, TRUNCATE') AS write,
              has_table_privilege($1, 'operation_runs', 'SELECT') AS read,
              has_table_privilege($1, 'runsight.runs', 'SELECT') AS view`,
      [role],
    );
    await owner.end();
    assert.deepEqual(r.rows[0], { create: false, write: false, read: false, view: true });
  });

  it('refuses relations that do not match the contract, naming each problem (exit 2)', async () => {
    const bad = join(dir, 'bad.config.json');
    writeFileSync(
      bad,
      JSON.stringify({
        database: { url: dbUrl(URL_, database, role) },
        relations: {
          runs: 'public.operation_runs',
          events: 'runsight.nope',
          workspaces: 'hidden.ws',
        },
        auth: { type: 'tokens', tokens: { t: { workspaces: '*' } } },
        port: 0,
      }),
    );
    const r = await run(process.execPath, [CLI, '--config', bad]);
    assert.equal(r.code, 2, r.out);
    assert.match(
      r.out,
      /relations\.runs: this role may not read public\.operation_runs: GRANT SELECT ON public\.operation_runs/,
    );
    assert.match(r.out, /relations\.events: the relation runsight\.nope does not exist/);
    assert.match(
      r.out,
      /relations\.workspaces: this role may not use the schema of hidden\.ws: GRANT USAGE ON SCHEMA hidden/,
    );
    assert.doesNotMatch(r.out, /\n\s+at /);
  });

  it('pages across created_at ties in integer id order, without duplicates or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await fetch(
        `${api}/operation-runs?workspace=2&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        { headers: { Authorization: `Bearer ${tokens.full}` } },
      );
      assert.equal(res.status, 200);
      const body = (await res.json()) as {
        data: { id: string }[];
        meta: { next_cursor: string | null };
      };
      seen.push(...body.data.map((r) => r.id));
      cursor = body.meta.next_cursor;
    } while (cursor !== null);
    const expected = SCENE.filter((r) => r.ws === 2)
      .sort((a, b) => a.created - b.created || b.id - a.id)
      .map((r) => String(r.id).padStart(19, '0'));
    assert.deepEqual(seen, expected);
  });

  it('names each tenant within its workspace (the same tenant id in two workspaces)', async () => {
    const names = new Map<string, string | null>();
    for (const ws of ['1', '2']) {
      const res = await fetch(`${api}/operation-runs?workspace=${ws}&tenant=1&limit=200`, {
        headers: { Authorization: `Bearer ${tokens.full}` },
      });
      const body = (await res.json()) as { data: { workspace_id: string; tenant_name: string }[] };
      for (const r of body.data) names.set(`${r.workspace_id}/1`, r.tenant_name);
    }
    assert.deepEqual(Object.fromEntries(names), TENANT_NAMES);
    // the restricted token (tenant 1 of workspace 1) sees nothing of workspace 2's tenant 1
    const other = await fetch(`${api}/operation-runs?workspace=2&tenant=1`, {
      headers: { Authorization: `Bearer ${tokens.restricted}` },
    });
    assert.equal(other.status, 404);
  });

  it('(a) the conformance CLI passes every check with a full-scope and a restricted token', async () => {
    const base = ['--base-url', api, '--workspace', '1', '--no-color'];
    const [both, restricted] = await Promise.all([
      run(process.execPath, [
        CONFORMANCE,
        ...base,
        '--token',
        tokens.full,
        '--restricted-token',
        tokens.restricted,
        '--restricted-tenant',
        '1',
      ]),
      run(process.execPath, [CONFORMANCE, ...base, '--token', tokens.restricted, '--tenant', '1']),
    ]);
    assert.equal(both.code, 0, both.out);
    assert.match(both.out, /12 passed, 0 failed, 1 skipped/, both.out);
    assert.match(both.out, /PASS\s+scope/, both.out);
    assert.equal(restricted.code, 0, restricted.out);
    assert.match(restricted.out, / 0 failed/, restricted.out);
    // the one check skipped above (no 429 seen): a burst provokes one
    const probe = await run(process.execPath, [
      CONFORMANCE,
      ...base,
      '--token',
      tokens.probe,
      '--only',
      'rate-limit',
      '--probe-rate-limit',
      '600',
      '--max-requests',
      '1000',
    ]);
    assert.equal(probe.code, 0, probe.out);
    assert.match(probe.out, /PASS\s+rate-limit/, probe.out);
  });

  it('(b) the five elements show the badges active-state derives from the view', async () => {
    // the expected badge of every run: the view's rows, derived by active-state
    const reader = await client(dbUrl(URL_, database));
    const rows = (await reader.query<Record<string, unknown>>('SELECT * FROM runsight.runs')).rows;
    await reader.end();
    const at = (v: unknown) => (v instanceof Date ? v : null);
    const derivedAt = Date.now();
    const expected = new Map<string, string>();
    for (const r of rows) {
      const run: OperationRun = {
        id: String(r.id),
        type: String(r.type),
        typeLabel: null,
        workspaceId: String(r.workspace_id),
        tenantId: r.tenant_id === null ? null : String(r.tenant_id),
        tenantName: r.tenant_name === null ? null : String(r.tenant_name),
        status: String(r.status),
        outcome: String(r.outcome),
        createdAt: at(r.created_at) as Date,
        startedAt: at(r.started_at),
        completedAt: at(r.completed_at),
        lastHeartbeatAt: at(r.last_heartbeat_at),
        progress: null,
        lifecycle:
          r.stale_after === null
            ? null
            : { expectedBy: null, staleAfter: at(r.stale_after), heartbeatTimeoutS: null },
        freshness:
          r.freshness_state === null
            ? null
            : {
                state: String(r.freshness_state),
                evaluatedAt: at(r.freshness_evaluated_at) as Date,
              },
        reconciliation:
          r.reconciled_at === null
            ? null
            : {
                reconciledAt: at(r.reconciled_at) as Date,
                reason: String(r.reconcile_reason),
                previousStatus: String(r.reconcile_previous_status),
              },
        initiator: null,
        failure: null,
      };
      expected.set(
        run.id,
        deriveActiveState(run, { now: derivedAt, policies: POLICIES }).badge.label,
      );
    }
    const pad = (id: number) => String(id).padStart(19, '0');
    // the scene covers every state the issue names
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((id) => expected.get(pad(id))),
      [
        BADGES.running.label,
        BADGES.queued.label,
        BADGES.past_expected.label,
        BADGES.past_expected.label,
        BADGES.likely_stale.label,
        BADGES.likely_stale.label,
        BADGES.likely_stale.label,
        BADGES.likely_stale.label,
        BADGES.reconciled_failed.label,
        BADGES.succeeded.label,
        BADGES.partially_succeeded.label,
        BADGES.failed.label,
        BADGES.blocked.label,
        BADGES.cancelled.label,
      ],
    );

    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 2400 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`${page.origin}/`);
    await tab.evaluate(`(async () => {
      const { createClient, setDefaultClient } = await import('/runsight.js');
      setDefaultClient(createClient({ baseUrl: ${JSON.stringify(api)},
        headers: () => ({ Authorization: 'Bearer ' + ${JSON.stringify(tokens.browser)} }) }));
      document.getElementById('host').innerHTML =
        '<tenant-activity workspace="1" tenant="1"></tenant-activity>' +
        '<active-run-progress workspace="1" tenant="2"></active-run-progress>' +
        '<workspace-recent-ops workspace="1"></workspace-recent-ops>' +
        '<ops-list workspace="1" sort="attention" page-size="50"></ops-list>' +
        '<run-detail workspace="1" run-id="${pad(9)}"></run-detail>';
    })()`);

    const READ = `(() => {
      const out = {};
      for (const tag of ['tenant-activity', 'active-run-progress', 'workspace-recent-ops', 'ops-list', 'run-detail']) {
        const el = document.querySelector(tag);
        const root = el && el.shadowRoot;
        if (!root || root.querySelector('[aria-busy="true"]')) return null;
        const text = (b) => b.textContent.replace(/\\s+/g, ' ').trim();
        out[tag] = tag === 'run-detail'
          ? [...root.querySelectorAll('[part~="header"] [part~="badge"]')].map((b) => [el.getAttribute('run-id'), text(b)])
          : [...root.querySelectorAll('[data-run-id]')].flatMap((r) => {
              const b = r.querySelector('[part~="badge"]');
              return b ? [[r.dataset.runId, text(b)]] : [];
            });
        if (out[tag].length === 0) return null;
      }
      return out;
    })()`;
    const shown = await until(
      'every element to show its runs',
      () => tab.evaluate(READ) as Promise<Record<string, [string, string][]> | null>,
      {
        timeoutMs: 20_000,
        describe: () =>
          shadowText(
            tab,
            'tenant-activity, active-run-progress, workspace-recent-ops, ops-list, run-detail',
          ),
      },
    );
    const labels = new Set<string>();
    for (const [tag, pairs] of Object.entries(shown)) {
      for (const [id, badge] of pairs) {
        assert.equal(badge, expected.get(id), `${tag}: run ${id}`);
        labels.add(badge);
      }
    }
    // together the surfaces showed every state of the scene
    for (const id of [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]) {
      assert.ok(labels.has(expected.get(pad(id)) as string), `${expected.get(pad(id))} shown`);
    }
    const opsList = new Map(shown['ops-list']);
    for (const id of [5, 6, 7, 8, 3, 4, 9, 12]) {
      assert.equal(opsList.get(pad(id)), expected.get(pad(id)), `ops-list shows run ${id}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('(c) the database statistics show that the server wrote nothing', async () => {
    // stop the server first: its sessions end and flush their statistics
    const exited = new Promise((r) => child?.once('exit', r));
    child?.kill('SIGTERM');
    await exited;
    assert.equal(child?.exitCode, 0, output);
    const after_ = await readStats(dbUrl(URL_, database), database);
    assert.deepEqual(after_.tables, before_.tables);
    assert.equal(Object.keys(after_.tables).length, HOST_TABLES.length);
    assert.equal(after_.db.inserted, before_.db.inserted, 'tup_inserted');
    assert.equal(after_.db.updated, before_.db.updated, 'tup_updated');
    assert.equal(after_.db.deleted, before_.db.deleted, 'tup_deleted');
    // …while it did read: hundreds of transactions (every request's queries)
    assert.ok(
      after_.db.commits - before_.db.commits > 300,
      `${after_.db.commits - before_.db.commits} commits`,
    );
  });
});
