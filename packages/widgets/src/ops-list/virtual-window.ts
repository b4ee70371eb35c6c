/**
 * Windowed (virtualised) row rendering for `<ops-list>`: pure arithmetic, no DOM.
 *
 * Rows have one fixed height; the body is a positioned box of `total × rowHeight` pixels inside
 * a scroll container, and only the rows that intersect the viewport (plus `overscan` rows on each
 * side) are rendered, absolutely positioned at `index × rowHeight`.
 */

/** Half-open index range `[start, end)`. */
export interface IndexRange {
  start: number;
  end: number;
}

export const DEFAULT_MAX_ROWS = 150;

const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, n));

/**
 * The rows to render for a scroll position: never more than `DEFAULT_MAX_ROWS` (whatever the
 * viewport says), never outside `[0, rows)`. `scrollY`: the scroll container's scrollTop,
 * `viewportHeight`: the height of the part of it that shows body rows (its height minus a sticky
 * header), in px; `rows` in all; `extra` rows are rendered above and below the visible ones;
 * `initialRows` are assumed visible while the viewport has not been measured (height 0).
 */
export function visibleRange(
  scrollY: number,
  viewportHeight: number,
  rowHeight: number,
  rows: number,
  extra: number,
  initialRows = 20,
): IndexRange {
  const total = Math.max(0, Math.floor(rows));
  if (total === 0 || !(rowHeight > 0)) return { start: 0, end: 0 };
  const overscan = Math.max(0, Math.floor(extra));
  const scrollTop = Number.isFinite(scrollY) ? Math.max(0, scrollY) : 0;
  const viewport = viewportHeight > 0 ? viewportHeight : initialRows * rowHeight;

  const firstVisible = clamp(Math.floor(scrollTop / rowHeight), 0, total - 1);
  const lastVisible = clamp(Math.ceil((scrollTop + viewport) / rowHeight), firstVisible + 1, total);
  const start = clamp(firstVisible - overscan, 0, total);
  const end = clamp(lastVisible + overscan, start, Math.min(total, start + DEFAULT_MAX_ROWS));
  return { start, end };
}

/** Rows that fully fit in the viewport (at least 1): the step of PageUp/PageDown. */
export function rowsPerPage(viewportHeight: number, rowHeight: number): number {
  if (!(rowHeight > 0) || !(viewportHeight > 0)) return 1;
  return Math.max(1, Math.floor(viewportHeight / rowHeight));
}

/** The keys that move the roving focus. */
const KEYS = ['ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'] as const;

export type NavigationKey = (typeof KEYS)[number];

export function isNavigationKey(key: string): key is NavigationKey {
  return (KEYS as readonly string[]).includes(key);
}

/** The row index that a navigation key moves focus to (clamped to the rows there are). */
export function nextIndex(
  key: NavigationKey,
  current: number,
  total: number,
  page: number,
): number {
  if (total <= 0) return 0;
  const cur = clamp(current, 0, total - 1);
  const step = Math.max(1, page);
  const to = {
    ArrowUp: cur - 1,
    ArrowDown: cur + 1,
    Home: 0,
    End: total - 1,
    PageUp: cur - step,
    PageDown: cur + step,
  }[key];
  return clamp(to, 0, total - 1);
}

/**
 * The scrollTop that brings row `index` fully into view with the least movement
 * (unchanged when it is already fully visible).
 */
export function scrollTopToReveal(
  index: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (viewportHeight > 0 && bottom > scrollTop + viewportHeight) {
    return Math.max(0, bottom - viewportHeight);
  }
  return scrollTop;
}
