/**
 * `createServer(options)`: database + migrations + world + (optional) history, the HTTP app,
 * the simulator and the reconciler, and (optionally) an HTTP listener. In-process e2e tests use
 * it directly: `simulator.spawn({ tenant: 'Contoso', type: 'inventory.sync', behaviour: 'dies' })`.
 */
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { LifecyclePolicies } from '@runsight/active-state';
import type { Hono } from 'hono';
import { createApp, type AppEnv, type AppOptions } from './app.js';
import { DEMO_TOKENS, type Authenticator, type TokenMap } from './auth.js';
import { DEMO_WORLD, type World } from './catalog.js';
import { ChangeVersions, listenForChanges, trackWrites, type ChangeListener } from './changes.js';
import { systemClock, type Clock } from './clock.js';
import { isDatabaseUnavailable, openDb, type Db } from './db.js';
import { DEFAULT_LEADER_RETRY_MS, LeaderElection } from './leader.js';
import { migrate } from './migrations.js';
import { PollMemory, type PollMemoryOptions } from './poll-memory.js';
import { checkRelations, OWN_RELATIONS, type RelationNames } from './relations.js';
import { DEMO_TIME_SCALE, reconcileGraceS, scaledPolicies } from './policies.js';
import type { RateLimitOptions } from './rate-limit.js';
import { Reconciler } from './reconciler.js';
import { insertWorld } from './runs.js';
import { seedHistory } from './seed.js';
import { Simulator } from './simulator.js';

const here = dirname(fileURLToPath(import.meta.url));
/** packages/server (this file is in src/ or dist/). */
const PACKAGE_DIR = resolve(here, '..');
const DEFAULT_PUBLIC_DIR = resolve(PACKAGE_DIR, 'public');
const DEFAULT_WIDGETS_BUNDLE = resolve(PACKAGE_DIR, '../widgets/dist/runsight.js');
const DEFAULT_API_REFERENCE_DIR = resolve(PACKAGE_DIR, 'dist/api-reference');
export const DEFAULT_DATA_DIR = resolve(PACKAGE_DIR, '../../.pglite-data');

export interface SimulationOptions {
  /**
   * Run the tick loop (simulator + reconciler) on a timer. Default true. On PostgreSQL only the
   * leader runs it (leader.ts: one instance per database schema holds an advisory lock).
   */
  enabled?: boolean;
  /** Spawn random runs. Default true. */
  autoSpawn?: boolean;
  /** Start with runs in every state (backdated). Default: same as autoSpawn. */
  warmStart?: boolean;
  seed?: number;
  /** Tick interval, ms. Default 1000. */
  tickMs?: number;
  /** How often a follower tries to become the leader (PostgreSQL), ms. Default 3000. */
  leaderRetryMs?: number;
  /** Mean seconds between random spawns (real time). Default 100 / timeScale. */
  spawnEveryS?: number;
  /** No random spawn while this many runs are active. Default 14. */
  maxActive?: number;
}

