/**
 * Unchanged polls answered from memory (poll-memory.ts, changes.ts): a conditional poll of
 * unchanged data is a 304 with no database query; a write through the server, a run turning
 * likely stale with no write, and a write through another instance on the same PostgreSQL each
 * give a new 200 at the right moment; grants never share an answer; the memory is bounded.
 * PGlite always, PostgreSQL when TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import pg from 'pg';
import { deriveActiveState } from '@runsight/active-state';
import {
  ChangeVersions,
  createServer,
  listenForChanges,
  PollMemory,
  insertRuns,
  ManualClock,
  openPostgres,
  scaledPolicies,
  type Db,
  type ListenHandlers,
  type RunsightServer,
  type TokenMap,
  type WireSummaryEnvelope,
} from '../src/index.js';
import { at, backends, request, run, T0, truncate, type ErrorBody } from './helpers.js';

const policies = scaledPolicies(1);
const TOKENS: TokenMap = {
  admin: { name: 'admin', workspaces: '*' },
  'admin-2': { name: 'another admin', workspaces: '*' },
  contoso: { name: 'Contoso only', workspaces: { ws_1: ['t_1'] } },
};

/** `db` counting its statements (queries, execs, transactions). */
function counting(db: Db): { db: Db; count: () => number } {
  let n = 0;
  return {
    count: () => n,
    db: {
      kind: db.kind,
      query: (sql, params) => {
        n += 1;
        return db.query(sql, params);
      },
      exec: (sql) => {
        n += 1;
        return db.exec(sql);
      },
      transaction: (fn) => {
        n += 1;
        return db.transaction(fn);
      },
      listen: db.listen?.bind(db),
      close: () => db.close(),
    },
  };
}

/** A running run past expected at T0 that turns likely stale later. */
const stuck = () =>
  run('r_stuck', {
    tenantId: 't_1',
    status: 'running',
    outcome: 'pending',
    createdAt: at(-600),
    startedAt: at(-590),
    completedAt: null,
    lastHeartbeatAt: at(-5),
    lifecycle: { expectedBy: at(-60), staleAfter: at(90), heartbeatTimeoutS: 3600 },
    progress: { total: 100, processed: 40, succeeded: 40, failed: 0 },
  });

/**
 * Waits until the notifications of the server's own writes have arrived (PostgreSQL delivers
 * them after the commit; each one moves the version once more).
 */
async function quiet(server: RunsightServer): Promise<void> {
  let last = server.changes?.version('ws_1');
  let stableSince = Date.now();
  const deadline = Date.now() + 3000;
  while (Date.now() - stableSince < 100 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
    const v = server.changes?.version('ws_1');
    if (v !== last) {
      last = v;
      stableSince = Date.now();
    }
  }
}

const LIST = '/api/operation-runs?workspace=ws_1';
const SUMMARY = '/api/operation-runs/summary?workspace=ws_1';
const DETAIL = '/api/operation-runs/r_stuck?workspace=ws_1';

