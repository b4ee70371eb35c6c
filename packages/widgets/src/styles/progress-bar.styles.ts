import { css } from 'lit';

/**
 * The progress bar of `renderProgressBar()` (internal/progress.ts): a track `.bar` whose
 * `::before` fills `--ratio` (0–1) of it, or slides while `.indeterminate` (not `.still`).
 * Elements set their own `height` and `border-radius` on `.bar`.
 */
export const progressBarStyles = css`
  .bar {
    height: 8px;
    border-radius: 4px;
    background: var(--_surface-muted);
    border: 1px solid var(--_border);
    overflow: hidden;
    position: relative;
  }
  .bar::before {
    content: '';
    position: absolute;
    inset: 0;
    width: calc(var(--ratio, 0) * 100%);
    background: var(--_info-fg);
  }
  .bar.indeterminate::before {
    width: 30%;
    animation: runsight-indeterminate 1.6s ease-in-out infinite;
  }
  @keyframes runsight-indeterminate {
    from {
      transform: translateX(-100%);
    }
    to {
      transform: translateX(340%);
    }
  }
  /* A run that is not working (likely stale, finished, unknown): the bar stands still. */
  .bar.still::before {
    animation: none;
    width: 100%;
    opacity: 0.35;
  }
  @media (prefers-reduced-motion: reduce) {
    .bar.indeterminate::before {
      animation: none;
      width: 100%;
      opacity: 0.35;
    }
  }
  @media (forced-colors: active) {
    .bar::before {
      background: Highlight;
    }
  }
`;
