// Deterministic domain runs (camelCase, Dates) for the Node figures: the api-client's `manyRuns`
// fixture (the same generator as the ops-list page: ~55 % finished, ~25 % fresh, ~10 % past
// expected, ~6 % likely stale, ~4 % reconciled; five tenants and types; newest first), mapped by
// the api-client's own `parseRuns`. `@runsight/api-client/fixtures/runs` is the fixtures' entry
// without msw: TypeScript source under `--conditions=source --import tsx` (as bench/run.mjs
// starts the figures), `dist/` after `tsc -b` in plain Node.
import { parseRuns } from '@runsight/api-client';
import { FIXTURE_NOW_MS, manyRuns } from '@runsight/api-client/fixtures/runs';

/** The instant the runs are relative to (FIXTURE_NOW: 2026-11-29T12:00:00Z). */
export const BENCH_NOW = FIXTURE_NOW_MS;

/** `n` domain runs of `manyRuns(n, seed)`, newest first, relative to BENCH_NOW. */
export function domainRuns(n, seed = 1) {
  const { runs, invalidRows } = parseRuns(manyRuns(n, seed));
  if (invalidRows > 0) throw new Error(`manyRuns(${n}, ${seed}): ${invalidRows} rows invalid`);
  return runs;
}
