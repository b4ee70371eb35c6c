/**
 * History: completed runs in the past, inserted in large batches (`INSERT … SELECT FROM
 * unnest(…)`), so 100 000 runs take seconds. Deterministic for (n, seed, now).
 */
import { resolvePolicy, type LifecyclePolicies } from '@runsight/active-state';
import { DEMO_WORLD, FAILURES, INITIATORS, OPERATION_TYPES, type World } from './catalog.js';
import type { Db } from './db.js';
import { scaledPolicies, reconcileGraceS, DEMO_TIME_SCALE } from './policies.js';
import { RECONCILED_REASON_CODE } from './reconciler.js';
import { Rng } from './rng.js';
import { insertEvents, insertRuns, type NewEvent, type NewRun } from './runs.js';
import type { FinalOutcome } from './simulator.js';

export interface HistoryOptions {
  /** End of the history (epoch ms); runs are created before `now - 5 min`. Default Date.now(). */
  now?: number;
  /** How far back the history goes. Default 14 days. */
  spanDays?: number;
  world?: World;
  /** Durations follow the policies at this scale (default: the demo's). */
  timeScale?: number;
  policies?: LifecyclePolicies;
  /** Also insert queued/started/completed events (default true). */
  events?: boolean;
  /** Runs per INSERT batch. Default 5000. */
  batchSize?: number;
}

const OUTCOMES: Record<FinalOutcome | 'reconciled', number> = {
  succeeded: 775,
  partially_succeeded: 80,
  failed: 70,
  blocked: 30,
  cancelled: 30,
  reconciled: 15,
};

/** Inserts `n` completed runs spread over the past `spanDays`. Returns the number inserted. */
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
  const withEvents = opts.events ?? true;
  const batchSize = opts.batchSize ?? 5000;
  const scopes: { ws: string; tenant: string | null; weight: number }[] = [];
  world.workspaces.forEach((ws, i) => {
    const w = i === 0 ? 7 : 3 / Math.max(1, world.workspaces.length - 1);
    scopes.push({ ws: ws.id, tenant: null, weight: w * 0.12 });
    for (const t of ws.tenants)
      scopes.push({ ws: ws.id, tenant: t.id, weight: (w * 0.88) / ws.tenants.length });
  });
  const scopeWeights = Object.fromEntries(scopes.map((s, i) => [String(i), s.weight]));

  let inserted = 0;
  for (let start = 0; start < n; start += batchSize) {
    const runs: NewRun[] = [];
    const events: NewEvent[] = [];
    for (let i = start; i < Math.min(n, start + batchSize); i++) {
      const scope = scopes[Number(rng.weighted(scopeWeights))]!;
      const def =
        scope.tenant === null && rng.next() < 0.5
          ? OPERATION_TYPES.find((t) => t.key === 'directory.sync')!
          : rng.pick(OPERATION_TYPES);
      const policy = resolvePolicy(def.key, policies);
      const created = Math.round(newest - rng.next() * spanMs);
      const kind = rng.weighted(OUTCOMES);
      const id = `run_${rng.hex(12)}`;
      const initiator = rng.pick(INITIATORS);
      const total = def.total === null ? null : rng.int(def.total[0], def.total[1]);
      const units = total ?? rng.int(50, 500);
      const context = { ...def.context(rng), worker: `worker-${rng.int(1, 8)}`, attempt: 1 };
      const startedAt =
        created + Math.round(rng.between(0.05, 0.5) * policy.queued.expectedAfterS * 1000);
      const base: NewRun = {
        id,
        workspaceId: scope.ws,
        tenantId: scope.tenant,
        type: def.key,
        typeLabel: def.label,
        status: 'completed',
        outcome: 'succeeded',
        createdAt: new Date(created),
        initiator,
        context,
      };
      events.push({
        runId: id,
        at: new Date(created),
        kind: 'queued',
        message: `Queued by ${initiator}.`,
      });
      if (kind === 'reconciled') {
        const neverStarted = rng.next() < 0.25;
        const stale = neverStarted
          ? created + policy.queued.staleAfterS * 1000
          : startedAt + policy.running.staleAfterS * 1000;
        const at = new Date(stale + graceMs + rng.between(0, 5000));
        const lastHb = neverStarted
          ? null
          : startedAt + rng.between(0.1, 0.6) * policy.running.expectedAfterS * 1000;
        const processed = neverStarted ? null : Math.floor(units * rng.between(0.05, 0.5));
        runs.push({
          ...base,
          outcome: 'failed',
          startedAt: neverStarted ? null : new Date(startedAt),
          completedAt: at,
          lastHeartbeatAt: lastHb === null ? null : new Date(lastHb),
          progress:
            processed === null ? null : { total, processed, succeeded: processed, failed: 0 },
          reconciliation: {
            reconciledAt: at,
            reason: neverStarted
              ? 'Never started: still queued past its lifecycle window, and likely stale past the grace period.'
              : 'No heartbeat; likely stale past the grace period of its lifecycle window.',
            previousStatus: neverStarted ? 'queued' : 'running',
          },
          failure: {
            reasonCode: RECONCILED_REASON_CODE,
            message:
              'Marked as failed by the lifecycle reconciler: the run stayed likely stale past its grace period.',
          },
        });
        if (!neverStarted)
          events.push({
            runId: id,
            at: new Date(startedAt),
            kind: 'started',
            message: `Started on ${context.worker}.`,
          });
        events.push({
          runId: id,
          at,
          kind: 'reconciled',
          message: `Reconciled: marked as failed by the lifecycle reconciler (was ${neverStarted ? 'queued' : 'running'}).`,
        });
        continue;
      }
      const outcome = kind;
      const long = rng.next() < 0.1;
      const fullMs =
        (long
          ? policy.running.expectedAfterS +
            rng.between(0.1, 0.5) * (policy.running.staleAfterS - policy.running.expectedAfterS)
          : rng.between(0.3, 0.9) * policy.running.expectedAfterS) * 1000;
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
      const failure = failures === null ? null : rng.pick(failures);
      runs.push({
        ...base,
        outcome,
        startedAt: new Date(startedAt),
        completedAt: new Date(ended),
        lastHeartbeatAt: new Date(ended),
        progress: { total, processed, succeeded: processed - failed, failed },
        failure,
      });
      events.push({
        runId: id,
        at: new Date(startedAt),
        kind: 'started',
        message: `Started on ${context.worker}.`,
      });
      events.push({
        runId: id,
        at: new Date(ended),
        kind: 'completed',
        message:
          outcome === 'succeeded'
            ? 'Completed successfully.'
            : outcome === 'partially_succeeded'
              ? 'Completed with some failed items.'
              : outcome === 'cancelled'
                ? 'Cancelled.'
                : `${outcome === 'blocked' ? 'Blocked' : 'Failed'}: ${failure?.message ?? 'no details.'}`,
      });
    }
    const batchInserted = await insertRuns(db, runs, batchSize);
    inserted += batchInserted;
    if (withEvents) {
      // a duplicate id (astronomically rare) was skipped: keep its events out too
      const ids =
        batchInserted === runs.length
          ? null
          : new Set(
              await existing(
                db,
                runs.map((r) => r.id),
              ),
            );
      await insertEvents(db, ids === null ? events : events.filter((e) => ids.has(e.runId)));
    }
  }
  return inserted;
}

async function existing(db: Db, ids: string[]): Promise<string[]> {
  const res = await db.query<{ id: string }>(
    'SELECT id FROM operation_runs WHERE id = ANY($1::text[])',
    [ids],
  );
  return res.rows.map((r) => r.id);
}
