import { BUILT_RUN_CREATED_AT_MS } from '../src/run.js';

/** Runs come from the one builder (`@runsight/active-state/run`), queued at T0 by default. */
export { buildRun as run } from '../src/run.js';

/** A fixed base instant for tests: the instant a built run is created at. */
export const T0 = BUILT_RUN_CREATED_AT_MS;
export const S = 1000;
