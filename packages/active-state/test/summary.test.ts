import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attentionRank,
  deriveActiveState,
  earliestNextChange,
  formatHeadline,
  sortByAttention,
  summarizeActivity,
  summarizeCounts,
  type OperationRun,
} from '@runsight/active-state';
import { run, T0, S } from './helpers.js';

// At NOW: a queued run created at T0 - ageS seconds is fresh (< 120), past expected (< 900)
// or likely stale.
const NOW = T0;
const aged = (id: string, ageS: number, over: Partial<OperationRun> = {}): OperationRun =>
  run({ id, createdAt: new Date(NOW - ageS * S), ...over });
const fresh = (id: string, ageS = 10) => aged(id, ageS);
const past = (id: string, ageS = 200) => aged(id, ageS);
const stale = (id: string, ageS = 1000) => aged(id, ageS);
const done = (id: string, outcome: string, ageS = 5000, over: Partial<OperationRun> = {}) =>
  aged(id, ageS, { status: 'completed', outcome, ...over });

describe('summarizeActivity headline', () => {
  const h = (runs: OperationRun[]) => summarizeActivity(runs, { now: NOW });
  test('1 stale of 3 must not say "all"', () => {
    const s = h([stale('a'), fresh('b'), fresh('c')]);
    assert.equal(s.headline, '1 of 3 active operations likely stale');
    assert.doesNotMatch(s.headline, /all/i);
    assert.deepEqual(s.headlineKey, { key: 'some_stale', count: 1, total: 3 });
    assert.equal(s.tone, 'critical');
  });
  test('all stale says all', () => {
    const s = h([stale('a'), stale('b'), stale('c')]);
    assert.equal(s.headline, 'All 3 active operations likely stale');
    assert.deepEqual(s.headlineKey, { key: 'all_stale', total: 3 });
  });
  test('a single stale run', () => {
    assert.equal(h([stale('a')]).headline, '1 active operation likely stale');
  });
  test('stale takes precedence over past expected', () => {
    const s = h([stale('a'), past('b'), fresh('c'), past('d')]);
    assert.equal(s.headline, '1 of 4 active operations likely stale');
    assert.equal(s.pastExpected, 2);
  });
  test('past expected against the total', () => {
    const s = h([past('a'), fresh('b'), fresh('c'), fresh('d')]);
    assert.equal(s.headline, '1 of 4 active operations past expected');
    assert.deepEqual(s.headlineKey, { key: 'some_past_expected', count: 1, total: 4 });
    assert.equal(s.tone, 'attention');
    assert.equal(h([past('a'), past('b')]).headline, 'All 2 active operations past expected');
    assert.equal(h([past('a')]).headline, '1 active operation past expected');
  });
  test('all on track, singular and plural', () => {
    const three = h([fresh('a'), fresh('b'), fresh('c')]);
    assert.equal(three.headline, '3 active operations, all on track');
    assert.deepEqual(three.headlineKey, { key: 'all_fresh', active: 3, followUp: 0 });
    assert.equal(three.tone, 'calm');
    assert.equal(h([fresh('a')]).headline, '1 active operation, on track');
  });
  test('a tone raised by follow-up alone is said in words', () => {
    const none = h([]);
    assert.equal(none.headline, 'No active operations');
    assert.equal(none.tone, 'calm');
    const s = h([done('a', 'failed'), done('b', 'succeeded')]);
    assert.equal(s.headline, 'No active operations · 1 needs follow-up');
    assert.deepEqual(s.headlineKey, { key: 'none_active', followUp: 1 });
    assert.equal(s.followUp, 1);
    assert.equal(s.tone, 'attention');
    const mixed = h([fresh('a'), done('b', 'blocked')]);
    assert.equal(mixed.headline, '1 active operation, on track · 1 needs follow-up');
    assert.equal(mixed.tone, 'attention');
    const three = h([
      fresh('a'),
      fresh('b'),
      fresh('c'),
      done('d', 'failed'),
      done('e', 'blocked'),
    ]);
    assert.equal(three.headline, '3 active operations, all on track · 2 need follow-up');
    const unknown = h([aged('x', 0, { createdAt: new Date(NaN) }), done('d', 'failed')]);
    assert.equal(unknown.headline, '1 active operation in an unknown state · 1 needs follow-up');
    assert.equal(unknown.tone, 'attention');
    // a tone raised by stale or late runs already says why: follow-up is not added to it
    const stuck = h([stale('a'), past('b'), done('d', 'failed')]);
    assert.equal(stuck.headline, '1 of 2 active operations likely stale');
    assert.equal(
      formatHeadline({ key: 'all_fresh', active: 2, followUp: 0 }),
      '2 active operations, all on track',
    );
  });
  test('active runs with unknown timing are never "on track"', () => {
    const bad = aged('x', 0, { createdAt: new Date(NaN) });
    const s = h([fresh('a'), bad]);
    assert.equal(s.headline, '1 of 2 active operations in an unknown state');
    assert.equal(s.unknown, 1);
    assert.equal(h([bad]).headline, '1 active operation in an unknown state');
    assert.equal(h([bad, bad]).headline, 'All 2 active operations in an unknown state');
    // an unknown status is not active: it is counted, not headlined
    const u = h([fresh('a'), run({ status: 'paused' })]);
    assert.equal(u.headline, '1 active operation, on track');
    assert.equal(u.unknown, 1);
    assert.equal(u.active, 1);
  });
  test('counts', () => {
    const s = h([
      stale('a'),
      past('b'),
      fresh('c'),
      done('d', 'failed'),
      aged('e', 0, {
        status: 'completed',
        reconciliation: { reconciledAt: new Date(NOW), reason: 'x', previousStatus: 'running' },
      }),
      done('f', 'succeeded'),
      run({ status: '??' }),
    ]);
    assert.deepEqual(
      { ...s, headline: undefined, headlineKey: undefined },
      {
        active: 3,
        fresh: 1,
        pastExpected: 1,
        likelyStale: 1,
        followUp: 2,
        unknown: 1,
        tone: 'critical',
        headline: undefined,
        headlineKey: undefined,
      },
    );
  });
  test('now as Date; accepts any iterable', () => {
    const runs = new Set([stale('a'), fresh('b')]);
    assert.equal(
      summarizeActivity(runs, { now: new Date(NOW) }).headline,
      '1 of 2 active operations likely stale',
    );
  });
  test('formatHeadline covers every key', () => {
    assert.equal(
      formatHeadline({ key: 'some_unknown', count: 2, total: 5, followUp: 0 }),
      '2 of 5 active operations in an unknown state',
    );
    assert.equal(
      formatHeadline({ key: 'all_fresh', active: 0, followUp: 0 }),
      '0 active operations, all on track',
    );
  });
});

