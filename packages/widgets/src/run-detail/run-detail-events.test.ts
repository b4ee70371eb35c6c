import { assert, expect, fixture, html } from '@open-wc/testing';
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
});
