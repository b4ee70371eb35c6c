/**
 * The run simulator: runs that queue, start, heartbeat, progress and finish with every outcome;
 * some run long (past expected, then finish); some workers "die" (no more heartbeats, no
 * progress) so the run goes likely stale and the reconciler force-fails it; some never leave
 * the queue.
 *
 * Each simulated run follows a PLAN fixed at spawn time (start, end, death instants, heartbeat
 * interval, final counts). Its state at any instant is a pure function of the plan, so `tick()`
 * can be called at any rate (or with a manual clock) and still writes the same history:
 * heartbeats and events carry their planned instants, not the tick's.
 *
 * Durations come from the server's (scaled) lifecycle policy of the run's type, so the same
 * simulator drives the demo (time scale 20: minutes become seconds) and the tests.
 */
import { resolvePolicy, type LifecyclePolicies, type RunOutcome } from '@runsight/active-state';
import { buildRun } from '@runsight/active-state/run';
import {
  FAILURES,
  INITIATORS,
  OPERATION_TYPES,
  typeDef,
  type ContextValues,
  type World,
} from './catalog.js';
import type { Clock } from './clock.js';
import type { Db } from './db.js';
import { Rng } from './rng.js';
import { insertEvents, insertRuns, type NewEvent } from './runs.js';

export type Behaviour = 'normal' | 'long' | 'dies' | 'stuck_queued';
export type FinalOutcome = Exclude<RunOutcome, 'pending'>;

export interface SpawnOptions {
  /** Workspace id; default: the tenant's workspace, else the first workspace. */
  workspace?: string;
  /** Tenant id or name (case-insensitive); null: a workspace-level run. Default: random. */
  tenant?: string | null;
  /** Operation type key; default: random. */
  type?: string;
  /** Default: random (mostly normal). */
  behaviour?: Behaviour;
  /** Outcome of a normal or long run; default: random (mostly succeeded). */
  outcome?: FinalOutcome;
  /** Item total; null: indeterminate. Default: from the type. */
  total?: number | null;
  /** Seconds in the queue before it starts (ignored for stuck_queued). */
  queueS?: number;
  /** Seconds from start to finish (normal, long). */
  durationS?: number;
  /** Seconds from start until the worker dies (dies). */
  dieAfterS?: number;
  /** Seconds between heartbeats; default: a fifth of the heartbeat timeout. */
  heartbeatEveryS?: number;
  /** Create the run this many seconds in the past (its history up to now is filled in). */
  backdateS?: number;
  initiator?: string | null;
  id?: string;
  context?: ContextValues;
}

export interface RunPlan {
  createdAt: Date;
  /** null: never starts (stuck_queued). */
  startAt: Date | null;
  /** When it completes; null: never (dies, stuck_queued). */
  endAt: Date | null;
  /** When its worker dies; null: never. */
  dieAt: Date | null;
  heartbeatEveryS: number;
  outcome: FinalOutcome | null;
}

export interface SpawnedRun {
  id: string;
  workspaceId: string;
  tenantId: string | null;
  type: string;
  behaviour: Behaviour;
  plan: RunPlan;
}

interface Worker {
  id: string;
  behaviour: Behaviour;
  createdAt: number;
  startAt: number;
  /** Progress runs from startAt to startAt + fullMs (the whole job). */
  fullMs: number;
  endAt: number;
  dieAt: number;
  hbMs: number;
  total: number | null;
  /** Hidden total for indeterminate progress. */
  units: number;
  /** Fraction of the job done when it ends (1 unless it stops early). */
  stopFrac: number;
  failRatio: number;
  outcome: FinalOutcome;
  failure: { reasonCode: string; message: string } | null;
  workerName: string;
  /** Events emitted up to this instant. */
  emittedUntil: number;
  hbEvents: number;
  /** Last written state, to write only changes. */
  written: string;
}

export interface SimulatorOptions {
  db: Db;
  clock: Clock;
  policies: LifecyclePolicies;
  world: World;
  /** Real seconds = world seconds / timeScale (used for queue waits and spawn rate). */
  timeScale: number;
  seed?: number;
  /** Spawn random runs on tick. Default true. */
  autoSpawn?: boolean;
  /** Mean seconds between random spawns (already scaled). Default 100 s / timeScale. */
  spawnEveryS?: number;
  /** No random spawn while this many runs are active. Default 14. */
  maxActive?: number;
}

