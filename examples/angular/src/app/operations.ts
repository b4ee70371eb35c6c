import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import { client, links, TENANT, WORKSPACE } from './runsight';
import { runsightNavigate } from './navigate';

@Component({
  selector: 'app-operations',
  // The five tags are custom elements, not Angular components.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>Operations</h1>
      <label>
        Recent runs
        <select #rows (change)="limit.set(+rows.value)">
          <option value="5">5</option>
          <option value="10">10</option>
        </select>
      </label>
      <tenant-activity
        [workspace]="workspace"
        [tenant]="tenant"
        [client]="client"
        [links]="links"
        (runsight-navigate)="onNavigate($event)"
      ></tenant-activity>
      <active-run-progress
        [workspace]="workspace"
        [tenant]="tenant"
        [client]="client"
        [links]="links"
        (runsight-navigate)="onNavigate($event)"
      ></active-run-progress>
      <workspace-recent-ops
        [workspace]="workspace"
        [limit]="limit()"
        [client]="client"
        [links]="links"
        (runsight-navigate)="onNavigate($event)"
      ></workspace-recent-ops>
      <ops-list
        [workspace]="workspace"
        [pageSize]="25"
        [client]="client"
        [links]="links"
        (runsight-navigate)="onNavigate($event)"
      ></ops-list>
    </main>
  `,
})
export class Operations {
  protected readonly workspace = WORKSPACE;
  protected readonly tenant = TENANT;
  protected readonly client = client;
  protected readonly links = links;
  protected readonly limit = signal(5);
  protected readonly onNavigate = runsightNavigate();
}
