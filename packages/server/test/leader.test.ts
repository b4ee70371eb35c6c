/**
 * Leader election (leader.ts) and the WORKERS setting (cluster.ts). The election runs against a
 * real PostgreSQL server in fresh schemas when TEST_DATABASE_URL is set (as the other database
 * tests do); PGlite always leads. Several instances starting at once on an empty schema migrate
 * it once. tests/e2e/instances.test.ts covers separate processes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import {
  LEADER_LOCK_CLASS,
  LeaderElection,
  migrate,
  MIGRATIONS,
  openPglite,
  openPostgres,
  parseWorkers,
  workersProblem,
  type Db,
} from '../src/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, probe: () => boolean, timeoutMs = 5000): Promise<number> {
  const t0 = Date.now();
  while (!probe()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
  return Date.now() - t0;
}

describe('WORKERS', () => {
  it('is 1 when unset, a count, or auto (the available parallelism)', () => {
    assert.equal(parseWorkers(undefined), 1);
    assert.equal(parseWorkers(''), 1);
    assert.equal(parseWorkers('3'), 3);
    assert.equal(parseWorkers(' AUTO ', 6), 6);
    assert.equal(parseWorkers('auto', 1), 1);
    for (const bad of ['0', '-1', '1.5', 'two', '257']) {
      assert.throws(() => parseWorkers(bad), /WORKERS must be auto or an integer from 1 to 256/);
    }
  });

  it('more than one needs PostgreSQL: PGlite is one process per data directory', () => {
    assert.equal(workersProblem(1, undefined), null);
    assert.equal(workersProblem(4, 'postgres://db/runsight'), null);
    assert.match(
      workersProblem(2, undefined) ?? '',
      /^WORKERS=2 needs PostgreSQL \(DATABASE_URL\)/,
    );
  });
});

describe('leader election on PGlite', () => {
  it('always leads (one process per data directory)', async () => {
    const db = await openPglite();
    const changes: boolean[] = [];
    const election = await LeaderElection.start({ db, onChange: (l) => changes.push(l) });
    assert.equal(election.leader, true);
    assert.equal(election.elected, false);
    await election.close();
    assert.equal(election.leader, false);
    await db.close();
  });
});

const url = process.env.TEST_DATABASE_URL;
if (url)
  describe('leader election on PostgreSQL', () => {
    let admin: pg.Client;
    const schemas: string[] = [];
    const dbs: Db[] = [];
    const elections: LeaderElection[] = [];

    const open = async (schema: string): Promise<Db> => {
      const db = await openPostgres(url as string, { schema, max: 2 });
      dbs.push(db);
      return db;
    };
    const newSchema = async (): Promise<string> => {
      const schema = `leader_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      await admin.query(`CREATE SCHEMA ${schema}`);
      schemas.push(schema);
      return schema;
    };
    const elect = async (db: Db, log: string[] = []): Promise<LeaderElection> => {
      const e = await LeaderElection.start({
        db,
        retryMs: 100,
        onChange: (leader, reason) => log.push(`${leader ? 'leader' : 'follower'}: ${reason}`),
      });
      elections.push(e);
      return e;
    };

    before(async () => {
      admin = new pg.Client({ connectionString: url });
      await admin.connect();
    });

    after(async () => {
      for (const e of elections) await e.close();
      for (const db of dbs) await db.close();
      for (const s of schemas) await admin.query(`DROP SCHEMA ${s} CASCADE`);
      await admin.end();
    });

    it('one leader per schema; its end hands the lock to a follower within the retry interval', async () => {
      const schema = await newSchema();
      const logs: string[][] = [[], [], []];
      const a = await elect(await open(schema), logs[0]);
      const b = await elect(await open(schema), logs[1]);
      const c = await elect(await open(schema), logs[2]);
      assert.deepEqual(
        [a.leader, b.leader, c.leader],
        [true, false, false],
        'the first to try leads',
      );
      assert.deepEqual(logs, [
        ['leader: took the leader lock'],
        ['follower: another instance holds the leader lock'],
        ['follower: another instance holds the leader lock'],
      ]);
      // the lock is visible in pg_locks: one holder
      const held = await admin.query(
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objsubid = 2
          AND objid = hashtext($2)::oid AND granted`,
        [LEADER_LOCK_CLASS, schema],
      );
      assert.equal(held.rows.length, 1);
      // another schema of the same database has a leader of its own
      const other = await elect(await open(await newSchema()));
      assert.equal(other.leader, true);

      await a.close();
      const ms = await until('a follower to take over', () => b.leader || c.leader);
      assert.ok(ms < 100 + 1000, `within the retry interval: ${ms} ms`);
      await sleep(300);
      assert.equal(Number(b.leader) + Number(c.leader), 1, 'exactly one of them');
    });

    it('six instances starting at once on an empty schema migrate it once', async () => {
      for (let round = 0; round < 3; round++) {
        const schema = await newSchema();
        const many = await Promise.all(Array.from({ length: 6 }, () => open(schema)));
        const applied = await Promise.all(many.map((db) => migrate(db)));
        const versions = applied.flat().sort((x, y) => x - y);
        assert.deepEqual(
          versions,
          MIGRATIONS.map((m) => m.version),
          'each migration applied by exactly one of them',
        );
      }
    });

    it('a leader whose session is terminated steps down, and takes the lock again once it can', async () => {
      const schema = await newSchema();
      const log: string[] = [];
      const a = await elect(await open(schema), log);
      assert.equal(a.leader, true);
      const holder = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objsubid = 2
          AND objid = hashtext($2)::oid AND granted`,
        [LEADER_LOCK_CLASS, schema],
      );
      const pid = holder.rows[0]?.pid;
      assert.ok(pid !== undefined);
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await until('the leader to step down', () => !a.leader);
      await until('the leader to lead again', () => a.leader);
      assert.deepEqual(log, [
        'leader: took the leader lock',
        'follower: its database connection was lost',
        'leader: took the leader lock',
      ]);
    });
  });