const MAX_HEARTBEAT_EVENTS = 8;
const HEARTBEAT_EVENT_EVERY = 5;

const OUTCOME_WEIGHTS: Record<FinalOutcome, number> = {
  succeeded: 70,
  partially_succeeded: 10,
  failed: 10,
  blocked: 5,
  cancelled: 5,
};

const BEHAVIOUR_WEIGHTS: Record<Behaviour, number> = {
  normal: 70,
  long: 13,
  dies: 11,
  stuck_queued: 6,
};

export class Simulator {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #policies: LifecyclePolicies;
  readonly #world: World;
  readonly #timeScale: number;
  readonly #rng: Rng;
  readonly #workers = new Map<string, Worker>();
  #autoSpawn: boolean;
  readonly #spawnEveryMs: number;
  readonly #maxActive: number;
  #lastSpawnCheck: number | null = null;

  constructor(opts: SimulatorOptions) {
    this.#db = opts.db;
    this.#clock = opts.clock;
    this.#policies = opts.policies;
    this.#world = opts.world;
    this.#timeScale = opts.timeScale;
    this.#rng = new Rng(opts.seed ?? 1);
    this.#autoSpawn = opts.autoSpawn ?? true;
    this.#spawnEveryMs = (opts.spawnEveryS ?? 100 / opts.timeScale) * 1000;
    this.#maxActive = opts.maxActive ?? 14;
  }

