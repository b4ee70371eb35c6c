/**
 * The HTTP contract (api.md), parameter by parameter, against PGlite (and PostgreSQL when
 * TEST_DATABASE_URL is set).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { deriveActiveState, sortByAttention } from '@runsight/active-state';
import { mapRun } from '@runsight/api-client';
import {
  createApp,
  DEMO_TOKENS,
  insertEvents,
  insertRuns,
  ManualClock,
  scaledPolicies,
  seedHistory,
  type Db,
  type WireRun,
} from '../src/index.js';
import { EXPECTED, FIXTURE, WS1 } from './fixtures.js';
import { at, backends, request, run, T0, truncate, type DetailBody, type Res } from './helpers.js';

const policies = scaledPolicies(1);
const T0_ISO = new Date(T0).toISOString();

const newestFirst = (ids: string[]) =>
  FIXTURE.filter((r) => ids.includes(r.id))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
    .map((r) => r.id);

const ids = (res: Res): string[] => res.body.data.map((r) => r.id);
const sorted = (list: string[]) => [...list].sort();

for (const backend of backends()) {
  describe(`API contract (${backend.name})`, () => {
    let db: Db;
    let clock: ManualClock;
    let app: ReturnType<typeof createApp>;
    const list = (qs: string, token: string | null = 'demo-admin', headers = {}) =>
      request(app, `/api/operation-runs?${qs}`, token, headers);
    const detail = (id: string, ws: string, token: string | null = 'demo-admin', headers = {}) =>
      request<DetailBody>(
        app,
        `/api/operation-runs/${encodeURIComponent(id)}?workspace=${ws}`,
        token,
        headers,
      );

    before(async () => {
      db = await backend.open();
      clock = new ManualClock(T0);
      app = createApp({ db, clock, policies, tokens: DEMO_TOKENS });
    });
    after(() => db.close());
    beforeEach(async () => {
      clock.set(T0);
      await truncate(db);
      await insertRuns(db, FIXTURE);
    });

    describe('GET /api/operation-runs', () => {
      it('lists the workspace newest first with meta.next_cursor and meta.server_time', async () => {
        const res = await list('workspace=ws_1');
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
        assert.deepEqual(ids(res), newestFirst(WS1));
        assert.equal(res.body.meta.next_cursor, null);
        assert.equal(res.body.meta.server_time, T0_ISO);
      });

      it('sends the wire fields of api.md (snake_case, ISO-8601, tenant name, progress)', async () => {
        const res = await list('workspace=ws_1&tenant=t_2&status=running');
        const r = res.body.data[0] as WireRun;
        assert.deepEqual(Object.keys(r).sort(), [
          'completed_at',
          'created_at',
          'failure',
          'freshness',
          'id',
          'initiator',
          'last_heartbeat_at',
          'lifecycle',
          'outcome',
          'progress',
          'reconciliation',
          'started_at',
          'status',
          'tenant_id',
          'tenant_name',
          'type',
          'type_label',
          'workspace_id',
        ]);
        assert.equal(r.id, 'a_stale_hb');
        assert.equal(r.tenant_name, 'Fabrikam');
        assert.equal(r.type_label, 'Inventory sync');
        assert.equal(r.started_at, at(-490).toISOString());
        assert.deepEqual(r.progress, { total: 100, processed: 40, succeeded: 38, failed: 2 });
        assert.deepEqual(r.initiator, { name: 'Ana Admin' });
      });

      it('gives every active run its lifecycle deadlines and the freshness verdict at request time', async () => {
        const res = await list('workspace=ws_1&limit=200');
        for (const w of res.body.data) {
          if (w.status === 'completed') {
            assert.equal(w.freshness, null, w.id);
            continue;
          }
          assert.ok(
            ['fresh', 'past_expected', 'likely_stale'].includes(w.freshness?.state ?? ''),
            w.id,
          );
          assert.equal(w.freshness?.evaluated_at, T0_ISO, w.id);
          assert.ok(w.lifecycle?.expected_by && w.lifecycle.stale_after, w.id);
        }
        const one = res.body.data.find((w) => w.id === 'a_fresh_running');
        // inventory.sync at time scale 1: expected 600 s, stale 1800 s after start, heartbeat 300 s
        assert.deepEqual(one?.lifecycle, {
          expected_by: at(-90 + 600).toISOString(),
          stale_after: at(-90 + 1800).toISOString(),
          heartbeat_timeout_s: 300,
        });
        const own = res.body.data.find((w) => w.id === 'a_explicit');
        assert.equal(
          own?.lifecycle?.expected_by,
          at(-5).toISOString(),
          "the run's own deadline wins",
        );
      });

      it('agrees with deriveActiveState: with the server policies, and for a client without them', async () => {
        const res = await list('workspace=ws_1&limit=200');
        for (const w of res.body.data) {
          const domain = mapRun(w);
          const server = deriveActiveState({ ...domain, freshness: null }, { now: T0, policies });
          const client = deriveActiveState(domain, { now: T0 });
          assert.equal(client.freshness, server.freshness, w.id);
          if (server.isActive) {
            assert.equal(w.freshness?.state, server.freshness, w.id);
            assert.equal(w.lifecycle?.expected_by, server.expectedBy?.toISOString(), w.id);
            assert.equal(w.lifecycle?.stale_after, server.staleAfter?.toISOString(), w.id);
          }
        }
      });

      it('gives finished runs the deadlines they had (timeline), never a verdict', async () => {
        const res = await list('workspace=ws_1&freshness=reconciled_failed');
        const r = res.body.data[0] as WireRun;
        assert.equal(r.freshness, null);
        assert.equal(r.lifecycle?.expected_by, at(-3090 + 600).toISOString());
        assert.deepEqual(r.reconciliation, {
          reconciled_at: at(-300).toISOString(),
          reason: 'No heartbeat since 09:10:00 UTC.',
          previous_status: 'running',
        });
        assert.deepEqual(r.failure, {
          reason_code: 'lifecycle_exceeded',
          message: 'Marked as failed by the lifecycle reconciler.',
        });
      });

      it('filters by tenant', async () => {
        const res = await list('workspace=ws_1&tenant=t_1');
        assert.deepEqual(
          ids(res),
          newestFirst(FIXTURE.filter((r) => r.tenantId === 't_1').map((r) => r.id)),
        );
      });

      for (const [status, expected] of [
        ['queued', ['a_stale_queued', 'a_fresh_queued', 'a_past_queued']],
        [
          'running',
          ['a_fresh_running', 'a_past_running', 'a_stale_hb', 'a_explicit', 'a_ws_level'],
        ],
        [
          'active',
          [
            'a_stale_queued',
            'a_fresh_queued',
            'a_past_queued',
            'a_fresh_running',
            'a_past_running',
            'a_stale_hb',
            'a_explicit',
            'a_ws_level',
          ],
        ],
        ['completed', [...EXPECTED.terminal, ...EXPECTED.reconciled_failed]],
        [
          'queued,completed',
          [
            'a_stale_queued',
            'a_fresh_queued',
            'a_past_queued',
            ...EXPECTED.terminal,
            ...EXPECTED.reconciled_failed,
          ],
        ],
        ['active,completed', WS1],
      ] as const) {
        it(`filters by status=${status}`, async () => {
          const res = await list(`workspace=ws_1&status=${status}`);
          assert.equal(res.status, 200);
          assert.deepEqual(ids(res), newestFirst([...expected]));
        });
      }

      for (const [freshness, expected] of [
        ['fresh', EXPECTED.fresh],
        ['past_expected', EXPECTED.past_expected],
        ['likely_stale', EXPECTED.likely_stale],
        ['reconciled_failed', EXPECTED.reconciled_failed],
        ['terminal', EXPECTED.terminal],
        ['likely_stale,past_expected', [...EXPECTED.likely_stale, ...EXPECTED.past_expected]],
        ['terminal,reconciled_failed', [...EXPECTED.terminal, ...EXPECTED.reconciled_failed]],
        ['fresh,reconciled_failed', [...EXPECTED.fresh, ...EXPECTED.reconciled_failed]],
      ] as const) {
        it(`filters by freshness=${freshness} (the server's truth at request time)`, async () => {
          const res = await list(`workspace=ws_1&freshness=${freshness}`);
          assert.deepEqual(ids(res), newestFirst([...expected]));
        });
      }

      it('re-evaluates freshness at each request (time alone moves a run)', async () => {
        // a_fresh_running: started at -90 s, heartbeat at -20 s, expected 600 s after start
        clock.set(at(-90 + 600));
        await db.query(
          `UPDATE operation_runs SET last_heartbeat_at = $1 WHERE id = 'a_fresh_running'`,
          [at(500)],
        );
        const res = await list('workspace=ws_1&freshness=past_expected');
        assert.ok(ids(res).includes('a_fresh_running'));
      });

      it('combines freshness with status (intersection)', async () => {
        const res = await list('workspace=ws_1&status=queued&freshness=likely_stale,fresh');
        assert.deepEqual(ids(res), newestFirst(['a_stale_queued', 'a_fresh_queued']));
        const none = await list('workspace=ws_1&status=completed&freshness=fresh');
        assert.deepEqual(ids(none), []);
      });

      for (const [problem, expected] of [
        ['active_stale_attention', EXPECTED.likely_stale],
        ['terminal_follow_up', EXPECTED.terminal_follow_up],
      ] as const) {
        it(`filters by problem=${problem}`, async () => {
          const res = await list(`workspace=ws_1&problem=${problem}`);
          assert.deepEqual(ids(res), newestFirst([...expected]));
        });
      }

      const NEEDS_ATTENTION = [
        ...EXPECTED.likely_stale,
        ...EXPECTED.past_expected,
        ...EXPECTED.terminal_follow_up,
      ];

      it('filters by problem=needs_attention: likely stale, past expected and follow-up', async () => {
        const res = await list('workspace=ws_1&problem=needs_attention');
        assert.deepEqual(ids(res), newestFirst(NEEDS_ATTENTION));
        const all = await list('workspace=ws_1&limit=200');
        // api.md: likely stale, past expected, or follow-up
        const attention = all.body.data
          .map(mapRun)
          .filter((r) => {
            const s = deriveActiveState(r, { now: T0, policies });
            return (
              s.freshness === 'likely_stale' ||
              s.freshness === 'past_expected' ||
              s.problemClass === 'terminal_follow_up'
            );
          })
          .map((r) => r.id);
        assert.deepEqual(sorted(ids(res)), sorted(attention), 'the same set, derived');
      });

      it('takes problem as a comma list: the union of its sets', async () => {
        const both = await list('workspace=ws_1&problem=terminal_follow_up,active_stale_attention');
        assert.deepEqual(
          ids(both),
          newestFirst([...EXPECTED.likely_stale, ...EXPECTED.terminal_follow_up]),
        );
        const repeated = await list(
          'workspace=ws_1&problem=active_stale_attention&problem=needs_attention',
        );
        assert.deepEqual(ids(repeated), newestFirst(NEEDS_ATTENTION));
      });

      it('combines problem with freshness and status (intersection)', async () => {
        const past = await list('workspace=ws_1&problem=needs_attention&freshness=past_expected');
        assert.deepEqual(ids(past), newestFirst(EXPECTED.past_expected));
        const done = await list('workspace=ws_1&problem=needs_attention&status=completed');
        assert.deepEqual(ids(done), newestFirst(EXPECTED.terminal_follow_up));
        const none = await list('workspace=ws_1&problem=active_stale_attention&status=completed');
        assert.deepEqual(ids(none), []);
      });

      it('filters finished runs by completed_since (inclusive; the completion, else the reconciliation); active runs are not affected', async () => {
        // c_reconciled completed (= reconciled) at -300 s; the other finished runs at -3300 s
        const since = (s: number) => `completed_since=${encodeURIComponent(at(s).toISOString())}`;
        const recent = await list(`workspace=ws_1&${since(-300)}`);
        const active = [...EXPECTED.fresh, ...EXPECTED.past_expected, ...EXPECTED.likely_stale];
        assert.deepEqual(ids(recent), newestFirst([...active, 'c_reconciled']));
        const after = await list(`workspace=ws_1&${since(-299)}`);
        assert.deepEqual(ids(after), newestFirst(active));
        const boundary = await list(`workspace=ws_1&status=completed&${since(-3300)}`);
        assert.deepEqual(
          ids(boundary),
          newestFirst(WS1.filter((id) => id.startsWith('c_') && id !== 'c_old')),
        );
        const followUp = await list(`workspace=ws_1&problem=terminal_follow_up&${since(-1000)}`);
        assert.deepEqual(ids(followUp), ['c_reconciled']);
        const attention = await list(`workspace=ws_1&problem=needs_attention&${since(-1000)}`);
        assert.deepEqual(
          ids(attention),
          newestFirst([...EXPECTED.likely_stale, ...EXPECTED.past_expected, 'c_reconciled']),
        );
      });

      it('counts a reconciled run without a completion from its reconciliation', async () => {
        await insertRuns(db, [
          run('c_reconciled_only', {
            outcome: 'failed',
            createdAt: at(-900),
            completedAt: null,
            reconciliation: { reconciledAt: at(-60), reason: 'x', previousStatus: 'queued' },
          }),
        ]);
        const res = await list(
          `workspace=ws_1&problem=terminal_follow_up&completed_since=${encodeURIComponent(at(-60).toISOString())}`,
        );
        assert.deepEqual(ids(res), ['c_reconciled_only']);
      });

      it('sorts problem=needs_attention&completed_since by attention like sortByAttention', async () => {
        const qs = `problem=needs_attention&completed_since=${encodeURIComponent(at(-3300).toISOString())}`;
        const res = await list(`workspace=ws_1&${qs}&sort=attention`);
        const all = await list(`workspace=ws_1&${qs}&limit=200`);
        const expected = sortByAttention(all.body.data.map(mapRun), { now: T0, policies }).map(
          (r) => r.id,
        );
        assert.deepEqual(ids(res), expected);
        assert.deepEqual(sorted(ids(res)), sorted(NEEDS_ATTENTION));
      });

      it('filters by type (one, several, unknown)', async () => {
        const one = await list('workspace=ws_1&type=backup.run');
        assert.deepEqual(ids(one), ['a_past_running']);
        const two = await list('workspace=ws_1&type=restore.run,directory.sync');
        assert.deepEqual(
          ids(two),
          newestFirst(['a_stale_queued', 'a_ws_level', 'c_ws_level_done']),
        );
        const none = await list('workspace=ws_1&type=nothing.like.this');
        assert.deepEqual(ids(none), []);
      });

      it('filters by since (inclusive; date, UTC and offset forms)', async () => {
        const exact = await list(
          `workspace=ws_1&since=${encodeURIComponent(at(-3500).toISOString())}`,
        );
        assert.ok(ids(exact).includes('c_failed'), 'a run created exactly at since is included');
        assert.ok(!ids(exact).includes('c_ok'));
        const day = await list('workspace=ws_1&since=2026-11-29');
        assert.deepEqual(ids(day), newestFirst(WS1.filter((id) => id !== 'c_old')));
        // 10:00+01:00 = 09:00Z = T0 - 3600 s: c_ok (created exactly then) is in
        const offset = await list(
          `workspace=ws_1&since=${encodeURIComponent('2026-11-29T10:00:00+01:00')}`,
        );
        assert.ok(ids(offset).includes('c_ok'));
        const future = await list('workspace=ws_1&since=2027-01-01T00:00:00Z');
        assert.deepEqual(ids(future), []);
      });

      it('combines tenant, status, type and since', async () => {
        const res = await list(
          `workspace=ws_1&tenant=t_1&status=completed&type=inventory.sync&since=${encodeURIComponent(at(-3450).toISOString())}`,
        );
        assert.deepEqual(ids(res), newestFirst(['c_partial', 'c_cancelled', 'c_reconciled']));
      });

      it('sorts by attention exactly like sortByAttention', async () => {
        const all = await list('workspace=ws_1&limit=200');
        const expected = sortByAttention(all.body.data.map(mapRun), { now: T0, policies }).map(
          (r) => r.id,
        );
        const res = await list('workspace=ws_1&sort=attention');
        assert.deepEqual(ids(res), expected);
        assert.deepEqual(ids(res).slice(0, 5), [
          'a_stale_queued',
          'a_stale_hb',
          'a_past_running',
          'a_past_queued',
          'a_explicit',
        ]);
      });

      it('sorts by attention within a filter', async () => {
        const res = await list('workspace=ws_1&sort=attention&status=completed');
        // follow-up by severity (reconciled failed, failed, blocked, partially succeeded)
        assert.deepEqual(ids(res), [
          'c_reconciled',
          'c_failed',
          'c_blocked',
          'c_partial',
          'c_old',
          'c_ok',
          'c_cancelled',
          'c_ws_level_done',
        ]);
      });

      it('honours limit (1 and 200) with a next cursor', async () => {
        const one = await list('workspace=ws_1&limit=1');
        assert.deepEqual(ids(one), [newestFirst(WS1)[0]]);
        assert.equal(typeof one.body.meta.next_cursor, 'string');
        const max = await list('workspace=ws_1&limit=200');
        assert.equal(max.body.data.length, WS1.length);
        assert.equal(max.body.meta.next_cursor, null);
        const exact = await list(`workspace=ws_1&limit=${WS1.length}`);
        assert.equal(exact.body.meta.next_cursor, null, 'no cursor when the page ends the list');
      });

      it('defaults to 50 rows per page', async () => {
        await seedHistory(db, 120, 5, {
          now: T0,
          timeScale: 1,
          world: { workspaces: [{ id: 'ws_1', name: 'P', tenants: [] }] },
        });
        const res = await list('workspace=ws_1');
        assert.equal(res.body.data.length, 50);
        assert.ok(res.body.meta.next_cursor);
      });
    });

    describe('cursor pagination', () => {
      beforeEach(async () => {
        await seedHistory(db, 300, 11, { now: T0, timeScale: 1 });
        // ties on created_at: ordered by id
        await insertRuns(
          db,
          ['tie_a', 'tie_b', 'tie_c', 'tie_d'].map((id) => run(id, { createdAt: at(-1234) })),
        );
      });

      const walk = async (qs: string, limit: number): Promise<string[]> => {
        const out: string[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 1000; page++) {
          const res: Res = await list(
            `${qs}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          assert.equal(res.status, 200, res.text);
          assert.ok(res.body.data.length <= limit);
          out.push(...ids(res));
          cursor = res.body.meta.next_cursor;
          if (cursor === null) return out;
          assert.equal(res.body.data.length, limit, 'only the last page is short');
        }
        throw new Error('too many pages');
      };

      const sqlOrder = async (where: string, params: unknown[] = []) =>
        (
          await db.query<{ id: string }>(
            `SELECT id FROM operation_runs r WHERE ${where} ORDER BY created_at DESC, id DESC`,
            params,
          )
        ).rows.map((r) => r.id);

      it('walks every page of -created_at without duplicates or gaps', async () => {
        const got = await walk('workspace=ws_1', 17);
        assert.equal(new Set(got).size, got.length, 'no duplicates');
        assert.deepEqual(got, await sqlOrder(`workspace_id = 'ws_1'`));
        const ties = got.filter((id) => id.startsWith('tie_'));
        assert.deepEqual(ties, ['tie_d', 'tie_c', 'tie_b', 'tie_a']);
      });

      for (const [qs, where] of [
        ['tenant=t_2', `tenant_id = 't_2'`],
        ['status=completed', `status = 'completed'`],
        ['freshness=terminal', `status = 'completed' AND reconciled_at IS NULL`],
        [
          'problem=terminal_follow_up',
          `status = 'completed' AND (reconciled_at IS NOT NULL OR outcome IN ('failed','blocked','partially_succeeded'))`,
        ],
        [
          `problem=terminal_follow_up&completed_since=${encodeURIComponent(at(-3 * 86400).toISOString())}`,
          `status = 'completed' AND (reconciled_at IS NOT NULL OR outcome IN ('failed','blocked','partially_succeeded')) AND COALESCE(completed_at, reconciled_at) >= '${at(-3 * 86400).toISOString()}'`,
        ],
        [
          `status=completed&completed_since=${encodeURIComponent(at(-2 * 86400).toISOString())}`,
          `status = 'completed' AND COALESCE(completed_at, reconciled_at) >= '${at(-2 * 86400).toISOString()}'`,
        ],
        ['type=backup.run,restore.run', `type IN ('backup.run','restore.run')`],
        [
          `since=${encodeURIComponent(at(-5 * 86400).toISOString())}`,
          `created_at >= '${at(-5 * 86400).toISOString()}'`,
        ],
      ] as const) {
        it(`walks every page with ${decodeURIComponent(qs)}`, async () => {
          const got = await walk(`workspace=ws_1&${qs}`, 13);
          assert.equal(new Set(got).size, got.length);
          assert.deepEqual(got, await sqlOrder(`workspace_id = 'ws_1' AND ${where}`));
        });
      }

      it('walks every page of sort=attention in sortByAttention order', async () => {
        const all = await walk('workspace=ws_1', 200);
        const runs: WireRun[] = [];
        let cursor: string | null = null;
        do {
          const res: Res = await list(
            `workspace=ws_1&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
          );
          runs.push(...res.body.data);
          cursor = res.body.meta.next_cursor;
        } while (cursor);
        assert.equal(runs.length, all.length);
        // ties on created_at: the server breaks them by id (sortByAttention keeps input order)
        const byId = runs.map(mapRun).sort((a, b) => (a.id < b.id ? -1 : 1));
        const expected = sortByAttention(byId, { now: T0, policies }).map((r) => r.id);
        const got = await walk('workspace=ws_1&sort=attention', 9);
        assert.equal(new Set(got).size, got.length);
        assert.deepEqual(got, expected);
      });

      it('walks problem=needs_attention&completed_since in both orders without duplicates or gaps', async () => {
        const since = at(-2 * 86400).toISOString();
        const qs = `workspace=ws_1&problem=needs_attention&completed_since=${encodeURIComponent(since)}`;
        const active = await db.query<{ id: string }>(
          `SELECT id FROM operation_runs WHERE workspace_id = 'ws_1' AND status IN ('queued', 'running')`,
        );
        const runs: WireRun[] = [];
        let cursor: string | null = null;
        do {
          const res: Res = await list(
            `workspace=ws_1&status=active&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
          );
          runs.push(...res.body.data);
          cursor = res.body.meta.next_cursor;
        } while (cursor);
        assert.equal(runs.length, active.rows.length);
        const stuck = runs
          .filter(
            (r) => r.freshness?.state === 'past_expected' || r.freshness?.state === 'likely_stale',
          )
          .map((r) => r.id);
        const followUp = await sqlOrder(
          `workspace_id = 'ws_1' AND status = 'completed' AND (reconciled_at IS NOT NULL OR outcome IN ('failed','blocked','partially_succeeded')) AND COALESCE(completed_at, reconciled_at) >= $1`,
          [since],
        );
        assert.ok(stuck.length > 0 && followUp.length > 0, 'the seed has both kinds');
        const expected = sorted([...stuck, ...followUp]);
        for (const sort of ['-created_at', 'attention']) {
          const got = await walk(`${qs}&sort=${sort}`, 7);
          assert.equal(new Set(got).size, got.length, `${sort}: no duplicates`);
          assert.deepEqual(sorted(got), expected, sort);
        }
      });

      it('walks sort=attention with a filter', async () => {
        const got = await walk('workspace=ws_1&sort=attention&tenant=t_1&status=completed', 11);
        const expected = await sqlOrder(
          `workspace_id = 'ws_1' AND tenant_id = 't_1' AND status = 'completed'`,
        );
        assert.deepEqual(sorted(got), sorted(expected));
      });

      it('is stable under inserts: later pages do not shift', async () => {
        const first = await list('workspace=ws_1&limit=10');
        const reference = await walk('workspace=ws_1', 50);
        await insertRuns(db, [
          run('new_1', { createdAt: at(-1) }),
          run('new_2', { createdAt: at(-2) }),
        ]);
        const second = await list(
          `workspace=ws_1&limit=10&cursor=${encodeURIComponent(first.body.meta.next_cursor ?? '')}`,
        );
        assert.deepEqual(ids(second), reference.slice(10, 20));
      });

      for (const [name, cursor, sort] of [
        ['garbage', '%%%', ''],
        ['not base64 JSON', Buffer.from('hello').toString('base64url'), ''],
        [
          'an unknown version',
          Buffer.from('{"v":2,"s":"c","t":1,"i":"x"}').toString('base64url'),
          '',
        ],
        [
          'a bad id',
          Buffer.from(`{"v":1,"s":"c","t":1,"i":"' OR 1=1 --"}`).toString('base64url'),
          '',
        ],
        [
          'a string position',
          Buffer.from('{"v":1,"s":"c","t":"1","i":"x"}').toString('base64url'),
          '',
        ],
        [
          'another sort order',
          Buffer.from('{"v":1,"s":"c","t":1,"i":"x"}').toString('base64url'),
          '&sort=attention',
        ],
        [
          'a bad attention group',
          Buffer.from('{"v":1,"s":"a","r":7,"t":1,"i":"x"}').toString('base64url'),
          '&sort=attention',
        ],
        ['too long', 'a'.repeat(600), ''],
      ] as const) {
        it(`rejects a cursor that is ${name} with 400 naming cursor`, async () => {
          const res = await list(`workspace=ws_1&cursor=${encodeURIComponent(cursor)}${sort}`);
          assert.equal(res.status, 400);
          assert.equal(res.body.error.parameter, 'cursor');
        });
      }
    });

    describe('errors', () => {
      for (const [qs, parameter] of [
        ['tenant=t_1', 'workspace'],
        ['workspace=', 'workspace'],
        ['workspace=ws_1&workspace=ws_2', 'workspace'],
        ['workspace=ws%201', 'workspace'],
        ['workspace=ws_1&tenant=', 'tenant'],
        ['workspace=ws_1&status=paused', 'status'],
        ['workspace=ws_1&status=queued,', 'status'],
        ['workspace=ws_1&status=QUEUED', 'status'],
        ['workspace=ws_1&freshness=stale', 'freshness'],
        ['workspace=ws_1&freshness=unknown', 'freshness'],
        ['workspace=ws_1&problem=none', 'problem'],
        ['workspace=ws_1&problem=needs_attention,none', 'problem'],
        ['workspace=ws_1&problem=terminal_follow_up,', 'problem'],
        ['workspace=ws_1&problem=NEEDS_ATTENTION', 'problem'],
        ['workspace=ws_1&problem=constructor', 'problem'],
        ['workspace=ws_1&completed_since=yesterday', 'completed_since'],
        ['workspace=ws_1&completed_since=2026-02-30', 'completed_since'],
        ['workspace=ws_1&completed_since=2026-11-29T10:00:00', 'completed_since'],
        ['workspace=ws_1&completed_since=1969-12-31T23:59:59Z', 'completed_since'],
        ['workspace=ws_1&completed_since=10000-01-01', 'completed_since'],
        ['workspace=ws_1&completed_since=', 'completed_since'],
        ['workspace=ws_1&completed_since=2026-11-29&completed_since=2026-11-28', 'completed_since'],
        ['workspace=ws_1&type=inventory%20sync', 'type'],
        ['workspace=ws_1&since=yesterday', 'since'],
        ['workspace=ws_1&since=2026-13-01', 'since'],
        ['workspace=ws_1&since=2026-02-30', 'since'],
        ['workspace=ws_1&since=2026-11-29T10:00:00', 'since'],
        ['workspace=ws_1&since=2026-11-29T25:00:00Z', 'since'],
        ['workspace=ws_1&since=1795946400', 'since'],
        ['workspace=ws_1&sort=created_at', 'sort'],
        ['workspace=ws_1&sort=-attention', 'sort'],
        ['workspace=ws_1&limit=0', 'limit'],
        ['workspace=ws_1&limit=201', 'limit'],
        ['workspace=ws_1&limit=-1', 'limit'],
        ['workspace=ws_1&limit=1.5', 'limit'],
        ['workspace=ws_1&limit=abc', 'limit'],
        ['workspace=ws_1&limit=1e2', 'limit'],
        ['workspace=ws_1&limit=0x10', 'limit'],
        ['workspace=ws_1&limit=', 'limit'],
        ['workspace=ws_1&limit=10&limit=20', 'limit'],
      ] as const) {
        it(`400 naming ${parameter} for ?${qs}`, async () => {
          const res = await list(qs);
          assert.equal(res.status, 400);
          assert.equal(res.body.error.parameter, parameter);
          assert.equal(typeof res.body.error.code, 'string');
          assert.equal(typeof res.body.error.message, 'string');
          assert.deepEqual(Object.keys(res.body), ['error']);
        });
      }

      it('ignores unknown parameters', async () => {
        const res = await list('workspace=ws_1&_=123&foo=bar');
        assert.equal(res.status, 200);
      });

      it('400 naming workspace when the detail has none', async () => {
        const res = await request(app, '/api/operation-runs/c_ok');
        assert.equal(res.status, 400);
        assert.equal(res.body.error.parameter, 'workspace');
      });

      for (const [name, headers] of [
        ['no token', {}],
        ['an unknown token', { Authorization: 'Bearer nope' }],
        ['another scheme', { Authorization: 'Basic ZGVtby1hZG1pbjo=' }],
        ['an empty bearer', { Authorization: 'Bearer ' }],
        ['a bearer with junk', { Authorization: 'Bearer demo-admin extra' }],
      ] as const) {
        it(`401 for ${name} (list and detail)`, async () => {
          for (const path of [
            '/api/operation-runs?workspace=ws_1',
            '/api/operation-runs/c_ok?workspace=ws_1',
          ]) {
            const res = await request(app, path, null, headers);
            assert.equal(res.status, 401);
            assert.equal(res.body.error.code, 'unauthorized');
            assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
          }
        });
      }

      it('404 for a workspace that does not exist and one the caller may not see: identical', async () => {
        const missing = await list('workspace=ws_9', 'demo-contoso');
        const forbidden = await list('workspace=ws_2', 'demo-contoso');
        assert.equal(missing.status, 404);
        assert.equal(forbidden.status, 404);
        assert.equal(forbidden.text, missing.text);
        const adminMissing = await list('workspace=ws_9');
        assert.equal(adminMissing.text, missing.text);
      });

      it('404 for a tenant that does not exist, belongs to someone else or to another workspace: identical', async () => {
        const missing = await list('workspace=ws_1&tenant=t_9', 'demo-contoso');
        const other = await list('workspace=ws_1&tenant=t_2', 'demo-contoso');
        const elsewhere = await list('workspace=ws_1&tenant=t_4');
        for (const res of [missing, other, elsewhere]) {
          assert.equal(res.status, 404);
          assert.equal(res.text, missing.text);
        }
        assert.equal(missing.body.error.code, 'not_found');
      });

      it('404 for a run that does not exist, that the caller may not see or in another workspace: identical', async () => {
        const missing = await detail('run_nope', 'ws_1', 'demo-contoso');
        const responses = [
          await detail('a_stale_hb', 'ws_1', 'demo-contoso'), // another tenant's
          await detail('a_ws_level', 'ws_1', 'demo-contoso'), // a workspace-level run
          await detail('w2_running', 'ws_2', 'demo-contoso'), // a workspace it may not see
          await detail('w2_running', 'ws_1'), // exists, but not in this workspace
          await detail('c_ok', 'ws_9'), // no such workspace
          await detail("' OR 1=1 --", 'ws_1'), // not even an id
        ];
        assert.equal(missing.status, 404);
        for (const res of responses) {
          assert.equal(res.status, 404);
          assert.equal(res.text, missing.text);
        }
      });

      it('404 JSON for an unknown API path', async () => {
        const res = await request(app, '/api/nothing');
        assert.equal(res.status, 404);
        assert.equal(res.body.error.code, 'not_found');
      });

      it('429 with Retry-After when a token exceeds its rate limit; other tokens unaffected', async () => {
        const limited = createApp({
          db,
          clock,
          policies,
          tokens: DEMO_TOKENS,
          rateLimit: { burst: 3, perSecond: 0.5 },
        });
        const get = (token: string) =>
          request(limited, '/api/operation-runs?workspace=ws_1&limit=1', token, {
            Origin: 'https://portal.example',
          });
        for (let i = 0; i < 3; i++) assert.equal((await get('demo-admin')).status, 200);
        const res = await get('demo-admin');
        assert.equal(res.status, 429);
        assert.equal(res.headers.get('retry-after'), '2');
        assert.equal(res.body.error.code, 'rate_limited');
        assert.equal(res.headers.get('access-control-allow-origin'), '*');
        assert.equal((await get('demo-contoso')).status, 200);
        clock.advance(2000);
        assert.equal((await get('demo-admin')).status, 200);
      });
    });

    describe('authorization matrix', () => {
      const ws1 = (pred: (r: (typeof FIXTURE)[number]) => boolean) =>
        newestFirst(FIXTURE.filter((r) => r.workspaceId === 'ws_1' && pred(r)).map((r) => r.id));
      const ws2 = newestFirst(FIXTURE.filter((r) => r.workspaceId === 'ws_2').map((r) => r.id));
      const cases: [string | null, string, number, string[] | null][] = [
        [null, 'workspace=ws_1', 401, null],
        ['bad-token', 'workspace=ws_1', 401, null],
        ['demo-admin', 'workspace=ws_1', 200, ws1(() => true)],
        ['demo-admin', 'workspace=ws_2', 200, ws2],
        ['demo-admin', 'workspace=ws_1&tenant=t_2', 200, ws1((r) => r.tenantId === 't_2')],
        ['demo-contoso', 'workspace=ws_1', 200, ws1((r) => r.tenantId === 't_1')],
        ['demo-contoso', 'workspace=ws_1&tenant=t_1', 200, ws1((r) => r.tenantId === 't_1')],
        ['demo-contoso', 'workspace=ws_1&tenant=t_2', 404, null],
        ['demo-contoso', 'workspace=ws_2', 404, null],
        ['demo-fabrikam', 'workspace=ws_1', 200, ws1((r) => r.tenantId === 't_2')],
        ['demo-fabrikam', 'workspace=ws_1&tenant=t_1', 404, null],
        ['demo-ws2', 'workspace=ws_2', 200, ws2],
        ['demo-ws2', 'workspace=ws_1', 404, null],
        ['demo-ws2', 'workspace=ws_2&tenant=t_5', 200, ['w2_done']],
      ];
      for (const [token, qs, status, expected] of cases) {
        it(`${token ?? 'no token'} · ${qs} → ${status}`, async () => {
          const res = await list(qs, token);
          assert.equal(res.status, status);
          if (expected !== null) assert.deepEqual(ids(res), expected);
        });
      }

      for (const [token, id, ws, status] of [
        ['demo-admin', 'a_stale_hb', 'ws_1', 200],
        ['demo-admin', 'w2_running', 'ws_2', 200],
        ['demo-contoso', 'a_fresh_running', 'ws_1', 200],
        ['demo-contoso', 'a_stale_hb', 'ws_1', 404],
        ['demo-contoso', 'a_ws_level', 'ws_1', 404],
        ['demo-fabrikam', 'a_stale_hb', 'ws_1', 200],
        ['demo-fabrikam', 'a_fresh_running', 'ws_1', 404],
        ['demo-ws2', 'w2_running', 'ws_2', 200],
        ['demo-ws2', 'a_fresh_running', 'ws_1', 404],
      ] as const) {
        it(`${token} · run ${id} → ${status}`, async () => {
          const res = await detail(id, ws, token);
          assert.equal(res.status, status);
          if (status === 200) assert.equal(res.body.data.id, id);
        });
      }

      it('never lists a workspace-level run to a tenant-restricted user', async () => {
        const res = await list('workspace=ws_1&limit=200', 'demo-contoso');
        assert.ok(res.body.data.every((r) => r.tenant_id === 't_1'));
      });
    });

    describe('SQL-looking input', () => {
      const payloads = [
        "' OR 1=1 --",
        "ws_1'; DROP TABLE operation_runs; --",
        '1) OR (1=1',
        '"; SELECT pg_sleep(1); --',
      ];
      for (const payload of payloads) {
        it(`answers ${JSON.stringify(payload)} with 400/404 and harms nothing`, async () => {
          const before = (
            await db.query<{ n: number }>('SELECT count(*)::int AS n FROM operation_runs')
          ).rows[0]?.n;
          const p = encodeURIComponent(payload);
          for (const qs of [
            `workspace=${p}`,
            `workspace=ws_1&tenant=${p}`,
            `workspace=ws_1&type=${p}`,
            `workspace=ws_1&status=${p}`,
            `workspace=ws_1&freshness=${p}`,
            `workspace=ws_1&problem=${p}`,
            `workspace=ws_1&sort=${p}`,
            `workspace=ws_1&since=${p}`,
            `workspace=ws_1&limit=${p}`,
            `workspace=ws_1&cursor=${p}`,
          ]) {
            const res = await list(qs);
            assert.equal(res.status, 400, qs);
          }
          assert.equal((await detail(payload, 'ws_1')).status, 404);
          assert.equal((await request(app, `/api/operation-runs/c_ok?workspace=${p}`)).status, 400);
          const res = await request(app, '/api/operation-runs?workspace=ws_1', null, {
            Authorization: `Bearer ${payload}`,
          });
          assert.equal(res.status, 401);
          const after = (
            await db.query<{ n: number }>('SELECT count(*)::int AS n FROM operation_runs')
          ).rows[0]?.n;
          assert.equal(after, before);
          assert.equal((await list('workspace=ws_1')).status, 200);
        });
      }
    });

    describe('ETag and 304', () => {
      it('answers If-None-Match with 304 and no body while nothing changed', async () => {
        const first = await list('workspace=ws_1');
        const etag = first.headers.get('etag');
        assert.match(etag ?? '', /^W\/"[^"]+"$/);
        const again = await list('workspace=ws_1', 'demo-admin', { 'If-None-Match': etag });
        assert.equal(again.status, 304);
        assert.equal(again.text, '');
        assert.equal(again.headers.get('etag'), etag);
      });

      it('keeps the ETag while only server_time and evaluated_at move', async () => {
        const first = await list('workspace=ws_1');
        clock.advance(1000);
        const later = await list('workspace=ws_1', 'demo-admin', {
          'If-None-Match': first.headers.get('etag'),
        });
        assert.equal(later.status, 304);
      });

      it('answers 200 with a new ETag after a change in the data', async () => {
        const first = await list('workspace=ws_1');
        await db.query(
          `UPDATE operation_runs SET last_heartbeat_at = $1 WHERE id = 'a_fresh_running'`,
          [at(-1)],
        );
        const next = await list('workspace=ws_1', 'demo-admin', {
          'If-None-Match': first.headers.get('etag'),
        });
        assert.equal(next.status, 200);
        assert.notEqual(next.headers.get('etag'), first.headers.get('etag'));
      });

      it('answers 200 when time alone changed a verdict', async () => {
        const first = await list('workspace=ws_1&status=running');
        clock.advance(600_000);
        const next = await list('workspace=ws_1&status=running', 'demo-admin', {
          'If-None-Match': first.headers.get('etag'),
        });
        assert.equal(next.status, 200);
      });

      it('compares weakly, in lists and with *', async () => {
        const etag = (await list('workspace=ws_1')).headers.get('etag') as string;
        const strong = etag.replace(/^W\//, '');
        for (const header of [strong, `"x", ${etag}`, '*']) {
          assert.equal(
            (await list('workspace=ws_1', 'demo-admin', { 'If-None-Match': header })).status,
            304,
            header,
          );
        }
        assert.equal(
          (await list('workspace=ws_1', 'demo-admin', { 'If-None-Match': 'W/"other"' })).status,
          200,
        );
      });

      it('differs per caller (another user sees another body)', async () => {
        const admin = await list('workspace=ws_1');
        const contoso = await list('workspace=ws_1', 'demo-contoso', {
          'If-None-Match': admin.headers.get('etag'),
        });
        assert.equal(contoso.status, 200);
        assert.match(admin.headers.get('vary') ?? '', /Authorization/);
      });

      it('works for the run detail', async () => {
        const first = await detail('c_ok', 'ws_1');
        const again = await detail('c_ok', 'ws_1', 'demo-admin', {
          'If-None-Match': first.headers.get('etag'),
        });
        assert.equal(again.status, 304);
      });
    });

    describe('CORS', () => {
      it('allows any origin without credentials and exposes ETag, Retry-After, Date', async () => {
        const res = await list('workspace=ws_1', 'demo-admin', {
          Origin: 'https://portal.example',
        });
        assert.equal(res.headers.get('access-control-allow-origin'), '*');
        assert.equal(res.headers.get('access-control-allow-credentials'), null);
        const exposed = (res.headers.get('access-control-expose-headers') ?? '')
          .split(',')
          .map((h) => h.trim());
        assert.deepEqual(exposed.sort(), ['Date', 'ETag', 'Retry-After']);
      });

      it('answers a preflight without credentials', async () => {
        const res = await app.request('/api/operation-runs?workspace=ws_1', {
          method: 'OPTIONS',
          headers: {
            Origin: 'https://portal.example',
            'Access-Control-Request-Method': 'GET',
            'Access-Control-Request-Headers': 'authorization, if-none-match',
          },
        });
        assert.equal(res.status, 204);
        assert.match(res.headers.get('access-control-allow-methods') ?? '', /GET/);
        assert.match(res.headers.get('access-control-allow-headers') ?? '', /authorization/i);
        assert.match(res.headers.get('access-control-allow-headers') ?? '', /if-none-match/i);
        assert.equal(res.headers.get('access-control-allow-origin'), '*');
      });

      it('sends CORS headers on errors too (401, 404, 400)', async () => {
        for (const [qs, token] of [
          ['workspace=ws_1', null],
          ['workspace=ws_9', 'demo-admin'],
          ['workspace=ws_1&limit=0', 'demo-admin'],
        ] as const) {
          const res = await list(qs, token, { Origin: 'https://portal.example' });
          assert.equal(res.headers.get('access-control-allow-origin'), '*', qs);
          assert.match(res.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
        }
      });

      it('allows only configured origins when given', async () => {
        const strict = createApp({
          db,
          clock,
          policies,
          tokens: DEMO_TOKENS,
          corsOrigins: ['https://portal.example'],
        });
        const ok = await request(strict, '/api/operation-runs?workspace=ws_1', 'demo-admin', {
          Origin: 'https://portal.example',
        });
        assert.equal(ok.headers.get('access-control-allow-origin'), 'https://portal.example');
        assert.match(ok.headers.get('vary') ?? '', /Origin/);
        const other = await request(strict, '/api/operation-runs?workspace=ws_1', 'demo-admin', {
          Origin: 'https://evil.example',
        });
        assert.equal(other.headers.get('access-control-allow-origin'), null);
      });
    });

    describe('GET /api/operation-runs/:id', () => {
      it('returns the run with context, events and meta.server_time', async () => {
        await insertEvents(db, [
          {
            runId: 'a_past_running',
            at: at(-600),
            kind: 'progress',
            message: 'Processed 10 of 100 items.',
          },
          {
            runId: 'a_past_running',
            at: at(-700),
            kind: 'heartbeat',
            message: 'Heartbeat from worker-1.',
          },
        ]);
        const res = await detail('a_past_running', 'ws_1');
        assert.equal(res.status, 200);
        const d = res.body.data;
        assert.equal(d.id, 'a_past_running');
        assert.equal(d.freshness?.state, 'past_expected');
        assert.equal(d.freshness?.evaluated_at, T0_ISO);
        assert.deepEqual(d.context, { worker: 'worker-1', dry_run: false, batch_size: 100 });
        assert.deepEqual(
          d.events.map((e) => e.kind),
          ['queued', 'started', 'heartbeat', 'progress'],
        );
        assert.equal(d.events[0]?.at, at(-1000).toISOString());
        assert.equal(d.events[0]?.message, 'Queued by Ana Admin.');
        assert.equal(d.events[1]?.message, 'Started on worker-1.');
        assert.equal(res.body.meta.server_time, T0_ISO);
        assert.ok(res.headers.get('etag'));
      });

      it('derives the completed and reconciled milestones', async () => {
        const failed = await detail('c_failed', 'ws_1');
        const last = failed.body.data.events.at(-1);
        assert.equal(last?.kind, 'completed');
        assert.equal(last?.message, 'Failed: The upstream API answered 503.');
        const rec = await detail('c_reconciled', 'ws_1');
        assert.deepEqual(
          rec.body.data.events.map((e) => e.kind),
          ['queued', 'started', 'reconciled'],
        );
        assert.equal(rec.body.data.reconciliation?.previous_status, 'running');
      });
    });
  });
}
