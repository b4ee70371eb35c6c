/**
 * Design tokens and shared styles of every Runsight element.
 *
 * Tokens are CSS custom properties `--runsight-*` set on the host page (they inherit into the
 * shadow roots). Each colour falls back to a `light-dark()` pair of defaults, resolved on the
 * `color-scheme` the element inherits from the host page: light unless the host (or an ancestor)
 * opts in with `color-scheme: dark` or `light dark`, so a light-only host stays light when the
 * operating system is dark. `:host` never sets `color-scheme` itself. `light-dark()` is Baseline widely available (Chrome/Edge 123,
 * Firefox 120, Safari 17.5); there is no fallback for older browsers. Each
 * element paints its own surface (`--_surface`: its card, or its `:host`). Tone is never colour
 * alone: badges also carry text and an icon.
 */
import { css } from 'lit';

export const tokens = css`
  :host {
    --_font: var(--runsight-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--runsight-font-size, 0.875rem);
    --_radius: var(--runsight-radius, 8px);
    --_space: var(--runsight-spacing, 0.5rem);
    --_surface: var(--runsight-surface, light-dark(#ffffff, #16191d));
    --_surface-muted: var(--runsight-surface-muted, light-dark(#f4f5f7, #22262b));
    --_text: var(--runsight-text, light-dark(#1b1f24, #e6e8eb));
    --_text-muted: var(--runsight-text-muted, light-dark(#57606a, #a4acb5));
    --_border: var(--runsight-border, light-dark(#d0d7de, #3a4047));
    --_link: var(--runsight-link, light-dark(#0a58ca, #8ab8ff));
    --_focus: var(--runsight-focus, light-dark(#0a58ca, #8ab8ff));

    --_info-fg: var(--runsight-info-fg, light-dark(#0b4f9c, #a8ccff));
    --_info-bg: var(--runsight-info-bg, light-dark(#e3efff, #13304f));
    --_success-fg: var(--runsight-success-fg, light-dark(#17622f, #9fe0b2));
    --_success-bg: var(--runsight-success-bg, light-dark(#dff5e6, #133621));
    --_warning-fg: var(--runsight-warning-fg, light-dark(#7a4700, #ffd58a));
    --_warning-bg: var(--runsight-warning-bg, light-dark(#fff1d6, #3d2a06));
    --_danger-fg: var(--runsight-danger-fg, light-dark(#a4111c, #ffb3b3));
    --_danger-bg: var(--runsight-danger-bg, light-dark(#ffe3e3, #4a1217));
    --_neutral-fg: var(--runsight-neutral-fg, light-dark(#3f4750, #c9ced4));
    --_neutral-bg: var(--runsight-neutral-bg, light-dark(#eceef1, #2c3137));
  }
`;

export const sharedStyles = css`
  :host {
    display: block;
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.45;
    color: var(--_text);
  }
  :host([hidden]) {
    display: none;
  }
  /*
   * border-box, not inherit: an explicitly inherited property keeps an element's style out of
   * Blink's matched-properties cache and restyles every child whenever its parent restyles
   * (<ops-list>: style recalculation of a scroll step 4-37 ms with inherit, ~1 ms without).
   * No universal ::before/::after rule either: it has every element's pseudo-elements matched
   * (no pseudo-element here has a padding or border for box-sizing to change).
   */
  :host,
  * {
    box-sizing: border-box;
  }

  h2,
  h3 {
    margin: 0;
    font-size: 1em;
    font-weight: 600;
  }
  h2 {
    font-size: 1.0625em;
  }
  p {
    margin: 0;
  }
  .muted {
    color: var(--_text-muted);
  }

  a {
    color: var(--_link);
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  a:hover {
    text-decoration-thickness: 2px;
  }
  a:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
    border-radius: 2px;
  }

  button {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: calc(var(--_space) * 0.5) calc(var(--_space) * 1.5);
    cursor: pointer;
  }
  button:hover {
    background: var(--_surface-muted);
  }
  button[disabled] {
    cursor: default;
    opacity: 0.7;
  }

  /* Badges: text + icon, tone as background and foreground. */
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    padding: 0.1em 0.55em 0.1em 0.4em;
    border-radius: 999px;
    font-size: 0.8125em;
    font-weight: 600;
    white-space: nowrap;
    border: 1px solid transparent;
  }
  .icon {
    width: 1em;
    height: 1em;
    flex: none;
  }
  .tone-info {
    color: var(--_info-fg);
    background: var(--_info-bg);
  }
  .tone-success {
    color: var(--_success-fg);
    background: var(--_success-bg);
  }
  .tone-warning {
    color: var(--_warning-fg);
    background: var(--_warning-bg);
  }
  .tone-danger {
    color: var(--_danger-fg);
    background: var(--_danger-bg);
  }
  .tone-neutral {
    color: var(--_neutral-fg);
    background: var(--_neutral-bg);
  }
  @media (forced-colors: active) {
    .badge {
      border-color: CanvasText;
    }
  }

  /* Banners: outdated, error, invalid rows, missing attribute. */
  .banner {
    display: flex;
    align-items: flex-start;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-radius: calc(var(--_radius) * 0.75);
    border: 1px solid currentColor;
  }
  .banner .icon {
    margin-top: 0.2em;
  }
  .banner-body {
    display: grid;
    gap: calc(var(--_space) * 0.5);
    flex: 1;
  }
  .banner-actions {
    display: flex;
    gap: var(--_space);
    align-items: center;
  }

  .empty {
    color: var(--_text-muted);
  }

  /* Skeleton: static blocks, a shimmer only when motion is welcome. */
  .skeleton {
    display: grid;
    gap: var(--_space);
  }
  .skeleton-line {
    height: 1em;
    border-radius: 4px;
    background: var(--_surface-muted);
    background-image: linear-gradient(
      90deg,
      transparent 0,
      color-mix(in srgb, var(--_border) 45%, transparent) 50%,
      transparent 100%
    );
    background-size: 200% 100%;
    animation: runsight-shimmer 1.4s ease-in-out infinite;
  }
  .skeleton-line:nth-child(2n) {
    width: 80%;
  }
  .skeleton-line:nth-child(3n) {
    width: 60%;
  }
  @keyframes runsight-shimmer {
    from {
      background-position: 200% 0;
    }
    to {
      background-position: -200% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton-line {
      background-image: none;
    }
    * {
      transition: none !important;
      animation: none !important;
    }
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