for (const backend of backends()) {
  describe(`unchanged polls from memory (${backend.name})`, () => {
    let raw: Db;
    let counted: ReturnType<typeof counting>;
    let clock: ManualClock;
    let server: RunsightServer;
    const open = async (pollMemory?: { maxEntries?: number; maxBodyChars?: number }) => {
      clock = new ManualClock(T0);
      server = await createServer({
        db: counted.db,
        clock,
        policies,
        tokens: TOKENS,
        listen: false,
        rateLimit: false,
        publicDir: null,
        widgetsBundle: null,
        apiReferenceDir: null,
        simulation: { enabled: false, autoSpawn: false, warmStart: false },
        pollMemory,
      });
      await truncate(server.db);
      await insertRuns(server.db, [
        stuck(),
        run('r_done', { tenantId: 't_2' }),
        run('r_failed', { tenantId: 't_1', outcome: 'failed' }),
      ]);
      await quiet(server);
    };
    const get = (path: string, token = 'admin', etag?: string) =>
      request<ErrorBody & Record<string, unknown>>(
        server.app,
        path,
        token,
        etag === undefined ? {} : { 'If-None-Match': etag },
      );
    /** A conditional poll: its status and how many statements the database saw for it. */
    const poll = async (path: string, etag: string, token = 'admin') => {
      const before = counted.count();
      const res = await get(path, token, etag);
      return { res, queries: counted.count() - before };
    };

    before(async () => {
      raw = await backend.open();
      counted = counting(raw);
    });
    afterEach(() => server.close());
    after(() => raw.close());

    it('answers an unchanged conditional poll with 304 and no database query', async () => {
      await open();
      for (const path of [LIST, `${LIST}&sort=attention&limit=2`, SUMMARY, DETAIL]) {
        const first = await get(path);
        assert.equal(first.status, 200, first.text);
        const etag = first.headers.get('etag') as string;
        const { res, queries } = await poll(path, etag);
        assert.equal(res.status, 304, path);
        assert.equal(queries, 0, `${path}: no database query`);
        assert.equal(res.headers.get('etag'), etag);
        assert.equal(res.headers.get('cache-control'), 'private, no-cache');
        assert.equal(res.text, '');
        // another ETag is no match: a 200 (its text from memory, next test)
        assert.equal((await get(path, 'admin', 'W/"other"')).status, 200);
      }
      // two spellings of one query share the answer
      const a = await get(`${LIST}&status=running,completed&limit=10`);
      const b = await poll(
        `${LIST}&limit=10&status=completed,running`,
        a.headers.get('etag') as string,
      );
      assert.deepEqual([b.res.status, b.queries], [304, 0]);
    });

    it('answers an unchanged 200 from its remembered text, at the request instant', async () => {
      await open();
      for (const path of [LIST, `${LIST}&sort=attention&limit=2`, SUMMARY, DETAIL]) {
        const first = await get(path);
        assert.equal(first.status, 200, first.text);
        clock.set(T0 + 1500);
        // a poll without If-None-Match (a new tab), and one with another answer's ETag
        for (const etag of [undefined, 'W/"other"']) {
          const before = counted.count();
          const again = await get(path, 'admin', etag);
          assert.equal(counted.count() - before, 0, `${path}: no database query`);
          assert.equal(again.status, 200);
          assert.equal(again.headers.get('etag'), first.headers.get('etag'));
          // the text the normal path sends, with the instants of this request
          const later = new Date(T0 + 1500).toISOString();
          assert.equal(
            again.text,
            first.text
              .replaceAll(new Date(T0).toISOString(), later)
              .replaceAll(
                new Date(T0 - 86_400_000).toISOString(),
                new Date(T0 + 1500 - 86_400_000).toISOString(),
              ),
          );
          assert.ok(again.text.includes(later), path);
        }
        clock.set(T0);
      }
      // after a write: from the database again
      const etag = (await get(LIST)).headers.get('etag');
      await insertRuns(server.db, [run('r_new2', { tenantId: 't_1', createdAt: at(-1) })]);
      const before = counted.count();
      const fresh = await get(LIST);
      assert.ok(counted.count() - before > 0);
      assert.notEqual(fresh.headers.get('etag'), etag);
      assert.equal((fresh.body.data as { id: string }[])[0]?.id, 'r_new2');
    });

    it('keeps answer texts within maxBodyChars, and still answers 304s beyond it', async () => {
      await open({ maxBodyChars: 1 });
      const first = await get(LIST);
      const etag = first.headers.get('etag') as string;
      const unconditional = await poll(LIST, 'W/"other"');
      assert.equal(unconditional.res.status, 200);
      assert.ok(unconditional.queries > 0, 'no text kept: from the database');
      assert.deepEqual((await poll(LIST, etag)).queries, 0);
      assert.equal(server.pollMemory?.bodyChars, 0);
    });

    it('answers with a new 200 after a write through the server', async () => {
      await open();
      const first = await get(LIST);
      const etag = first.headers.get('etag') as string;
      assert.deepEqual((await poll(LIST, etag)).queries, 0);
      await insertRuns(server.db, [run('r_new', { tenantId: 't_1', createdAt: at(-1) })]);
      // the next poll, right after the write: no notification needed (the write path bumps)
      const next = await poll(LIST, etag);
      assert.equal(next.res.status, 200);
      assert.equal((next.res.body.data as { id: string }[])[0]?.id, 'r_new');
      // the simulator and the reconciler write through the same Db
      await quiet(server);
      const etag2 = (await get(LIST)).headers.get('etag') as string;
      assert.equal((await poll(LIST, etag2)).res.status, 304);
      await server.simulator.spawn({ tenant: 'Contoso', type: 'inventory.sync' });
      assert.equal((await poll(LIST, etag2)).res.status, 200);
      await quiet(server);
      // likely stale: nothing changes with time any more, until the reconciler fails the run
      clock.set(at(3600));
      const d = await get(DETAIL);
      const detailEtag = d.headers.get('etag') as string;
      assert.deepEqual((await poll(DETAIL, detailEtag)).queries, 0);
      await server.reconciler.tick();
      await quiet(server);
      clock.set(at(3600 + 3600));
      await server.reconciler.tick();
      const detail = await poll(DETAIL, detailEtag);
      assert.equal(detail.res.status, 200);
      assert.equal((detail.res.body.data as { status: string }).status, 'completed');
    });

    it('answers with a new 200 when a run turns likely stale with no write, not before', async () => {
      await open();
      // from the instant the run is past expected, to the one it turns likely stale
      const derive = (now: number) =>
        deriveActiveState(
          { ...stuck(), tenantName: 'Contoso', freshness: null },
          { now, policies },
        );
      let now = T0;
      for (let i = 0; i < 3 && derive(now).freshness !== 'past_expected'; i++) {
        now = derive(now).nextChangeAt?.getTime() ?? now;
      }
      assert.equal(derive(now).freshness, 'past_expected');
      clock.set(now);
      const staleAt = derive(now).nextChangeAt as Date;
      assert.equal(derive(staleAt.getTime()).freshness, 'likely_stale');
      const stale = `${LIST}&freshness=likely_stale`;
      const paths = [LIST, stale, SUMMARY, DETAIL];
      const etags = new Map<string, string>();
      for (const path of paths) etags.set(path, (await get(path)).headers.get('etag') as string);
      assert.deepEqual((await get(stale)).body.data, []);

      clock.set(staleAt.getTime() - 1);
      for (const path of paths) {
        const { res, queries } = await poll(path, etags.get(path) as string);
        assert.deepEqual([res.status, queries], [304, 0], path);
      }
      clock.set(staleAt);
      for (const path of paths) {
        const { res } = await poll(path, etags.get(path) as string);
        assert.equal(res.status, 200, path);
      }
      assert.deepEqual(
        ((await get(stale)).body.data as { id: string }[]).map((r) => r.id),
        ['r_stuck'],
      );
      const summary = (await get(SUMMARY)).body as unknown as WireSummaryEnvelope;
      assert.equal(summary.data.likely_stale, 1);
    });

    it('never shares an answer between grants; equal grants share it', async () => {
      await open();
      const wide = await get(LIST, 'admin');
      const wideEtag = wide.headers.get('etag') as string;
      assert.equal((wide.body.data as unknown[]).length, 3);
      // a restricted caller presenting the wider answer's ETag gets its own answer
      const narrow = await poll(LIST, wideEtag, 'contoso');
      assert.equal(narrow.res.status, 200);
      const ids = (narrow.res.body.data as { id: string; tenant_id: string }[]).map((r) => r.id);
      assert.deepEqual(ids.sort(), ['r_failed', 'r_stuck']);
      assert.notEqual(narrow.res.headers.get('etag'), wideEtag);
      assert.equal((await poll(LIST, wideEtag, 'contoso')).res.status, 200);
      // and the other way round
      const narrowEtag = narrow.res.headers.get('etag') as string;
      assert.equal((await poll(LIST, narrowEtag, 'admin')).res.status, 200);
      // a tenant outside the grant stays a 404, also after the wider caller's answer
      await get(`${LIST}&tenant=t_2`, 'admin');
      assert.equal((await get(`${LIST}&tenant=t_2`, 'contoso', '*')).status, 404);
      // another token with the same grant: the same remembered answer
      const same = await poll(LIST, wideEtag, 'admin-2');
      assert.deepEqual([same.res.status, same.queries], [304, 0]);
    });

    it('keeps a bounded number of answers, the most recently used', async () => {
      await open({ maxEntries: 3 });
      const etags: string[] = [];
      for (let limit = 1; limit <= 5; limit++) {
        etags.push((await get(`${LIST}&limit=${limit}`)).headers.get('etag') as string);
      }
      const oldest = await poll(`${LIST}&limit=1`, etags[0] as string);
      assert.equal(oldest.res.status, 304);
      assert.ok(oldest.queries > 0, 'forgotten: answered from the database');
      const newest = await poll(`${LIST}&limit=5`, etags[4] as string);
      assert.deepEqual([newest.res.status, newest.queries], [304, 0]);
    });
  });
}

