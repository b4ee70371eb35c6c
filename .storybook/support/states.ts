// Story factories for the states every element shares (spec elements.md, "States"): loading,
// the error kinds with Retry, outdated data, malformed rows. Each returns a story object; the
// element's `meta.render` renders it.
import type { StoryObj } from '@storybook/web-components-vite';
import { MINUTE, XSS_STRINGS } from '@runsight/api-client/fixtures';
import { expect, userEvent, waitFor } from 'storybook/test';
import {
  badgeTexts,
  catalogs,
  elementIn,
  expectDarkTheme,
  expectErrorWithRetry,
  expectNoInjectedMarkup,
  inShadow,
  settled,
  textOf,
} from './play.js';
import {
  advanceClock,
  fail,
  okUntilDown,
  takeBackendDown,
  worldOf,
  type FailureKind,
  type HandlerFactory,
  type RunsightParameters,
} from './story-kit.js';

type Tag = keyof HTMLElementTagNameMap;
const en = catalogs.en;

/** Story parameters for a mocked backend. */
export function backend(
  handlers: HandlerFactory,
  extra: Omit<RunsightParameters, 'handlers'> = {},
) {
  return { runsight: { handlers, ...extra } };
}

/** Loading: the request never answers (and the story's client never times out). */
export function loadingStory(tag: Tag, label: string = en['state.loading']): StoryObj {
  return {
    parameters: backend(fail('hang'), { timeoutMs: 24 * 60 * MINUTE }),
    play: async ({ canvasElement }) => {
      const el = await elementIn(canvasElement, tag);
      const busy = await waitFor(() => {
        const node = el.shadowRoot?.querySelector('[aria-busy="true"]');
        if (!node) throw new Error('no aria-busy skeleton');
        return node;
      });
      await expect(busy).toHaveTextContent(label);
    },
  };
}

const ERROR_KEYS = {
  offline: 'error.network',
  unauthorized: 'error.unauthorized',
  notFound: 'error.not_found',
  rateLimited: 'error.rate_limited',
  serverError: 'error.server',
  unavailable: 'error.unavailable',
  nonJson: 'error.invalid_response',
  badEnvelope: 'error.invalid_response',
} as const satisfies Partial<Record<FailureKind, keyof typeof en>>;

/**
 * An error state: the failure handler answers every request. The play function asserts the
 * plain-words message and the Retry button, then presses Retry and sees a new request go out.
 */
export function errorStory(
  tag: Tag,
  kind: keyof typeof ERROR_KEYS,
  options: { message?: string; endpoint?: 'list' | 'detail' | 'both' } = {},
): StoryObj {
  const message = options.message ?? en[ERROR_KEYS[kind]];
  return {
    parameters: backend(fail(kind, options.endpoint)),
    play: async (context) => {
      const el = await elementIn(context.canvasElement, tag);
      const retry = await expectErrorWithRetry(el, message);
      const log = worldOf(context).log;
      await waitFor(() => expect(retry).toBeEnabled(), { timeout: 5000 });
      const before = log.count();
      await userEvent.click(retry);
      await waitFor(() => expect(log.count()).toBeGreaterThan(before));
      // Still an error after the retry: the same message, the button back.
      await expectErrorWithRetry(el, message);
    },
  };
}

/**
 * Outdated: the data loads, then the backend fails (500) and the story clock moves 5 minutes
 * on, beyond twice the poll interval: the data is marked "Data as of …, … — reconnecting…" and
 * stays on screen, while freshness keeps being derived on the moved clock. `poll-interval` is
 * small (the meta's render passes the arg) so the failing refreshes happen within the story.
 */
export function outdatedStory(
  tag: Tag,
  ok: HandlerFactory,
  options: { pollIntervalS?: number } = {},
): StoryObj {
  return {
    args: { 'poll-interval': options.pollIntervalS ?? 1 },
    parameters: backend(okUntilDown(ok, fail('serverError'))),
    play: async (context) => {
      const el = await elementIn(context.canvasElement, tag);
      await settled(el);
      takeBackendDown(context);
      advanceClock(context, 5);
      const marker = await waitFor(
        () => {
          const node = el.shadowRoot?.querySelector('[data-state="outdated"]');
          if (!node) throw new Error('no outdated marker');
          return node;
        },
        { timeout: 8000 },
      );
      await expect(marker).toHaveTextContent(
        /^\s*Data as of .+, 5 min(utes)? ago — reconnecting…\s*$/,
      );
      // The failing refresh is visible as an error too, and the earlier data stays.
      await expectErrorWithRetry(el, en['error.server']);
      await expect(textOf(el)).toContain(en['error.earlier_data']);
    },
  };
}

/** Malformed rows next to good ones: the good rows show, the notice counts the rest. */
export function malformedRowsStory(tag: Tag, handlers: HandlerFactory, count = 4): StoryObj {
  return {
    parameters: backend(handlers),
    play: async ({ canvasElement }) => {
      const el = await elementIn(canvasElement, tag);
      await settled(el);
      // Elements with two queries count the rows of both answers once: wait for the figure.
      await waitFor(async () => {
        const node = el.shadowRoot?.querySelector('[data-state="invalid-rows"]');
        if (!node) throw new Error('no invalid-rows notice');
        await expect(node).toHaveTextContent(en['state.invalid_rows']({ count }));
      });
      await expect(inShadow(el).queryAllByRole('alert')).toHaveLength(0);
    },
  };
}

/**
 * Dark theme (see theme.ts). Export it with a literal `tags: ['dark-scheme']` next to the spread:
 * the indexer reads tags statically, and the smoke test emulates dark for that tag.
 */
export function darkStory(tag: Tag, handlers: HandlerFactory): StoryObj {
  return {
    parameters: { ...backend(handlers, { theme: 'dark' }), layout: 'fullscreen' },
    play: async ({ canvasElement }) => {
      const el = await elementIn(canvasElement, tag);
      await settled(el);
      await expectDarkTheme(el);
    },
  };
}

/**
 * Hostile strings in every field (`xssRun`, `xssRunDetail`): the element shows `shown` as text
 * and no injected markup runs or renders.
 */
export function xssStory(
  tag: Tag,
  handlers: HandlerFactory,
  shown: readonly string[] = [XSS_STRINGS[0]],
): StoryObj {
  return {
    parameters: backend(handlers),
    play: async ({ canvasElement }) => {
      const el = await elementIn(canvasElement, tag);
      await settled(el);
      for (const text of shown) await expect(textOf(el)).toContain(text);
      await expectNoInjectedMarkup(el);
    },
  };
}

/** A run whose status this client does not know: it shows with the "Unknown" badge. */
export function unknownStatusStory(tag: Tag, handlers: HandlerFactory): StoryObj {
  return {
    parameters: backend(handlers),
    play: async ({ canvasElement }) => {
      const el = await elementIn(canvasElement, tag);
      await settled(el);
      await expect(badgeTexts(el)).toContain('Unknown');
    },
  };
}
