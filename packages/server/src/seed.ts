/**
 * History: completed runs in the past, inserted in large batches (`INSERT … SELECT FROM
 * unnest(…)`), so 100 000 runs take seconds — or, on PostgreSQL into an empty table, streamed
 * through `COPY … FROM STDIN` with the indexes built after the load (copy.ts), 2.5× faster
 * (docs/benchmarks.md "A million runs"). Deterministic for (n, seed, now): both paths store the same
 * rows. Their events (queued, started, completed or reconciled) are milestones derived from the
 * row.
 *
 * The whole seed is ONE transaction: a process killed (or a connection lost) half-way leaves no
 * partial history behind, so the next start, finding the database empty, seeds it in full.
 */
import {
  deriveActiveState,
  resolvePolicy,
  type LifecyclePolicies,
  type OperationRun,
} from '@runsight/active-state';
import { buildRun } from '@runsight/active-state/run';
import {
  DEMO_WORLD,
  FAILURES,
  INITIATORS,
  OPERATION_TYPES,
  type OperationTypeDef,
  type World,
} from './catalog.js';
import type { Db } from './db.js';
import { DEMO_TIME_SCALE, reconcileGraceS, scaledPolicies } from './policies.js';
import { RECONCILED_REASON_CODE, RECONCILED_FAILURE_MESSAGE } from './reconciler.js';
import { copyRuns } from './copy.js';
import { Rng } from './rng.js';
import { insertRuns, type NewRun } from './runs.js';
import type { FinalOutcome } from './simulator.js';

export interface HistoryOptions {
  /** End of the history (epoch ms); runs are created before `now - 5 min`. Default Date.now(). */
  now?: number;
  /** How far back the history goes. Default 14 days. */
  spanDays?: number;
  world?: World;
  /** Durations follow the policies at this scale (default: the demo's, 20). */
  timeScale?: number;
  policies?: LifecyclePolicies;
  /** Runs per INSERT batch (or per chunk of the COPY stream). Default 5000. */
  batchSize?: number;
  /**
   * Load through `COPY … FROM STDIN` (copy.ts): `true` requires it (throws on PGlite or when the
   * table already has runs), `false` never; default: on PostgreSQL, from
   * {@link COPY_MIN_RUNS} runs, when the table is empty.
   */
  copy?: boolean;
  /**
   * Seed only when the database has no runs yet (checked inside the seed's transaction, under
   * an advisory lock, so two servers starting at once on one PostgreSQL seed once). Returns 0
   * when there were runs. Default false.
   */
  onlyIfEmpty?: boolean;
  /** Called after each batch (inside the transaction: nothing is committed before the end). */
  onProgress?: (inserted: number, total: number) => void;
}

/** From this many runs the seed loads through COPY by default (PostgreSQL, empty table). */
export const COPY_MIN_RUNS = 20_000;

/** Advisory lock key of the seed ("Seed"). */
const SEED_LOCK = 0x53656564;

const OUTCOMES: Record<FinalOutcome | 'reconciled', number> = {
  succeeded: 775,
  partially_succeeded: 80,
  failed: 70,
  blocked: 30,
  cancelled: 30,
  reconciled: 15,
};

interface Scope {
  ws: string;
  tenant: string | null;
}

/**
 * Inserts `n` completed runs spread over the past `spanDays`, in one transaction. Returns the
 * number inserted (0 with `onlyIfEmpty` when the database already has runs).
 */
