/**
 * The host's colour scheme (spec "Styling", issue 12 part 3): every element follows the
 * `color-scheme` it inherits from the host page, not the operating system's preference alone,
 * and paints its own surface. Each of the five elements, showing runs of every tone, is checked
 * with axe (no violation at all, so none serious or critical) and for the scheme it resolved, in four
 * combinations of host and operating system (the latter emulated), plus a host's own tokens.
 */
import { assert, expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import {
  cancelledRun,
  failedRun,
  freshRunning,
  partiallySucceededRun,
  pastExpectedRunning,
  reconciledFailed,
  staleRunning,
  succeededRun,
  workspaceRun,
} from '@runsight/api-client/fixtures';
import { tokens } from './styles/shared.styles.js';
import { disposeHarnesses, harness, shadow, type Harness } from './testing/harness.js';
import { RUNSIGHT_TAGS } from './testing/tags.js';
import { STALE_ID } from './testing/suite-view.js';
import './all.define.js';

type RunsightTag = (typeof RUNSIGHT_TAGS)[number];
type Scheme = 'light' | 'dark';

/** The default `--runsight-text` and `--runsight-surface` of each scheme (shared.styles.ts). */
const DEFAULTS: Record<Scheme, { text: string; surface: string }> = {
  light: { text: 'rgb(27, 31, 36)', surface: 'rgb(255, 255, 255)' },
  dark: { text: 'rgb(230, 232, 235)', surface: 'rgb(22, 25, 29)' },
};

/** Attributes beyond `workspace="ws_1"` that make each element show the runs served. */
const ATTRS: Record<RunsightTag, Record<string, string>> = {
  'tenant-activity': { tenant: 't_1' },
  'active-run-progress': { tenant: 't_1', 'max-visible': '10', 'show-empty': '' },
  'workspace-recent-ops': { limit: '10' },
  'ops-list': { tenant: 't_1' },
  'run-detail': { 'run-id': STALE_ID },
};

/** Runs of every tone: info, warning, danger, success, neutral; a tenantless one. */
const RUNS = [
  freshRunning(),
  pastExpectedRunning(),
  staleRunning(),
  succeededRun(),
  partiallySucceededRun(),
  failedRun(),
  cancelledRun(),
  reconciledFailed(),
  workspaceRun(),
];

/** Mounts `tag` inside a host `<div>` with the given inline style (its colour scheme). */
async function mountIn(tag: RunsightTag, h: Harness, hostStyle: string): Promise<HTMLElement> {
  const host = await fixture<HTMLDivElement>(html`<div style=${hostStyle}></div>`);
  const el = document.createElement(tag);
  el.setAttribute('workspace', 'ws_1');
  el.setAttribute('lang', 'en');
  for (const [name, value] of Object.entries(ATTRS[tag])) el.setAttribute(name, value);
  el.client = h.client;
  host.append(el);
  await h.settled(el);
  return el;
}

/** The box that paints the element's surface: its card, or the element itself. */
function surfaceOf(el: HTMLElement): Element {
  return shadow(el).querySelector('[part~="card"]') ?? el;
}

interface Combination {
  name: string;
  /** The host's inline style: its `color-scheme`, or none (a light-only host). */
  hostStyle: string;
  os: Scheme;
  expected: Scheme;
}

const COMBINATIONS: Combination[] = [
  { name: 'light host, OS light', hostStyle: '', os: 'light', expected: 'light' },
  { name: 'light host, OS dark', hostStyle: '', os: 'dark', expected: 'light' },
  {
    name: 'light host (color-scheme: light), OS dark',
    hostStyle: 'color-scheme: light',
    os: 'dark',
    expected: 'light',
  },
  {
    name: 'dark host (color-scheme: dark), OS light',
    hostStyle: 'color-scheme: dark',
    os: 'light',
    expected: 'dark',
  },
  {
    name: 'host color-scheme: light dark, OS dark',
    hostStyle: 'color-scheme: light dark',
    os: 'dark',
    expected: 'dark',
  },
  {
    name: 'host color-scheme: light dark, OS light',
    hostStyle: 'color-scheme: light dark',
    os: 'light',
    expected: 'light',
  },
];

describe('colour scheme: the host’s, not only the operating system’s', () => {
  afterEach(() => disposeHarnesses());
  after(() => emulateMedia({ colorScheme: 'light' }));

  for (const c of COMBINATIONS) {
    describe(c.name, () => {
      before(() => emulateMedia({ colorScheme: c.os }));

      for (const tag of RUNSIGHT_TAGS) {
        it(`<${tag}> is ${c.expected}, paints its surface, axe-clean`, async () => {
          const h = await harness({ runs: RUNS });
          const el = await mountIn(tag, h, c.hostStyle);
          assert.equal(
            matchMedia('(prefers-color-scheme: dark)').matches,
            c.os === 'dark',
            'OS scheme emulated',
          );
          assert.equal(getComputedStyle(el).color, DEFAULTS[c.expected].text, 'text colour');
          assert.equal(
            getComputedStyle(surfaceOf(el)).backgroundColor,
            DEFAULTS[c.expected].surface,
            'surface',
          );
          await expect(el).to.be.accessible();
        });
      }
    });
  }

  describe('a host’s own tokens still win', () => {
    before(() => emulateMedia({ colorScheme: 'dark' }));

    for (const tag of RUNSIGHT_TAGS) {
      it(`<${tag}>: a plain --runsight-text, a light-dark() --runsight-surface`, async () => {
        const h = await harness({ runs: RUNS });
        const el = await mountIn(
          tag,
          h,
          'color-scheme: light dark; --runsight-text: rgb(1, 2, 3);' +
            ' --runsight-surface: light-dark(rgb(250, 250, 240), rgb(5, 5, 5))',
        );
        assert.equal(getComputedStyle(el).color, 'rgb(1, 2, 3)', 'whatever the scheme');
        assert.equal(
          getComputedStyle(surfaceOf(el)).backgroundColor,
          'rgb(5, 5, 5)',
          'the dark half of the host’s pair',
        );
      });
    }
  });

  it('every colour token defaults to a light-dark() pair (no fallback block)', () => {
    const rules = [...(tokens.styleSheet?.cssRules ?? [])];
    assert.lengthOf(rules, 1, 'one :host rule, no @supports fallback');
    const [base] = rules;
    assert.instanceOf(base, CSSStyleRule);
    if (!(base instanceof CSSStyleRule)) return;
    const pairs = [...base.style].filter((name) =>
      /^var\(--runsight-[\w-]+, light-dark\(#[0-9a-f]{6}, #[0-9a-f]{6}\)\)$/.test(
        base.style.getPropertyValue(name).trim().replace(/\s+/g, ' '),
      ),
    );
    assert.lengthOf(pairs, 17);
  });
});
