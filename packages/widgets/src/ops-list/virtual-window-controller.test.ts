import { assert } from '@open-wc/testing';
import type { ReactiveController } from 'lit';
import {
  OVERSCAN,
  ROW_HEIGHT,
  VirtualWindowController,
  type VirtualWindowHost,
} from './virtual-window-controller.js';

/** A host without lit: a plain root, and a log of the updates requested (and how). */
function setup(total = 1000) {
  const root = document.createElement('div');
  document.body.append(root);
  const requests: boolean[] = [];
  const controllers: ReactiveController[] = [];
  const ref: { win?: VirtualWindowController } = {};
  const host: VirtualWindowHost = {
    renderRoot: root,
    addController: (c) => void controllers.push(c),
    removeController: () => undefined,
    requestUpdate: () => void requests.push(ref.win?.requesting ?? false),
    updateComplete: Promise.resolve(true),
  };
  const win = (ref.win = new VirtualWindowController(host, () => total));
  return { root, win, requests, controllers };
}

/** Renders the slots into `root` the way <ops-list> does (one row node per slot). */
function renderSlots(root: HTMLElement, slots: readonly number[]): HTMLElement[] {
  const rows = [...root.querySelectorAll<HTMLElement>('[role="row"]')];
  slots.forEach((index, slot) => {
    let row = rows[slot];
    if (!row) {
      row = document.createElement('div');
      row.setAttribute('role', 'row');
      row.tabIndex = -1;
      root.append(row);
      rows.push(row);
    }
    row.dataset.index = String(index);
  });
  return rows;
}

const scrollEvent = (top: number): Event =>
  ({ currentTarget: { scrollTop: top } }) as unknown as Event;

