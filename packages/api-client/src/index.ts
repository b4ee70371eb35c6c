/**
 * @runsight/api-client: the typed HTTP client of the Runsight contract.
 * Test fixtures and MSW handlers live in the separate `@runsight/api-client/fixtures` entry.
 */
export type * from './types.js';
export type * from './wire.js';
export {
  RunsightApiError,
  isRunsightApiError,
  sameApiError,
  kindForStatus,
  ERROR_MESSAGES,
  type RunsightApiErrorInit,
} from './errors.js';
export {
  createClient,
  deepEqual,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  type ClientStats,
  type RunsightHttpClient,
} from './client.js';
export {
  createTokenSource,
  jwtTimes,
  type IssuedToken,
  type TokenSource,
  type TokenSourceOptions,
} from './token-source.js';
export {
  createManualTimeSource,
  createServerClock,
  systemTimeSource,
  type ManualTimeSource,
  type ServerClockImpl,
  type ServerClockOptions,
} from './clock.js';
export {
  listRunsParams,
  listRunsQueryString,
  listRunsKey,
  runsSummaryParams,
  runsSummaryQueryString,
  runsSummaryKey,
} from './query.js';
export { inScope, outOfScopeError, type RunScope } from './scope.js';
export { parseRetryAfter } from './error-response.js';
export { parseRuns, mapRun } from './mapping.js';
export { parseRunDetail } from './detail.js';
export { isIsoTimestamp } from './schemas.js';
export { backoffDelay, type StoreStats } from './store.js';
