/**
 * The `watchRuns` query source of the four list elements (the cards and `<ops-list>`), in a module
 * of its own so that a page with only `<run-detail>` does not load it.
 */
import { listRunsKey } from '@runsight/api-client';
import type { ListRunsQuery, ListRunsResult, RunsightClient } from '@runsight/api-client';
import type { QuerySource } from '../controllers/query-controller.js';

/** A `watchRuns` source. Keys are the store's (`listRunsKey`): the same query, the same key. */
export function runsSource(
  client: RunsightClient,
  query: ListRunsQuery,
  intervalMs: number,
): QuerySource<ListRunsResult> {
  return {
    client,
    key: `runs:${listRunsKey(query)}:${intervalMs}`,
    intervalMs,
    subscribe: (listener) => client.watchRuns(query, { intervalMs }, listener),
    outOfScope: (value) => value.meta.outOfScopeRows,
  };
}
