import { css } from 'lit';

/** Styles of `<ops-list>` (on top of the shared tokens and styles). Row height: 48px (ROW_HEIGHT). */
export const opsListStyles = css`
  /* Its own surface: its text never lands on a host background it was not chosen for. */
  :host {
    background: var(--_surface);
  }
  .ops {
    display: grid;
    gap: var(--_space);
  }

  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space) calc(var(--_space) * 2);
    align-items: end;
  }
  .field {
    display: grid;
    gap: 0.2em;
  }
  .field label {
    font-size: 0.9231em;
    font-weight: 600;
  }
  select {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: calc(var(--_space) * 0.4) calc(var(--_space) * 0.75);
    min-height: 2.25em;
    max-width: 16rem;
  }
  select:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }

  .toolbar {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    flex-wrap: wrap;
    min-height: 2.25em;
  }
  .new-runs {
    display: flex;
    justify-content: center;
  }
  .new-runs button {
    border-color: var(--_info-fg);
    color: var(--_info-fg);
    background: var(--_info-bg);
    font-weight: 600;
  }
  .load-more {
    display: grid;
    justify-items: start;
    gap: var(--_space);
  }

  /* The virtualised table: one scroll container, sticky header, absolutely positioned rows. */
  .scroller {
    /*
     * The element sets max-height (header + rows) so that a short list does not leave a gap: a
     * property no descendant inherits (an inherited custom property restyled every row).
     */
    height: var(--runsight-ops-list-height, 30rem);
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    overscroll-behavior: contain;
    /* The rows are placed by the element: no scroll anchoring (a search for an anchor per layout). */
    overflow-anchor: none;
    contain: strict;
  }
  /*
   * Columns (each row is its own grid, so only fixed and fr sizes keep them aligned). The
   * essential figures get the room of their longest German text: state (a badge that wraps to
   * two lines below 13.5rem, never cut), created/started ("gestartet 28. Nov., 10:00"),
   * duration ("dauerte 2 Stunden 59 Minuten"), progress (counts, then the failed count on a
   * second line when narrow). Names (operation, tenant, initiator) take the rest and may be cut.
   * Below the sum of the minimums (66.25rem = 9 + 7 + 9.5 + 9.75 + 13.5 + 11.5 + 6, plus six
   * gaps and two paddings) the table scrolls sideways instead of cutting.
   */
  .table {
    min-width: calc(66.25rem + var(--_space) * 9);
    position: relative;
  }
  .tr {
    display: grid;
    grid-template-columns:
      minmax(9rem, 1.6fr) minmax(7rem, 1fr) minmax(9.5rem, 13.5rem) 9.75rem 13.5rem
      minmax(11.5rem, 1.3fr) minmax(6rem, 1fr);
    align-items: center;
    column-gap: var(--_space);
    padding: 0 calc(var(--_space) * 1.5);
  }
  .thead {
    position: sticky;
    top: 0;
    z-index: 2;
    background: var(--_surface-muted);
    border-bottom: 1px solid var(--_border);
  }
  .thead .tr {
    height: 40px;
  }
  .th {
    font-weight: 600;
    font-size: 0.9231em;
    white-space: nowrap;
    overflow: clip;
    text-overflow: ellipsis;
  }
  .tbody {
    position: relative;
    contain: layout size;
  }
  .tbody .tr {
    position: absolute;
    left: 0;
    right: 0;
    height: 48px;
    /* One fixed track: the grid does not measure its cells to size the row. */
    grid-template-rows: 100%;
    border-bottom: 1px solid var(--_border);
    contain: strict;
  }
  .tbody .tr:hover {
    background: var(--_surface-muted);
  }
  .tbody .tr:focus {
    outline: none;
  }
  .tbody .tr:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  /*
   * Grid items: blockified, no display needed. Cut text is clipped with overflow: clip, not
   * hidden: a clipped box is no scroll container (no scrollable area to set up and update after
   * each layout of a new row); text-overflow draws the same ellipsis.
   */
  .td {
    min-width: 0;
    line-height: 1.3;
    overflow: clip;
    white-space: nowrap;
    text-overflow: ellipsis;
  }
  /* Each line of a cell is a block of its own (no anonymous blocks around inline lines). */
  .td > a,
  .td > time,
  .td > .sub {
    display: block;
    overflow: clip;
    text-overflow: ellipsis;
  }
  .td.op a {
    font-weight: 500;
  }
  .sub {
    color: var(--_text-muted);
    font-size: 0.8462em;
  }
  .mono {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  }
  .td .badge {
    max-width: 100%;
    white-space: normal;
    border-radius: 0.75em;
    line-height: 1.2;
  }

  .progress .sub {
    white-space: normal;
    line-height: 1.2;
  }
  .bar {
    height: 6px;
    border-radius: 3px;
    /* The progress cell is a block (a grid sized its one track from its text first). */
    margin-bottom: 3px;
    /* The track clips its fill without being a scroll container (as the cells, above). */
    overflow: clip;
  }
  .none > .bar {
    display: none;
  }
  @media (forced-colors: active) {
    .tbody .tr:focus-visible {
      outline-color: Highlight;
    }
  }
`;
