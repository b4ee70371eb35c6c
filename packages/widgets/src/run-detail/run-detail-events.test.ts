import { assert, expect, fixture, html, waitUntil } from '@open-wc/testing';
import {
  FIXTURE_NOW_MS,
  FIXTURE_WORKSPACE,
  MINUTE,
  runDetail,
  succeededRun,
  type WireRunEvent,
} from '@runsight/api-client/fixtures';
import { disposeHarnesses, harness, shadow, textOf, type Harness } from '../testing/harness.js';
import './run-detail.define.js';
import type { RunDetailElement } from './run-detail.js';

async function mount(
  h: Harness,
  runId: string,
  attrs: Record<string, string> = {},
): Promise<RunDetailElement> {
  const el = document.createElement('run-detail');
  el.setAttribute('workspace', FIXTURE_WORKSPACE);
  el.setAttribute('run-id', runId);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.client = h.client;
  const wrap = await fixture<HTMLDivElement>(html`<div style="width:900px"></div>`);
  wrap.append(el);
  await el.updateComplete;
  await h.settled(el);
  return el;
}

/** `n` events one minute apart, in time order (as the server sends them): "Event 0" is oldest. */
function history(n: number): WireRunEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    at: new Date(FIXTURE_NOW_MS - (n - i) * MINUTE).toISOString(),
    kind: i % 2 ? 'progress' : 'heartbeat',
    message: `Event ${i}`,
  }));
}

/** A finished run with these events, served by the detail endpoint. */
async function withEvents(events: unknown[], id = 'long'): Promise<Harness> {
  const run = succeededRun({ id });
  return harness({
    runs: [run],
    detail: { [id]: { ...runDetail(run), events } },
  });
}

const items = (el: RunDetailElement): HTMLElement[] => [
  ...shadow(el).querySelectorAll<HTMLElement>('.events li'),
];
const messages = (el: RunDetailElement): string[] =>
  items(el).map((li) => li.querySelector('.ev-message')?.textContent?.trim() ?? '');
const showEarlier = (el: RunDetailElement): HTMLButtonElement | null =>
  shadow(el).querySelector<HTMLButtonElement>('button[part~="show-earlier"]');

