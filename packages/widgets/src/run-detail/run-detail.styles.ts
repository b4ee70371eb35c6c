import { css } from 'lit';

/** Styles of `<run-detail>` (on top of the shared tokens and styles). */
export const runDetailStyles = css`
  /* Its own surface: its text never lands on a host background it was not chosen for. */
  :host {
    background: var(--_surface);
  }
  .detail {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  .back {
    font-size: 0.9231em;
  }
  .head {
    display: grid;
    gap: var(--_space);
  }
  .title-line {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space) calc(var(--_space) * 1.5);
  }
  .title-line h2 {
    font-size: 1.35em;
    overflow-wrap: anywhere;
  }
  .mono {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    overflow-wrap: anywhere;
  }
  dl {
    margin: 0;
  }
  dd {
    margin: 0;
  }
  dt {
    color: var(--_text-muted);
    font-size: 0.9231em;
  }
  .facts,
  .counts {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space) calc(var(--_space) * 3);
  }
  .facts > div,
  .counts > div {
    display: grid;
    gap: 0.1em;
    min-width: 0;
  }
  .counts dd {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }

  .diagnosis {
    padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2);
    border-width: 1px 1px 1px 4px;
  }
  .diagnosis.tone-danger,
  .diagnosis.tone-warning {
    color: var(--_text);
  }
  .diagnosis.tone-danger {
    background: var(--_danger-bg);
    border-color: var(--_danger-fg);
  }
  .diagnosis.tone-warning {
    background: var(--_warning-bg);
    border-color: var(--_warning-fg);
  }
  .diagnosis.tone-danger > .icon,
  .diagnosis.tone-danger h3 {
    color: var(--_danger-fg);
  }
  .diagnosis.tone-warning > .icon,
  .diagnosis.tone-warning h3 {
    color: var(--_warning-fg);
  }
  .diagnosis h3 {
    font-size: 1.0625em;
  }
  .banner-facts {
    display: grid;
    gap: 0.25em;
  }
  .banner-facts > div {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_space);
  }
  .banner-facts dt {
    color: inherit;
    font-weight: 600;
    font-size: 1em;
  }
  .banner-facts dt::after {
    content: ':';
  }

  .sections {
    display: grid;
    gap: calc(var(--_space) * 2);
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
    align-items: start;
  }
  .section.wide {
    grid-column: 1 / -1;
  }
  .section {
    display: grid;
    gap: var(--_space);
    align-content: start;
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    min-width: 0;
  }

  .timeline,
  .events {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .timeline {
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  /*
   * Events: block flow, not a grid container (a grid lays out all its items again when one is
   * added; revealing earlier events then costs the whole list). Each row lays out on its own.
   */
  .events > li + li {
    margin-top: calc(var(--_space) * 0.75);
  }
  .events > li:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
    border-radius: 2px;
  }
  .events-hidden,
  .events-more {
    margin: 0;
  }
  .timeline li {
    display: grid;
    grid-template-columns: 10rem minmax(0, 1fr);
    gap: var(--_space);
    padding-left: calc(var(--_space) * 1.25);
    border-left: 3px solid var(--_border);
  }
  .timeline li.deadline {
    border-left-style: dashed;
  }
  .tl-label {
    font-weight: 600;
  }
  .events li {
    display: grid;
    grid-template-columns: minmax(0, 17rem) minmax(0, 7rem) minmax(0, 1fr);
    gap: 0 calc(var(--_space) * 1.5);
    align-items: baseline;
    padding-bottom: calc(var(--_space) * 0.5);
    border-bottom: 1px solid var(--_border);
  }
  .events li:last-child {
    border-bottom: 0;
  }
  .ev-kind {
    font-weight: 600;
  }
  .ev-message {
    overflow-wrap: anywhere;
  }
  .kv {
    display: grid;
    gap: calc(var(--_space) * 0.5);
  }
  .kv > div {
    display: grid;
    grid-template-columns: minmax(6rem, max-content) minmax(0, 1fr);
    gap: var(--_space);
  }
  .kv dd {
    overflow-wrap: anywhere;
  }

  @media (max-width: 40rem) {
    .timeline li,
    .events li {
      grid-template-columns: minmax(0, 1fr);
    }
  }
`;
