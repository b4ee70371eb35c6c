import { Component, CUSTOM_ELEMENTS_SCHEMA, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { client, links, WORKSPACE } from './runsight';
import { runsightNavigate } from './navigate';

@Component({
  selector: 'app-run',
  imports: [RouterLink],
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <a routerLink="/operations">All operations</a>
      <run-detail
        [workspace]="workspace() ?? defaultWorkspace"
        [runId]="runId()"
        [client]="client"
        [links]="links"
        (runsight-navigate)="onNavigate($event)"
      ></run-detail>
    </main>
  `,
})
export class Run {
  /** The route's :runId and ?workspace= (withComponentInputBinding). */
  readonly runId = input.required<string>();
  readonly workspace = input<string>();
  protected readonly defaultWorkspace = WORKSPACE;
  protected readonly client = client;
  protected readonly links = links;
  protected readonly onNavigate = runsightNavigate();
}
