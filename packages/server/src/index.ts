/**
 * @runsight/server — the reference backend of the Runsight HTTP contract: PGlite (or
 * PostgreSQL), a run simulator, a stale-run reconciler and the demo page.
 */
export {
  createServer,
  RelationsError,
  type CreateServerOptions,
  type RunsightServer,
  type SimulationOptions,
} from './server.js';
export { createApp, etagMatches, type AppEnv, type AppOptions } from './app.js';
export {
  ChangeVersions,
  CHANGES_CHANNEL,
  listenForChanges,
  trackWrites,
  type ChangeListener,
} from './changes.js';
export { PollMemory, type PollMemoryOptions } from './poll-memory.js';
export {
  DEMO_TOKENS,
  parseTokens,
  tokenMapAuthenticator,
  workspaceGrant,
  type Authenticator,
  type TokenMap,
  type UserGrant,
  type WorkspaceGrant,
} from './auth.js';
export {
  createJwtAuthenticator,
  grantOfClaim,
  parseJwtAuthConfig,
  JWT_ALGORITHMS,
  type JwtAlgorithm,
  type JwtAuthOptions,
  type JwtAuthenticatorOptions,
  type JwtConfigContext,
} from './jwt.js';
export {
  DEMO_WORLD,
  OPERATION_TYPES,
  type World,
  type WorkspaceDef,
  type TenantDef,
  type OperationTypeDef,
} from './catalog.js';
export { ManualClock, systemClock, type Clock } from './clock.js';
export {
  openDb,
  openPglite,
  openPostgres,
  isDatabaseUnavailable,
  type Connection,
  type Db,
  type ListenHandlers,
  type Subscription,
  type Queryable,
  type QueryResult,
} from './db.js';
export {
  DEFAULT_LEADER_RETRY_MS,
  LEADER_LOCK_CLASS,
  LeaderElection,
  type LeaderElectionOptions,
} from './leader.js';
export { parseWorkers, WORKER_HEADER, workersProblem } from './cluster.js';
export { DataDirInUseError, LOCK_FILE, lockDataDir, type DataDirLock } from './lock.js';
export { migrate, MIGRATIONS, type Migration } from './migrations.js';
export {
  DEMO_TIME_SCALE,
  BASE_RECONCILE_GRACE_S,
  reconcileGraceS,
  scaledPolicies,
  scalePolicy,
} from './policies.js';
export { RateLimiter, type RateLimitOptions } from './rate-limit.js';
export {
  checkRelations,
  quoteRelation,
  OWN_RELATIONS,
  RUNS_VIEW_COLUMNS,
  EVENTS_VIEW_COLUMNS,
  WORKSPACES_VIEW_COLUMNS,
  TENANTS_VIEW_COLUMNS,
  type ContractColumn,
  type Relations,
  type RelationNames,
} from './relations.js';
export {
  ConfigError,
  loadSidecarConfig,
  parseSidecarConfig,
  type ConfigContext,
  type SidecarConfig,
} from './config-file.js';
export { Reconciler, type ReconcilerOptions, type ReconcileReport } from './reconciler.js';
export {
  insertEvents,
  insertRuns,
  insertWorld,
  selectRuns,
  type NewEvent,
  type NewRun,
  type RunRow,
  type SelectRunsOptions,
} from './runs.js';
export { seedHistory, type HistoryOptions } from './seed.js';
export {
  Simulator,
  type Behaviour,
  type SpawnOptions,
  type SpawnedRun,
  type RunPlan,
} from './simulator.js';
export { summarizeRuns, FOLLOW_UP_WINDOW_MS, type RunsSummary } from './summary.js';
export type { WireRun, WireRunDetail, WireRunsSummary, WireSummaryEnvelope } from './wire.js';
