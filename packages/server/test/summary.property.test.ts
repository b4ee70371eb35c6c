/**
 * Property-based (fast-check, seeded): over random runs, at a random instant, in a random scope
 * and follow-up window, every figure of `GET /operation-runs/summary` equals the row count of
 * its matching list filter at the same instant (api.md), reading every page of the list:
 *
 * active → `status=active`; fresh → `freshness=fresh`; past_expected → `freshness=past_expected`;
 * likely_stale → `freshness=likely_stale`; follow_up →
 * `problem=terminal_follow_up&completed_since=…`; needs_attention →
 * `problem=needs_attention&completed_since=…`; tenants_affected → the distinct tenants of that
 * last list. The server's clock is a ManualClock, so both calls see the same instant.
 *
 * `PROPERTY_RUNS` (default 25) cases per backend; `PROPERTY_SEED` replays a failure.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deriveActiveState, type OperationRun } from '@runsight/active-state';
import fc from 'fast-check';
import {
  createApp,
  DEMO_TOKENS,
  insertRuns,
  ManualClock,
  scaledPolicies,
  type Db,
  type NewRun,
  type WireRun,
  type WireSummaryEnvelope,
} from '../src/index.js';
import { backends, request, run, T0, truncate, type ErrorBody, type Res } from './helpers.js';

const policies = scaledPolicies(1);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261129);
const S = 1000;
const H = 3600 * S;

/** Ids of the runs, a position in time and a few choices: the arbitrary of one run. */
const runSpec = fc.record({
  where: fc.constantFrom(
    ['ws_1', 't_1'],
    ['ws_1', 't_1'],
    ['ws_1', 't_2'],
    ['ws_1', 't_3'],
    ['ws_1', null],
    ['ws_2', 't_4'],
  ) as fc.Arbitrary<[string, string | null]>,
  type: fc.constantFrom(
    'inventory.sync',
    'backup.run',
    'restore.run',
    'policy.compare',
    'report.export',
    'directory.sync',
    'custom.unknown',
  ),
  kind: fc.constantFrom('queued', 'running', 'completed', 'completed', 'reconciled'),
  // creation: within 3 days before T0 (a few shared instants: ties on created_at)
  created: fc.oneof(
    fc.integer({ min: -72 * H, max: 60 * S }),
    fc.constantFrom(-H, -2 * H, -30 * 60 * S),
  ),
  startAfter: fc.option(fc.integer({ min: 0, max: 900 * S })),
  heartbeatAfter: fc.option(fc.integer({ min: 0, max: 2 * H })),
  lifecycle: fc.option(
    fc.record({
      expected: fc.option(fc.integer({ min: -H, max: 3 * H })),
      stale: fc.option(fc.integer({ min: -H, max: 6 * H })),
      heartbeatS: fc.option(fc.integer({ min: 10, max: 3600 })),
    }),
    { freq: 3 },
  ),
  outcome: fc.constantFrom(
    'succeeded',
    'succeeded',
    'partially_succeeded',
    'failed',
    'blocked',
    'cancelled',
  ),
  duration: fc.integer({ min: 0, max: 30 * H }),
  noCompletion: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});
type RunSpec = typeof runSpec extends fc.Arbitrary<infer T> ? T : never;

function build(spec: RunSpec, i: number): NewRun {
  const [workspaceId, tenantId] = spec.where;
  const createdAt = new Date(T0 + spec.created);
  const startedAt =
    spec.kind === 'queued' || spec.startAfter === null
      ? null
      : new Date(createdAt.getTime() + spec.startAfter);
  const lastHeartbeatAt =
    startedAt === null || spec.heartbeatAfter === null
      ? null
      : new Date(startedAt.getTime() + spec.heartbeatAfter);
  const lc = spec.lifecycle;
  const lifecycle: OperationRun['lifecycle'] =
    lc === null
      ? null
      : {
          expectedBy: lc.expected === null ? null : new Date(createdAt.getTime() + lc.expected),
          staleAfter: lc.stale === null ? null : new Date(createdAt.getTime() + lc.stale),
          heartbeatTimeoutS: lc.heartbeatS,
        };
  const done = new Date(createdAt.getTime() + spec.duration);
  const base = {
    workspaceId,
    tenantId,
    type: spec.type,
    typeLabel: null,
    createdAt,
    startedAt,
    lastHeartbeatAt,
    lifecycle,
    failure: null,
  };
  const id = `p_${String(i).padStart(3, '0')}`;
  if (spec.kind === 'queued' || spec.kind === 'running') {
    return run(id, {
      ...base,
      status: spec.kind,
      outcome: 'pending',
      completedAt: null,
      progress: null,
    });
  }
  if (spec.kind === 'reconciled') {
    return run(id, {
      ...base,
      status: 'completed',
      outcome: 'failed',
      // the reconciler sets both; a run without a completion counts from its reconciliation
      completedAt: spec.noCompletion ? null : done,
      reconciliation: { reconciledAt: done, reason: 'stale', previousStatus: 'running' },
    });
  }
  return run(id, {
    ...base,
    status: 'completed',
    outcome: spec.outcome,
    completedAt: spec.noCompletion ? null : done,
  });
}

/** The scopes a card can ask for, with the caller asking. */
const SCOPES: [token: string, scope: string][] = [
  ['demo-admin', 'workspace=ws_1'],
  ['demo-admin', 'workspace=ws_1&tenant=t_1'],
  ['demo-admin', 'workspace=ws_1&tenant=t_3'],
  ['demo-admin', 'workspace=ws_2'],
  ['demo-contoso', 'workspace=ws_1'],
  ['demo-fabrikam', 'workspace=ws_1&tenant=t_2'],
];

