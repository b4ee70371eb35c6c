/**
 * What the shared element suites (`element-suite.ts`) know of an element under test: how it is
 * rendered (`SuiteConfig`, `SuiteAttrs`), what it shows of the runs served (`SuiteView`: a list of
 * rows or one run), and how to read that back — the ids and badges shown, the error banner — and
 * to mount it so that it shows given runs.
 */
import { fixture } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { LinkBuilder } from '../internal/links.js';
import { shadow, type Harness } from './harness.js';

export interface ElementUnderTest extends HTMLElement {
  updateComplete: Promise<boolean>;
  requestUpdate(): void;
  links?: LinkBuilder | undefined;
}

export interface SuiteAttrs {
  client?: Harness['client'];
  pollInterval?: number;
  lang?: string;
  links?: LinkBuilder;
  /** Leave out the workspace attribute. */
  noWorkspace?: boolean;
  /** The run a one-run element shows (its `run-id`); list elements show every run served. */
  runId?: string;
}

/** What an element shows of the runs served. */
export type SuiteView =
  | {
      /** A list of runs, one `[part~="row"][data-run-id]` each. */
      kind: 'runs';
      /** Whether the element is tenant-scoped (isolation test). */
      tenantScoped: boolean;
      /** The sentence of the empty state, and attributes needed to show it. */
      emptyText: string;
      renderEmpty?(attrs: SuiteAttrs): TemplateResult;
    }
  | {
      /** The one run named by `run-id`, its header (`[part~="header"]`) on top. */
      kind: 'run';
    };

export interface SuiteConfig {
  tag: string;
  /** Renders the element (workspace ws_1, tenant t_1 where it applies). */
  render(attrs: SuiteAttrs): TemplateResult;
  shows: SuiteView;
}

export const FRESH_ID = 'run_fresh_running';
export const STALE_ID = 'run_stale_running';

export const rowsOf = (el: Element) => [...shadow(el).querySelectorAll('[part~="row"]')];
export const errorOf = (el: Element) => shadow(el).querySelector('[part~="error"]');
export const badgeTexts = (el: Element) =>
  [...shadow(el).querySelectorAll('[part~="badge"]')].map((b) => b.textContent?.trim());

export async function mount(config: SuiteConfig, attrs: SuiteAttrs): Promise<ElementUnderTest> {
  return fixture<ElementUnderTest>(config.render({ runId: FRESH_ID, ...attrs }));
}

/** The ids of the runs an element shows: its rows, or the run of its header. */
export function shownIds(config: SuiteConfig, el: Element): (string | null)[] {
  if (config.shows.kind === 'runs') return rowsOf(el).map((r) => r.getAttribute('data-run-id'));
  return shadow(el).querySelector('[part~="header"]') ? [el.getAttribute('run-id')] : [];
}

/** The badge text of a run the element shows (undefined when it does not show it). */
export function badgeOf(config: SuiteConfig, el: Element, id: string): string | undefined {
  if (config.shows.kind === 'runs') {
    return shadow(el)
      .querySelector(`[part~="row"][data-run-id="${CSS.escape(id)}"] [part~="badge"]`)
      ?.textContent?.trim();
  }
  if (!shownIds(config, el).includes(id)) return undefined;
  return shadow(el).querySelector('[part~="header"] [part~="badge"]')?.textContent?.trim();
}

/**
 * Mounts the element so that it shows each run of `ids`: a list once (it shows them all), a
 * one-run element once per run. Returns the element showing each id, settled.
 */
export async function mountShowing(
  config: SuiteConfig,
  h: Harness,
  ids: readonly string[],
  attrs: SuiteAttrs = {},
): Promise<Map<string, ElementUnderTest>> {
  const views = new Map<string, ElementUnderTest>();
  if (config.shows.kind === 'runs') {
    const el = await mount(config, { client: h.client, ...attrs });
    await h.settled(el);
    for (const id of ids) views.set(id, el);
    return views;
  }
  for (const id of ids) {
    const el = await mount(config, { client: h.client, ...attrs, runId: id });
    await h.settled(el);
    views.set(id, el);
  }
  return views;
}
