// Dark theme and page decorators.
//
// The elements switch their token defaults with `prefers-color-scheme: dark`, which a page
// cannot force. A dark story therefore shows the real media-query defaults when the browser
// prefers dark (the smoke test emulates it for stories tagged `dark-scheme`), and otherwise sets
// the host tokens `--runsight-*` to the very same dark defaults, read from the element's own
// stylesheet, so a reviewer on a light system sees the same picture.
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { Decorator } from '@storybook/web-components-vite';
import { action } from 'storybook/actions';
import { tokens } from '../../packages/widgets/src/styles/shared.styles.js';

export type StoryTheme = 'light' | 'dark';

let darkTokens: Record<string, string> | undefined;

/** `--runsight-x: value` for every dark default in the elements' token sheet. */
export function darkTokenDefaults(): Record<string, string> {
  if (darkTokens) return darkTokens;
  const css = tokens.cssText;
  const start = css.indexOf('prefers-color-scheme: dark');
  const block = start < 0 ? '' : css.slice(start);
  const result: Record<string, string> = {};
  for (const match of block.matchAll(/--_[\w-]+:\s*var\((--runsight-[\w-]+),\s*([^;]+?)\)\s*;/g)) {
    const [, name, value] = match;
    if (name && value) result[name] = value.trim();
  }
  darkTokens = result;
  return result;
}

/** `parameters.runsight.theme = 'dark'`: dark page, dark element defaults. */
export const withTheme: Decorator = (story, context) => {
  const theme = (context.parameters.runsight as { theme?: StoryTheme } | undefined)?.theme;
  if (theme !== 'dark') return story();
  const prefersDark = globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  const style = {
    'color-scheme': 'dark',
    background: '#0d1117',
    color: '#e6e8eb',
    padding: '1.5rem',
    'min-height': '100vh',
    'box-sizing': 'border-box',
    ...(prefersDark ? {} : darkTokenDefaults()),
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