export async function seedHistory(
  db: Db,
  n: number,
  seed = 42,
  opts: HistoryOptions = {},
): Promise<number> {
  const rng = new Rng(seed ^ 0x5eed);
  const now = opts.now ?? Date.now();
  const timeScale = opts.timeScale ?? DEMO_TIME_SCALE;
  const policies = opts.policies ?? scaledPolicies(timeScale);
  const graceMs = reconcileGraceS(timeScale) * 1000;
  const world = opts.world ?? DEMO_WORLD;
  const spanMs = (opts.spanDays ?? 14) * 86_400_000;
  const newest = now - 5 * 60_000;
  const batchSize = opts.batchSize ?? 5000;

  const inserted = await db.transaction(async (tx) => {
    if (opts.onlyIfEmpty) {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      const any = await tx.query<{ any: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM operation_runs) AS any',
      );
      if (any.rows[0]?.any) return 0;
    }
    const batches = historyBatches(n, rng, { policies, graceMs, world, spanMs, newest, batchSize });
    const copy = opts.copy ?? (n >= COPY_MIN_RUNS && tx.copyFrom !== undefined);
    if (copy) {
      if (tx.copyFrom === undefined) throw new Error('seedHistory: this database cannot COPY');
      const any = await tx.query<{ any: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM operation_runs) AS any',
      );
      if (!any.rows[0]?.any) {
        let done = 0;
        return copyRuns(tx, batches, {
          onBatch: (k) => {
            done += k;
            opts.onProgress?.(done, n);
          },
        });
      }
      if (opts.copy === true) throw new Error('seedHistory: COPY needs an empty table');
    }
    let inserted = 0;
    for (const runs of batches) {
      inserted += await insertRuns(tx, runs, batchSize);
      opts.onProgress?.(inserted, n);
    }
    return inserted;
  });
  // Fresh statistics after a bulk load, so the planner picks the indexes at once (PGlite has no
  // autovacuum; PostgreSQL's would only catch up later).
  if (inserted > 0) await db.query('ANALYZE operation_runs');
  return inserted;
}

interface SeedPlan {
  policies: LifecyclePolicies;
  graceMs: number;
  world: World;
  spanMs: number;
  newest: number;
  batchSize: number;
}

