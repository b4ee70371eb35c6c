import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BADGES,
  DEFAULT_POLICY,
  GUIDANCE,
  FRESHNESS_SEVERITY,
  compareSeverity,
  deriveActiveState,
  isActiveStatus,
  isFollowUp,
  resolvePolicy,
  type ActiveState,
  type LifecyclePolicies,
  type LifecyclePolicy,
  type OperationRun,
} from '@runsight/active-state';
import { run, T0, S } from './helpers.js';

const at = (r: OperationRun, now: number | Date, policies?: LifecyclePolicies): ActiveState =>
  deriveActiveState(r, policies ? { now, policies } : { now });

const policy = (
  q: [number, number],
  r: [number, number],
  heartbeatTimeoutS?: number | null,
): LifecyclePolicy => ({
  queued: { expectedAfterS: q[0], staleAfterS: q[1] },
  running: { expectedAfterS: r[0], staleAfterS: r[1], heartbeatTimeoutS },
});

describe('badge catalog (exact labels and tones)', () => {
  const table: [string, string, string][] = [
    ['queued', 'Queued', 'info'],
    ['running', 'Running', 'info'],
    ['past_expected', 'Past expected', 'warning'],
    ['likely_stale', 'Likely stale', 'danger'],
    ['reconciled_failed', 'Reconciled failed', 'danger'],
    ['succeeded', 'Succeeded', 'success'],
    ['partially_succeeded', 'Partially succeeded', 'warning'],
    ['failed', 'Failed', 'danger'],
    ['blocked', 'Blocked', 'warning'],
    ['cancelled', 'Cancelled', 'neutral'],
    ['completed', 'Completed', 'neutral'],
    ['unknown', 'Unknown', 'neutral'],
  ];
  test('catalog has exactly the twelve rows', () => {
    assert.deepEqual(Object.keys(BADGES).sort(), table.map((r) => r[0]).sort());
    for (const [key, label, tone] of table) {
      assert.deepEqual({ ...BADGES[key as keyof typeof BADGES] }, { key, label, tone });
    }
    assert.ok(Object.isFrozen(BADGES) && Object.isFrozen(BADGES.failed));
  });

  const cases: [string, OperationRun, number, string][] = [
    ['queued, fresh', run(), T0, 'Queued'],
    ['running, fresh', run({ status: 'running', startedAt: new Date(T0) }), T0, 'Running'],
    ['queued, past_expected', run(), T0 + 120 * S, 'Past expected'],
    [
      'running, past_expected',
      run({ status: 'running', startedAt: new Date(T0) }),
      T0 + 600 * S,
      'Past expected',
    ],
    ['queued, likely_stale', run(), T0 + 900 * S, 'Likely stale'],
    [
      'running, likely_stale',
      run({ status: 'running', startedAt: new Date(T0) }),
      T0 + 3600 * S,
      'Likely stale',
    ],
    [
      'reconciled_failed',
      run({
        status: 'completed',
        outcome: 'failed',
        reconciliation: { reconciledAt: new Date(T0), reason: 'stale', previousStatus: 'running' },
      }),
      T0,
      'Reconciled failed',
    ],
    ['terminal, succeeded', run({ status: 'completed', outcome: 'succeeded' }), T0, 'Succeeded'],
    [
      'terminal, partially_succeeded',
      run({ status: 'completed', outcome: 'partially_succeeded' }),
      T0,
      'Partially succeeded',
    ],
    ['terminal, failed', run({ status: 'completed', outcome: 'failed' }), T0, 'Failed'],
    ['terminal, blocked', run({ status: 'completed', outcome: 'blocked' }), T0, 'Blocked'],
    ['terminal, cancelled', run({ status: 'completed', outcome: 'cancelled' }), T0, 'Cancelled'],
    [
      'terminal, pending outcome',
      run({ status: 'completed', outcome: 'pending' }),
      T0,
      'Completed',
    ],
    ['terminal, future outcome', run({ status: 'completed', outcome: 'skipped' }), T0, 'Completed'],
    ['unknown status', run({ status: 'paused' }), T0, 'Unknown'],
  ];
  for (const [name, r, now, label] of cases) {
    test(name, () => {
      const s = at(r, now);
      assert.equal(s.badge.label, label);
      assert.equal(s.badge, BADGES[s.badge.key], 'badge is the shared catalog object');
    });
  }
});