export interface CreateServerOptions {
  /** An open database; else one is opened from `databaseUrl` / `dataDir` (default in memory). */
  db?: Db;
  databaseUrl?: string;
  /** PGlite data directory; undefined or 'memory': in memory. */
  dataDir?: string;
  clock?: Clock;
  /** Policies and simulated durations are divided by it. Default 20 (the demo). */
  timeScale?: number;
  /** Lifecycle policies; default `scaledPolicies(timeScale)`. */
  policies?: LifecyclePolicies;
  /** Seconds likely stale before the reconciler force-fails; default 600 / timeScale. */
  reconcileGraceS?: number;
  tokens?: TokenMap;
  /** Who a bearer token belongs to (e.g. `createJwtAuthenticator`); when given, `tokens` is unused. */
  authenticate?: Authenticator;
  world?: World;
  /** Completed runs to seed at start when the database has no runs yet. Default 0. */
  history?: number;
  historySeed?: number;
  simulation?: SimulationOptions;
  /** Listen on HTTP (default true). */
  listen?: boolean;
  /** Default 0 (any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  corsOrigins?: '*' | string[];
  rateLimit?: RateLimitOptions | false;
  /** The client address of a request (failed-auth rate limit); see `AppOptions.clientAddress`. */
  clientAddress?: AppOptions['clientAddress'];
  publicDir?: string | null;
  widgetsBundle?: string | null;
  /** The built API reference page (default dist/api-reference); null: not served. */
  apiReferenceDir?: string | null;
  /** Log progress to the console. Default false. */
  log?: boolean;
  /**
   * Read-only (the sidecar next to a host's database, docs/sidecar.md): no migrations, no world,
   * no history, no simulator or reconciler, no write of any kind; the runs are read from
   * `relations`, checked at start. Default false.
   */
  readOnly?: boolean;
  /** The host's relations (required when `readOnly`); default the server's own. */
  relations?: RelationNames;
  /**
   * Unchanged conditional polls answered from memory (poll-memory.ts, changes.ts); `false`: off.
   * Always off when `readOnly` (the host writes its table without telling us; docs/sidecar.md).
   */
  pollMemory?: PollMemoryOptions | false;
  /**
   * A response header naming this instance (e.g. the cluster worker: `WORKERS`); its value is
   * set on every response. Default none.
   */
  instanceHeader?: { name: string; value: string };
}

/** The relations named by the configuration are missing, unreadable or lack columns. */
export class RelationsError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `the configured relations do not match the runs view contract:\n- ${problems.join('\n- ')}`,
    );
    this.name = 'RelationsError';
    this.problems = problems;
  }
}

export interface RunsightServer {
  app: Hono<AppEnv>;
  /** The server's database: its writes move the change versions (`trackWrites`). */
  db: Db;
  /** The change versions of the data; null when polls are not answered from memory. */
  changes: ChangeVersions | null;
  /** The memory of unchanged polls (its `hits`, `misses`, `size`); null when off. */
  pollMemory: PollMemory | null;
  simulator: Simulator;
  reconciler: Reconciler;
  policies: LifecyclePolicies;
  clock: Clock;
  timeScale: number;
  /**
   * Whether this instance runs the tick loop now: the leader of several instances on one
   * PostgreSQL (leader.ts); always on PGlite; never when read-only or the loop is off.
   */
  readonly leader: boolean;
  /** `http://host:port` when listening, else null. */
  url: string | null;
  /** One simulator + reconciler step (what the timer runs on the leader); whatever the leader. */
  tick(): Promise<void>;
  /** Stops the timer, waits for a running tick, closes the listener and (if opened here) the db. */
  close(): Promise<void>;
}

