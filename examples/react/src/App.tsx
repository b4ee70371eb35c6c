import { useState, type JSX } from 'react';
import {
  Link,
  Navigate,
  Route,
  Routes,
  useNavigate,
  useParams,
  useSearchParams,
} from 'react-router';
import type { RunsightNavigateEvent } from '@runsight/widgets';
import { client, links, TENANT, WORKSPACE } from './runsight';

/** Runsight's links go through the router: no page load. */
function useRunsightNavigate(): (event: RunsightNavigateEvent) => void {
  const navigate = useNavigate();
  return (event) => {
    event.preventDefault();
    void navigate(event.detail.href);
  };
}

function Operations(): JSX.Element {
  const [limit, setLimit] = useState(5);
  const onNavigate = useRunsightNavigate();
  return (
    <main>
      <h1>Operations</h1>
      <label>
        Recent runs{' '}
        <select value={limit} onChange={(event) => setLimit(Number(event.target.value))}>
          <option value={5}>5</option>
          <option value={10}>10</option>
        </select>
      </label>
      <tenant-activity
        workspace={WORKSPACE}
        tenant={TENANT}
        client={client}
        links={links}
        onrunsight-navigate={onNavigate}
      />
      <active-run-progress
        workspace={WORKSPACE}
        tenant={TENANT}
        client={client}
        links={links}
        onrunsight-navigate={onNavigate}
      />
      <workspace-recent-ops
        workspace={WORKSPACE}
        limit={limit}
        client={client}
        links={links}
        onrunsight-navigate={onNavigate}
      />
      <ops-list
        workspace={WORKSPACE}
        page-size={25}
        client={client}
        links={links}
        onrunsight-navigate={onNavigate}
      />
    </main>
  );
}

function Run(): JSX.Element {
  const { runId = '' } = useParams();
  const [search] = useSearchParams();
  const onNavigate = useRunsightNavigate();
  return (
    <main>
      <Link to="/operations">All operations</Link>
      <run-detail
        workspace={search.get('workspace') ?? WORKSPACE}
        run-id={runId}
        client={client}
        links={links}
        onrunsight-navigate={onNavigate}
      />
    </main>
  );
}

export function App(): JSX.Element {
  return (
    <Routes>
      <Route path="/" element={<Navigate to="/operations" replace />} />
      <Route path="/operations" element={<Operations />} />
      <Route path="/operations/:runId" element={<Run />} />
    </Routes>
  );
}
