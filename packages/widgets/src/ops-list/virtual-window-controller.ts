/**
 * The virtual window of `<ops-list>` (a reactive controller): scroll position, viewport height
 * (`ResizeObserver`), which rows are in the DOM and in which slot, the row holding the roving
 * focus, keyboard movement and focus that waits for its row to be rendered.
 *
 * Rows have a fixed height; only the visible rows plus overscan, and the row holding the roving
 * focus, are rendered. Each row keeps its DOM slot while it stays rendered (so the focused row
 * keeps its node); a row entering the window takes the slot of one that left, so lit updates that
 * row's values instead of building it. After a jump the frame renders the rows in view; the
 * overscan rows follow in a task after it (see `layout`). The arithmetic is `virtual-window.ts`
 * (pure).
 *
 * Changes here request an update of the host with `requesting` set: the host can tell that such
 * an update moves the window only, not time.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  isNavigationKey,
  nextIndex,
  rowsPerPage,
  scrollTopToReveal,
  visibleRange,
} from './virtual-window.js';

/** Fixed row height in CSS px (the virtualiser's unit). */
export const ROW_HEIGHT = 48;
/** Rows rendered above and below the visible ones (each costs style and layout on a jump). */
export const OVERSCAN = 3;
/** Rows rendered before the viewport has been measured. */
const INITIAL_ROWS = 12;

export interface VirtualWindowHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export class VirtualWindowController implements ReactiveController {
  readonly #host: VirtualWindowHost;
  /** How many rows there are (for keyboard movement). */
  readonly #total: () => number;
  #scrollTop = 0;
  #viewportHeight = 0;
  #activeIndex = 0;
  #requesting = false;
  /** Row index shown by each DOM slot of the body (-1: a free slot). */
  #slots: number[] = [];
  #pendingFocus: number | null = null;
  /** A render of the overscan rows is due (`layout`): its timer, and that render. */
  #fillTimer: ReturnType<typeof setTimeout> | 0 = 0;
  #filling = false;
  /** The scroller goes back to the top once the host has updated (see `reset`). */
  #scrollToTop = false;
  /** New rows since the last layout (`reset`): a slot's index now shows another run. */
  #newRows = false;
  #resizeObserver: ResizeObserver | null = null;
  #observed: Element | null = null;

  constructor(host: VirtualWindowHost, total: () => number) {
    this.#host = host;
    this.#total = total;
    host.addController(this);
  }

  /** True while this controller requests an update of the host (the window moved, not time). */
  get requesting(): boolean {
    return this.#requesting;
  }

  /** Roving focus: index of the row that takes Tab. */
  get activeIndex(): number {
    return this.#activeIndex;
  }

  hostUpdated(): void {
    if (this.#scrollToTop) {
      this.#scrollToTop = false;
      const scroller = this.#scroller;
      if (scroller && scroller.scrollTop !== 0) scroller.scrollTop = 0;
    }
    this.#observeViewport();
    if (this.#pendingFocus !== null) {
      const index = this.#pendingFocus;
      this.#pendingFocus = null;
      this.#row(index)?.focus({ preventScroll: true });
    }
  }

