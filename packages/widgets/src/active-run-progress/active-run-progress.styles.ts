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
    height: 0.5rem;
    border-radius: 999px;
  }
  .bar::before {
    border-radius: inherit;
  }
  .run[data-freshness='past_expected'] .bar::before {
    background: var(--_warning-fg);
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
