// A React 19 host of the five elements: what must type-check, and (each `@ts-expect-error`) what
// must not. Checked by tsc in tests/types/frameworks.test.ts; never run.
import { useRef, type JSX } from 'react';
import '@runsight/widgets/react';
import {
  createClient,
  defaultLinkBuilder,
  type LinkBuilder,
  type OpsList,
  type RunsightErrorEvent,
  type RunsightNavigateEvent,
} from '@runsight/widgets';

const client = createClient({ baseUrl: '/api' });
const links: LinkBuilder = {
  run: (runId) => `/operations/${runId}`,
  list: (filters) => defaultLinkBuilder.list(filters),
};

function route(href: string): void {
  history.pushState(null, '', href);
}

function onNavigate(event: RunsightNavigateEvent): void {
  event.preventDefault();
  const { href, target, runId, filters } = event.detail;
  route(target === 'run' ? `/runs/${runId ?? ''}` : `${href}#${filters?.workspace ?? ''}`);
}

export function Dashboard({
  workspace,
  tenant,
}: {
  workspace: string;
  tenant: string;
}): JSX.Element {
  const list = useRef<OpsList>(null);
  return (
    <main>
      <tenant-activity workspace={workspace} tenant={tenant} client={client} links={links} />
      <active-run-progress
        workspace={workspace}
        tenant={tenant}
        max-visible={3}
        show-empty
        client={client}
        onrunsight-run-finished={(event) => {
          const completed: Date | null = event.detail.run.completedAt;
          console.log(event.detail.run.id, completed);
        }}
      />
      <workspace-recent-ops
        workspace={workspace}
        limit={5}
        poll-interval={10}
        client={client}
        onrunsight-navigate={onNavigate}
      />
      <ops-list
        ref={list}
        id="triage"
        className="triage"
        style={{ height: '20rem' }}
        aria-label="Operations"
        onClick={() => list.current?.scrollIntoView()}
        workspace={workspace}
        page-size={25}
        sync-url
        sort="attention"
        client={client}
        links={links}
        onrunsight-navigate={onNavigate}
        onrunsight-error={(event: RunsightErrorEvent) => {
          const { kind, status } = event.detail.error;
          console.warn(kind, status);
        }}
      />
      <run-detail
        workspace={workspace}
        run-id="run-1"
        base-url="/api"
        locale="de"
        onrunsight-error={(event) => console.warn(event.detail.error.message)}
      />

      {/* A wrong property type: page-size is a number. */}
      {/* @ts-expect-error -- page-size takes a number, not a string */}
      <ops-list workspace={workspace} page-size="many" />
      {/* @ts-expect-error -- workspace takes a string */}
      <tenant-activity workspace={42} />
      {/* @ts-expect-error -- client takes a RunsightClient */}
      <run-detail workspace={workspace} run-id="run-1" client={{ baseUrl: '/api' }} />
      {/* @ts-expect-error -- there is no pageSise property */}
      <ops-list workspace={workspace} pageSise={25} />
      {/* @ts-expect-error -- a read-only getter is no property a host sets */}
      <ops-list workspace={workspace} resolvedClient={client} />
      {/* @ts-expect-error -- React 19 would listen to "RunsightNavigate"; the prop is onrunsight-navigate */}
      <ops-list workspace={workspace} onRunsightNavigate={onNavigate} />
      {/* @ts-expect-error -- a navigate handler does not take an error event */}
      <workspace-recent-ops
        workspace={workspace}
        onrunsight-navigate={(event: RunsightErrorEvent) => event}
      />
      <ops-list
        workspace={workspace}
        onrunsight-navigate={(event) => {
          // @ts-expect-error -- the navigate detail has no error
          console.warn(event.detail.error);
        }}
      />
    </main>
  );
}