export async function createServer(opts: CreateServerOptions = {}): Promise<RunsightServer> {
  const log = opts.log ? (msg: string) => console.log(`runsight: ${msg}`) : () => undefined;
  const clock = opts.clock ?? systemClock;
  const timeScale = opts.timeScale ?? DEMO_TIME_SCALE;
  const policies = opts.policies ?? scaledPolicies(timeScale);
  const world = opts.world ?? DEMO_WORLD;
  const ownDb = opts.db === undefined;
  const readOnly = opts.readOnly ?? false;
  if (readOnly && opts.relations === undefined) throw new Error('readOnly needs relations');
  const rawDb =
    opts.db ?? (await openDb({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir, readOnly }));
  // Every write of the server goes through this one Db, which moves the change versions.
  const changes = readOnly || opts.pollMemory === false ? null : new ChangeVersions();
  const db = changes === null ? rawDb : trackWrites(rawDb, changes);
  const pollMemory =
    changes === null
      ? null
      : new PollMemory(changes, opts.pollMemory === false ? undefined : opts.pollMemory);
  let listener: ChangeListener | null = null;

  let relations = OWN_RELATIONS;
  try {
    // read-only: none of this — the host's database is read, never written
    if (!readOnly) {
      const applied = await migrate(db);
      if (applied.length > 0) log(`applied migrations ${applied.join(', ')}`);
      await insertWorld(db, world);
      if (opts.history && opts.history > 0) {
        // one transaction, only into an empty database: an interrupted seed leaves nothing, and
        // the next start seeds in full
        const t0 = performance.now();
        const n = await seedHistory(db, opts.history, opts.historySeed ?? 42, {
          now: clock.now(),
          world,
          timeScale,
          policies,
          onlyIfEmpty: true,
          onProgress: (done, total) => {
            if (done < total) log(`seeding history: ${done} of ${total} completed runs…`);
          },
        });
        if (n > 0) log(`seeded ${n} completed runs in ${Math.round(performance.now() - t0)} ms`);
      }
    }
    // after the migrations: relations of the own schema exist by now
    if (opts.relations !== undefined) {
      const checked = await checkRelations(db, opts.relations);
      if (checked.problems.length > 0) throw new RelationsError(checked.problems);
      relations = checked.relations;
    }
    // writes of other processes (other instances on the same PostgreSQL): migration 4's NOTIFY
    if (changes !== null) {
      listener = await listenForChanges(rawDb, changes, {
        onError: (err) => {
          if (!isDatabaseUnavailable(err)) console.error('runsight: LISTEN failed', err);
        },
      });
    }
  } catch (err) {
    await listener?.close().catch(() => undefined);
    if (ownDb) await db.close().catch(() => undefined);
    throw err;
  }

  const sim = opts.simulation ?? {};
  const autoSpawn = sim.autoSpawn ?? true;
  const simulator = new Simulator({
    db,
    clock,
    policies,
    world,
    timeScale,
    seed: sim.seed ?? 1,
    autoSpawn,
    spawnEveryS: sim.spawnEveryS,
    maxActive: sim.maxActive,
  });
  const reconciler = new Reconciler({
    db,
    clock,
    policies,
    graceS: opts.reconcileGraceS ?? reconcileGraceS(timeScale),
  });

  const app = createApp({
    db,
    clock,
    policies,
    tokens: opts.tokens ?? DEMO_TOKENS,
    authenticate: opts.authenticate,
    relations,
    timeScale,
    corsOrigins: opts.corsOrigins,
    rateLimit: opts.rateLimit,
    clientAddress: opts.clientAddress,
    publicDir: opts.publicDir === undefined ? DEFAULT_PUBLIC_DIR : opts.publicDir,
    widgetsBundle: opts.widgetsBundle === undefined ? DEFAULT_WIDGETS_BUNDLE : opts.widgetsBundle,
    apiReferenceDir:
      opts.apiReferenceDir === undefined ? DEFAULT_API_REFERENCE_DIR : opts.apiReferenceDir,
    pollMemory,
  });

  // Ticks never overlap: a tick waits for the previous one — whether it succeeded or failed
  // (a failed tick, e.g. while the database is unreachable, must not stop every later one).
  let chain: Promise<void> = Promise.resolve();
  const tick = (): Promise<void> => {
    if (readOnly)
      return Promise.reject(new Error('a read-only server has no simulator or reconciler'));
    chain = chain
      .catch(() => undefined)
      .then(async () => {
        await simulator.tick();
        const r = await reconciler.tick();
        if (r.reconciled.length > 0) log(`reconciled ${r.reconciled.join(', ')}`);
      });
    return chain;
  };

  // While the database is unreachable every tick fails: said once, and once when it is back.
  let waiting = false;
  const unavailable = (err: unknown) => {
    if (waiting) return;
    waiting = true;
    console.error(`runsight: database unavailable (${String(err)}); simulator and reconciler wait`);
  };

  // Several instances on one PostgreSQL: only the leader runs the tick loop (leader.ts).
  const loop = !readOnly && (sim.enabled ?? true);
  let election: LeaderElection | null = null;
  if (loop) {
    const retryMs = sim.leaderRetryMs ?? DEFAULT_LEADER_RETRY_MS;
    const every = `${Math.round(retryMs / 100) / 10} s`;
    election = await LeaderElection.start({
      db: rawDb,
      retryMs,
      onChange: (leader, reason) =>
        log(
          leader
            ? `leader (pid ${process.pid}, ${reason}): this instance runs the simulator and the reconciler`
            : `follower (pid ${process.pid}, ${reason}): another instance runs the simulator and the reconciler; trying to take over every ${every}`,
        ),
      onError: (err) => {
        if (isDatabaseUnavailable(err)) unavailable(err);
        else console.error('runsight: leader election failed', err);
      },
    });
  }
  const isLeader = () => !readOnly && (election === null || election.leader);

  // The warm start belongs to the simulator: on the leader, once it leads.
  let warmPending = !readOnly && (sim.warmStart ?? autoSpawn);
  if (warmPending && isLeader()) {
    try {
      await simulator.warmStart();
    } catch (err) {
      await election?.close();
      await listener?.close().catch(() => undefined);
      if (ownDb) await db.close().catch(() => undefined);
      throw err;
    }
    warmPending = false;
  }

  let timer: ReturnType<typeof setInterval> | null = null;
  let busy = false;
  if (loop) {
    timer = setInterval(() => {
      if (busy || !isLeader()) return;
      busy = true;
      const warm = (): Promise<void> => {
        if (!warmPending) return Promise.resolve();
        chain = chain
          .catch(() => undefined)
          .then(async () => {
            await simulator.warmStart();
            warmPending = false;
          });
        return chain;
      };
      warm()
        .then(() => tick())
        .then(() => {
          if (waiting)
            console.log('runsight: database reachable again; simulator and reconciler resume');
          waiting = false;
        })
        .catch((err: unknown) => {
          if (!isDatabaseUnavailable(err)) console.error('runsight: tick failed', err);
          else unavailable(err);
        })
        .finally(() => (busy = false));
    }, sim.tickMs ?? 1000);
  }

  let url: string | null = null;
  let httpServer: ReturnType<typeof serve> | null = null;
  if (opts.listen ?? true) {
    const host = opts.host ?? '127.0.0.1';
    const address = await new Promise<AddressInfo>((resolveListen, reject) => {
      const tag = opts.instanceHeader;
      const fetch: typeof app.fetch =
        tag === undefined
          ? app.fetch
          : async (req, env, ctx) => {
              const res = await app.fetch(req, env, ctx);
              try {
                res.headers.set(tag.name, tag.value);
                return res;
              } catch {
                // immutable headers (a Response.redirect): a copy
                const copy = new Response(res.body, res);
                copy.headers.set(tag.name, tag.value);
                return copy;
              }
            };
      const s = serve({ fetch, port: opts.port ?? 0, hostname: host }, (info) =>
        resolveListen(info),
      );
      s.once('error', reject);
      httpServer = s;
    });
    const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
    url = `http://${shownHost}:${address.port}`;
  }

  let closed = false;
  return {
    app,
    db,
    changes,
    pollMemory,
    simulator,
    reconciler,
    policies,
    clock,
    timeScale,
    get leader() {
      return loop && isLeader();
    },
    url,
    tick,
    async close() {
      if (closed) return;
      closed = true;
      if (timer !== null) clearInterval(timer);
      await chain.catch(() => undefined);
      // the leader's session ends: another instance takes over within its retry interval
      await election?.close();
      const s = httpServer as ReturnType<typeof serve> | null;
      if (s !== null) {
        await new Promise<void>((res) => {
          s.close(() => res());
          (s as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
      }
      await listener?.close().catch(() => undefined);
      if (ownDb) await db.close();
    },
  };
}