const url = process.env.TEST_DATABASE_URL;
if (url) {
  describe('two instances on one PostgreSQL', () => {
    const schema = `test_${process.pid}_two_${Math.random().toString(36).slice(2, 8)}`;
    let admin: pg.Client;
    let dbs: Db[] = [];
    let a: RunsightServer;
    let b: RunsightServer;
    const opts = {
      policies,
      tokens: TOKENS,
      listen: false,
      rateLimit: false as const,
      publicDir: null,
      widgetsBundle: null,
      apiReferenceDir: null,
      simulation: { enabled: false, autoSpawn: false, warmStart: false },
    };

    before(async () => {
      admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      dbs = [
        await openPostgres(url, { schema, max: 2 }),
        await openPostgres(url, { schema, max: 2 }),
      ];
      a = await createServer({ ...opts, db: dbs[0] });
      b = await createServer({ ...opts, db: dbs[1] });
    });
    after(async () => {
      await a.close();
      await b.close();
      for (const db of dbs) await db.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    });

    /** Polls `path` on `server` with `etag` until it is no longer a 304 (the notification's latency). */
    const until200 = async (server: RunsightServer, path: string, etag: string) => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const res = await request(server.app, path, 'admin', { 'If-None-Match': etag });
        if (res.status !== 304 || Date.now() > deadline) return res;
        await new Promise((r) => setTimeout(r, 10));
      }
    };

    it('a write through one instance is seen by the next polls of the other', async () => {
      const first = await request(b.app, LIST, 'admin');
      const etag = first.headers.get('etag') as string;
      assert.equal((await request(b.app, LIST, 'admin', { 'If-None-Match': etag })).status, 304);
      const before = b.changes?.version('ws_1');
      await insertRuns(a.db, [run('r_other', { tenantId: 't_1', createdAt: at(-1) })]);
      const res = await until200(b, LIST, etag);
      assert.equal(res.status, 200);
      assert.notEqual(b.changes?.version('ws_1'), before);
      assert.equal(res.body.data[0]?.id, 'r_other');
      // and a write by anyone else on the database (not a server): the triggers notify it too
      const etag2 = res.headers.get('etag') as string;
      await admin.query(
        `UPDATE ${schema}.operation_runs SET type_label = 'Renamed' WHERE id = 'r_other'`,
      );
      const renamed = await until200(b, LIST, etag2);
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.data[0]?.type_label, 'Renamed');
    });
  });
}

