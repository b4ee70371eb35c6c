/**
 * Styles of the three card elements (RunsightCard): the card shell, the summary headline and the
 * compact run rows. On top of the shared styles (tokens, badges, banners, skeleton).
 */
import { css } from 'lit';

export const cardStyles = css`
  .card {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }
  .card-header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_space);
    flex-wrap: wrap;
  }
  /* Summary headline: icon + text, tone colour. */
  .headline {
    display: flex;
    align-items: center;
    gap: 0.4em;
    font-weight: 600;
  }
  .headline[data-tone='critical'] {
    color: var(--_danger-fg);
  }
  .headline[data-tone='attention'] {
    color: var(--_warning-fg);
  }

  /* Run rows shared by the compact lists. */
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
  }
  .row {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0.15em var(--_space);
    padding: var(--_space) 0;
    border-top: 1px solid var(--_border);
  }
  .row:first-child {
    border-top: 0;
  }
  .row-title {
    min-width: 0;
    overflow-wrap: anywhere;
    font-weight: 500;
  }
  .row-meta {
    grid-column: 1 / -1;
    color: var(--_text-muted);
    font-size: 0.9231em;
    display: flex;
    flex-wrap: wrap;
    gap: 0 calc(var(--_space) * 1.5);
  }
  .row-guidance {
    grid-column: 1 / -1;
    font-size: 0.9231em;
  }
  .more {
    justify-self: start;
  }
`;
