/**
 * Links: the default link builder, the href guard and the navigate helper.
 *
 * A link is only ever built by a `LinkBuilder` (never taken from API data), and whatever the
 * builder returns passes `safeHref` before it reaches an `href`: lit does not sanitise hrefs.
 */
import type { OperationRun } from '@runsight/active-state';
import { listRunsQueryString, type ListRunsQuery } from '@runsight/api-client';
import { html, nothing, type TemplateResult } from 'lit';
import { RunsightNavigateEvent, type ListFilters, type RunsightNavigateDetail } from '../events.js';

export type { ListFilters };

/** Builds drill-through hrefs (see the spec's "Link builder"). */
export interface LinkBuilder {
  run(runId: string, ctx: { workspace: string; tenant?: string | null }): string;
  list(filters: ListFilters): string;
}

const enc = encodeURIComponent;

/**
 * The query of a list link: the list endpoint's parameter names and order (api.md), which
 * `<ops-list sync-url>` reads — `workspace`, `tenant`, `status`, `freshness`, `problem`,
 * `completed_since`, `type`, `sort` — each value percent-encoded, list items joined by literal
 * commas (the api-client's writer, already on every page; it takes any string values).
 */
const query = (filters: ListFilters): string =>
  listRunsQueryString(filters as Omit<ListFilters, 'problem' | 'sort'> as ListRunsQuery);

/**
 * The default builder: `#/operations?workspace=…&tenant=…&status=…&freshness=…&problem=…&
 * completed_since=…&type=…&sort=…` for lists and `#/operations/{id}?workspace=…&tenant=…` for
 * runs (hash routes work on any host page).
 */
export const defaultLinkBuilder: LinkBuilder = {
  run: (runId, ctx) =>
    `#/operations/${enc(runId)}?${query({ workspace: ctx.workspace, tenant: ctx.tenant ?? '' })}`,
  list: (filters) => `#/operations?${query(filters)}`,
};

// Control characters and whitespace that browsers strip from a URL before reading its scheme.
// eslint-disable-next-line no-control-regex
const STRIPPED = /[\u0000-\u0020\u007f-\u009f]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * The href if it is safe to render: an absolute `http:`/`https:` URL (from the host's link
 * builder), a same-origin path that starts with exactly one `/`, a `?query` or a `#hash`.
 * Everything else gives `null` and the caller renders plain text: other schemes (`javascript:`,
 * `data:` …), non-strings, and what leaves the origin without a scheme — `//host`, `/\host`,
 * `\\host` (browsers read a backslash as a slash) — as well as paths relative to the page.
 */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null;
  const probe = href.replace(STRIPPED, '');
  const scheme = SCHEME.exec(probe);
  const first = probe.charAt(0);
  const second = probe.charAt(1);
  const safe = scheme
    ? /^https?$/i.test(scheme[1] ?? '')
    : first === '?' || first === '#' || (first === '/' && second !== '/' && second !== '\\');
  return safe ? href.trim() : null;
}

/** Whether a click should be left to the browser (new tab, download, other button …). */
export function isModifiedClick(event: MouseEvent): boolean {
  return event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
}

/**
 * Click handler of a Runsight link: for a plain left click, dispatches the cancelable
 * `runsight-navigate` event from `host`; when a listener cancels it, the browser does not
 * follow the href. Modified and middle clicks are left to the browser untouched.
 */
export function handleLinkClick(
  host: HTMLElement,
  event: MouseEvent,
  detail: RunsightNavigateDetail,
): void {
  if (event.defaultPrevented || isModifiedClick(event)) return;
  const navigate = new RunsightNavigateEvent(detail);
  if (!host.dispatchEvent(navigate)) event.preventDefault();
}

/** sessionStorage key where `<ops-list>` remembers the filters a run was opened from. */
export const LIST_ORIGIN_KEY = 'runsight:list-origin';

/**
 * What `<run-detail>` reads to link back to the list a run was opened from. (Here, not in
 * ops-list.ts: importing from an element module pulls the whole element class into every
 * bundle of `<run-detail>`.)
 */
export interface ListOrigin {
  /**
   * The run opened from the list. The origin belongs to this run only: another run (opened from
   * a card, a shared link, another tab) links back to its default list, not to a list that
   * may not contain it.
   */
  runId: string;
  workspace: string;
  href: string;
  filters: ListFilters;
}

/** A checked link: `href` passed `safeHref`; the rest is the navigate event's detail. */
export type LinkTarget = RunsightNavigateDetail;

/** What the element link helpers read of their element. */
export interface LinkHost extends HTMLElement {
  readonly workspace?: string | undefined;
  readonly linkBuilder: LinkBuilder;
}

/** `build()`'s href as a checked link with `detail`; null when it throws or is not safe. */
function checked(build: () => string, detail: Omit<LinkTarget, 'href'>): LinkTarget | null {
  try {
    const href = safeHref(build());
    return href === null ? null : { href, ...detail };
  } catch {
    return null;
  }
}

/** A checked link to a run, or null when the builder fails or returns an unsafe href. */
export function runLink(
  host: LinkHost,
  run: Pick<OperationRun, 'id' | 'tenantId'>,
): LinkTarget | null {
  return checked(
    () => host.linkBuilder.run(run.id, { workspace: host.workspace ?? '', tenant: run.tenantId }),
    { target: 'run', runId: run.id },
  );
}

/** A checked link to the operations list with `filters` (the host's workspace is added). */
export function listLink(
  host: LinkHost,
  filters: Omit<ListFilters, 'workspace'>,
): LinkTarget | null {
  const full: ListFilters = { workspace: host.workspace ?? '', ...filters };
  return checked(() => host.linkBuilder.list(full), { target: 'list', filters: full });
}

/**
 * A real `<a href>` (middle-click, copy link) that dispatches `runsight-navigate` from `host` on a
 * plain click; without a safe href, the content is rendered as plain text.
 */
export function renderLink(
  host: HTMLElement,
  target: LinkTarget | null,
  content: unknown,
  options: { label?: string; className?: string } = {},
): TemplateResult {
  if (!target) return html`<span class=${options.className ?? nothing}>${content}</span>`;
  return html`<a
    part="link"
    class=${options.className ?? nothing}
    href=${target.href}
    aria-label=${options.label ?? nothing}
    @click=${(e: MouseEvent) => handleLinkClick(host, e, target)}
    >${content}</a
  >`;
}
