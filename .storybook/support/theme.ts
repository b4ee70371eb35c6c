// Host colour scheme and page decorators.
//
// The elements follow the colour scheme of their host page (the `color-scheme` they inherit),
// not the operating system's alone: light unless the host opts in with `color-scheme: dark` or
// `light dark`. So a story shows dark the way a host gets it, by declaring it: dark stories
// (`parameters.runsight.theme = 'dark'`) sit in a `color-scheme: dark` page, and the toolbar's
// "Host colour scheme" puts every other story on a light-only, dark or `light dark` host page.
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { Decorator } from '@storybook/web-components-vite';
import { action } from 'storybook/actions';

export type StoryTheme = 'light' | 'dark';

/** The toolbar's host colour schemes: the value of the preview root's `color-scheme`. */
export const HOST_SCHEMES = {
  light: 'Light-only host (no color-scheme)',
  dark: 'color-scheme: dark',
  'light dark': 'color-scheme: light dark (follows the browser)',
} as const;
export type HostScheme = keyof typeof HOST_SCHEMES;

const isHostScheme = (value: unknown): value is HostScheme =>
  typeof value === 'string' && Object.hasOwn(HOST_SCHEMES, value);

/**
 * `parameters.runsight.theme = 'dark'`: a dark host page (`color-scheme: dark`) around the story.
 * Otherwise the preview root takes the toolbar's host scheme (none for a light-only host).
 */
export const withTheme: Decorator = (story, context) => {
  const theme = (context.parameters.runsight as { theme?: StoryTheme } | undefined)?.theme;
  const host = context.globals['hostScheme'];
  document.documentElement.style.colorScheme = isHostScheme(host) && host !== 'light' ? host : '';
  if (theme !== 'dark') return story();
  const style = {
    'color-scheme': 'dark',
    background: '#0d1117',
    color: '#e6e8eb',
    padding: '1.5rem',
    'min-height': '100vh',
    'box-sizing': 'border-box',
  };
  return html`<div data-theme="dark" style=${styleMap(style)}>${story()}</div>`;
};

/**
 * Drill-through links stay inside the story: `runsight-navigate` is logged in the Actions panel
 * and cancelled (as a single-page host would), so clicking a run does not move the iframe.
 */
export const withNavigateLog: Decorator = (story) => {
  const log = action('runsight-navigate');
  return html`<div
    @runsight-navigate=${(event: Event & { detail?: unknown }) => {
      event.preventDefault();
      log(event.detail);
    }}
  >
    ${story()}
  </div>`;
};