describe('sortByAttention', () => {
  test('groups in order: stuck runs oldest first, follow-up by severity then newest completion', () => {
    const finished = (id: string, outcome: string, createdS: number, completedS: number) =>
      done(id, outcome, createdS, { completedAt: new Date(NOW - completedS * S) });
    const runs = [
      fresh('fresh-young', 5),
      done('ok', 'succeeded', 9000),
      past('past-young', 150),
      finished('failed-young', 'failed', 100, 90),
      stale('stale-young', 1000),
      fresh('fresh-old', 100),
      stale('stale-old', 5000),
      past('past-old', 800),
      finished('failed-old', 'failed', 7000, 6000),
      finished('partial-13h', 'partially_succeeded', 50_000, 13 * 3600),
      finished('blocked', 'blocked', 300, 200),
      aged('reconciled-13s', 3000, {
        status: 'completed',
        reconciliation: {
          reconciledAt: new Date(NOW - 13 * S),
          reason: 'x',
          previousStatus: 'running',
        },
      }),
      run({ id: 'unknown', status: '??', createdAt: new Date(NOW - 99_999 * S) }),
    ];
    const sorted = sortByAttention(runs, { now: NOW });
    assert.notEqual(sorted, runs);
    assert.deepEqual(
      sorted.map((r) => r.id),
      [
        'stale-old',
        'stale-young',
        'past-old',
        'past-young',
        'reconciled-13s',
        'failed-young',
        'failed-old',
        'blocked',
        'partial-13h',
        'unknown',
        'ok',
        'fresh-old',
        'fresh-young',
      ],
    );
  });
  test('a reconciled failure from 13 s ago sits above a partial success from 13 h ago', () => {
    const partial = done('partial', 'partially_succeeded', 13 * 3600 + 60, {
      completedAt: new Date(NOW - 13 * 3600 * S),
    });
    const reconciled = aged('reconciled', 60, {
      status: 'completed',
      reconciliation: {
        reconciledAt: new Date(NOW - 13 * S),
        reason: 'x',
        previousStatus: 'running',
      },
    });
    assert.deepEqual(
      sortByAttention([partial, reconciled], { now: NOW }).map((r) => r.id),
      ['reconciled', 'partial'],
    );
  });
  test('follow-up of one severity: newest completion first, missing completion last', () => {
    const f = (id: string, completedS: number | null) =>
      done(id, 'failed', 9000, {
        completedAt: completedS === null ? null : new Date(NOW - completedS * S),
      });
    assert.deepEqual(
      sortByAttention([f('none', null), f('old', 500), f('new', 5), f('mid', 50)], {
        now: NOW,
      }).map((r) => r.id),
      ['new', 'mid', 'old', 'none'],
    );
  });
  test('stable for equal createdAt; invalid createdAt last in its group', () => {
    const a = fresh('a', 10);
    const b = fresh('b', 10);
    const c = done('c', 'cancelled');
    c.createdAt = new Date(NaN);
    const d = done('d', 'succeeded', 1);
    assert.deepEqual(
      sortByAttention([c, b, a, d], { now: NOW }).map((r) => r.id),
      ['b', 'a', 'd', 'c'],
    );
  });
  test('attentionRank', () => {
    const st = (r: OperationRun) => attentionRank(deriveActiveState(r, { now: NOW }));
    assert.equal(st(stale('a')), 0);
    assert.equal(st(past('a')), 1);
    assert.equal(st(done('a', 'partially_succeeded')), 2);
    assert.equal(st(fresh('a')), 3);
    assert.equal(st(done('a', 'succeeded')), 3);
  });
});