describe('guidance catalog and problem class', () => {
  const queued = run();
  const running = run({ status: 'running', startedAt: new Date(T0) });
  const rec = {
    reconciledAt: new Date(T0),
    reason: 'stale',
    previousStatus: 'running',
  };
  const rows: [string, ActiveState, string, string, string][] = [
    ['fresh, queued', at(queued, T0), 'fresh_queued', 'Waiting to start.', 'none'],
    ['fresh, running', at(running, T0), 'fresh_running', 'In progress.', 'none'],
    [
      'past_expected, queued',
      at(queued, T0 + 120 * S),
      'past_expected_queued',
      'Waiting to start longer than expected. No action needed yet.',
      'none',
    ],
    [
      'past_expected, running',
      at(running, T0 + 600 * S),
      'past_expected_running',
      'Running longer than expected. No action needed yet.',
      'none',
    ],
    [
      'likely_stale',
      at(running, T0 + 3600 * S),
      'likely_stale',
      'Past its lifecycle window without finishing. The worker may have stopped; the run will be reconciled automatically.',
      'active_stale_attention',
    ],
    [
      'reconciled_failed',
      at(run({ status: 'completed', outcome: 'failed', reconciliation: rec }), T0),
      'reconciled_failed',
      'Marked as failed automatically after it exceeded its lifecycle window.',
      'terminal_follow_up',
    ],
    ...(['failed', 'blocked', 'partially_succeeded'] as const).map(
      (o): [string, ActiveState, string, string, string] => [
        `terminal follow-up (${o})`,
        at(run({ status: 'completed', outcome: o }), T0),
        'terminal_follow_up',
        'Finished with problems. Review the run details.',
        'terminal_follow_up',
      ],
    ),
    ...(['succeeded', 'cancelled', 'pending', 'whatever'] as const).map(
      (o): [string, ActiveState, string, string, string] => [
        `terminal, none (${o})`,
        at(run({ status: 'completed', outcome: o }), T0),
        'terminal',
        'Finished.',
        'none',
      ],
    ),
    [
      'unknown',
      at(run({ status: 'exploded' }), T0),
      'unknown',
      'Status not recognised by this version.',
      'none',
    ],
  ];
  for (const [name, s, key, sentence, problemClass] of rows) {
    test(name, () => {
      assert.equal(s.guidanceKey, key);
      assert.equal(s.guidance, sentence);
      assert.equal(GUIDANCE[s.guidanceKey], sentence);
      assert.equal(s.problemClass, problemClass);
      assert.equal(isFollowUp(s), problemClass === 'terminal_follow_up');
    });
  }
  test('catalog has exactly the nine sentences', () => {
    assert.equal(Object.keys(GUIDANCE).length, 9);
  });
});

describe('completed runs', () => {
  test('reconciliation wins over the outcome; no deadlines, no next change, not active', () => {
    const s = at(
      run({
        status: 'completed',
        outcome: 'succeeded',
        reconciliation: { reconciledAt: new Date(T0), reason: 'x', previousStatus: 'queued' },
      }),
      T0,
    );
    assert.equal(s.freshness, 'reconciled_failed');
    assert.equal(s.isActive, false);
    assert.equal(s.expectedBy, null);
    assert.equal(s.staleAfter, null);
    assert.equal(s.nextChangeAt, null);
  });
  test('terminal ignores timestamps, lifecycle, backend verdict and even an invalid clock', () => {
    const r = run({
      status: 'completed',
      outcome: 'succeeded',
      createdAt: new Date(NaN),
      freshness: { state: 'likely_stale', evaluatedAt: new Date(T0) },
    });
    for (const now of [T0, NaN, new Date(NaN)]) {
      const s = at(r, now);
      assert.equal(s.freshness, 'terminal');
      assert.equal(s.nextChangeAt, null);
    }
  });
});