describe('<run-detail> events', () => {
  afterEach(() => disposeHarnesses());

  describe('unreadable events', () => {
    const bad = [
      { at: 'yesterday at noon', kind: 'note', message: 'bad time' },
      { at: new Date(FIXTURE_NOW_MS - MINUTE).toISOString(), kind: 42, message: 'bad kind' },
      'not an event',
    ];

    it('counts the events that were left out, visibly and axe-clean', async () => {
      const h = await withEvents([...history(3), ...bad]);
      const el = await mount(h, 'long');
      assert.sameMembers(messages(el), ['Event 0', 'Event 1', 'Event 2']);
      const notice = shadow(el).querySelector('.events-section [data-state="invalid-events"]');
      assert.ok(notice, 'a notice in the events section');
      assert.equal(
        notice?.textContent?.replace(/\s+/g, ' ').trim(),
        '3 events could not be read and are not shown.',
      );
      assert.notInclude(textOf(el), 'bad time');
      await expect(el).to.be.accessible();
    });

    it('says one event, and does not claim "no events" when every event was unreadable', async () => {
      const h = await withEvents([bad[0]]);
      const el = await mount(h, 'long');
      expect(textOf(el)).to.contain('1 event could not be read and is not shown.');
      assert.notInclude(textOf(el), 'No events recorded.');
      await expect(el).to.be.accessible();
    });

    it('speaks German', async () => {
      const h = await withEvents([...history(2), ...bad]);
      const el = await mount(h, 'long', { locale: 'de' });
      expect(textOf(el)).to.contain(
        '3 Ereignisse konnten nicht gelesen werden und werden nicht angezeigt.',
      );
    });

    it('says nothing when every event was read', async () => {
      const h = await withEvents(history(3));
      const el = await mount(h, 'long');
      assert.isNull(shadow(el).querySelector('[data-state="invalid-events"]'));
    });
  });

  describe('a long history', () => {
    it('shows the newest events first, 50 of them, and states how many earlier ones are hidden', async () => {
      const h = await withEvents(history(120));
      const el = await mount(h, 'long');
      const shown = messages(el);
      assert.equal(shown.length, 50);
      assert.equal(shown[0], 'Event 119', 'newest first');
      assert.equal(shown[49], 'Event 70');
      expect(textOf(el)).to.contain(
        'Showing the newest 50 of 120 events. 70 earlier events are hidden.',
      );
      const button = showEarlier(el);
      assert.ok(button, 'a "Show earlier events" button');
      assert.equal(button?.textContent?.trim(), 'Show earlier events');
      assert.equal(button?.type, 'button', 'a native button: Enter and Space work');
      assert.notEqual(button?.tabIndex, -1, 'reachable by Tab');
      await expect(el).to.be.accessible();
    });

    it('reveals earlier events a batch at a time, moving focus to the first one revealed', async () => {
      const h = await withEvents(history(120));
      const el = await mount(h, 'long');
      showEarlier(el)?.focus();
      showEarlier(el)?.click();
      await el.updateComplete;
      assert.equal(messages(el).length, 100);
      assert.equal(messages(el)[50], 'Event 69');
      const focused = shadow(el).activeElement as HTMLElement | null;
      assert.equal(focused?.querySelector('.ev-message')?.textContent?.trim(), 'Event 69');
      expect(textOf(el)).to.contain('Showing the newest 100 of 120 events. 20 earlier events');
      await expect(el).to.be.accessible();

      showEarlier(el)?.click();
      await el.updateComplete;
      assert.equal(messages(el).length, 120);
      assert.equal(messages(el).at(-1), 'Event 0');
      assert.isNull(showEarlier(el), 'nothing left to show');
      assert.notInclude(textOf(el), 'earlier events are hidden');
      const last = shadow(el).activeElement as HTMLElement | null;
      assert.equal(last?.querySelector('.ev-message')?.textContent?.trim(), 'Event 19');
      await expect(el).to.be.accessible();
    });

    it('keeps the relative times of revealed events up to date', async () => {
      const h = await withEvents(history(120));
      const el = await mount(h, 'long');
      showEarlier(el)?.click();
      await el.updateComplete;
      const relative = () =>
        items(el)[60]?.querySelector('.ev-time .muted')?.textContent?.trim() ?? '';
      assert.equal(relative(), '(1 hour ago)');
      h.time.advance(40 * MINUTE);
      await el.updateComplete;
      assert.equal(relative(), '(2 hours ago)');
    });

    it('starts again at the newest events for another run', async () => {
      const long = succeededRun({ id: 'long' });
      const other = succeededRun({ id: 'other' });
      const h = await harness({
        runs: [long, other],
        detail: {
          long: { ...runDetail(long), events: history(120) },
          other: { ...runDetail(other), events: history(80) },
        },
      });
      const el = await mount(h, 'long');
      showEarlier(el)?.click();
      await el.updateComplete;
      assert.equal(messages(el).length, 100);
      el.runId = 'other';
      await h.settled(el);
      await waitUntil(() => messages(el)[0] === 'Event 79', 'the other run');
      assert.equal(messages(el).length, 50);
    });

    it('says one hidden event in the singular, and in German', async () => {
      const h = await withEvents(history(51));
      const el = await mount(h, 'long');
      expect(textOf(el)).to.contain('1 earlier event is hidden.');
      const de = await mount(h, 'long', { locale: 'de' });
      expect(textOf(de)).to.contain(
        'Die neuesten 50 von 51 Ereignissen werden angezeigt. 1 früheres Ereignis ist ausgeblendet.',
      );
      assert.equal(showEarlier(de)?.textContent?.trim(), 'Frühere Ereignisse anzeigen');
    });

    it('orders by time even when the backend sends another order', async () => {
      const events = history(4);
      const h = await withEvents([events[2], events[0], events[3], events[1]]);
      const el = await mount(h, 'long');
      assert.deepEqual(messages(el), ['Event 3', 'Event 2', 'Event 1', 'Event 0']);
      assert.isNull(showEarlier(el));
    });
  });
});