describe('VirtualWindowController', () => {
  it('registers with its host and starts at the top', () => {
    const { win, controllers } = setup();
    assert.include(controllers, win);
    assert.equal(win.layout(1000)[0], 0);
    assert.equal(win.activeIndex, 0);
  });

  it('renders a first window before the viewport is measured', () => {
    const { win } = setup();
    assert.deepEqual(win.layout(1000), [...Array(12 + OVERSCAN).keys()]);
    assert.deepEqual(win.layout(3), [0, 1, 2]);
    assert.deepEqual(win.layout(0), []);
  });

  it('keeps the slot of a row that stays; rows entering take the slots of rows that left', () => {
    const { win } = setup();
    const first = win.layout(1000);
    win.onScroll(scrollEvent(5 * ROW_HEIGHT));
    const second = win.layout(1000);
    for (const [slot, index] of first.entries()) {
      if (second.includes(index))
        assert.equal(second[slot], index, `row ${index} kept slot ${slot}`);
    }
    assert.equal(second[1], 15, 'a row entering took the first free slot');
    assert.include(second, 5 + 11, 'the rows that entered are rendered');
    assert.notInclude(second, 1, 'rows above the overscan left');
    assert.include(second, 0, 'except the row holding the roving focus');
    assert.include(second, 5 - OVERSCAN);
  });

  it('after a jump renders the rows in view at once and the overscan rows after the frame', async () => {
    const { win, requests } = setup();
    const first = win.layout(1000);
    assert.lengthOf(first, 12 + OVERSCAN);
    win.onScroll(scrollEvent(500 * ROW_HEIGHT));
    requests.length = 0;
    const jump = win.layout(1000);
    const inView = Array.from({ length: 12 }, (_, k) => 500 + k);
    const overscan = [497, 498, 499, 512, 513, 514];
    for (const i of inView) assert.include(jump, i, `row ${i} in view is rendered`);
    for (const i of overscan) assert.notInclude(jump, i, `overscan row ${i} waits`);
    assert.equal(jump[0], 0, 'the row holding the roving focus stays');
    assert.deepEqual(
      jump.filter((i) => i > 0 && i < 497),
      first.slice(13),
      'the slots the overscan rows will take keep their rows meanwhile',
    );
    assert.deepEqual(requests, [], 'nothing more during the frame');
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(requests, [true], 'then one window-only update');
    const filled = win.layout(1000);
    for (const i of [...inView, ...overscan]) assert.include(filled, i);
    assert.deepEqual(
      inView.map((i) => filled.indexOf(i)),
      inView.map((i) => jump.indexOf(i)),
      'rows in view kept their slots',
    );
    assert.isTrue(
      filled.every((i) => i === 0 || i >= 497),
      'only the window and the focused row',
    );
  });

  it('after new rows (reset) renders the rows in view at once and the overscan rows after the frame', async () => {
    const { win, requests } = setup();
    const first = win.layout(1000);
    assert.deepEqual(first, [...Array(12 + OVERSCAN).keys()]);
    win.reset();
    requests.length = 0;
    const fresh = win.layout(1000);
    assert.deepEqual(
      fresh,
      [...Array(12).keys()],
      'the rows in view, in their slots; no other row',
    );
    assert.deepEqual(requests, [], 'nothing more during the frame');
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(requests, [true], 'then one window-only update');
    assert.deepEqual(win.layout(1000), first, 'the overscan rows, the rows in view in their slots');
  });

  it('renders the overscan rows at once when no row in view enters (a short scroll)', async () => {
    const { win, requests } = setup();
    win.layout(1000);
    win.onScroll(scrollEvent(2 * ROW_HEIGHT));
    requests.length = 0;
    const slots = win.layout(1000);
    for (let i = 0; i < 2 + 12 + OVERSCAN; i++) assert.include(slots, i);
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(requests, [], 'no later update');
  });

  it('keeps the row holding the roving focus rendered far from the window', () => {
    const { root, win } = setup();
    renderSlots(root, win.layout(1000))[4]?.focus();
    win.onFocusIn({ target: root.querySelector('[data-index="4"]') } as unknown as FocusEvent);
    assert.equal(win.activeIndex, 4);
    win.onScroll(scrollEvent(500 * ROW_HEIGHT));
    const slots = win.layout(1000);
    assert.include(slots, 4);
    assert.include(slots, 500);
  });

  it('asks its host for updates as window-only updates, only when something changed', () => {
    const { win, requests } = setup();
    win.onScroll(scrollEvent(100));
    win.onScroll(scrollEvent(100));
    assert.deepEqual(requests, [true], 'one update, flagged as the window’s');
    assert.isFalse(win.requesting, 'the flag is down again afterwards');
  });

  it('clamps the roving focus to the rows there are; reset goes back to the top', () => {
    const { root, win } = setup();
    renderSlots(root, win.layout(1000));
    win.onFocusIn({ target: root.querySelector('[data-index="9"]') } as unknown as FocusEvent);
    win.clamp(5);
    assert.equal(win.activeIndex, 4);
    win.clamp(0);
    assert.equal(win.activeIndex, 0);
    win.onScroll(scrollEvent(1000 * ROW_HEIGHT));
    assert.notInclude(win.layout(5000), 1, 'scrolled down');
    win.reset();
    assert.include(win.layout(5000), 1, 'back at the top');
  });

  it('puts the scroller back to the top after the update, not in the middle of it', () => {
    const { root, win, controllers } = setup();
    const scroller = document.createElement('div');
    scroller.className = 'scroller';
    scroller.style.cssText = 'height: 100px; overflow: auto';
    scroller.append(Object.assign(document.createElement('div'), { style: 'height: 5000px' }));
    root.append(scroller);
    scroller.scrollTop = 1000;
    win.onScroll(scrollEvent(1000));
    win.reset();
    assert.equal(win.layout(1000)[0], 0, 'the window is at the top at once');
    assert.equal(scroller.scrollTop, 1000, 'no scrollTop written (and no layout forced) yet');
    for (const c of controllers) c.hostUpdated?.();
    assert.equal(scroller.scrollTop, 0);
    root.remove();
  });

  it('moves the focus with the keyboard; a row not rendered yet is focused after the update', () => {
    const { root, win, controllers } = setup(40);
    const rows = renderSlots(root, win.layout(40));
    const key = (target: Element, k: string): KeyboardEvent => {
      const e = new KeyboardEvent('keydown', { key: k, cancelable: true });
      Object.defineProperty(e, 'target', { value: target });
      win.onKeyDown(e);
      return e;
    };
    rows[0]?.focus();
    assert.isTrue(key(rows[0] as HTMLElement, 'ArrowDown').defaultPrevented);
    assert.equal(win.activeIndex, 1);
    assert.equal(document.activeElement, rows[1]);
    assert.isFalse(key(rows[1] as HTMLElement, 'x').defaultPrevented, 'other keys pass');
    key(rows[1] as HTMLElement, 'End');
    assert.equal(win.activeIndex, 39);
    renderSlots(root, win.layout(40));
    for (const c of controllers) c.hostUpdated?.();
    assert.equal(
      (document.activeElement as HTMLElement | null)?.dataset.index,
      '39',
      'focused once rendered',
    );
    root.remove();
  });

  it('measures the viewport for a key pressed before the ResizeObserver reported it', () => {
    // The observer reports with a frame; under load a key can come first (End then left the
    // scroller at the top: the viewport's height was still 0).
    const { root, win } = setup(40);
    const scroller = document.createElement('div');
    scroller.className = 'scroller';
    scroller.style.cssText = 'height: 100px; overflow: auto';
    scroller.append(Object.assign(document.createElement('div'), { style: 'height: 1920px' }));
    root.append(scroller);
    const rows = renderSlots(scroller, win.layout(40));
    const e = new KeyboardEvent('keydown', { key: 'End', cancelable: true });
    Object.defineProperty(e, 'target', { value: rows[0] });
    win.onKeyDown(e);
    assert.equal(win.activeIndex, 39);
    assert.equal(scroller.scrollTop, 40 * ROW_HEIGHT - 100, 'the last row at the bottom');
    root.remove();
  });
});