describe('unknown', () => {
  test('unknown status strings', () => {
    for (const status of ['paused', '', 'QUEUED', 'Running']) {
      const s = at(run({ status }), T0);
      assert.equal(s.freshness, 'unknown');
      assert.equal(s.isActive, false);
      assert.equal(s.nextChangeAt, null);
    }
  });
  test('invalid createdAt for a queued run', () => {
    const s = at(run({ createdAt: new Date(NaN) }), T0);
    assert.equal(s.freshness, 'unknown');
    assert.equal(s.isActive, true);
    assert.equal(s.badge.key, 'unknown');
    assert.equal(s.expectedBy, null);
    assert.equal(s.nextChangeAt, null);
  });
  test('missing createdAt (garbage cast)', () => {
    const r = run();
    delete (r as Partial<OperationRun>).createdAt;
    assert.equal(at(r, T0).freshness, 'unknown');
    assert.equal(at(run({ createdAt: null as unknown as Date }), T0).freshness, 'unknown');
    assert.equal(at(run({ createdAt: '2026-01-01' as unknown as Date }), T0).freshness, 'unknown');
  });
  test('running without startedAt falls back to createdAt; invalid startedAt is unknown', () => {
    const r = run({ status: 'running', startedAt: null });
    assert.equal(at(r, T0 + 599 * S).freshness, 'fresh');
    assert.equal(at(r, T0 + 600 * S).freshness, 'past_expected');
    assert.equal(at(run({ status: 'running', startedAt: new Date(NaN) }), T0).freshness, 'unknown');
  });
  test('invalid lifecycle deadline is unknown', () => {
    const lifecycle = { expectedBy: new Date(NaN), staleAfter: null, heartbeatTimeoutS: null };
    assert.equal(at(run({ lifecycle }), T0).freshness, 'unknown');
  });
  test('a timestamp the rules do not need may be invalid', () => {
    const lifecycle = {
      expectedBy: new Date(T0 + 10 * S),
      staleAfter: new Date(T0 + 20 * S),
      heartbeatTimeoutS: null,
    };
    assert.equal(at(run({ createdAt: new Date(NaN), lifecycle }), T0).freshness, 'fresh');
    // queued runs ignore the heartbeat entirely
    assert.equal(at(run({ lastHeartbeatAt: new Date(NaN) }), T0).freshness, 'fresh');
    // no heartbeat timeout: lastHeartbeatAt is not needed
    const r = run({ status: 'running', startedAt: new Date(T0), lastHeartbeatAt: new Date(NaN) });
    assert.equal(at(r, T0).freshness, 'fresh');
    // with a timeout it is needed
    assert.equal(at(r, T0, { default: policy([1, 2], [600, 3600], 30) }).freshness, 'unknown');
  });
  test('invalid clock: active runs are unknown', () => {
    for (const now of [NaN, Infinity, new Date(NaN), undefined as unknown as number]) {
      assert.equal(at(run(), now).freshness, 'unknown');
    }
  });
  test('garbage never throws', () => {
    const garbage: unknown[] = [
      null,
      undefined,
      42,
      'run',
      [],
      {},
      { status: 'queued' },
      { status: 'running', createdAt: {}, lifecycle: 'x', freshness: 7 },
      { status: 'completed', reconciliation: 0 },
      new Proxy(
        {},
        {
          get() {
            throw new Error('hostile');
          },
        },
      ),
    ];
    for (const g of garbage) {
      const s = deriveActiveState(g as OperationRun, { now: T0 });
      assert.ok(BADGES[s.badge.key] === s.badge);
    }
    assert.equal(deriveActiveState(run(), null as unknown as { now: number }).freshness, 'unknown');
    assert.equal(
      at(run(), T0, { default: { queued: null } } as unknown as LifecyclePolicies).freshness,
      'unknown',
    );
  });
});

/** 1 ms before, at, and 1 ms after a deadline. */
function boundary(
  r: OperationRun,
  deadline: number,
  before: string,
  after: string,
  policies?: LifecyclePolicies,
): void {
  assert.equal(at(r, deadline - 1, policies).freshness, before, '1 ms before');
  assert.equal(at(r, deadline, policies).freshness, after, 'at (inclusive)');
  assert.equal(at(r, deadline + 1, policies).freshness, after, '1 ms after');
}