  /** Ids of the runs whose simulated worker is still doing something. */
  get workerIds(): string[] {
    return [...this.#workers.keys()];
  }

  set autoSpawn(on: boolean) {
    this.#autoSpawn = on;
  }

  get autoSpawn(): boolean {
    return this.#autoSpawn;
  }

  #resolveTenant(opts: SpawnOptions): { workspaceId: string; tenantId: string | null } {
    const world = this.#world.workspaces;
    if (world.length === 0) throw new Error('the simulator has no workspaces');
    if (opts.tenant !== undefined && opts.tenant !== null) {
      const key = opts.tenant.toLowerCase();
      for (const ws of world) {
        if (opts.workspace !== undefined && ws.id !== opts.workspace) continue;
        const t = ws.tenants.find(
          (x) => x.id.toLowerCase() === key || x.name.toLowerCase() === key,
        );
        if (t) return { workspaceId: ws.id, tenantId: t.id };
      }
      throw new Error(`unknown tenant ${JSON.stringify(opts.tenant)}`);
    }
    if (opts.workspace !== undefined) {
      const ws = world.find((w) => w.id === opts.workspace);
      if (!ws) throw new Error(`unknown workspace ${JSON.stringify(opts.workspace)}`);
      if (opts.tenant === null || ws.tenants.length === 0)
        return { workspaceId: ws.id, tenantId: null };
      return {
        workspaceId: ws.id,
        tenantId: this.#rng.next() < 0.15 ? null : this.#rng.pick(ws.tenants).id,
      };
    }
    // random: the first workspace gets most of the work
    const ws =
      this.#rng.next() < 0.7 || world.length === 1 ? world[0]! : this.#rng.pick(world.slice(1));
    if (opts.tenant === null || ws.tenants.length === 0 || this.#rng.next() < 0.15) {
      return { workspaceId: ws.id, tenantId: null };
    }
    return { workspaceId: ws.id, tenantId: this.#rng.pick(ws.tenants).id };
  }

  /**
   * Queues a run now (or `backdateS` ago) that then follows `behaviour`. Resolves once the run
   * is in the database. Deterministic for a seed and a sequence of calls.
   */
  async spawn(opts: SpawnOptions = {}): Promise<SpawnedRun> {
    const rng = this.#rng;
    const now = this.#clock.now();
    const { workspaceId, tenantId } = this.#resolveTenant(opts);
    const type =
      opts.type ??
      (tenantId === null && rng.next() < 0.5 ? 'directory.sync' : rng.pick(OPERATION_TYPES).key);
    const def = typeDef(type);
    const behaviour = opts.behaviour ?? rng.weighted(BEHAVIOUR_WEIGHTS);
    const policy = resolvePolicy(type, this.#policies);
    const expectedS = policy.running.expectedAfterS;
    const staleS = policy.running.staleAfterS;
    const hbTimeoutS = policy.running.heartbeatTimeoutS ?? null;
    const hbS = opts.heartbeatEveryS ?? (hbTimeoutS !== null ? hbTimeoutS / 5 : expectedS / 8);
    const createdAt = now - Math.round((opts.backdateS ?? 0) * 1000);

    const queueS =
      behaviour === 'stuck_queued'
        ? Infinity
        : (opts.queueS ?? rng.between(0.05, 0.5) * policy.queued.expectedAfterS);
    const startAt = createdAt + Math.round(queueS * 1000);

    let outcome: FinalOutcome =
      behaviour === 'normal' || behaviour === 'long'
        ? (opts.outcome ?? rng.weighted(OUTCOME_WEIGHTS))
        : 'failed';
    let fullS: number;
    let dieAt = Infinity;
    if (behaviour === 'long') {
      // past its expected duration, but finishing well before it would be likely stale
      fullS = opts.durationS ?? expectedS + rng.between(0.25, 0.6) * (staleS - expectedS);
    } else if (behaviour === 'dies') {
      // the worker stops somewhere between early and a little past expected
      const dieS = opts.dieAfterS ?? rng.between(0.15, 1.1) * expectedS;
      dieAt = startAt + Math.round(dieS * 1000);
      fullS = Math.max(dieS * 1.6, expectedS * 0.9);
    } else {
      fullS = opts.durationS ?? rng.between(0.35, 0.85) * expectedS;
    }
    if (behaviour !== 'normal' && behaviour !== 'long') outcome = 'failed';
    let stopFrac = 1;
    if (outcome === 'failed' || outcome === 'cancelled') stopFrac = rng.between(0.2, 0.8);
    if (outcome === 'blocked') stopFrac = 0.02;
    const fullMs = Math.max(1, Math.round(fullS * 1000));
    const endAt =
      behaviour === 'dies' || behaviour === 'stuck_queued'
        ? Infinity
        : startAt + Math.round(fullMs * stopFrac);

    const range = def?.total ?? null;
    const total =
      opts.total !== undefined ? opts.total : range === null ? null : rng.int(range[0], range[1]);
    const failRatio =
      outcome === 'partially_succeeded'
        ? rng.between(0.03, 0.2)
        : outcome === 'failed'
          ? rng.between(0, 0.3)
          : 0;
    const failures = outcome === 'succeeded' || outcome === 'cancelled' ? null : FAILURES[outcome];
    const failure = failures === null ? null : rng.pick(failures);
    const initiator = opts.initiator !== undefined ? opts.initiator : rng.pick(INITIATORS);
    const workerName = `worker-${rng.int(1, 8)}`;
    const context: ContextValues = opts.context ?? {
      ...(def?.context(rng) ?? {}),
      worker: workerName,
      attempt: 1,
    };

    let id = opts.id ?? `run_${rng.hex(12)}`;
    for (let attempt = 0; ; attempt++) {
      const n = await insertRuns(this.#db, [
        {
          ...buildRun({
            id,
            workspaceId,
            tenantId,
            type,
            typeLabel: def?.label ?? type,
            status: 'queued',
            outcome: 'pending',
            createdAt: new Date(createdAt),
            initiator: initiator === null ? null : { name: initiator },
          }),
          context,
        },
      ]);
      if (n === 1) break;
      if (opts.id !== undefined || attempt > 5) throw new Error(`run id ${id} already exists`);
      id = `run_${rng.hex(12)}`;
    }

    const spawned: SpawnedRun = {
      id,
      workspaceId,
      tenantId,
      type,
      behaviour,
      plan: {
        createdAt: new Date(createdAt),
        startAt: Number.isFinite(startAt) ? new Date(startAt) : null,
        endAt: Number.isFinite(endAt) ? new Date(endAt) : null,
        dieAt: Number.isFinite(dieAt) ? new Date(dieAt) : null,
        heartbeatEveryS: hbS,
        outcome: behaviour === 'normal' || behaviour === 'long' ? outcome : null,
      },
    };
    if (behaviour === 'stuck_queued') return spawned; // nothing will ever change: no worker

    const worker: Worker = {
      id,
      behaviour,
      createdAt,
      startAt,
      fullMs,
      endAt,
      dieAt,
      hbMs: Math.max(50, Math.round(hbS * 1000)),
      total,
      units: total ?? rng.int(50, 500),
      stopFrac,
      failRatio,
      outcome,
      failure: outcome === 'succeeded' || outcome === 'cancelled' ? null : failure,
      workerName,
      emittedUntil: createdAt,
      hbEvents: 0,
      written: 'queued',
    };
    this.#workers.set(id, worker);
    if (now > createdAt) await this.#advance(worker, now);
    return spawned;
  }

  /** The state of a worker's run at `t` (pure function of the plan). */
  #stateAt(w: Worker, t: number) {
    const alive = Math.min(t, w.dieAt);
    if (alive < w.startAt) return { status: 'queued' as const };
    const done = t >= w.endAt;
    const until = done ? w.endAt : alive;
    const frac = Math.min(w.stopFrac, Math.max(0, (until - w.startAt) / w.fullMs));
    const processed = done && w.stopFrac === 1 ? w.units : Math.floor(w.units * Math.min(1, frac));
    const failed = Math.floor(processed * w.failRatio);
    const hbUntil = Math.min(until, w.dieAt);
    const lastHb = w.startAt + Math.floor((hbUntil - w.startAt) / w.hbMs) * w.hbMs;
    return {
      status: done ? ('completed' as const) : ('running' as const),
      lastHb: done ? Math.max(lastHb, w.endAt) : lastHb,
      processed,
      succeeded: processed - failed,
      failed,
    };
  }

