import { assert } from '@open-wc/testing';
import { deriveActiveState } from '@runsight/active-state';
import { parseRuns } from '@runsight/api-client';
import { FIXTURE_NOW, MINUTE, freshRunning, succeededRun } from '@runsight/api-client/fixtures';
import { deriveRun, stateAt } from './derive.js';

const NOW = FIXTURE_NOW.getTime();

describe('stateAt (memoised derivation)', () => {
  it('reuses a state for the instants it holds, derives again at its next change', () => {
    const [run] = parseRuns([freshRunning({ id: 'fresh' })]).runs;
    if (!run) throw new Error('no run');
    const first = stateAt(run, NOW);
    const next = first.nextChangeAt?.getTime();
    if (next === undefined) throw new Error('a running run changes with time');
    assert.isAbove(next, NOW + MINUTE);
    assert.equal(
      stateAt(run, NOW + MINUTE),
      first,
      'later, before the next change: the same state',
    );
    assert.equal(deriveRun(run, next - 1).state, first);
    const after = stateAt(run, next);
    assert.notEqual(after, first, 'at the next change: derived again');
    assert.deepEqual(after, deriveActiveState(run, { now: next }));
    assert.notEqual(after.freshness, first.freshness);
    assert.notEqual(stateAt(run, NOW), after, 'an earlier instant (clock set back): derived again');
    assert.deepEqual(stateAt(run, NOW), first);
  });

  it('derives again for other policies; a finished run holds for good', () => {
    const [running, done] = parseRuns([freshRunning(), succeededRun()]).runs;
    if (!running || !done) throw new Error('no runs');
    const first = stateAt(running, NOW);
    const policy = { expectedAfterS: 1, staleAfterS: 2 };
    const policies = { default: { queued: policy, running: policy } };
    const other = stateAt(running, NOW + 1, policies);
    assert.notEqual(other, first);
    assert.deepEqual(other, deriveActiveState(running, { now: NOW + 1, policies }));
    const finished = stateAt(done, NOW);
    assert.isNull(finished.nextChangeAt);
    assert.equal(stateAt(done, NOW + 1000 * 24 * 60 * MINUTE), finished);
  });
});
