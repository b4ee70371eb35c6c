/**
 * End-to-end: several stateless server instances on one PostgreSQL database (issue 15,
 * docs/deployment.md), on the real PostgreSQL of TEST_DATABASE_URL, in fresh databases.
 *
 * Two instances run as processes of their own (tests/e2e/instances-child.ts: `createServer` over
 * DATABASE_URL, controlled over an IPC channel), started at the same moment on an empty database:
 * - they migrate and seed once;
 * - the same query gives the same body and the same ETag on both;
 * - a write through one (its simulator's spawn) is a 200 with a new ETag in the next conditional
 *   poll through the other (migration 4's NOTIFY crosses instances); unchanged polls are 304 on
 *   both;
 * - exactly one is the leader (holds the advisory lock) and runs the simulator; killed, the other
 *   takes over within the retry interval.
 * In-process, two servers with a pool each on one schema: both reconcilers, run at the same
 * instants, force-fail each stale run exactly once. And `runsight-server` with WORKERS=2
 * (node:cluster): both workers answer on one port, one leads, SIGTERM stops them all; with
 * PGlite, WORKERS=2 is refused.
 *
 * Without TEST_DATABASE_URL the test starts a private PostgreSQL cluster of its own (as
 * sidecar.test.ts does) and says so; without PostgreSQL's server binaries it fails and says what
 * to install.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres \
 *     node --conditions=source --import tsx --test tests/e2e/instances.test.ts
 */
import assert from 'node:assert/strict';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import {
  createServer,
  LEADER_LOCK_CLASS,
  ManualClock,
  openPostgres,
  WORKER_HEADER,
  type RunsightServer,
} from '@runsight/server';
import type { ChildCommand, ChildMessage, ChildRequest, ChildStatus } from './instances-child.js';
import { Cluster } from './pg-cluster.js';
import { client, dbUrl, quoteIdent } from './sidecar-support.js';
import { ROOT, until } from './support.js';