  /** Stored events (heartbeat, progress, note) of a worker in (from, to]; milestones are derived. */
  #events(w: Worker, from: number, to: number): NewEvent[] {
    const out: NewEvent[] = [];
    const add = (at: number, kind: NewEvent['kind'], message: string) => {
      if (at > from && at <= to) out.push({ runId: w.id, at: new Date(at), kind, message });
    };
    const lastAlive = Math.min(to, w.dieAt, w.endAt);
    if (lastAlive >= w.startAt) {
      const firstK = Math.max(1, Math.floor((from - w.startAt) / w.hbMs) + 1);
      for (let k = firstK; w.startAt + k * w.hbMs <= lastAlive; k++) {
        const at = w.startAt + k * w.hbMs;
        if (at >= w.endAt) break;
        if (k % HEARTBEAT_EVENT_EVERY === 0 && w.hbEvents < MAX_HEARTBEAT_EVENTS) {
          w.hbEvents++;
          add(at, 'heartbeat', `Heartbeat from ${w.workerName}.`);
        }
      }
    }
    for (const q of [0.25, 0.5, 0.75]) {
      const at = w.startAt + Math.round(w.fullMs * q);
      if (at < w.endAt && at <= w.dieAt) {
        const n = Math.floor(w.units * q);
        add(
          at,
          'progress',
          w.total === null
            ? `${Math.round(q * 100)} % done.`
            : `Processed ${n} of ${w.total} items.`,
        );
      }
    }
    if (w.failRatio > 0) {
      const at = w.startAt + Math.round(w.fullMs * Math.min(w.stopFrac, 1) * 0.6);
      if (at < w.endAt && at <= w.dieAt)
        add(at, 'note', 'Some items failed; continuing with the rest.');
    }
    return out.sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /** Writes a worker's state at `t` and its events since the last write. */
  async #advance(w: Worker, t: number): Promise<void> {
    const s = this.#stateAt(w, t);
    const events = this.#events(w, w.emittedUntil, t);
    const key = JSON.stringify(s);
    if (key !== w.written && s.status !== 'queued') {
      const progress = [w.total, s.processed, s.succeeded, s.failed];
      const done = s.status === 'completed';
      const res = await this.#db.query(
        `UPDATE operation_runs SET status = $2, outcome = $3, started_at = $4, completed_at = $5,
           last_heartbeat_at = $6, progress_total = $7, progress_processed = $8,
           progress_succeeded = $9, progress_failed = $10,
           failure_reason_code = $11, failure_message = $12
         WHERE id = $1 AND status IN ('queued', 'running')`,
        [
          w.id,
          s.status,
          done ? w.outcome : 'pending',
          new Date(w.startAt),
          done ? new Date(w.endAt) : null,
          new Date(s.lastHb),
          ...progress,
          done ? (w.failure?.reasonCode ?? null) : null,
          done ? (w.failure?.message ?? null) : null,
        ],
      );
      if (res.rowCount === 0) {
        // reconciled (or removed) meanwhile: this worker has nothing more to do
        this.#workers.delete(w.id);
        return;
      }
      w.written = key;
    }
    if (events.length > 0) await insertEvents(this.#db, events);
    // only once written: after a failed write (database unreachable) the next tick writes them
    w.emittedUntil = t;
    if (s.status === 'completed' || t >= w.dieAt) this.#workers.delete(w.id);
  }

  /** Advances every simulated worker to now and maybe spawns a random run. */
  async tick(): Promise<void> {
    const now = this.#clock.now();
    for (const w of [...this.#workers.values()]) await this.#advance(w, now);
    if (!this.#autoSpawn) {
      this.#lastSpawnCheck = now;
      return;
    }
    const since = this.#lastSpawnCheck ?? now;
    this.#lastSpawnCheck = now;
    const expected = Math.max(0, now - since) / this.#spawnEveryMs;
    if (expected > 0 && this.#rng.next() < 1 - Math.exp(-expected)) {
      const res = await this.#db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM operation_runs WHERE status IN ('queued', 'running')`,
      );
      if ((res.rows[0]?.n ?? 0) < this.#maxActive) await this.spawn();
    }
  }

  /**
   * Fills the demo with runs in every state right away (backdated): a fresh one, one past
   * expected, one whose worker died and is already likely stale, one stuck in the queue …
   */
  async warmStart(): Promise<SpawnedRun[]> {
    const ws = this.#world.workspaces;
    const first = ws[0];
    if (!first) return [];
    const tenant = (i: number) => first.tenants[i]?.id ?? null;
    const pol = (type: string) => resolvePolicy(type, this.#policies).running;
    const out: SpawnedRun[] = [];
    const backup = pol('backup.run');
    out.push(
      await this.spawn({
        workspace: first.id,
        tenant: tenant(0),
        type: 'inventory.sync',
        behaviour: 'normal',
        backdateS: 2,
      }),
    );
    out.push(
      await this.spawn({
        workspace: first.id,
        tenant: tenant(0),
        type: 'backup.run',
        behaviour: 'long',
        queueS: 1,
        durationS: (backup.expectedAfterS + backup.staleAfterS) / 2,
        backdateS: backup.expectedAfterS + 3,
        outcome: 'succeeded',
      }),
    );
    const cmp = pol('policy.compare');
    const hb = cmp.heartbeatTimeoutS ?? cmp.staleAfterS;
    out.push(
      await this.spawn({
        workspace: first.id,
        tenant: tenant(0),
        type: 'policy.compare',
        behaviour: 'dies',
        queueS: 1,
        dieAfterS: cmp.expectedAfterS * 0.3,
        backdateS: 1 + cmp.expectedAfterS * 0.3 + hb + 3,
      }),
    );
    out.push(
      await this.spawn({
        workspace: first.id,
        tenant: tenant(1),
        type: 'restore.run',
        behaviour: 'stuck_queued',
        backdateS: 2,
      }),
    );
    out.push(
      await this.spawn({
        workspace: first.id,
        tenant: tenant(1),
        type: 'inventory.sync',
        behaviour: 'dies',
        backdateS: 1,
      }),
    );
    out.push(
      await this.spawn({
        workspace: first.id,
        tenant: tenant(2),
        type: 'report.export',
        behaviour: 'normal',
        backdateS: 1,
      }),
    );
    out.push(
      await this.spawn({
        workspace: first.id,
        tenant: null,
        type: 'directory.sync',
        behaviour: 'long',
        backdateS: 1,
      }),
    );
    for (const w of ws.slice(1)) {
      out.push(
        await this.spawn({
          workspace: w.id,
          tenant: w.tenants[0]?.id ?? null,
          behaviour: 'normal',
          backdateS: 1,
        }),
      );
      out.push(
        await this.spawn({
          workspace: w.id,
          tenant: w.tenants[1]?.id ?? null,
          behaviour: 'dies',
          backdateS: 1,
        }),
      );
    }
    return out;
  }

  /** Real seconds per world second (for information). */
  get timeScale(): number {
    return this.#timeScale;
  }
}
