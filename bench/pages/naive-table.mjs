// The baseline of figure 2: a naive lit table that renders EVERY row with repeat(), same columns
// and the same per-row work as <ops-list> (derivation, badge, dates, duration, progress).
import { LitElement, html, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { deriveActiveState } from '@runsight/active-state';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
const minutes = (ms) => `${Math.max(0, Math.round(ms / 60000))} min`;

export class NaiveTable extends LitElement {
  static properties = { runs: { attribute: false } };
  static styles = css`
    :host {
      display: block;
      height: 600px;
      overflow: auto;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    td {
      padding: 4px 8px;
      border-bottom: 1px solid #ddd;
      white-space: nowrap;
    }
  `;

  constructor() {
    super();
    this.runs = [];
    this.now = Date.now();
  }

  render() {
    const now = this.now;
    return html`<table>
      <thead>
        <tr>
          <th>Operation</th>
          <th>Tenant</th>
          <th>State</th>
          <th>Created</th>
          <th>Duration</th>
          <th>Progress</th>
          <th>Initiator</th>
        </tr>
      </thead>
      <tbody>
        ${repeat(
          this.runs,
          (run) => run.id,
          (run) => {
            const state = deriveActiveState(run, { now });
            const end = run.completedAt?.getTime() ?? now;
            const p = run.progress;
            return html`<tr part="row">
              <td>
                <a href="#/operations/${run.id}">${run.typeLabel ?? run.type}</a>
                <small>${run.id}</small>
              </td>
              <td>${run.tenantName ?? 'Workspace'}</td>
              <td><span class="badge ${state.badge.tone}">${state.badge.label}</span></td>
              <td>
                <time datetime=${run.createdAt.toISOString()}
                  >${dateFormat.format(run.createdAt)}</time
                >
              </td>
              <td>${minutes(end - (run.startedAt ?? run.createdAt).getTime())}</td>
              <td>${p ? `${p.processed}/${p.total ?? '?'}` : ''}</td>
              <td>${run.initiator?.name ?? ''}</td>
            </tr>`;
          },
        )}
      </tbody>
    </table>`;
  }
}
customElements.define('naive-table', NaiveTable);
