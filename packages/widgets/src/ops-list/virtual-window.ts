/**
 * Windowed (virtualised) row rendering for `<ops-list>`: pure arithmetic, no DOM.
 *
 * Rows have one fixed height; the body is a positioned box of `total × rowHeight` pixels inside
 * a scroll container, and only the rows that intersect the viewport (plus `overscan` rows on each
 * side) are rendered, absolutely positioned at `index × rowHeight`.
 */

export interface WindowInput {
  /** scrollTop of the scroll container, px. */
  scrollTop: number;
  /** Height of the part of the viewport that shows body rows (container height minus a sticky header), px. */
  viewportHeight: number;
  rowHeight: number;
  total: number;
  /** Extra rows rendered above and below the visible ones. */
  overscan: number;
  /** Rows assumed visible when the viewport has not been measured yet (height 0). */
  initialRows?: number;
  /** Hard cap on the rendered rows, whatever the viewport says. */
  maxRows?: number;
}

/** Half-open index range `[start, end)`. */
export interface IndexRange {
  start: number;
  end: number;
}

export const DEFAULT_MAX_ROWS = 150;

const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, n));

/** The rows to render for a scroll position. Never more than `maxRows`, never outside `[0, total)`. */
export function visibleRange(input: WindowInput): IndexRange {
  const total = Math.max(0, Math.floor(input.total));
  const rowHeight = input.rowHeight;
  if (total === 0 || !(rowHeight > 0)) return { start: 0, end: 0 };
  const overscan = Math.max(0, Math.floor(input.overscan));
  const maxRows = Math.max(1, input.maxRows ?? DEFAULT_MAX_ROWS);
  const scrollTop = Number.isFinite(input.scrollTop) ? Math.max(0, input.scrollTop) : 0;
  const viewport =
    input.viewportHeight > 0 ? input.viewportHeight : (input.initialRows ?? 20) * rowHeight;

  const firstVisible = clamp(Math.floor(scrollTop / rowHeight), 0, total - 1);
  const lastVisible = clamp(Math.ceil((scrollTop + viewport) / rowHeight), firstVisible + 1, total);
  const start = clamp(firstVisible - overscan, 0, total);
  const end = clamp(lastVisible + overscan, start, Math.min(total, start + maxRows));
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