test('earliestNextChange', () => {
  const states = [fresh('a', 10), past('b', 200), stale('c'), done('d', 'failed')].map((r) =>
    deriveActiveState(r, { now: NOW }),
  );
  assert.equal(earliestNextChange(states)?.getTime(), NOW + 110 * S);
  assert.equal(earliestNextChange([]), null);
});

describe('summarizeCounts', () => {
  test('the same tone and headline as summarizeActivity for the same figures', () => {
    const pool = [
      () => fresh('f'),
      () => past('p'),
      () => stale('s'),
      () => done('d', 'failed'),
      () => done('ok', 'succeeded'),
      () => run({ status: 'running', createdAt: new Date(Number.NaN) }),
    ];
    // every multiset of up to three runs of the pool
    const sets: OperationRun[][] = [[]];
    for (let n = 0; n < 3; n++) {
      for (const set of sets.splice(0)) {
        sets.push(set);
        for (const make of pool) sets.push([...set, make()]);
      }
    }
    assert.ok(sets.length > 200);
    for (const runs of sets) {
      const counted = summarizeActivity(runs, { now: NOW });
      // a backend's summary counts active runs only as unknown (activeUnknown defaults to it)
      const activeUnknown = runs.filter(
        (r) => r.status === 'running' && Number.isNaN(r.createdAt.getTime()),
      ).length;
      const fromCounts = summarizeCounts({ ...counted, unknown: activeUnknown });
      assert.deepEqual(fromCounts, { ...counted, unknown: activeUnknown }, JSON.stringify(runs));
    }
  });
});
