import { assert } from '@open-wc/testing';
import { earliestNextChange, sortByAttention } from '@runsight/active-state';
import { parseRuns } from '@runsight/api-client';
import { FIXTURE_NOW_MS, manyRuns } from '@runsight/api-client/fixtures/runs';
import { stateAt } from '../internal/derive.js';
import { FRESHNESS_VALUES, filtersFromAttributes } from './filters.js';
import { attentionOrder, staticRows } from './static-rows.js';

const NOW = FIXTURE_NOW_MS;
const { runs } = parseRuns(manyRuns(400, 3));
const ids = (list: readonly { id: string }[]): string[] => list.map((r) => r.id);

describe('static rows in the attention order', () => {
  it('filtering the list in the attention order gives the order of what passes', () => {
    for (const status of [[], ['active'], ['completed']]) {
      for (const freshness of [[], ['likely_stale', 'past_expected']]) {
        const filters = {
          ...filtersFromAttributes({}),
          status,
          freshness,
          sort: 'attention' as const,
        };
        const newest = staticRows(runs, { ...filters, sort: 'newest' }, NOW, undefined);
        assert.deepEqual(
          ids(staticRows(runs, filters, NOW, undefined)),
          ids(sortByAttention(newest, { now: NOW })),
          `status ${status.join()} freshness ${freshness.join()}`,
        );
      }
    }
  });

  it('lets through the runs of any status asked for ("active": queued or running)', () => {
    const newest = staticRows(runs, filtersFromAttributes({}), NOW, undefined);
    const cases: [string[], string[]][] = [
      [['active'], ['queued', 'running']],
      [['queued'], ['queued']],
      [
        ['running', 'completed'],
        ['running', 'completed'],
      ],
      [
        ['active', 'completed'],
        ['queued', 'running', 'completed'],
      ],
    ];
    for (const [status, passing] of cases) {
      const want = newest.filter((r) => passing.includes(r.status));
      assert.isNotEmpty(want, `the fixture has runs of ${passing.join()}`);
      // The fixture's runs are all queued, running or completed: the last case lets all through.
      if (passing.length < 3) {
        assert.isBelow(want.length, newest.length, `runs other than ${passing.join()} left out`);
      }
      const got = staticRows(runs, { ...filtersFromAttributes({}), status }, NOW, undefined);
      assert.deepEqual(ids(got), ids(want), `status ${status.join()}`);
    }
  });

  it('keeps the order of a list until a run’s state changes, then sorts again', () => {
    const list = runs.slice();
    const order = attentionOrder(list, NOW, undefined);
    assert.deepEqual(ids(order), ids(sortByAttention(list, { now: NOW })));
    const change = earliestNextChange(list.map((r) => stateAt(r, NOW)))?.getTime();
    if (change === undefined) throw new Error('the fixture holds active runs');
    assert.equal(attentionOrder(list, change - 1, undefined), order, 'until then: the same order');
    const later = attentionOrder(list, change, undefined);
    assert.notEqual(later, order, 'at the change: sorted again');
    assert.deepEqual(ids(later), ids(sortByAttention(list, { now: change })));
    assert.notEqual(attentionOrder(list, NOW, { default: undefined }), order, 'other policies');
  });

  it('filters on the states at the instant asked: kept states serve only while they hold', () => {
    const list = runs.slice();
    const stale = { ...filtersFromAttributes({}), freshness: ['likely_stale', 'past_expected'] };
    const expected = (now: number): string[] =>
      ids(
        staticRows(list, filtersFromAttributes({}), now, undefined).filter((r) =>
          stale.freshness.includes(stateAt(r, now).freshness),
        ),
      );
    const change = earliestNextChange(list.map((r) => stateAt(r, NOW)))?.getTime();
    if (change === undefined) throw new Error('the fixture holds active runs');
    // Later instants first: the list's states are kept at NOW, then asked for later ones.
    for (const now of [NOW, change - 1, change, change + 60 * 60_000, NOW]) {
      assert.deepEqual(ids(staticRows(list, stale, now, undefined)), expected(now), `at ${now}`);
    }
    assert.notDeepEqual(expected(change + 60 * 60_000), expected(NOW), 'the states did change');
  });

  it('a freshness filter reads the runs of that freshness: they follow time and new lists', () => {
    const list = runs.slice();
    const change = earliestNextChange(list.map((r) => stateAt(r, NOW)))?.getTime();
    if (change === undefined) throw new Error('the fixture holds active runs');
    /** Every run's state looked up at `now`, the list's order kept. */
    const expected = (
      all: typeof list,
      freshness: string[],
      sort: 'newest' | 'attention',
      now: number,
    ) =>
      ids(
        staticRows(all, { ...filtersFromAttributes({}), sort }, now, undefined).filter((r) =>
          freshness.includes(stateAt(r, now).freshness),
        ),
      );
    const asked = [...FRESHNESS_VALUES.map((v) => [v]), ['terminal', 'fresh', 'likely_stale']];
    const later = change + 60 * 60_000;
    for (const sort of ['newest', 'attention'] as const) {
      for (const now of [NOW, change - 1, change, later, NOW]) {
        for (const freshness of asked) {
          const f = { ...filtersFromAttributes({}), freshness, sort };
          assert.deepEqual(
            ids(staticRows(list, f, now, undefined)),
            expected(list, freshness, sort, now),
            `${sort} ${freshness.join()} at ${now}`,
          );
        }
      }
    }
    const stale = { ...filtersFromAttributes({}), freshness: ['likely_stale'] };
    assert.notDeepEqual(
      expected(list, stale.freshness, 'newest', later),
      expected(list, stale.freshness, 'newest', NOW),
      'a run turned likely stale with time alone',
    );
    // A live update: the host's new list, where a stale run has finished.
    const [first] = staticRows(list, stale, NOW, undefined);
    if (!first) throw new Error('the fixture holds likely stale runs');
    const done = {
      ...first,
      status: 'completed',
      outcome: 'succeeded',
      completedAt: new Date(NOW),
    };
    const updated = list.map((r) => (r === first ? done : r));
    const got = ids(staticRows(updated, stale, NOW, undefined));
    assert.notInclude(got, first.id, 'the finished run left the likely stale runs');
    assert.deepEqual(got, expected(updated, stale.freshness, 'newest', NOW));
    assert.include(
      ids(staticRows(updated, { ...stale, freshness: ['terminal'] }, NOW, undefined)),
      first.id,
    );
  });
});