describe('boundaries (inclusive at each deadline)', () => {
  const queued = run();
  const running = run({ status: 'running', startedAt: new Date(T0 + 50 * S) });
  test('queued expectedBy (policy)', () =>
    boundary(queued, T0 + 120 * S, 'fresh', 'past_expected'));
  test('queued staleAfter (policy)', () =>
    boundary(queued, T0 + 900 * S, 'past_expected', 'likely_stale'));
  test('running expectedBy (policy)', () =>
    boundary(running, T0 + 650 * S, 'fresh', 'past_expected'));
  test('running staleAfter (policy)', () =>
    boundary(running, T0 + 3650 * S, 'past_expected', 'likely_stale'));
  const lifecycle = {
    expectedBy: new Date(T0 + 30 * S),
    staleAfter: new Date(T0 + 40 * S),
    heartbeatTimeoutS: null,
  };
  test('queued expectedBy / staleAfter (lifecycle)', () => {
    boundary(run({ lifecycle }), T0 + 30 * S, 'fresh', 'past_expected');
    boundary(run({ lifecycle }), T0 + 40 * S, 'past_expected', 'likely_stale');
  });
  test('running expectedBy / staleAfter (lifecycle)', () => {
    const r = run({ status: 'running', startedAt: new Date(T0), lifecycle });
    boundary(r, T0 + 30 * S, 'fresh', 'past_expected');
    boundary(r, T0 + 40 * S, 'past_expected', 'likely_stale');
  });
  test('running heartbeat timeout (policy): fresh → likely stale', () => {
    const r = run({
      status: 'running',
      startedAt: new Date(T0),
      lastHeartbeatAt: new Date(T0 + 100 * S),
    });
    const p = { default: policy([120, 900], [600, 3600], 60) };
    boundary(r, T0 + 160 * S, 'fresh', 'likely_stale', p);
    assert.equal(at(r, T0 + 159 * S, p).nextChangeAt?.getTime(), T0 + 160 * S);
  });
  test('running heartbeat timeout (lifecycle): past expected → likely stale', () => {
    const r = run({
      status: 'running',
      startedAt: new Date(T0),
      lastHeartbeatAt: new Date(T0 + 700 * S),
      lifecycle: { expectedBy: null, staleAfter: null, heartbeatTimeoutS: 30 },
    });
    boundary(r, T0 + 730 * S, 'past_expected', 'likely_stale');
  });
  test('nextChangeAt at each step', () => {
    assert.equal(at(queued, T0).nextChangeAt?.getTime(), T0 + 120 * S);
    assert.equal(at(queued, T0 + 120 * S - 1).nextChangeAt?.getTime(), T0 + 120 * S);
    assert.equal(at(queued, T0 + 120 * S).nextChangeAt?.getTime(), T0 + 900 * S);
    assert.equal(at(queued, T0 + 900 * S - 1).nextChangeAt?.getTime(), T0 + 900 * S);
    assert.equal(at(queued, T0 + 900 * S).nextChangeAt, null);
  });
  test('expectedBy / staleAfter are the effective deadlines', () => {
    const s = at(running, T0);
    assert.equal(s.expectedBy?.getTime(), T0 + 650 * S);
    assert.equal(s.staleAfter?.getTime(), T0 + 3650 * S);
    const l = at(run({ lifecycle }), T0);
    assert.equal(l.expectedBy?.getTime(), T0 + 30 * S);
    assert.equal(l.staleAfter?.getTime(), T0 + 40 * S);
  });
});

describe('lifecycle vs policy, per deadline', () => {
  test('expectedBy from lifecycle, staleAfter from policy', () => {
    const r = run({
      lifecycle: { expectedBy: new Date(T0 + 5 * S), staleAfter: null, heartbeatTimeoutS: null },
    });
    const s = at(r, T0);
    assert.equal(s.expectedBy?.getTime(), T0 + 5 * S);
    assert.equal(s.staleAfter?.getTime(), T0 + 900 * S);
    boundary(r, T0 + 5 * S, 'fresh', 'past_expected');
    boundary(r, T0 + 900 * S, 'past_expected', 'likely_stale');
  });
  test('staleAfter from lifecycle, expectedBy from policy', () => {
    const r = run({
      status: 'running',
      startedAt: new Date(T0),
      lifecycle: { expectedBy: null, staleAfter: new Date(T0 + 7000 * S), heartbeatTimeoutS: null },
    });
    const s = at(r, T0);
    assert.equal(s.expectedBy?.getTime(), T0 + 600 * S);
    assert.equal(s.staleAfter?.getTime(), T0 + 7000 * S);
    boundary(r, T0 + 600 * S, 'fresh', 'past_expected');
    boundary(r, T0 + 7000 * S, 'past_expected', 'likely_stale');
  });
  test('lifecycle staleAfter before expectedBy: stale goes first', () => {
    const r = run({
      lifecycle: {
        expectedBy: new Date(T0 + 50 * S),
        staleAfter: new Date(T0 + 20 * S),
        heartbeatTimeoutS: null,
      },
    });
    assert.equal(at(r, T0).nextChangeAt?.getTime(), T0 + 20 * S);
    boundary(r, T0 + 20 * S, 'fresh', 'likely_stale');
  });
});

