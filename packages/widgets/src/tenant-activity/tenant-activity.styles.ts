import { css } from 'lit';

export const tenantActivityStyles = css`
  .kpis {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(7.5rem, 1fr));
    gap: var(--_space);
  }
  .kpi {
    display: grid;
    gap: 0.1em;
    padding: var(--_space) calc(var(--_space) * 1.25);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface-muted);
    border: 1px solid transparent;
  }
  .kpi a {
    color: inherit;
    text-decoration: none;
    display: grid;
    gap: 0.1em;
  }
  .kpi a .kpi-label {
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  .kpi-value {
    font-size: 1.5em;
    font-weight: 650;
    font-variant-numeric: tabular-nums;
    line-height: 1.2;
    display: flex;
    align-items: center;
    gap: 0.3em;
  }
  .kpi-value .icon {
    width: 0.75em;
    height: 0.75em;
  }
  .kpi-label {
    font-size: 0.9231em;
    overflow-wrap: anywhere;
    hyphens: auto;
  }
  .kpi[data-tone='warning'] {
    color: var(--_warning-fg);
    background: var(--_warning-bg);
  }
  .kpi[data-tone='danger'] {
    color: var(--_danger-fg);
    background: var(--_danger-bg);
  }
  .section {
    display: grid;
    gap: calc(var(--_space) * 0.5);
  }
  .footer {
    display: flex;
    justify-content: flex-end;
  }
`;
