/**
 * Read-only mode over a host's views (PGlite): the server reads the runs view contract and
 * nothing else — every statement it sends is a SELECT, none goes through `exec` or a
 * transaction; names, scope and 404s come from the views; the detail shows the milestones
 * derived from the row, plus the events view's events when there is one; relations that do not
 * match the contract stop the start with every problem named. The end-to-end proof with a
 * SELECT-only PostgreSQL role and the database's statistics is tests/e2e/sidecar.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createServer,
  ManualClock,
  openPglite,
  type Db,
  type Queryable,
  type RunsightServer,
} from '../src/index.js';
import { RelationsError } from '../src/server.js';
import { request, T0, type DetailBody } from './helpers.js';

const HOST_SCHEMA = `
CREATE TABLE jobs (
  id bigint PRIMARY KEY, team bigint NOT NULL, customer bigint, kind text NOT NULL,
  state text NOT NULL, result text, created timestamptz NOT NULL, started timestamptz,
  finished timestamptz, who text, details jsonb
);
CREATE TABLE customers (team bigint, id bigint, name text, PRIMARY KEY (team, id));
CREATE TABLE job_log (job bigint, at timestamptz, level text, line text);
CREATE SCHEMA rs;
CREATE VIEW rs.runs AS
SELECT lpad(j.id::text, 19, '0') AS id, j.kind AS type, NULL::text AS type_label,
       j.team::text AS workspace_id, j.customer::text AS tenant_id, c.name AS tenant_name,
       j.state AS status, COALESCE(j.result, 'pending') AS outcome,
       j.created AS created_at, j.started AS started_at, j.finished AS completed_at,
       NULL::timestamptz AS last_heartbeat_at, NULL::int AS progress_total,
       NULL::int AS progress_processed, NULL::int AS progress_succeeded, NULL::int AS progress_failed,
       NULL::timestamptz AS expected_by, NULL::timestamptz AS stale_after,
       NULL::int AS heartbeat_timeout_s, NULL::text AS freshness_state,
       NULL::timestamptz AS freshness_evaluated_at, NULL::timestamptz AS reconciled_at,
       NULL::text AS reconcile_reason, NULL::text AS reconcile_previous_status,
       j.who AS initiator_name, NULL::text AS failure_reason_code, NULL::text AS failure_message,
       j.details AS context
  FROM jobs j LEFT JOIN customers c ON c.team = j.team AND c.id = j.customer;
CREATE VIEW rs.events AS
SELECT lpad(job::text, 19, '0') AS run_id, at, CASE level WHEN 'info' THEN 'note' ELSE level END AS kind,
       line AS message FROM job_log;
`;

const at = (s: number) => new Date(T0 + s * 1000).toISOString();

/** The statements a Db was sent, and whether anything but `query` was used. */
function recording(db: Db): { db: Db; statements: string[]; other: string[] } {
  const statements: string[] = [];
  const other: string[] = [];
  const wrap = (q: Queryable): Queryable => ({
    query(sql, params) {
      statements.push(sql);
      return q.query(sql, params);
    },
    exec(sql) {
      other.push(`exec: ${sql}`);
      return q.exec(sql);
    },
  });
  return {
    statements,
    other,
    db: {
      ...db,
      ...wrap(db),
      transaction(fn) {
        other.push('transaction');
        return db.transaction((tx) => fn(wrap(tx)));
      },
    },
  };
}

