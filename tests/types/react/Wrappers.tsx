// A React 18 host (no properties or custom events on custom elements in React 18): the
// `@lit/react` wrappers docs/hosts.md shows, type-checked here with React 19's types (the same
// API). Checked by tsc in tests/types/frameworks.test.ts; never run.
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import {
  OpsList,
  RunDetailElement,
  createClient,
  type RunsightErrorEvent,
  type RunsightNavigateEvent,
} from '@runsight/widgets';
// A real host registers the tags too: import '@runsight/widgets/all.define.js';

const events = {
  onNavigate: 'runsight-navigate' as EventName<RunsightNavigateEvent>,
  onError: 'runsight-error' as EventName<RunsightErrorEvent>,
};
export const RunsightOpsList = createComponent({
  react: React,
  tagName: 'ops-list',
  elementClass: OpsList,
  events,
});
export const RunsightRunDetail = createComponent({
  react: React,
  tagName: 'run-detail',
  elementClass: RunDetailElement,
  events,
});

const client = createClient({ baseUrl: '/api' });

export function Operations({ workspace }: { workspace: string }): React.JSX.Element {
  return (
    <>
      <RunsightOpsList
        workspace={workspace}
        pageSize={25}
        syncUrl
        client={client}
        onNavigate={(event) => {
          event.preventDefault();
          history.pushState(null, '', event.detail.href);
        }}
        onError={(event) => console.warn(event.detail.error.kind)}
      />
      <RunsightRunDetail workspace={workspace} runId="run-1" client={client} />

      {/* @ts-expect-error -- pageSize takes a number, not a string */}
      <RunsightOpsList workspace={workspace} pageSize="many" />
      {/* @ts-expect-error -- workspace takes a string */}
      <RunsightRunDetail workspace={42} />
      {/* @ts-expect-error -- there is no pageSise property */}
      <RunsightOpsList workspace={workspace} pageSise={25} />
      {/* @ts-expect-error -- there is no onNavigat event prop */}
      <RunsightOpsList workspace={workspace} onNavigat={() => undefined} />
    </>
  );
}