describe('policy resolution', () => {
  const byType = policy([10, 20], [30, 40]);
  const dflt = policy([1000, 2000], [3000, 4000]);
  test('resolvePolicy: byType, then default, then built-in', () => {
    assert.equal(resolvePolicy('a', { byType: { a: byType }, default: dflt }), byType);
    assert.equal(resolvePolicy('b', { byType: { a: byType }, default: dflt }), dflt);
    assert.equal(resolvePolicy('b', { byType: { a: byType } }), DEFAULT_POLICY);
    assert.equal(resolvePolicy('b'), DEFAULT_POLICY);
    assert.equal(resolvePolicy('constructor', { byType: {} }), DEFAULT_POLICY);
    assert.equal(resolvePolicy('__proto__', { byType: {} }), DEFAULT_POLICY);
  });
  test('DEFAULT_POLICY values', () => {
    assert.deepEqual(DEFAULT_POLICY, {
      queued: { expectedAfterS: 120, staleAfterS: 900 },
      running: { expectedAfterS: 600, staleAfterS: 3600, heartbeatTimeoutS: null },
    });
    assert.ok(Object.isFrozen(DEFAULT_POLICY));
  });
  test('derivation uses byType over default over built-in', () => {
    const r = run({ type: 'a' });
    const policies = { byType: { a: byType }, default: dflt };
    boundary(r, T0 + 10 * S, 'fresh', 'past_expected', policies);
    boundary(r, T0 + 20 * S, 'past_expected', 'likely_stale', policies);
    const other = run({ type: 'b' });
    boundary(other, T0 + 1000 * S, 'fresh', 'past_expected', policies);
    boundary(other, T0 + 2000 * S, 'past_expected', 'likely_stale', policies);
    boundary(other, T0 + 120 * S, 'fresh', 'past_expected', { byType: { a: byType } });
    const running = run({ type: 'a', status: 'running', startedAt: new Date(T0) });
    boundary(running, T0 + 30 * S, 'fresh', 'past_expected', policies);
    boundary(running, T0 + 40 * S, 'past_expected', 'likely_stale', policies);
  });
});

describe('heartbeat rules', () => {
  const p = { default: policy([120, 900], [600, 3600], 60) };
  test('queued runs ignore the heartbeat', () => {
    const r = run({ lastHeartbeatAt: new Date(T0 - 1000 * S) });
    assert.equal(at(r, T0 + 10 * S, p).freshness, 'fresh');
    const l = run({
      lastHeartbeatAt: new Date(T0 - 1000 * S),
      lifecycle: { expectedBy: null, staleAfter: null, heartbeatTimeoutS: 1 },
    });
    assert.equal(at(l, T0 + 10 * S).freshness, 'fresh');
  });
  test('running with null lastHeartbeatAt ignores the timeout', () => {
    const r = run({ status: 'running', startedAt: new Date(T0), lastHeartbeatAt: null });
    assert.equal(at(r, T0 + 500 * S, p).freshness, 'fresh');
    assert.equal(at(r, T0, p).nextChangeAt?.getTime(), T0 + 600 * S);
  });
  test('lifecycle timeout overrides the policy timeout', () => {
    const r = run({
      status: 'running',
      startedAt: new Date(T0),
      lastHeartbeatAt: new Date(T0),
      lifecycle: { expectedBy: null, staleAfter: null, heartbeatTimeoutS: 300 },
    });
    assert.equal(at(r, T0 + 60 * S, p).freshness, 'fresh');
    boundary(r, T0 + 300 * S, 'fresh', 'likely_stale', p);
  });
  test('no timeout anywhere: an old heartbeat changes nothing', () => {
    const r = run({
      status: 'running',
      startedAt: new Date(T0),
      lastHeartbeatAt: new Date(T0 - 10_000 * S),
    });
    assert.equal(at(r, T0 + 10 * S).freshness, 'fresh');
  });
  test('a fresh heartbeat does not calm a stale lifecycle', () => {
    const r = run({
      status: 'running',
      startedAt: new Date(T0),
      lastHeartbeatAt: new Date(T0 + 3700 * S),
    });
    assert.equal(at(r, T0 + 3700 * S, p).freshness, 'likely_stale');
  });
});