const CHILD = join(ROOT, 'tests/e2e/instances-child.ts');
const MAIN = join(ROOT, 'packages/server/src/main.ts');
const TSX = ['--conditions=source', '--import', 'tsx'];
const LEADER_RETRY_MS = 500;
const HISTORY = 300;
const AUTH = { Authorization: 'Bearer demo-admin' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// --- an instance as a child process ------------------------------------------------------------

class Instance {
  readonly name: string;
  readonly child: ChildProcess;
  output = '';
  #next = 1;
  readonly #pending = new Map<number, (m: ChildMessage) => void>();
  readonly ready: Promise<ChildStatus>;
  readonly exited: Promise<void>;

  constructor(name: string, databaseUrl: string, seed: number) {
    this.name = name;
    this.child = fork(CHILD, [], {
      cwd: ROOT,
      execArgv: TSX,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        HISTORY: String(HISTORY),
        LEADER_RETRY_MS: String(LEADER_RETRY_MS),
        SEED: String(seed),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child.stdout?.on('data', (b: Buffer) => (this.output += b.toString()));
    this.child.stderr?.on('data', (b: Buffer) => (this.output += b.toString()));
    this.exited = new Promise((r) => this.child.once('exit', () => r()));
    this.ready = new Promise((resolve, reject) => {
      this.child.once('exit', (code, signal) =>
        reject(new Error(`instance ${name} exited (${code ?? signal}):\n${this.output}`)),
      );
      this.child.on('message', (raw) => {
        const m = raw as ChildMessage;
        if (m.type === 'ready') resolve(m);
        else this.#pending.get(m.id)?.(m);
      });
    });
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  call<T>(req: ChildCommand): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no answer`)), 15_000);
      this.#pending.set(id, (m) => {
        clearTimeout(timer);
        this.#pending.delete(id);
        if (m.type === 'reply' && 'error' in m) reject(new Error(`${this.name}: ${m.error}`));
        else if (m.type === 'reply') resolve(m.result as T);
      });
      this.child.send({ ...req, id } as ChildRequest);
    });
  }

  status(): Promise<ChildStatus> {
    return this.call<ChildStatus>({ cmd: 'status' });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.alive) return;
    this.child.kill(signal);
    await this.exited;
  }
}

// --- HTTP ------------------------------------------------------------------------------------

interface Answer {
  status: number;
  etag: string | null;
  /** The body without the instants that change with every request (not part of the ETag). */
  body: unknown;
  text: string;
}

/**
 * Drops what moves with the instant of the request, not with the data (the ETag leaves it out):
 * `server_time`, `evaluated_at`, and the summary's default window start `completed_since`.
 */
const MOMENTS = new Set(['server_time', 'evaluated_at', 'completed_since']);
function timeless(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(timeless);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !MOMENTS.has(k))
        .map(([k, v]) => [k, timeless(v)]),
    );
  }
  return value;
}

async function get(url: string, etag?: string | null): Promise<Answer> {
  const headers: Record<string, string> = { ...AUTH };
  if (etag) headers['If-None-Match'] = etag;
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  return {
    status: res.status,
    etag: res.headers.get('etag'),
    body: text === '' ? null : timeless(JSON.parse(text)),
    text,
  };
}

/** A request on a connection of its own (no keep-alive): the cluster may hand it to any worker. */
function getFresh(url: string): Promise<{ status: number; worker: string | null }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { Connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => {
        const w = res.headers[WORKER_HEADER.toLowerCase()];
        resolve({ status: res.statusCode ?? 0, worker: typeof w === 'string' ? w : null });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every migration applied, each by exactly one of the instances (their logs say which). */
async function assertMigratedOnce(db: pg.Client, output: string): Promise<void> {
  const applied = [...output.matchAll(/applied migrations ([\d, ]+)/g)].flatMap((m) =>
    (m[1] ?? '').split(',').map((v) => Number(v.trim())),
  );
  const versions = await db.query<{ version: number }>(
    'SELECT version FROM runsight_migrations ORDER BY version',
  );
  assert.ok(versions.rows.length > 0);
  assert.deepEqual(
    [...applied].sort((x, y) => x - y),
    versions.rows.map((r) => r.version),
    `each migration applied once:\n${output}`,
  );
}

// --- the tests --------------------------------------------------------------------------------

describe('several instances on one PostgreSQL', () => {
  let URL_ = process.env.TEST_DATABASE_URL ?? '';
  let cluster: Cluster | null = null;
  const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const databases = {
    main: `runsight_instances_${suffix}`,
    race: `runsight_instances_race_${suffix}`,
    workers: `runsight_instances_workers_${suffix}`,
  };
  let admin: pg.Client;
  let db: pg.Client;
  const instances: Instance[] = [];
  let a: Instance;
  let b: Instance;
  let statusA: ChildStatus;
  let statusB: ChildStatus;

  before(async () => {
    if (URL_ === '') {
      console.warn(
        'instances e2e: TEST_DATABASE_URL is not set; starting a private PostgreSQL cluster',
      );
      cluster = await Cluster.create();
      URL_ = cluster.url;
    }
    admin = await client(URL_);
    for (const name of Object.values(databases))
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    db = await client(dbUrl(URL_, databases.main));
    // both at the same moment, on an empty database: migrations and the seed race
    a = new Instance('A', dbUrl(URL_, databases.main), 101);
    b = new Instance('B', dbUrl(URL_, databases.main), 202);
    instances.push(a, b);
    [statusA, statusB] = await Promise.all([a.ready, b.ready]);
  });

  after(async () => {
    await Promise.all(instances.map((i) => i.kill()));
    await db?.end().catch(() => undefined);
    if (admin !== undefined) {
      for (const name of Object.values(databases)) {
        await admin
          .query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
          .catch(() => undefined);
      }
      await admin.end();
    }
    cluster?.destroy();
  });

  it('two instances started at once on an empty database migrate and seed it once', async () => {
    const runs = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM operation_runs');
    assert.equal(runs.rows[0]?.n, HISTORY, 'the history is seeded once');
    const output = a.output + b.output;
    await assertMigratedOnce(db, output);
    assert.equal(output.match(/seeded \d+ completed runs/g)?.length, 1, output);
  });

  it('the same query gives the same body and the same ETag on both, and a cursor of one pages on the other', async () => {
    const first = await get(`${statusA.url}/api/operation-runs?workspace=ws_1&limit=50`);
    assert.equal(first.status, 200);
    const runId = (first.body as { data: { id: string }[] }).data[0]?.id;
    assert.ok(runId);
    const paths = [
      '/api/operation-runs?workspace=ws_1&limit=50',
      '/api/operation-runs?workspace=ws_1&sort=attention&limit=20',
      '/api/operation-runs?workspace=ws_2&status=completed&limit=10',
      '/api/operation-runs/summary?workspace=ws_1',
      `/api/operation-runs/${runId}?workspace=ws_1`,
    ];
    for (const path of paths) {
      const [onA, onB] = await Promise.all([get(statusA.url + path), get(statusB.url + path)]);
      assert.equal(onA.status, 200, path);
      assert.equal(onB.status, 200, path);
      assert.ok(onA.etag, path);
      assert.equal(onB.etag, onA.etag, `${path}: the same ETag on both`);
      assert.deepEqual(onB.body, onA.body, `${path}: the same body on both`);
    }
    // a cursor from one instance pages on the other (no sticky sessions)
    const page1 = await get(`${statusA.url}/api/operation-runs?workspace=ws_1&limit=25`);
    const cursor = (page1.body as { meta: { next_cursor: string | null } }).meta.next_cursor;
    assert.ok(cursor, 'a second page');
    const page2 = `/api/operation-runs?workspace=ws_1&limit=25&cursor=${encodeURIComponent(cursor)}`;
    const [p2a, p2b] = await Promise.all([get(statusA.url + page2), get(statusB.url + page2)]);
    assert.equal(p2b.status, 200);
    assert.equal(p2b.etag, p2a.etag);
    assert.deepEqual(p2b.body, p2a.body, "page 2 through B with A's cursor");
  });

  it('a write through one instance is a 200 with a new ETag in the next poll through the other; unchanged polls are 304 on both', async (t) => {
    const list = '/api/operation-runs?workspace=ws_1&limit=20';
    const e0 = (await get(statusA.url + list)).etag;
    assert.ok(e0);
    assert.equal((await get(statusB.url + list)).etag, e0);
    for (const url of [statusA.url, statusB.url]) {
      assert.equal((await get(url + list, e0)).status, 304, `${url}: unchanged`);
    }

    let etag = e0;
    for (const [writer, reader] of [
      [a, statusB],
      [b, statusA],
    ] as const) {
      // a run that stays queued (no worker): nothing else changes while the test looks
      const spawned = await writer.call<{ id: string }>({
        cmd: 'spawn',
        opts: { workspace: 'ws_1', tenant: 't_1', behaviour: 'stuck_queued', type: 'restore.run' },
      });
      const committedAt = Date.now();
      // the other instance learns of it by migration 4's NOTIFY (milliseconds): the next poll
      // after that is a 200
      await sleep(200);
      const next = await get(reader.url + list, etag);
      assert.equal(next.status, 200, `${writer.name}'s write, polled through the other instance`);
      assert.notEqual(next.etag, etag, 'a new ETag');
      const ids = (next.body as { data: { id: string }[] }).data.map((r) => r.id);
      assert.ok(ids.includes(spawned.id), `the new run ${spawned.id} is listed`);
      const other = writer === a ? statusA : statusB;
      const own = await get(other.url + list, etag);
      assert.equal(own.status, 200, 'and through the writer');
      assert.equal(own.etag, next.etag, 'the same new ETag on both');
      etag = next.etag as string;
      for (const url of [statusA.url, statusB.url]) {
        assert.equal((await get(url + list, etag)).status, 304, `${url}: unchanged since`);
        assert.equal((await get(url + list, etag)).status, 304, `${url}: unchanged since`);
      }
      t.diagnostic(
        `${writer.name}'s write seen through the other within ${Date.now() - committedAt} ms`,
      );
    }
  });

  it('exactly one instance is the leader and runs the simulator; killed, the other takes over within the retry interval', async (t) => {
    const [sa, sb] = await Promise.all([a.status(), b.status()]);
    assert.equal(
      Number(sa.leader) + Number(sb.leader),
      1,
      `exactly one leader:\nA: ${a.output}\nB: ${b.output}`,
    );
    const [leader, follower] = sa.leader ? [a, b] : [b, a];
    const output = a.output + b.output;
    assert.equal(output.match(/runsight: leader \(/g)?.length, 1, output);
    assert.equal(output.match(/runsight: follower \(/g)?.length, 1, output);
    const locks = await db.query<{ pid: number }>(
      `SELECT pid FROM pg_locks
        WHERE locktype = 'advisory' AND classid = $1 AND objsubid = 2 AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [LEADER_LOCK_CLASS],
    );
    assert.equal(locks.rows.length, 1, 'one session holds the leader lock');

    // a short run through each: only the leader's simulator moves its own
    const quick = {
      workspace: 'ws_2',
      tenant: null,
      type: 'inventory.sync',
      behaviour: 'normal',
      outcome: 'succeeded',
      queueS: 0.2,
      durationS: 0.5,
    } as const;
    const led = await leader.call<{ id: string }>({ cmd: 'spawn', opts: quick });
    const followed = await follower.call<{ id: string }>({ cmd: 'spawn', opts: quick });
    const statusOf = async (id: string) =>
      (await db.query<{ status: string }>('SELECT status FROM operation_runs WHERE id = $1', [id]))
        .rows[0]?.status;
    await until(
      'the leader to run its run to the end',
      async () => ((await statusOf(led.id)) === 'completed' ? true : null),
      { timeoutMs: 20_000, stepMs: 50 },
    );
    await sleep(1500);
    assert.equal(await statusOf(followed.id), 'queued', 'the follower runs no simulator');

    await leader.kill('SIGKILL');
    const killedAt = Date.now();
    await until(
      'the follower to take over',
      async () => ((await follower.status()).leader ? true : null),
      { timeoutMs: LEADER_RETRY_MS + 10_000, stepMs: 20 },
    );
    const tookMs = Date.now() - killedAt;
    t.diagnostic(`the follower took over ${tookMs} ms after the leader was killed`);
    assert.ok(
      tookMs <= LEADER_RETRY_MS + 1500,
      `took over within the retry interval (${LEADER_RETRY_MS} ms) + 1.5 s: ${tookMs} ms`,
    );
    assert.match(follower.output, /runsight: leader \(pid \d+, took the leader lock\)/);
    // the new leader's simulator now moves the run it was given
    await until(
      'the new leader to run its run',
      async () => ((await statusOf(followed.id)) === 'completed' ? true : null),
      { timeoutMs: 20_000, stepMs: 50 },
    );
  });

  it('two reconcilers at the same instants force-fail each stale run exactly once', async () => {
    const url = dbUrl(URL_, databases.race);
    const clock = new ManualClock(Date.now());
    const servers: RunsightServer[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        servers.push(
          await createServer({
            db: await openPostgres(url, { max: 4 }),
            clock,
            timeScale: 1,
            reconcileGraceS: 60,
            simulation: { enabled: false, autoSpawn: false, warmStart: false, seed: i + 1 },
            listen: false,
            rateLimit: false,
          }),
        );
      }
      const [s1, s2] = servers as [RunsightServer, RunsightServer];
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const spawned = await (i % 2 === 0 ? s1 : s2).simulator.spawn({
          workspace: 'ws_1',
          tenant: 't_1',
          type: 'inventory.sync',
          behaviour: i % 3 === 0 ? 'stuck_queued' : 'dies',
          queueS: 1,
          dieAfterS: 2,
        });
        ids.push(spawned.id);
      }
      clock.advance(5_000);
      await Promise.all([s1.simulator.tick(), s2.simulator.tick()]);
      // far past every lifecycle window: likely stale, then past the grace period
      const reconciled: string[] = [];
      for (const stepMs of [86_400_000, 30_000, 61_000, 1_000, 1_000]) {
        clock.advance(stepMs);
        const reports = await Promise.all([s1.reconciler.tick(), s2.reconciler.tick()]);
        for (const r of reports) reconciled.push(...r.reconciled);
      }
      assert.deepEqual(
        [...reconciled].sort(),
        [...ids].sort(),
        'each run force-failed by exactly one of the two reconcilers',
      );
      const rows = await s1.db.query<{ id: string; status: string; outcome: string }>(
        `SELECT id, status, outcome FROM operation_runs WHERE id = ANY($1::text[])`,
        [ids],
      );
      assert.ok(rows.rows.every((r) => r.status === 'completed' && r.outcome === 'failed'));
      for (const id of ids) {
        const res = await s2.app.request(`/api/operation-runs/${id}?workspace=ws_1`, {
          headers: AUTH,
        });
        assert.equal(res.status, 200);
        const detail = (await res.json()) as { data: { events: { kind: string }[] } };
        assert.equal(
          detail.data.events.filter((e) => e.kind === 'reconciled').length,
          1,
          `${id}: one reconciled event`,
        );
      }
    } finally {
      for (const s of servers) {
        await s.close();
        await s.db.close();
      }
    }
  });

  it('WORKERS=2: two worker processes answer on one port, one leads, a killed one is replaced, SIGTERM stops them all', async (t) => {
    const child = spawn(process.execPath, [...TSX, MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        WORKERS: '2',
        DATABASE_URL: dbUrl(URL_, databases.workers),
        PORT: '0',
        HISTORY: '50',
        TICK_MS: '200',
        RATE_LIMIT: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await until(
        'two workers to serve',
        () => {
          assert.equal(child.exitCode, null, `the primary exited:\n${output}`);
          return (output.match(/worker \d+ \(pid \d+\) serving/g)?.length ?? 0) >= 2 ? true : null;
        },
        { timeoutMs: 60_000, stepMs: 100 },
      );
      const base = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      assert.ok(base, output);
      const workerPids = [...output.matchAll(/worker \d+ \(pid (\d+)\) serving/g)].map((m) =>
        Number(m[1]),
      );
      const seen = new Set<string>();
      for (let i = 0; i < 200 && seen.size < 2; i++) {
        const res = await getFresh(`${base}/healthz`);
        assert.equal(res.status, 200);
        if (res.worker !== null) seen.add(res.worker);
      }
      assert.deepEqual([...seen].sort(), ['1', '2'], 'both workers answer');
      await until(
        'a leader among the workers',
        () => (/runsight: leader \(/.test(output) ? true : null),
        { timeoutMs: 20_000, stepMs: 50 },
      );
      await sleep(500);
      assert.equal(output.match(/runsight: leader \(/g)?.length, 1, output);
      const workersDb = await client(dbUrl(URL_, databases.workers));
      await assertMigratedOnce(workersDb, output).finally(() => workersDb.end());

      // a worker that dies is replaced; the others keep serving meanwhile
      const leaderPid = Number(/runsight: leader \(pid (\d+)/.exec(output)?.[1]);
      assert.ok(workerPids.includes(leaderPid), output);
      process.kill(leaderPid, 'SIGKILL');
      await until(
        'the killed worker to be replaced',
        () => (/exited \(signal SIGKILL\); replacing it[\s\S]*serving/.test(output) ? true : null),
        { timeoutMs: 30_000, stepMs: 100 },
      );
      workerPids.push(
        ...[...output.matchAll(/worker \d+ \(pid (\d+)\) serving/g)]
          .map((m) => Number(m[1]))
          .filter((pid) => !workerPids.includes(pid)),
      );
      assert.equal(workerPids.length, 3, output);
      // and the leader's work moves to a surviving worker
      await until(
        'another worker to lead',
        () => ((output.match(/runsight: leader \(/g)?.length ?? 0) === 2 ? true : null),
        { timeoutMs: 10_000, stepMs: 100 },
      );
      assert.equal((await getFresh(`${base}/healthz`)).status, 200);

      child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(20_000).then(() => 'timeout' as const)]);
      assert.equal(code, 0, `the primary exits 0 once its workers have:\n${output}`);
      for (const pid of workerPids) {
        assert.throws(() => process.kill(pid, 0), `worker ${pid} is gone`);
      }
      t.diagnostic(`workers ${workerPids.join(', ')} answered; stopped by SIGTERM`);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('WORKERS=2 without PostgreSQL is refused in one line (exit 2)', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, WORKERS: '2', DATA_DIR: 'memory' };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [...TSX, MAIN], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /^runsight: WORKERS=2 needs PostgreSQL \(DATABASE_URL\): [^\n]+\n$/);
  });
});
