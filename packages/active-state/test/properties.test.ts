import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BADGES,
  GUIDANCE,
  attentionRank,
  deriveActiveState,
  sortByAttention,
  summarizeActivity,
  type ActiveState,
  type LifecyclePolicies,
  type LifecyclePolicy,
  type OperationRun,
} from '@runsight/active-state';
import { T0 } from './helpers.js';

const SPAN = 3 * 3600 * 1000;
const instant = fc.integer({ min: T0 - SPAN, max: T0 + SPAN });
const validDate = instant.map((t) => new Date(t));
/** A timestamp field: mostly valid, sometimes null, invalid or garbage. */
const dateField = fc.oneof(
  { weight: 8, arbitrary: validDate },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(new Date(NaN)) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, 'soon', 0, {}) },
);
const seconds = fc.integer({ min: -60, max: 7200 });
const timeout = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 3600 }));

const verdictState = fc.constantFrom('fresh', 'past_expected', 'likely_stale', 'zombie');
const runArb: fc.Arbitrary<OperationRun> = fc.record({
  id: fc.string(),
  type: fc.constantFrom('a', 'b', 'c', 'constructor', '__proto__'),
  typeLabel: fc.constant(null),
  workspaceId: fc.constant('w'),
  tenantId: fc.constant(null),
  tenantName: fc.constant(null),
  status: fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom('queued', 'running', 'completed') },
    { weight: 1, arbitrary: fc.string() },
  ),
  outcome: fc.oneof(
    fc.constantFrom(
      'pending',
      'succeeded',
      'partially_succeeded',
      'failed',
      'blocked',
      'cancelled',
    ),
    fc.string(),
  ),
  createdAt: dateField as fc.Arbitrary<Date>,
  startedAt: dateField as fc.Arbitrary<Date | null>,
  completedAt: fc.constant(null),
  lastHeartbeatAt: dateField as fc.Arbitrary<Date | null>,
  progress: fc.constant(null),
  lifecycle: fc.option(
    fc.record({
      expectedBy: dateField as fc.Arbitrary<Date | null>,
      staleAfter: dateField as fc.Arbitrary<Date | null>,
      heartbeatTimeoutS: timeout,
    }),
  ),
  freshness: fc.option(fc.record({ state: verdictState, evaluatedAt: validDate })),
  reconciliation: fc.option(
    fc.record({ reconciledAt: validDate, reason: fc.string(), previousStatus: fc.string() }),
  ),
  initiator: fc.constant(null),
  failure: fc.constant(null),
});
/** Well-formed runs plus arbitrary garbage cast to OperationRun. */
const anyRun: fc.Arbitrary<OperationRun> = fc.oneof(
  { weight: 6, arbitrary: runArb },
  { weight: 1, arbitrary: fc.anything().map((x) => x as OperationRun) },
);

