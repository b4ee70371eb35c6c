import { assert } from '@open-wc/testing';
import {
  nextIndex,
  rowsPerPage,
  scrollTopToReveal,
  visibleRange,
  isNavigationKey,
} from './virtual-window.js';

/** `visibleRange` with its arguments by name. */
const range = (o: {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  total: number;
  overscan: number;
  initialRows?: number;
}) => visibleRange(o.scrollTop, o.viewportHeight, o.rowHeight, o.total, o.overscan, o.initialRows);

describe('ops-list virtual window', () => {
  const base = { rowHeight: 40, viewportHeight: 400, overscan: 5 };

  it('renders the visible rows plus overscan at the top', () => {
    assert.deepEqual(range({ ...base, scrollTop: 0, total: 10_000 }), {
      start: 0,
      end: 15,
    });
  });

  it('follows the scroll position', () => {
    // rows 250..260 visible (10 000 / 40 = 250), overscan 5 each side
    assert.deepEqual(range({ ...base, scrollTop: 10_000, total: 10_000 }), {
      start: 245,
      end: 265,
    });
    // half a row scrolled: row 250 partly visible
    assert.deepEqual(range({ ...base, scrollTop: 10_020, total: 10_000 }), {
      start: 245,
      end: 266,
    });
  });

  it('clamps at the end and for short lists', () => {
    assert.deepEqual(range({ ...base, scrollTop: 399_600, total: 10_000 }), {
      start: 9985,
      end: 10_000,
    });
    assert.deepEqual(range({ ...base, scrollTop: 0, total: 3 }), { start: 0, end: 3 });
    assert.deepEqual(range({ ...base, scrollTop: 999_999, total: 3 }), {
      start: 0,
      end: 3,
    });
    assert.deepEqual(range({ ...base, scrollTop: 0, total: 0 }), { start: 0, end: 0 });
  });

  it('guesses a first screen before the viewport is measured and caps huge viewports', () => {
    assert.deepEqual(
      range({ ...base, viewportHeight: 0, initialRows: 12, scrollTop: 0, total: 500 }),
      { start: 0, end: 17 },
    );
    const r = range({ ...base, viewportHeight: 100_000, scrollTop: 0, total: 10_000 });
    assert.deepEqual(r.end - r.start, 150);
  });

  it('ignores nonsense input', () => {
    assert.deepEqual(range({ ...base, scrollTop: Number.NaN, total: 10 }), {
      start: 0,
      end: 10,
    });
    assert.deepEqual(range({ ...base, rowHeight: 0, scrollTop: 0, total: 10 }), {
      start: 0,
      end: 0,
    });
    assert.deepEqual(range({ ...base, scrollTop: -50, total: 100 }).start, 0);
  });

  it('moves focus with the navigation keys', () => {
    assert.deepEqual(nextIndex('ArrowDown', 0, 10, 5), 1);
    assert.deepEqual(nextIndex('ArrowDown', 9, 10, 5), 9);
    assert.deepEqual(nextIndex('ArrowUp', 0, 10, 5), 0);
    assert.deepEqual(nextIndex('ArrowUp', 4, 10, 5), 3);
    assert.deepEqual(nextIndex('Home', 7, 10, 5), 0);
    assert.deepEqual(nextIndex('End', 2, 10, 5), 9);
    assert.deepEqual(nextIndex('PageDown', 2, 10, 5), 7);
    assert.deepEqual(nextIndex('PageDown', 7, 10, 5), 9);
    assert.deepEqual(nextIndex('PageUp', 7, 10, 5), 2);
    assert.deepEqual(nextIndex('PageUp', 2, 10, 5), 0);
    assert.deepEqual(nextIndex('End', 0, 0, 5), 0);
    assert.deepEqual(isNavigationKey('Enter'), false);
    assert.deepEqual(isNavigationKey('PageDown'), true);
  });

  it('pages by the rows that fit', () => {
    assert.deepEqual(rowsPerPage(400, 40), 10);
    assert.deepEqual(rowsPerPage(30, 40), 1);
    assert.deepEqual(rowsPerPage(0, 40), 1);
  });

  it('scrolls the least to reveal a row', () => {
    assert.deepEqual(scrollTopToReveal(5, 40, 0, 400), 0); // visible
    assert.deepEqual(scrollTopToReveal(10, 40, 0, 400), 40); // just below
    assert.deepEqual(scrollTopToReveal(3, 40, 400, 400), 120); // above
    assert.deepEqual(scrollTopToReveal(9999, 40, 0, 400), 399_600);
  });
});
