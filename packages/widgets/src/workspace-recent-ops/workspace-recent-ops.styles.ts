import { css } from 'lit';

export const workspaceRecentOpsStyles = css`
  .summary {
    display: grid;
    gap: calc(var(--_space) * 0.75);
    padding: var(--_space) calc(var(--_space) * 1.25);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface-muted);
  }
  .summary[data-tone='critical'] {
    background: var(--_danger-bg);
  }
  .summary[data-tone='attention'] {
    background: var(--_warning-bg);
  }
  .counts {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5) calc(var(--_space) * 1.5);
  }
  .count {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
  }
  .footer {
    display: flex;
    justify-content: flex-end;
  }
`;