const policyArb: fc.Arbitrary<LifecyclePolicy> = fc.record({
  queued: fc.record({ expectedAfterS: seconds, staleAfterS: seconds }),
  running: fc.record({ expectedAfterS: seconds, staleAfterS: seconds, heartbeatTimeoutS: timeout }),
});
const policiesArb: fc.Arbitrary<LifecyclePolicies | undefined> = fc.option(
  fc.record(
    { default: policyArb, byType: fc.dictionary(fc.constantFrom('a', 'b'), policyArb) },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const opts = (now: number, policies: LifecyclePolicies | undefined) =>
  policies === undefined ? { now } : { now, policies };

const SEV: Record<string, number> = { fresh: 0, past_expected: 1, likely_stale: 2 };
const ACTIVE = new Set(['fresh', 'past_expected', 'likely_stale']);

function wellFormed(s: ActiveState): void {
  assert.equal(s.badge, BADGES[s.badge.key]);
  assert.equal(s.guidance, GUIDANCE[s.guidanceKey]);
  if (!ACTIVE.has(s.freshness)) assert.equal(s.nextChangeAt, null);
}

test('total: never throws, always a catalog badge and guidance', () => {
  fc.assert(
    fc.property(
      anyRun,
      fc.oneof(instant, fc.constantFrom(NaN, Infinity), validDate),
      fc.oneof(
        policiesArb,
        fc.anything().map((x) => x as LifecyclePolicies),
      ),
      (run, now, policies) => {
        wellFormed(deriveActiveState(run, { now, policies }));
      },
    ),
    { numRuns: 3000 },
  );
});

test('monotone: severity of an active run never decreases as now grows', () => {
  fc.assert(
    fc.property(runArb, instant, fc.nat(SPAN), policiesArb, (run, now, dt, policies) => {
      const a = deriveActiveState(run, opts(now, policies));
      const b = deriveActiveState(run, opts(now + dt, policies));
      assert.equal(a.freshness === 'unknown', b.freshness === 'unknown', 'unknown is timeless');
      if (ACTIVE.has(a.freshness)) {
        assert.ok(ACTIVE.has(b.freshness));
        assert.ok((SEV[a.freshness] as number) <= (SEV[b.freshness] as number));
      } else {
        assert.deepEqual(a, b, 'non-active results do not depend on time');
      }
    }),
    { numRuns: 3000 },
  );
});

test("never calmer than the backend's verdict", () => {
  fc.assert(
    fc.property(runArb, instant, policiesArb, (run, now, policies) => {
      const s = deriveActiveState(run, opts(now, policies));
      const verdict = run.freshness?.state;
      if ((run.status === 'queued' || run.status === 'running') && verdict && verdict in SEV) {
        if (verdict !== 'fresh') assert.ok(ACTIVE.has(s.freshness));
        if (ACTIVE.has(s.freshness)) {
          assert.ok((SEV[s.freshness] as number) >= (SEV[verdict] as number));
        }
      }
    }),
    { numRuns: 3000 },
  );
});

test('nextChangeAt is exact', () => {
  fc.assert(
    fc.property(
      runArb,
      instant,
      policiesArb,
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
      (run, now, policies, fractions) => {
        const s = deriveActiveState(run, opts(now, policies));
        if (!ACTIVE.has(s.freshness)) return;
        const next = s.nextChangeAt;
        if (next === null) {
          // never changes with time alone
          for (const u of [now + 1, now + SPAN, now + 100 * SPAN]) {
            assert.equal(deriveActiveState(run, opts(u, policies)).freshness, s.freshness);
          }
          return;
        }
        const t = next.getTime();
        assert.ok(t > now, 'strictly after now');
        const samples = [now, t - 1, ...fractions.map((f) => now + Math.floor(f * (t - 1 - now)))];
        for (const u of samples) {
          const o = deriveActiveState(run, opts(u, policies));
          assert.equal(o.freshness, s.freshness, `same freshness at ${u - now} ms`);
          assert.equal(o.nextChangeAt?.getTime(), t, 'same next change');
        }
        assert.notEqual(deriveActiveState(run, opts(t, policies)).freshness, s.freshness);
      },
    ),
    { numRuns: 3000 },
  );
});

test('summarizeActivity counts add up and agree with deriveActiveState', () => {
  fc.assert(
    fc.property(
      fc.array(anyRun, { maxLength: 30 }),
      instant,
      policiesArb,
      (runs, now, policies) => {
        const sum = summarizeActivity(runs, opts(now, policies));
        const states = runs.map((r) => deriveActiveState(r, opts(now, policies)));
        const count = (p: (s: ActiveState) => boolean) => states.filter(p).length;
        assert.equal(
          sum.active,
          count((s) => s.isActive),
        );
        assert.equal(
          sum.fresh,
          count((s) => s.freshness === 'fresh'),
        );
        assert.equal(
          sum.pastExpected,
          count((s) => s.freshness === 'past_expected'),
        );
        assert.equal(
          sum.likelyStale,
          count((s) => s.freshness === 'likely_stale'),
        );
        assert.equal(
          sum.unknown,
          count((s) => s.freshness === 'unknown'),
        );
        assert.equal(
          sum.followUp,
          count((s) => s.problemClass === 'terminal_follow_up'),
        );
        const activeUnknown = count((s) => s.isActive && s.freshness === 'unknown');
        assert.equal(sum.fresh + sum.pastExpected + sum.likelyStale + activeUnknown, sum.active);
        assert.equal(
          sum.tone,
          sum.likelyStale > 0
            ? 'critical'
            : sum.pastExpected > 0 || sum.followUp > 0
              ? 'attention'
              : 'calm',
        );
        if (/^All /.test(sum.headline)) {
          const n = Number(sum.headline.split(' ')[1]);
          assert.equal(n, sum.active);
        }
        if (sum.likelyStale > 0) assert.match(sum.headline, /likely stale$/);
        if (sum.likelyStale > 0 && sum.likelyStale < sum.active) {
          assert.equal(
            sum.headline,
            `${sum.likelyStale} of ${sum.active} active operations likely stale`,
          );
        }
        // the words never contradict the tone: raised by follow-up alone, the headline says so
        if (sum.tone === 'attention' && sum.pastExpected === 0) {
          assert.match(sum.headline, / · \d+ needs? follow-up$/);
        }
        if (sum.tone === 'calm') assert.doesNotMatch(sum.headline, /follow-up/);
      },
    ),
    { numRuns: 1000 },
  );
});

const followUpSeverity = (key: string): number =>
  ['reconciled_failed', 'failed', 'blocked', 'partially_succeeded'].indexOf(key) >>> 0;

test('sortByAttention is a stable permutation in group order: stuck oldest first, follow-up by severity then newest completion', () => {
  fc.assert(
    fc.property(
      fc.array(anyRun, { maxLength: 30 }),
      instant,
      policiesArb,
      (runs, now, policies) => {
        const o = opts(now, policies);
        const sorted = sortByAttention(runs, o);
        assert.notEqual(sorted, runs);
        assert.equal(sorted.length, runs.length);
        // permutation: every input slot used exactly once (runs may repeat or be primitives)
        const used = new Array<boolean>(runs.length).fill(false);
        const pos = sorted.map((r) => {
          const i = runs.findIndex((x, j) => !used[j] && Object.is(x, r));
          assert.ok(i >= 0);
          used[i] = true;
          return i;
        });
        const completed = (r: OperationRun): number => {
          const c: unknown =
            r !== null && typeof r === 'object'
              ? (r.completedAt ?? r.reconciliation?.reconciledAt)
              : undefined;
          return c instanceof Date && !Number.isNaN(c.getTime()) ? c.getTime() : -Infinity;
        };
        const created = (r: OperationRun): number => {
          const c: unknown = r !== null && typeof r === 'object' ? r.createdAt : undefined;
          return c instanceof Date && !Number.isNaN(c.getTime()) ? c.getTime() : Infinity;
        };
        for (let k = 1; k < sorted.length; k++) {
          const a = sorted[k - 1] as OperationRun;
          const b = sorted[k] as OperationRun;
          const ra = attentionRank(deriveActiveState(a, o));
          const rb = attentionRank(deriveActiveState(b, o));
          assert.ok(ra <= rb, 'group order');
          if (ra !== rb) continue;
          if (ra === 2) {
            // follow-up: by severity, then newest completion first
            const sa = followUpSeverity(deriveActiveState(a, o).badge.key);
            const sb = followUpSeverity(deriveActiveState(b, o).badge.key);
            assert.ok(sa <= sb, 'severity order');
            if (sa === sb) {
              assert.ok(completed(a) >= completed(b), 'newest completion first');
              if (completed(a) === completed(b)) {
                assert.ok((pos[k - 1] as number) < (pos[k] as number));
              }
            }
          } else {
            assert.ok(created(a) <= created(b), 'oldest first');
            if (created(a) === created(b)) assert.ok((pos[k - 1] as number) < (pos[k] as number));
          }
        }
      },
    ),
    { numRuns: 1000 },
  );
});