/** The history's runs, `batchSize` at a time (the rng advances as the batches are taken). */
function* historyBatches(n: number, rng: Rng, plan: SeedPlan): Generator<NewRun[]> {
  const { policies, graceMs, world, spanMs, newest, batchSize } = plan;
  // 70 % of the work in the first workspace; 12 % of a workspace's runs are workspace-level
  const scopes: Scope[] = [];
  const weights: Record<string, number> = {};
  world.workspaces.forEach((ws, i) => {
    const w = i === 0 ? 7 : 3 / Math.max(1, world.workspaces.length - 1);
    weights[String(scopes.length)] = w * (ws.tenants.length === 0 ? 1 : 0.12);
    scopes.push({ ws: ws.id, tenant: null });
    for (const t of ws.tenants) {
      weights[String(scopes.length)] = (w * 0.88) / ws.tenants.length;
      scopes.push({ ws: ws.id, tenant: t.id });
    }
  });
  const directorySync = OPERATION_TYPES.find((t) => t.key === 'directory.sync');

  for (let start = 0; start < n; start += batchSize) {
    const runs: NewRun[] = [];
    for (let i = start; i < Math.min(n, start + batchSize); i++) {
      const scope = scopes[Number(rng.weighted(weights))] as Scope;
      const def: OperationTypeDef =
        scope.tenant === null && directorySync !== undefined && rng.next() < 0.5
          ? directorySync
          : rng.pick(OPERATION_TYPES);
      const policy = resolvePolicy(def.key, policies);
      const created = Math.round(newest - rng.next() * spanMs);
      const kind = rng.weighted(OUTCOMES);
      const total = def.total === null ? null : rng.int(def.total[0], def.total[1]);
      const units = total ?? rng.int(50, 500);
      const context = { ...def.context(rng), worker: `worker-${rng.int(1, 8)}`, attempt: 1 };
      const startedAt =
        created + Math.round(rng.between(0.05, 0.5) * policy.queued.expectedAfterS * 1000);
      const base = buildRun({
        id: `run_${rng.hex(12)}`,
        workspaceId: scope.ws,
        tenantId: scope.tenant,
        tenantName: null,
        type: def.key,
        typeLabel: def.label,
        status: 'completed',
        outcome: 'succeeded',
        createdAt: new Date(created),
        initiator: { name: rng.pick(INITIATORS) },
      });

      if (kind === 'reconciled') {
        const neverStarted = rng.next() < 0.25;
        const lastHb = Math.round(
          startedAt + rng.between(0.1, 0.6) * policy.running.expectedAfterS * 1000,
        );
        // When the run, as it was while active, turned likely stale: asked of the one rule.
        const staleAt = likelyStaleAt(
          {
            ...base,
            status: neverStarted ? 'queued' : 'running',
            outcome: 'pending',
            startedAt: neverStarted ? null : new Date(startedAt),
            lastHeartbeatAt: neverStarted ? null : new Date(lastHb),
          },
          policies,
        );
        const at = new Date(Math.round(staleAt + graceMs + rng.between(0, 5000)));
        const processed = Math.floor(units * rng.between(0.05, 0.5));
        runs.push({
          ...base,
          context,
          outcome: 'failed',
          startedAt: neverStarted ? null : new Date(startedAt),
          completedAt: at,
          lastHeartbeatAt: neverStarted ? null : new Date(lastHb),
          progress: neverStarted ? null : { total, processed, succeeded: processed, failed: 0 },
          reconciliation: {
            reconciledAt: at,
            reason: neverStarted
              ? 'Never started: still queued past its lifecycle window, and likely stale past the grace period.'
              : `No heartbeat since ${new Date(lastHb).toISOString().slice(11, 19)} UTC; likely stale past the grace period.`,
            previousStatus: neverStarted ? 'queued' : 'running',
          },
          failure: { reasonCode: RECONCILED_REASON_CODE, message: RECONCILED_FAILURE_MESSAGE },
        });
        continue;
      }

      const outcome = kind;
      const running = policy.running;
      const fullMs =
        (rng.next() < 0.1
          ? running.expectedAfterS +
            rng.between(0.1, 0.5) * (running.staleAfterS - running.expectedAfterS)
          : rng.between(0.3, 0.9) * running.expectedAfterS) * 1000;
      const frac =
        outcome === 'failed' || outcome === 'cancelled'
          ? rng.between(0.1, 0.8)
          : outcome === 'blocked'
            ? 0
            : 1;
      const ended = startedAt + Math.max(1000, Math.round(fullMs * Math.max(frac, 0.02)));
      const processed = Math.floor(units * frac);
      const failed =
        outcome === 'partially_succeeded'
          ? Math.max(1, Math.floor(processed * rng.between(0.02, 0.2)))
          : outcome === 'failed'
            ? Math.floor(processed * rng.between(0, 0.3))
            : 0;
      const failures =
        outcome === 'succeeded' || outcome === 'cancelled' ? null : FAILURES[outcome];
      runs.push({
        ...base,
        context,
        outcome,
        startedAt: new Date(startedAt),
        completedAt: new Date(ended),
        lastHeartbeatAt: new Date(ended),
        progress: { total, processed, succeeded: processed - failed, failed },
        failure: failures === null ? null : rng.pick(failures),
      });
    }
    yield runs;
  }
}

/**
 * The first instant (epoch ms) at which an active run is `likely_stale` by `deriveActiveState`
 * — the server keeps no copy of the rule. It derives from the run's reference instant (queued:
 * createdAt; running: startedAt) and steps along `nextChangeAt` (fresh → past expected →
 * likely stale). Throws when the run never turns likely stale (no finite deadline).
 */
export function likelyStaleAt(run: OperationRun, policies: LifecyclePolicies): number {
  let t = (run.status === 'queued' ? run.createdAt : (run.startedAt ?? run.createdAt)).getTime();
  for (let step = 0; step < 3; step++) {
    const state = deriveActiveState(run, { now: t, policies });
    if (state.freshness === 'likely_stale') return t;
    if (state.nextChangeAt === null) break;
    t = state.nextChangeAt.getTime();
  }
  throw new Error(`seedHistory: run ${run.id} never turns likely stale`);
}