describe('read-only mode over a host view', () => {
  let raw: Db;
  let server: RunsightServer;
  let rec: ReturnType<typeof recording>;

  before(async () => {
    raw = await openPglite();
    await raw.exec(HOST_SCHEMA);
    await raw.exec(`
      INSERT INTO customers VALUES (1, 7, 'Contoso'), (2, 7, 'Contoso (staging)');
      INSERT INTO jobs VALUES
        (9, 1, 7, 'inventory.sync', 'completed', 'failed', '${at(-600)}', '${at(-590)}', '${at(-300)}', 'Ana', '{"worker": "w-1", "batch": {"size": 5}, "gone": null}'),
        (10, 1, NULL, 'directory.sync', 'running', NULL, '${at(-60)}', '${at(-50)}', NULL, NULL, NULL),
        (11, 2, 7, 'inventory.sync', 'queued', NULL, '${at(-30)}', NULL, NULL, 'Sam', '[]');
      INSERT INTO job_log VALUES (9, '${at(-400)}', 'info', 'Half way.'), (9, '${at(-300)}', 'completed', 'Done (host text).');
    `);
    rec = recording(raw);
    server = await createServer({
      db: rec.db,
      readOnly: true,
      relations: { runs: 'rs.runs', events: 'rs.events' },
      clock: new ManualClock(T0),
      policies: {},
      tokens: {
        all: { name: 'all', workspaces: '*' },
        contoso: { name: 'Contoso helpdesk', workspaces: { '1': ['7'] } },
      },
      listen: false,
      publicDir: null,
      widgetsBundle: null,
      apiReferenceDir: null,
      rateLimit: false,
    });
  });
  after(async () => {
    await server.close();
    await raw.close();
  });

  it('lists the host rows with tenant names from the view, per workspace', async () => {
    const ws1 = await request(server.app, '/api/operation-runs?workspace=1', 'all');
    assert.equal(ws1.status, 200, ws1.text);
    assert.deepEqual(
      ws1.body.data.map((r) => [r.id, r.tenant_name, r.status]),
      [
        ['0000000000000000010', null, 'running'],
        ['0000000000000000009', 'Contoso', 'completed'],
      ],
    );
    const ws2 = await request(server.app, '/api/operation-runs?workspace=2&tenant=7', 'all');
    assert.deepEqual(
      ws2.body.data.map((r) => [r.id, r.tenant_name]),
      [['0000000000000000011', 'Contoso (staging)']],
    );
  });

  it('a workspace or tenant without runs does not exist (no workspaces/tenants views), a restricted caller sees its tenant only', async () => {
    assert.equal((await request(server.app, '/api/operation-runs?workspace=3', 'all')).status, 404);
    const t = await request(server.app, '/api/operation-runs?workspace=1&tenant=8', 'all');
    assert.equal(t.status, 404);
    assert.equal(t.body.error.parameter ?? 'tenant', 'tenant');
    const r = await request(server.app, '/api/operation-runs?workspace=1', 'contoso');
    assert.deepEqual(
      r.body.data.map((x) => x.id),
      ['0000000000000000009'],
    );
    assert.equal(
      (await request(server.app, '/api/operation-runs?workspace=2', 'contoso')).status,
      404,
    );
  });

  it('the detail: milestones from the row, the events view without its milestone kinds, a contract context', async () => {
    const d = await request<DetailBody>(
      server.app,
      '/api/operation-runs/0000000000000000009?workspace=1',
      'all',
    );
    assert.equal(d.status, 200, d.text);
    assert.deepEqual(
      d.body.data.events.map((e) => [e.kind, e.message]),
      [
        ['queued', 'Queued by Ana.'],
        ['started', 'Started on w-1.'],
        ['note', 'Half way.'],
        ['completed', 'Failed: no details.'],
      ],
    );
    assert.deepEqual(d.body.data.context, { worker: 'w-1', batch: '{"size":5}' });
    const q = await request<DetailBody>(
      server.app,
      '/api/operation-runs/0000000000000000011?workspace=2',
      'all',
    );
    assert.deepEqual(q.body.data.context, {});
  });

  it('the summary reads the view too', async () => {
    const s = await request<{ data: { active: number; follow_up: number } }>(
      server.app,
      '/api/operation-runs/summary?workspace=1',
      'all',
    );
    assert.equal(s.status, 200);
    assert.equal(s.body.data.active, 1);
    assert.equal(s.body.data.follow_up, 1);
  });

  it('sent only SELECTs: no migration, no world, no seed, no exec, no transaction', async () => {
    await assert.rejects(server.tick(), /read-only/);
    assert.ok(rec.statements.length > 5);
    for (const sql of rec.statements) assert.match(sql, /^\s*SELECT\b/i, sql);
    assert.deepEqual(rec.other, []);
    const tables = await raw.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class WHERE relname IN ('runsight_migrations', 'operation_runs', 'workspaces')`,
    );
    assert.equal(tables.rows[0]?.n, 0);
  });

  it('answers no poll from memory: the host writes its table without telling the server', async () => {
    assert.equal(server.pollMemory, null);
    const path = '/api/operation-runs?workspace=2';
    const first = await request(server.app, path, 'all');
    const etag = first.headers.get('etag') as string;
    const again = await request(server.app, path, 'all', { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    await raw.exec(`UPDATE jobs SET who = 'Sam B' WHERE id = 11`);
    try {
      const changed = await request(server.app, path, 'all', { 'If-None-Match': etag });
      assert.equal(changed.status, 200);
      assert.equal(changed.body.data[0]?.initiator?.name, 'Sam B');
    } finally {
      await raw.exec(`UPDATE jobs SET who = 'Sam' WHERE id = 11`);
    }
  });

  it('relations that do not match the contract stop the start, each problem named', async () => {
    await raw.exec(
      `CREATE VIEW rs.short AS SELECT id, type, created_at::text AS created_at FROM rs.runs`,
    );
    const start = (relations: { runs: string; events?: string; tenants?: string }) =>
      createServer({ db: raw, readOnly: true, relations, listen: false, tokens: {} });
    await assert.rejects(
      start({ runs: 'rs.short', events: 'rs.nothing', tenants: 'rs.runs' }),
      (err: unknown) => {
        assert.ok(err instanceof RelationsError);
        const p = err.problems.join('\n');
        assert.match(p, /relations\.runs: rs\.short has no column workspace_id \(text\)/);
        assert.match(
          p,
          /relations\.runs: rs\.short\.created_at is text; it must be timestamp with time zone/,
        );
        assert.match(p, /relations\.events: the relation rs\.nothing does not exist/);
        // the runs view has id and workspace_id: a valid (if odd) tenants relation
        assert.doesNotMatch(p, /relations\.tenants/);
        return true;
      },
    );
  });
});

describe('own mode through relations named like a host’s', () => {
  it('a fresh database: migrated first, then the named relations checked and read', async () => {
    const server = await createServer({
      relations: {
        runs: 'runsight_runs',
        events: 'run_events',
        workspaces: 'workspaces',
        tenants: 'tenants',
      },
      clock: new ManualClock(T0),
      listen: false,
      publicDir: null,
      widgetsBundle: null,
      apiReferenceDir: null,
      simulation: { enabled: false, autoSpawn: false, warmStart: true },
    });
    try {
      const r = await request(server.app, '/api/operation-runs?workspace=ws_1&tenant=t_1');
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.data.length > 0);
      assert.ok(r.body.data.every((run) => run.tenant_name === 'Contoso'));
    } finally {
      await server.close();
    }
  });
});
