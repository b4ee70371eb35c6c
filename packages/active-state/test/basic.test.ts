import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deriveActiveState,
  summarizeActivity,
  sortByAttention,
  BADGES,
} from '@runsight/active-state';
import { run, T0, S } from './helpers.js';

test('queued run: fresh, past expected, likely stale by the built-in policy', () => {
  const r = run();
  assert.equal(deriveActiveState(r, { now: T0 + 10 * S }).freshness, 'fresh');
  assert.equal(deriveActiveState(r, { now: T0 + 120 * S }).freshness, 'past_expected');
  assert.equal(deriveActiveState(r, { now: T0 + 900 * S }).freshness, 'likely_stale');
});

test('running run uses startedAt', () => {
  const r = run({ status: 'running', startedAt: new Date(T0 + 1000 * S) });
  const s = deriveActiveState(r, { now: new Date(T0 + 1000 * S) });
  assert.equal(s.freshness, 'fresh');
  assert.deepEqual(s.badge, BADGES.running);
  assert.equal(s.expectedBy?.getTime(), T0 + 1600 * S);
  assert.equal(s.staleAfter?.getTime(), T0 + 4600 * S);
  assert.equal(s.nextChangeAt?.getTime(), T0 + 1600 * S);
});

test('summary and sort', () => {
  const runs = [
    run({ id: 'a' }),
    run({ id: 'b', createdAt: new Date(T0 - 1000 * S) }),
    run({ id: 'c', status: 'completed', outcome: 'failed' }),
  ];
  const sum = summarizeActivity(runs, { now: T0 });
  assert.equal(sum.active, 2);
  assert.equal(sum.likelyStale, 1);
  assert.equal(sum.headline, '1 of 2 active operations likely stale');
  assert.equal(sum.tone, 'critical');
  assert.deepEqual(
    sortByAttention(runs, { now: T0 }).map((r) => r.id),
    ['b', 'c', 'a'],
  );
});
