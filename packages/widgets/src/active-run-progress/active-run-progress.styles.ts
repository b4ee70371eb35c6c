import { css } from 'lit';

export const activeRunProgressStyles = css`
  .runs {
    gap: 0;
  }
  .run {
    padding: calc(var(--_space) * 1.25) calc(var(--_space) * 1.25);
    margin: 0 calc(var(--_space) * -1.25);
    border-radius: calc(var(--_radius) * 0.75);
    border-top: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_space) * 0.5);
  }
  .run .row-meta,
  .run .guidance {
    grid-column: 1;
  }
  .run + .run {
    margin-top: calc(var(--_space) * 0.5);
  }
  .run[data-freshness='likely_stale'] {
    background: var(--_danger-bg);
    box-shadow: inset 4px 0 0 var(--_danger-fg);
  }
  .run[data-freshness='past_expected'] {
    box-shadow: inset 4px 0 0 var(--_warning-fg);
    background: color-mix(in srgb, var(--_warning-bg) 55%, transparent);
  }
  .run-head {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: var(--_space);
  }
  .progress-line {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    align-items: center;
    gap: var(--_space);
  }
  .bar {
    position: relative;
    height: 0.5rem;
    border-radius: 999px;
    background: var(--_surface-muted);
    border: 1px solid var(--_border);
    overflow: hidden;
  }
  .bar-fill {
    position: absolute;
    inset: 0 auto 0 0;
    background: var(--_info-fg);
    border-radius: inherit;
  }
  .run[data-freshness='past_expected'] .bar-fill {
    background: var(--_warning-fg);
  }
  .bar[data-indeterminate] .bar-fill {
    width: 30%;
    animation: runsight-indeterminate 1.6s ease-in-out infinite;
  }
  @keyframes runsight-indeterminate {
    from {
      left: -30%;
    }
    to {
      left: 100%;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .bar[data-indeterminate] .bar-fill {
      width: 100%;
      left: 0;
      opacity: 0.35;
      animation: none;
    }
  }
  .progress-text {
    font-variant-numeric: tabular-nums;
    color: var(--_text-muted);
    font-size: 0.9231em;
  }
  .guidance {
    font-size: 0.9231em;
  }
  .run[data-freshness='likely_stale'] .guidance {
    color: var(--_danger-fg);
    font-weight: 500;
  }
`;
