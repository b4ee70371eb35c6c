/**
 * Entry of the standalone bundle `dist/runsight.js` for script-tag hosts:
 *
 * ```html
 * <script type="module">
 *   import { createClient, setDefaultClient } from 'https://cdn.example/runsight/runsight.js';
 *   setDefaultClient(createClient({ baseUrl: '/api', headers: () => ({ Authorization: token() }) }));
 * </script>
 * <tenant-activity workspace="ws_1" tenant="t_1"></tenant-activity>
 * ```
 *
 * `runsight.js` holds what every element needs (lit, the api-client with its valibot schemas,
 * active-state, the base element, shared styles, the English core messages). Each element's own
 * code is a sibling module (`runsight.ops-list.js`, …) that it loads the first time the page
 * uses the tag: importing `runsight.js` defines every Runsight tag that is in the document or
 * is added to it later (a MutationObserver on the document), and `defineElements()` loads any or
 * all of them on request — for elements inside a host's own shadow roots, which no document
 * observer sees, or to have them ready before they are rendered. German messages load the same
 * way, when an element first resolves a German locale. Keep the `runsight.*.js` files together.
 */
import { languageOf } from './i18n/messages.js';

export { RunsightElement, DEFAULT_POLL_INTERVAL_S } from './base/runsight-element.js';
export { RunsightNavigateEvent, RunsightErrorEvent, RunsightRunFinishedEvent } from './events.js';
export { defaultLinkBuilder, safeHref } from './internal/links.js';
export { getSharedClient, setDefaultClient, setDefaultLinkBuilder } from './internal/clients.js';
export { createClient, RunsightApiError } from '@runsight/api-client';
export { languageOf };

/** Each element's module (it registers the tag when it loads). */
const ELEMENTS = {
  'tenant-activity': () => import('./tenant-activity/tenant-activity.define.js'),
  'active-run-progress': () => import('./active-run-progress/active-run-progress.define.js'),
  'workspace-recent-ops': () => import('./workspace-recent-ops/workspace-recent-ops.define.js'),
  'ops-list': () => import('./ops-list/ops-list.define.js'),
  'run-detail': () => import('./run-detail/run-detail.define.js'),
} as const;

/** A Runsight tag name. */
export type RunsightTag = keyof typeof ELEMENTS;

const TAGS = Object.keys(ELEMENTS) as RunsightTag[];
const SELECTOR = TAGS.join(',');
const loading = new Map<RunsightTag, Promise<void>>();

/**
 * Loads and defines the given Runsight elements (all five without arguments); resolves once
 * they are defined. Loading is shared: each module is fetched once, whoever asks.
 */
export function defineElements(...tags: RunsightTag[]): Promise<void> {
  return Promise.all(
    (tags.length ? tags : TAGS).map((tag) => {
      let done = loading.get(tag);
      if (!done) {
        const load = ELEMENTS[tag];
        if (!load) return Promise.reject(new TypeError(`Unknown Runsight element <${tag}>`));
        done = load().then(() => undefined);
        loading.set(tag, done);
        // A failed load (offline) may be retried by the next call.
        done.catch(() => loading.delete(tag));
      }
      return done;
    }),
  ).then(() => undefined);
}

/** Defines the Runsight tags used in `root`: the root itself if it is one, and its descendants. */
function defineUsedIn(root: Element | Document | DocumentFragment): void {
  const used = new Set<RunsightTag>();
  if (root instanceof Element && (TAGS as string[]).includes(root.localName)) {
    used.add(root.localName as RunsightTag);
  }
  for (const el of root.querySelectorAll(SELECTOR)) used.add(el.localName as RunsightTag);
  if (used.size) {
    defineElements(...used).catch((error: unknown) => {
      console.error('Runsight: an element module failed to load.', error);
    });
  }
}

/**
 * Defines the Runsight tags in `root` now and whenever some are added to it: call it for a host
 * shadow root that renders Runsight elements (the document itself is watched already).
 */
export function observeElements(root: Document | ShadowRoot = document): void {
  defineUsedIn(root);
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element) defineUsedIn(node);
      }
    }
  }).observe(root, { childList: true, subtree: true });
}

if (typeof document !== 'undefined') observeElements(document);