describe("the backend's verdict never loses severity", () => {
  const verdict = (state: string) => ({ state, evaluatedAt: new Date(T0) });
  test('backend past expected escalates a derived fresh run', () => {
    const s = at(run({ freshness: verdict('past_expected') }), T0);
    assert.equal(s.freshness, 'past_expected');
    assert.equal(s.guidanceKey, 'past_expected_queued');
    assert.equal(s.nextChangeAt?.getTime(), T0 + 900 * S, 'next change skips expectedBy');
  });
  test('backend likely stale escalates fresh and past expected', () => {
    for (const now of [T0, T0 + 200 * S]) {
      const s = at(run({ freshness: verdict('likely_stale') }), now);
      assert.equal(s.freshness, 'likely_stale');
      assert.equal(s.problemClass, 'active_stale_attention');
      assert.equal(s.nextChangeAt, null);
    }
  });
  test('backend fresh never calms a derived stale or past expected run', () => {
    assert.equal(at(run({ freshness: verdict('fresh') }), T0 + 900 * S).freshness, 'likely_stale');
    assert.equal(at(run({ freshness: verdict('fresh') }), T0 + 120 * S).freshness, 'past_expected');
  });
  test('backend past expected does not calm a derived stale run', () => {
    const r = run({ freshness: verdict('past_expected') });
    assert.equal(at(r, T0 + 900 * S).freshness, 'likely_stale');
  });
  test('an unknown backend state string is ignored', () => {
    assert.equal(at(run({ freshness: verdict('zombie') }), T0).freshness, 'fresh');
    assert.equal(
      at(run({ freshness: verdict('zombie') }), T0 + 120 * S).freshness,
      'past_expected',
    );
  });
  test('backend verdict kept when the client cannot derive timing', () => {
    const bad = { createdAt: new Date(NaN) };
    assert.equal(
      at(run({ ...bad, freshness: verdict('likely_stale') }), T0).freshness,
      'likely_stale',
    );
    const p = at(run({ ...bad, status: 'running', freshness: verdict('past_expected') }), T0);
    assert.equal(p.freshness, 'past_expected');
    assert.equal(p.guidanceKey, 'past_expected_running');
    assert.equal(at(run({ ...bad, freshness: verdict('fresh') }), T0).freshness, 'unknown');
  });
});

describe('clock', () => {
  test('now as Date and as number agree', () => {
    const r = run({ status: 'running', startedAt: new Date(T0) });
    for (const d of [0, 599 * S, 600 * S, 3599 * S, 3600 * S]) {
      assert.deepEqual(at(r, new Date(T0 + d)), at(r, T0 + d));
    }
  });
  test('future timestamps (clock skew) give a fresh run', () => {
    const future = new Date(T0 + 3600 * S);
    const s = at(run({ createdAt: future }), T0);
    assert.equal(s.freshness, 'fresh');
    assert.equal(s.nextChangeAt?.getTime(), T0 + 3720 * S);
    const r = run({ status: 'running', startedAt: future, lastHeartbeatAt: future });
    assert.equal(at(r, T0, { default: policy([1, 2], [3, 4], 5) }).freshness, 'fresh');
  });
  test('fractional policy seconds are whole milliseconds', () => {
    const s = at(run(), T0, { default: policy([1.1, 2.0005], [1, 2]) });
    assert.equal(s.expectedBy?.getTime(), T0 + 1100);
    assert.equal(s.staleAfter?.getTime(), T0 + 2001);
  });
  test('an infinite policy duration means never', () => {
    const s = at(run(), T0, { default: policy([Infinity, Infinity], [1, 2]) });
    assert.equal(s.freshness, 'fresh');
    assert.equal(s.expectedBy, null);
    assert.equal(s.nextChangeAt, null);
  });
});

describe('small helpers', () => {
  test('isActiveStatus', () => {
    assert.equal(isActiveStatus('queued'), true);
    assert.equal(isActiveStatus('running'), true);
    assert.equal(isActiveStatus('completed'), false);
    assert.equal(isActiveStatus('x'), false);
    assert.equal(isActiveStatus(null), false);
  });
  test('compareSeverity', () => {
    assert.ok(compareSeverity('fresh', 'past_expected') < 0);
    assert.ok(compareSeverity('likely_stale', 'past_expected') > 0);
    assert.equal(compareSeverity('fresh', 'fresh'), 0);
    assert.deepEqual(FRESHNESS_SEVERITY, { fresh: 0, past_expected: 1, likely_stale: 2 });
  });
});
