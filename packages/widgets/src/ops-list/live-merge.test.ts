import { assert } from '@open-wc/testing';
import {
  appendPage,
  emptyLiveRows,
  mergeFirstPage,
  updateInPlace,
  type MergeRun,
} from './live-merge.js';

interface R extends MergeRun {
  v?: number;
}
const at = (min: number): Date => new Date(Date.UTC(2026, 10, 29, 10, min));
const run = (id: string, min: number, v = 0): R => ({ id, createdAt: at(min), v });
const ids = (rs: readonly R[]): string[] => rs.map((r) => r.id);
const newest = { limit: 3, sort: 'newest' as const };

describe('ops-list live merge', () => {
  it('takes the first page as it is when nothing is on screen, even when holding', () => {
    const s = mergeFirstPage(emptyLiveRows<R>(), [run('c', 3), run('b', 2)], {
      ...newest,
      hold: true,
    });
    assert.deepEqual(ids(s.rows), ['c', 'b']);
    assert.deepEqual(s.pending, []);
  });

  it('holds new runs back and updates rows in place while holding', () => {
    const s0 = mergeFirstPage(emptyLiveRows<R>(), [run('c', 3), run('b', 2), run('a', 1)], {
      ...newest,
      hold: false,
    });
    const s1 = mergeFirstPage(s0, [run('e', 5), run('d', 4), run('c', 3, 1)], {
      ...newest,
      hold: true,
    });
    assert.deepEqual(ids(s1.rows), ['c', 'b', 'a']);
    assert.deepEqual(s1.rows[0]?.v, 1);
    assert.deepEqual(ids(s1.pending), ['e', 'd']);
    // the reader asks for them: unheld merge with the same page
    const s2 = mergeFirstPage(s1, [run('e', 5), run('d', 4), run('c', 3, 1)], {
      ...newest,
      hold: false,
    });
    assert.deepEqual(ids(s2.rows), ['e', 'd', 'c', 'b', 'a']);
    assert.deepEqual(s2.pending, []);
  });

  it('keeps the same rows array when a held refresh changes nothing', () => {
    const page = [run('b', 2), run('a', 1)];
    const s0 = mergeFirstPage(emptyLiveRows<R>(), page, { ...newest, hold: false });
    const s1 = mergeFirstPage(s0, page, { ...newest, hold: true });
    assert.strictEqual(s1.rows, s0.rows);
  });

  it('drops a run that left the filter but keeps one pushed down by newer runs', () => {
    let s = mergeFirstPage(emptyLiveRows<R>(), [run('c', 3), run('b', 2), run('a', 1)], {
      ...newest,
      hold: false,
    });
    s = appendPage(s, [run('z', 0)]);
    // 'b' left the filter (finished): the full page still reaches older runs ('a')
    s = mergeFirstPage(s, [run('e', 5), run('c', 3), run('a', 1)], { ...newest, hold: false });
    assert.deepEqual(ids(s.rows), ['e', 'c', 'a', 'z']);
    // 'c' and 'a' pushed down by newer runs on a full page: they stay
    s = mergeFirstPage(s, [run('g', 7), run('f', 6), run('e', 5)], { ...newest, hold: false });
    assert.deepEqual(ids(s.rows), ['g', 'f', 'e', 'c', 'a', 'z']);
    // a page that is not full: missing runs left the filter
    s = mergeFirstPage(s, [run('g', 7)], { ...newest, hold: false });
    assert.deepEqual(ids(s.rows), ['g', 'c', 'a', 'z']);
  });

  it('takes the server order on an unheld merge (attention sort re-sorts)', () => {
    const opts = { limit: 50, sort: 'attention' as const };
    let s = mergeFirstPage(emptyLiveRows<R>(), [run('a', 1), run('b', 2)], {
      ...opts,
      hold: false,
    });
    s = mergeFirstPage(s, [run('b', 2), run('a', 1)], { ...opts, hold: true });
    assert.deepEqual(ids(s.rows), ['a', 'b']);
    s = mergeFirstPage(s, [run('b', 2), run('a', 1)], { ...opts, hold: false });
    assert.deepEqual(ids(s.rows), ['b', 'a']);
  });

  it('appends pages without duplicates', () => {
    let s = mergeFirstPage(emptyLiveRows<R>(), [run('c', 3), run('b', 2)], {
      ...newest,
      hold: false,
    });
    s = appendPage(s, [run('b', 2), run('a', 1), run('a', 1)]);
    assert.deepEqual(ids(s.rows), ['c', 'b', 'a']);
    const same = appendPage(s, [run('a', 1)]);
    assert.strictEqual(same, s);
  });

  it('updates rows from a later page in place, never adding or moving rows', () => {
    let s = mergeFirstPage(emptyLiveRows<R>(), [run('c', 3), run('b', 2)], {
      ...newest,
      hold: false,
    });
    s = appendPage(s, [run('a', 1)]);
    const next = updateInPlace(s, [run('x', 0), run('a', 1, 7), run('b', 2, 5)]);
    assert.deepEqual(ids(next.rows), ['c', 'b', 'a']);
    assert.equal(next.rows[2]?.v, 7);
    assert.equal(next.rows[1]?.v, 5);
    assert.strictEqual(updateInPlace(next, [run('y', 9)]), next);
  });
});
