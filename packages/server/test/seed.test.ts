/**
 * The seeded history's reconciled runs go stale exactly when `deriveActiveState` says so: the
 * seed asks the one rule (`likelyStaleAt`) instead of keeping its own copy. Demo time scale
 * (20×): a queued run is likely stale 45 s after creation; a running inventory.sync 90 s after it
 * started or 15 s after its last heartbeat; report.export (no heartbeat timeout) 70 s after it
 * started. A reconciled run is reconciled at stale + grace (30 s) + 0–5 s of jitter.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deriveActiveState, type OperationRun } from '@runsight/active-state';
import { buildRun } from '@runsight/active-state/run';
import { reconcileGraceS, scaledPolicies, seedHistory, type Db } from '../src/index.js';
import { rowToRun, selectRuns } from '../src/runs.js';
import { likelyStaleAt } from '../src/seed.js';
import { at, backends, T0 } from './helpers.js';

const policies = scaledPolicies(20);
const graceMs = Math.round(reconcileGraceS(20) * 1000);

const freshnessAt = (run: OperationRun, t: number): string =>
  deriveActiveState(run, { now: t, policies }).freshness;

/** An active run as the seed builds it: no stored lifecycle, no backend verdict. */
const active = (over: Partial<OperationRun>): OperationRun =>
  buildRun({ status: 'running', createdAt: at(-10), startedAt: at(0), ...over });

/** A reconciled run back in the status it had while active. */
function asActiveAgain(run: OperationRun): OperationRun {
  const prev = run.reconciliation?.previousStatus;
  assert.ok(prev === 'queued' || prev === 'running', `previous status of ${run.id}: ${prev}`);
  return {
    ...run,
    status: prev,
    outcome: 'pending',
    completedAt: null,
    reconciliation: null,
    failure: null,
  };
}

describe('likelyStaleAt (the seed asks deriveActiveState)', () => {
  const cases: [string, OperationRun, number][] = [
    [
      'queued: createdAt + 45 s',
      active({ status: 'queued', startedAt: null }),
      T0 - 10_000 + 45_000,
    ],
    ['running, heartbeat deadline first', active({ lastHeartbeatAt: at(12.345) }), T0 + 27_345],
    ['running, stale deadline first', active({ lastHeartbeatAt: at(80) }), T0 + 90_000],
    [
      'running without heartbeat timeout (report.export)',
      active({ type: 'report.export', lastHeartbeatAt: at(5) }),
      T0 + 70_000,
    ],
  ];
  for (const [name, run, expected] of cases) {
    it(name, () => {
      const t = likelyStaleAt(run, policies);
      assert.equal(t, expected);
      assert.equal(freshnessAt(run, t), 'likely_stale');
      assert.notEqual(freshnessAt(run, t - 1), 'likely_stale');
    });
  }

  it('throws for a run that never turns likely stale', () => {
    const never = active({
      type: 'x.never',
      lastHeartbeatAt: null,
    });
    const p = {
      default: {
        queued: { expectedAfterS: 1, staleAfterS: 2 },
        running: { expectedAfterS: Infinity, staleAfterS: Infinity, heartbeatTimeoutS: null },
      },
    };
    assert.throws(() => likelyStaleAt(never, p), /never turns likely stale/);
  });
});

for (const backend of backends()) {
  describe(`seeded reconciled runs (${backend.name})`, () => {
    let db: Db;
    let reconciled: OperationRun[] = [];
    before(async () => {
      db = await backend.open();
      await seedHistory(db, 3000, 5, { now: T0 });
      const rows = await selectRuns(db, {
        where: ['r.reconciled_at IS NOT NULL'],
        params: [],
        order: 'ASC',
      });
      reconciled = rows.map((r) => rowToRun(r));
    });
    after(() => db.close());

    it('pins a few reconciliation instants (queued, heartbeat-bound, stale-bound)', () => {
      const byId = new Map(reconciled.map((r) => [r.id, r]));
      const pinned: [string, string, string][] = [
        ['run_0d581adc62c3', 'queued', '2026-11-28T04:41:56.077Z'],
        ['run_0954541b915c', 'running', '2026-11-18T08:16:15.896Z'],
        ['run_07023052bb03', 'running', '2026-11-28T23:50:08.406Z'],
      ];
      for (const [id, prev, reconciledAt] of pinned) {
        const run = byId.get(id);
        assert.ok(run, id);
        assert.equal(run.reconciliation?.previousStatus, prev, id);
        assert.equal(run.reconciliation?.reconciledAt.toISOString(), reconciledAt, id);
      }
    });

    it('every one was reconciled 0–5 s after grace past the instant deriveActiveState turns it likely stale', () => {
      assert.ok(reconciled.length >= 20, `${reconciled.length} reconciled runs`);
      const prev = new Set<string>();
      for (const run of reconciled) {
        const was = asActiveAgain(run);
        prev.add(was.status);
        const reconciledAt = run.reconciliation?.reconciledAt.getTime() ?? NaN;
        assert.equal(run.completedAt?.getTime(), reconciledAt, run.id);
        const staleAt = reconciledAt - graceMs; // when the reconciler's grace period began, at latest
        assert.equal(freshnessAt(was, staleAt), 'likely_stale', `${run.id} at ${staleAt}`);
        assert.notEqual(freshnessAt(was, staleAt - 5001), 'likely_stale', run.id);
        const derived = likelyStaleAt(was, policies);
        assert.ok(derived <= staleAt && staleAt - derived <= 5000, run.id);
      }
      assert.deepEqual([...prev].sort(), ['queued', 'running']);
    });
  });
}
