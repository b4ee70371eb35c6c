/**
 * `GET /api/operation-runs/summary` (api.md): the figures over the hand-made fixture, the scope
 * and authorisation of the list, the default follow-up window, ETag/304, headers, rate limit, the
 * route (`summary` is not a run id) and 400s — against PGlite (and PostgreSQL when
 * TEST_DATABASE_URL is set). `summary.property.test.ts` holds the figures to the lists over
 * random data.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { deriveActiveState, earliestNextChange } from '@runsight/active-state';
import {
  createApp,
  DEMO_TOKENS,
  insertRuns,
  ManualClock,
  scaledPolicies,
  type Db,
  type WireSummaryEnvelope,
} from '../src/index.js';
import { EXPECTED, FIXTURE } from './fixtures.js';
import { at, backends, request, run, T0, truncate, type ErrorBody, type Res } from './helpers.js';

const policies = scaledPolicies(1);
const iso = (d: Date | number) => new Date(d).toISOString();
const DAY = 86_400_000;

type SummaryBody = WireSummaryEnvelope & ErrorBody;

for (const backend of backends()) {
  describe(`GET /api/operation-runs/summary (${backend.name})`, () => {
    let db: Db;
    let clock: ManualClock;
    let app: ReturnType<typeof createApp>;
    const summary = (qs: string, token: string | null = 'demo-admin', headers = {}) =>
      request<SummaryBody>(app, `/api/operation-runs/summary?${qs}`, token, headers);
    const list = (qs: string, token = 'demo-admin') =>
      request(app, `/api/operation-runs?${qs}&limit=200`, token);

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

    it('counts the workspace at request time, follow-up in the last 24 h by default', async () => {
      const res = await summary('workspace=ws_1');
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      // every fixture follow-up run finished within the last 24 h (c_old succeeded 2 days ago)
      assert.deepEqual(res.body, {
        data: {
          active: 8,
          fresh: EXPECTED.fresh.length,
          past_expected: EXPECTED.past_expected.length,
          likely_stale: EXPECTED.likely_stale.length,
          unknown: 0,
          follow_up: EXPECTED.terminal_follow_up.length,
          needs_attention: 3 + 2 + 4,
          tenants_affected: 3,
        },
        meta: { server_time: iso(T0), completed_since: iso(T0 - DAY) },
      });
    });

    it('counts follow-up from completed_since (inclusive), and says which it used', async () => {
      // c_reconciled finished at -300 s, the other follow-up runs at -3300 s
      const recent = await summary(`workspace=ws_1&completed_since=${iso(at(-300))}`);
      assert.equal(recent.body.data.follow_up, 1);
      assert.equal(recent.body.data.needs_attention, 3 + 2 + 1);
      assert.equal(recent.body.meta.completed_since, iso(at(-300)));
      const later = await summary(`workspace=ws_1&completed_since=${iso(at(-299))}`);
      assert.equal(later.body.data.follow_up, 0);
      // an offset form is read as the instant it denotes and answered in UTC
      const offset = await summary(
        `workspace=ws_1&completed_since=${encodeURIComponent('2026-11-29T09:05:00+01:00')}`,
      );
      assert.equal(offset.body.meta.completed_since, '2026-11-29T08:05:00.000Z');
      assert.equal(offset.body.data.follow_up, 4);
    });

    it('counts a tenant, and what a tenant-restricted caller may see of the workspace', async () => {
      const t1 = await summary('workspace=ws_1&tenant=t_1');
      // t_1: a_fresh_running, a_past_running, a_fresh_queued; follow-up c_partial, c_reconciled
      assert.deepEqual(t1.body.data, {
        active: 3,
        fresh: 2,
        past_expected: 1,
        likely_stale: 0,
        unknown: 0,
        follow_up: 2,
        needs_attention: 3,
        tenants_affected: 1,
      });
      const contoso = await summary('workspace=ws_1', 'demo-contoso');
      assert.equal(contoso.status, 200);
      assert.deepEqual(contoso.body.data, t1.body.data, 'its visible tenants only');
      const fabrikam = await summary('workspace=ws_1', 'demo-fabrikam');
      // t_2: a_stale_hb, a_past_queued; follow-up c_failed
      assert.deepEqual(fabrikam.body.data, {
        active: 2,
        fresh: 0,
        past_expected: 1,
        likely_stale: 1,
        unknown: 0,
        follow_up: 1,
        needs_attention: 3,
        tenants_affected: 1,
      });
    });

    it('equals the row count of each matching list filter', async () => {
      for (const [token, scope] of [
        ['demo-admin', 'workspace=ws_1'],
        ['demo-admin', 'workspace=ws_1&tenant=t_3'],
        ['demo-contoso', 'workspace=ws_1'],
        ['demo-admin', 'workspace=ws_2'],
      ] as const) {
        const s = await summary(scope, token);
        const since = `completed_since=${encodeURIComponent(s.body.meta.completed_since)}`;
        const count = async (qs: string) => (await list(`${scope}&${qs}`, token)).body.data.length;
        assert.equal(s.body.data.active, await count('status=active'), scope);
        assert.equal(s.body.data.fresh, await count('freshness=fresh'), scope);
        assert.equal(s.body.data.past_expected, await count('freshness=past_expected'), scope);
        assert.equal(s.body.data.likely_stale, await count('freshness=likely_stale'), scope);
        assert.equal(
          s.body.data.follow_up,
          await count(`problem=terminal_follow_up&${since}`),
          scope,
        );
        const attention = await list(`${scope}&problem=needs_attention&${since}`, token);
        assert.equal(s.body.data.needs_attention, attention.body.data.length, scope);
        const tenants = new Set(attention.body.data.map((r) => r.tenant_id).filter((t) => t));
        assert.equal(s.body.data.tenants_affected, tenants.size, scope);
      }
    });

    it('re-evaluates at each request: at the first deadline a fresh run turns past expected', async () => {
      const before = await summary('workspace=ws_1');
      const states = FIXTURE.filter((r) => r.workspaceId === 'ws_1').map((r) =>
        deriveActiveState({ ...r, tenantName: null, freshness: null }, { now: T0, policies }),
      );
      const next = earliestNextChange(states);
      assert.ok(next !== null);
      clock.set(next);
      const later = await summary('workspace=ws_1');
      assert.ok(later.body.data.fresh < before.body.data.fresh);
      assert.equal(
        later.body.data.past_expected + later.body.data.likely_stale,
        before.body.data.past_expected +
          before.body.data.likely_stale +
          (before.body.data.fresh - later.body.data.fresh),
      );
      assert.equal(
        later.body.data.past_expected,
        (await list('workspace=ws_1&freshness=past_expected')).body.data.length,
      );
      assert.equal(later.body.meta.server_time, iso(next));
      assert.equal(later.body.meta.completed_since, iso(next.getTime() - DAY));
      clock.set(next.getTime() - 1);
      assert.deepEqual((await summary('workspace=ws_1')).body.data, before.body.data);
    });

    it('does not count a tenantless run as an affected tenant', async () => {
      await truncate(db);
      await insertRuns(db, [
        run('ws_failed', { tenantId: null, outcome: 'failed', completedAt: at(-60) }),
      ]);
      const res = await summary('workspace=ws_1');
      assert.equal(res.body.data.follow_up, 1);
      assert.equal(res.body.data.needs_attention, 1);
      assert.equal(res.body.data.tenants_affected, 0);
    });

    it('ETag/304: unchanged figures revalidate to 304 while the default window moves', async () => {
      const first = await summary('workspace=ws_1');
      const etag = first.headers.get('etag');
      assert.match(etag ?? '', /^W\/"/);
      assert.equal(first.headers.get('cache-control'), 'private, no-cache');
      clock.advance(1000);
      const again = await summary('workspace=ws_1', 'demo-admin', { 'If-None-Match': etag });
      assert.equal(again.status, 304);
      assert.equal(again.text, '');
      // a run finishing with problems changes the figures: a new ETag
      await insertRuns(db, [run('c_new_failure', { outcome: 'failed', completedAt: at(0) })]);
      const changed = await summary('workspace=ws_1', 'demo-admin', { 'If-None-Match': etag });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
      // an explicit completed_since is part of the answer
      const explicit = await summary(`workspace=ws_1&completed_since=${iso(at(-10))}`);
      const moved = await summary(`workspace=ws_1&completed_since=${iso(at(-11))}`, 'demo-admin', {
        'If-None-Match': explicit.headers.get('etag') ?? '',
      });
      assert.equal(moved.status, 200);
    });

    it('sends the security and CORS headers of the other endpoints', async () => {
      const res = await summary('workspace=ws_1', 'demo-admin', {
        Origin: 'https://portal.example',
      });
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(
        res.headers.get('content-security-policy'),
        "default-src 'none'; frame-ancestors 'none'",
      );
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.match(res.headers.get('access-control-expose-headers') ?? '', /ETag/);
      assert.match(res.headers.get('vary') ?? '', /Authorization/);
    });

    it('is rate limited with the same per-token bucket as the list', async () => {
      const limited = createApp({
        db,
        clock,
        policies,
        tokens: DEMO_TOKENS,
        rateLimit: { burst: 2, perSecond: 0.5 },
      });
      const get = (path: string) => request(limited, path, 'demo-admin');
      assert.equal((await get('/api/operation-runs?workspace=ws_1&limit=1')).status, 200);
      assert.equal((await get('/api/operation-runs/summary?workspace=ws_1')).status, 200);
      const res = await get('/api/operation-runs/summary?workspace=ws_1');
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '2');
    });

    it('is the summary, not a run called "summary"', async () => {
      const res = await summary('workspace=ws_1');
      assert.deepEqual(Object.keys(res.body), ['data', 'meta']);
      assert.equal('id' in res.body.data, false);
      const missing = await request(app, '/api/operation-runs/summary');
      assert.equal(missing.status, 400);
      assert.equal((missing.body as ErrorBody).error.parameter, 'workspace');
      // a real run id still reaches the detail
      const detail = await request<{ data: { id: string } }>(
        app,
        '/api/operation-runs/c_ok?workspace=ws_1',
      );
      assert.equal(detail.body.data.id, 'c_ok');
    });

    describe('errors', () => {
      for (const [qs, parameter] of [
        ['tenant=t_1', 'workspace'],
        ['workspace=', 'workspace'],
        ['workspace=ws_1&workspace=ws_2', 'workspace'],
        ['workspace=ws%201', 'workspace'],
        ['workspace=ws_1&tenant=', 'tenant'],
        ['workspace=ws_1&tenant=%27%20OR%201=1', 'tenant'],
        ['workspace=ws_1&completed_since=yesterday', 'completed_since'],
        ['workspace=ws_1&completed_since=1795946400', 'completed_since'],
        ['workspace=ws_1&completed_since=2026-13-01', 'completed_since'],
        ['workspace=ws_1&completed_since=2026-11-29T10:00:00', 'completed_since'],
        ['workspace=ws_1&completed_since=2026-11-29T25:00:00Z', 'completed_since'],
        ['workspace=ws_1&completed_since=1969-12-31T23:59:59Z', 'completed_since'],
        ['workspace=ws_1&completed_since=10000-01-01', 'completed_since'],
        ['workspace=ws_1&completed_since=', 'completed_since'],
        ['workspace=ws_1&completed_since=constructor', 'completed_since'],
        ['workspace=ws_1&completed_since=2026-11-29&completed_since=2026-11-28', 'completed_since'],
      ] as const) {
        it(`400 naming ${parameter} for ?${qs}`, async () => {
          const res: Res<SummaryBody> = await summary(qs);
          assert.equal(res.status, 400);
          assert.equal(res.body.error.parameter, parameter);
          assert.equal(res.body.error.code.endsWith('_parameter'), true);
          assert.deepEqual(Object.keys(res.body), ['error']);
        });
      }

      it('401 without a valid token', async () => {
        for (const token of [null, 'nope']) {
          const res = await summary('workspace=ws_1', token);
          assert.equal(res.status, 401);
          assert.equal(res.body.error.code, 'unauthorized');
        }
      });

      it('404 for a workspace or tenant that does not exist or that the caller may not see: identical to the list', async () => {
        const cases: [string, string][] = [
          ['workspace=ws_9', 'demo-admin'],
          ['workspace=ws_2', 'demo-contoso'],
          ['workspace=ws_1&tenant=t_2', 'demo-contoso'],
          ['workspace=ws_1&tenant=t_4', 'demo-admin'],
          ['workspace=ws_1&tenant=t_9', 'demo-admin'],
        ];
        for (const [qs, token] of cases) {
          const res = await summary(qs, token);
          const fromList = await list(qs, token);
          assert.equal(res.status, 404, qs);
          assert.equal(res.text, fromList.text, qs);
        }
      });
    });
  });
}