  hostDisconnected(): void {
    clearTimeout(this.#fillTimer);
    this.#fillTimer = 0;
    this.#resizeObserver?.disconnect();
    this.#resizeObserver = null;
    this.#observed = null;
  }

  /**
   * The rows in the DOM for `total` rows, by slot: the row index each slot shows (-1: free).
   * Rows that stay keep their slot; rows entering take free slots. When rows scrolled into view
   * enter (a jump, or a scroll past the overscan), the overscan rows entering with them wait:
   * the slots they would take keep the rows they show (outside the window, unchanged, so they
   * cost no style or layout) and the overscan rows are rendered after the frame (`#fill`).
   */
  layout(total: number): readonly number[] {
    const old = this.#slots;
    const rows = total ? this.#renderedIndices(total) : [];
    const want = new Set(rows);
    const newRows = this.#newRows;
    this.#newRows = false;
    const slots = old.map((i) => (!newRows && want.has(i) ? i : -1));
    const kept = new Set(slots);
    // In view: the rows the viewport (before it is measured, INITIAL_ROWS) shows, the focused row.
    const top = this.#scrollTop;
    const bottom = top + (this.#viewportHeight || INITIAL_ROWS * ROW_HEIGHT);
    const inView = (i: number): boolean =>
      i === this.#activeIndex || (i * ROW_HEIGHT < bottom && (i + 1) * ROW_HEIGHT > top);
    const defer = !this.#filling && old.length > 0 && rows.some((i) => !kept.has(i) && inView(i));
    this.#filling = false;
    let free = 0;
    for (const i of rows) {
      if (kept.has(i) || (defer && !inView(i))) continue;
      while (free < slots.length && slots[free] !== -1) free++;
      slots[free] = i;
    }
    if (defer) {
      // Their slots keep their rows meanwhile; after new rows those rows are gone, and so are
      // their slots (the overscan rows are built after the frame).
      slots.forEach((i, slot) => {
        if (i < 0 && !newRows && (old[slot] as number) < total) slots[slot] = old[slot] as number;
      });
      this.#fillTimer ||= setTimeout(this.#fill, 0);
    }
    while (slots.at(-1) === -1) slots.pop();
    this.#slots = slots;
    return slots;
  }

  /** The reader is somewhere in the table (scrolled down or focus in a row). */
  readerBusy(): boolean {
    const focused = (this.#host.renderRoot as ShadowRoot).activeElement;
    return this.#scrollTop > ROW_HEIGHT / 2 || focused?.closest('.tbody') != null;
  }

  /**
   * New rows (new filters, new runs shown): back to the top, the roving focus on the first row;
   * the next frame renders the rows in view, the overscan rows follow after it (as after a jump:
   * a filter change puts new data in every slot). The scroller's `scrollTop` is written
   * after the host's update: written now, in the middle of a change, it would force a style and
   * layout of the page as it is (a filter change then laid the page out twice).
   */
  reset(): void {
    this.#set(0, this.#viewportHeight, 0);
    this.#scrollToTop = true;
    this.#newRows = true;
  }

  /** Keeps the roving focus on an existing row when rows went away. */
  clamp(total: number): void {
    if (this.#activeIndex >= total)
      this.#set(this.#scrollTop, this.#viewportHeight, Math.max(0, total - 1));
  }

  /** Focuses row `index` once it has been rendered (after the next update). */
  focusAfterUpdate(index: number): void {
    this.#pendingFocus = index;
  }

  /** The DOM node of row `index`, if rendered. */
  #row(index: number): HTMLElement | null {
    return this.#host.renderRoot.querySelector<HTMLElement>(`[role="row"][data-index="${index}"]`);
  }

  // --- handlers (bound: the template passes them as listeners) ---
  readonly onScroll = (e: Event): void => {
    this.#set((e.currentTarget as HTMLElement).scrollTop, this.#viewportHeight, this.#activeIndex);
  };

  readonly onFocusIn = (e: FocusEvent): void => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (row) this.#set(this.#scrollTop, this.#viewportHeight, Number(row.dataset.index));
  };

  readonly onKeyDown = (e: KeyboardEvent): void => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!row) return;
    const index = Number(row.dataset.index);
    if (e.key === 'Enter' && e.target === row) {
      e.preventDefault();
      row.querySelector<HTMLAnchorElement>('a[href]')?.click();
      return;
    }
    if (!isNavigationKey(e.key) || e.altKey || e.metaKey) return;
    e.preventDefault();
    // A key pressed before the ResizeObserver's first report (it comes with a frame): measure now.
    if (!this.#viewportHeight) this.#measure();
    const page = rowsPerPage(this.#viewportHeight, ROW_HEIGHT);
    this.#moveFocus(nextIndex(e.key, index, this.#total(), page));
  };

  // --- internals ---
  #moveFocus(index: number): void {
    const scroller = this.#scroller;
    let top = this.#scrollTop;
    if (scroller) {
      const reveal = scrollTopToReveal(index, ROW_HEIGHT, scroller.scrollTop, this.#viewportHeight);
      if (reveal !== scroller.scrollTop) {
        scroller.scrollTop = reveal;
        top = scroller.scrollTop;
      }
    }
    this.#set(top, this.#viewportHeight, index);
    const el = this.#row(index);
    if (el) el.focus({ preventScroll: true });
    else this.#pendingFocus = index;
  }

  /** Sets the window's state; an update of the host when it changed. */
  #set(scrollTop: number, viewportHeight: number, activeIndex: number): void {
    if (
      scrollTop === this.#scrollTop &&
      viewportHeight === this.#viewportHeight &&
      activeIndex === this.#activeIndex
    ) {
      return;
    }
    this.#scrollTop = scrollTop;
    this.#viewportHeight = viewportHeight;
    this.#activeIndex = activeIndex;
    this.#request();
  }

  /** Measures the viewport: the scroller's part that shows body rows (below the sticky header). */
  readonly #measure = (): void => {
    const scroller = this.#scroller;
    const head = scroller?.querySelector<HTMLElement>('.thead');
    if (scroller) {
      this.#set(
        this.#scrollTop,
        Math.max(0, scroller.clientHeight - (head?.offsetHeight ?? 0)),
        this.#activeIndex,
      );
    }
  };

  /** Renders the overscan rows a jump left for after its frame. */
  readonly #fill = (): void => {
    this.#fillTimer = 0;
    this.#filling = true;
    this.#request();
  };

  /** Requests an update of the host, flagged as the window's (not time's). */
  #request(): void {
    this.#requesting = true;
    try {
      this.#host.requestUpdate();
    } finally {
      this.#requesting = false;
    }
  }

  /** The indices in the DOM: the window plus the row holding the roving focus. */
  #renderedIndices(total: number): number[] {
    const range = visibleRange(
      this.#scrollTop,
      this.#viewportHeight,
      ROW_HEIGHT,
      total,
      OVERSCAN,
      INITIAL_ROWS,
    );
    const out: number[] = [];
    const active = Math.min(this.#activeIndex, total - 1);
    if (active >= 0 && active < range.start) out.push(active);
    for (let i = range.start; i < range.end; i++) out.push(i);
    if (active >= range.end) out.push(active);
    return out;
  }

  get #scroller(): HTMLElement | null {
    return this.#host.renderRoot.querySelector<HTMLElement>('.scroller');
  }

  #observeViewport(): void {
    const scroller = this.#scroller;
    if (scroller === this.#observed) return;
    this.#resizeObserver?.disconnect();
    this.#observed = scroller;
    if (!scroller) return;
    // No synchronous measure here (called from the host's update): setting the height now would
    // schedule a second update from inside this one (Lit's change-in-update). The observer's
    // initial notification arrives before the next paint and sets it then.
    this.#resizeObserver ??= new ResizeObserver(this.#measure);
    this.#resizeObserver.observe(scroller);
  }
}