describe('change versions', () => {
  it('answer nothing from memory while the subscription is lost, and subscribe again', async () => {
    const versions = new ChangeVersions();
    let handlers: ListenHandlers | null = null;
    let subscriptions = 0;
    const db: Db = {
      kind: 'postgres',
      query: async <R>() => ({ rows: [{ s: 'app' }] as R[], rowCount: 1 }),
      exec: async () => undefined,
      transaction: (fn) => fn(db),
      close: async () => undefined,
      listen: async (_channel, h) => {
        subscriptions += 1;
        handlers = h;
        return { close: async () => undefined };
      },
    };
    const memory = new PollMemory(versions);
    const match = (key: string, inm: string, now: number) =>
      memory.recall(key, inm, now)?.etag ?? null;
    const remember = () => {
      const t = memory.ticket('k', 'ws_1', T0);
      assert.ok(t !== null);
      memory.remember(t, 'W/"a"', null);
    };
    const listener = await listenForChanges(db, versions, { retryMs: 10 });
    try {
      remember();
      assert.equal(match('k', 'W/"a"', T0), 'W/"a"');
      // another schema's write is not ours; this schema's is
      versions.notified('other ws_1', 'app');
      assert.equal(match('k', 'W/"a"', T0), 'W/"a"');
      versions.notified('app ws_2', 'app');
      assert.equal(match('k', 'W/"a"', T0), 'W/"a"');
      versions.notified('app ws_1', 'app');
      assert.equal(match('k', 'W/"a"', T0), null);
      remember();
      (handlers as ListenHandlers | null)?.onLost();
      assert.equal(versions.blind, true);
      assert.equal(match('k', 'W/"a"', T0), null);
      assert.equal(memory.ticket('k', 'ws_1', T0), null);
      const deadline = Date.now() + 2000;
      while (versions.blind && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      assert.equal(versions.blind, false);
      assert.equal(subscriptions, 2);
      // what was remembered before the loss is forgotten
      assert.equal(match('k', 'W/"a"', T0), null);
    } finally {
      await listener?.close();
    }
  });
});