const caseArb = fc.record({
  specs: fc.array(runSpec, { maxLength: 45 }),
  // the instant of both calls: around T0, or exactly a deadline of one of the runs
  now: fc.oneof(
    fc.integer({ min: -2 * H, max: 4 * H }).map((offset) => ({ kind: 'offset' as const, offset })),
    fc
      .tuple(fc.nat(), fc.constantFrom(-1, 0))
      .map(([pick, delta]) => ({ kind: 'deadline' as const, pick, delta })),
  ),
  // the follow-up window: the server's default, a random start, or a run's own completion
  window: fc.oneof(
    fc.constant<{ kind: 'default' }>({ kind: 'default' }),
    fc.integer({ min: 0, max: 96 * H }).map((ago) => ({ kind: 'ago' as const, ago })),
    fc.nat().map((pick) => ({ kind: 'completion' as const, pick })),
  ),
  scope: fc.constantFrom(...SCOPES),
  limit: fc.integer({ min: 1, max: 12 }),
  sort: fc.constantFrom('-created_at', 'attention'),
});

type SummaryBody = WireSummaryEnvelope & ErrorBody;

for (const backend of backends()) {
  describe(`summary = list counts at the same instant, over random data (${backend.name})`, () => {
    let db: Db;
    let clock: ManualClock;
    let app: ReturnType<typeof createApp>;

    before(async () => {
      db = await backend.open();
      clock = new ManualClock(T0);
      app = createApp({ db, clock, policies, tokens: DEMO_TOKENS, rateLimit: false });
    });
    after(() => db.close());

    /** Every row of a list, page by page; checks the pages neither repeat nor skip a run. */
    const readAll = async (token: string, qs: string, limit: number): Promise<WireRun[]> => {
      const out: WireRun[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 500; page++) {
        const res: Res = await request(
          app,
          `/api/operation-runs?${qs}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          token,
        );
        assert.equal(res.status, 200, `${qs}: ${res.text}`);
        out.push(...res.body.data);
        cursor = res.body.meta.next_cursor;
        if (cursor === null) break;
      }
      assert.equal(new Set(out.map((r) => r.id)).size, out.length, `${qs}: a run twice`);
      return out;
    };

    it('every figure equals the row count of its list filter', async () => {
      let checked = 0;
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          const runs = c.specs.map(build);
          await truncate(db);
          await insertRuns(db, runs);
          let now = T0;
          if (c.now.kind === 'offset') now += c.now.offset;
          else {
            const deadlines = runs.flatMap((r) => {
              const st = deriveActiveState(
                { ...r, tenantName: null, freshness: null },
                { now: T0, policies },
              );
              return [st.expectedBy, st.staleAfter].filter((d): d is Date => d !== null);
            });
            const at = deadlines[c.now.pick % Math.max(1, deadlines.length)];
            if (at !== undefined) now = at.getTime() + c.now.delta; // just before, or at it
          }
          clock.set(now);

          let since = '';
          if (c.window.kind === 'ago') {
            since = `&completed_since=${new Date(now - c.window.ago).toISOString()}`;
          } else if (c.window.kind === 'completion') {
            const done = runs
              .map((r) => r.completedAt ?? r.reconciliation?.reconciledAt ?? null)
              .filter((d): d is Date => d !== null);
            const at = done[c.window.pick % Math.max(1, done.length)];
            if (at !== undefined) since = `&completed_since=${at.toISOString()}`; // inclusive edge
          }
          const [token, scope] = c.scope;
          const s = await request<SummaryBody>(
            app,
            `/api/operation-runs/summary?${scope}${since}`,
            token,
          );
          assert.equal(s.status, 200, s.text);
          const f = s.body.data;
          assert.equal(s.body.meta.server_time, new Date(now).toISOString());
          if (since === '') {
            assert.equal(s.body.meta.completed_since, new Date(now - 24 * H).toISOString());
          }
          const window = `completed_since=${s.body.meta.completed_since}`;
          const count = async (qs: string) =>
            (await readAll(token, `${scope}&${qs}&sort=${c.sort}`, c.limit)).length;

          const what = `${token} ${scope}${since} at ${new Date(now).toISOString()}`;
          assert.equal(f.active, await count('status=active'), `active: ${what}`);
          assert.equal(f.fresh, await count('freshness=fresh'), `fresh: ${what}`);
          assert.equal(
            f.past_expected,
            await count('freshness=past_expected'),
            `past_expected: ${what}`,
          );
          assert.equal(
            f.likely_stale,
            await count('freshness=likely_stale'),
            `likely_stale: ${what}`,
          );
          assert.equal(
            f.follow_up,
            await count(`problem=terminal_follow_up&${window}`),
            `follow_up: ${what}`,
          );
          const attention = await readAll(
            token,
            `${scope}&problem=needs_attention&${window}&sort=${c.sort}`,
            c.limit,
          );
          assert.equal(f.needs_attention, attention.length, `needs_attention: ${what}`);
          const tenants = new Set(attention.map((r) => r.tenant_id).filter((t) => t !== null));
          assert.equal(f.tenants_affected, tenants.size, `tenants_affected: ${what}`);
          // the figures add up as api.md says
          assert.equal(f.needs_attention, f.likely_stale + f.past_expected + f.follow_up);
          assert.equal(f.active, f.fresh + f.past_expected + f.likely_stale + f.unknown);
          checked++;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      assert.equal(checked, RUNS);
    });
  });
}
