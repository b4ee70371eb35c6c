/**
 * Leader election for the background work (the simulator and the reconciler) of several server
 * instances on one PostgreSQL database (docs/deployment.md).
 *
 * The leader is the instance whose dedicated connection holds a session-level advisory lock,
 * `pg_try_advisory_lock(LEADER_LOCK_CLASS, hashtext(current_schema()))`: one leader per schema of
 * a database. The lock lives as long as that connection's session: when the leader stops, crashes
 * or loses its connection, PostgreSQL releases it, and the next follower to try (every `retryMs`)
 * takes over. The leader checks its connection as often (`SELECT 1`): one whose connection broke
 * steps down at once, and one whose connection died silently within a retry interval of noticing.
 *
 * Nothing depends on there being at most one leader at every instant: the reconciler's UPDATE is
 * guarded (`WHERE status IN ('queued','running')`), so two reconcilers force-fail a run once.
 *
 * PGlite is one process per data directory (lock.ts): there the instance is always the leader.
 */
import type { Connection, Db } from './db.js';

/** 0x52756e73 ("Runs"): the first key of the lock (`pg_locks.classid`, with `objsubid` 2). */
export const LEADER_LOCK_CLASS = 1383427699;
/** How often a follower tries to take the lock, and a leader checks its connection. */
export const DEFAULT_LEADER_RETRY_MS = 3000;

export interface LeaderElectionOptions {
  db: Db;
  /** Default DEFAULT_LEADER_RETRY_MS. */
  retryMs?: number;
  /** Leadership changed (and, once, at start: `leader` false when another instance leads). */
  onChange?(leader: boolean, reason: string): void;
  /** An attempt failed (database unreachable, …); the next one is `retryMs` later. */
  onError?(err: unknown): void;
}

const TRY_LOCK = 'SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS ok';

export class LeaderElection {
  readonly retryMs: number;
  readonly #db: Db;
  readonly #onChange: (leader: boolean, reason: string) => void;
  readonly #onError: (err: unknown) => void;
  #leader = false;
  #conn: Connection | null = null;
  /** Which connection is current: a lost one of an older generation is ignored. */
  #generation = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> | null = null;
  #closed = false;
  #announced = false;

  private constructor(opts: LeaderElectionOptions) {
    this.#db = opts.db;
    this.retryMs = opts.retryMs ?? DEFAULT_LEADER_RETRY_MS;
    this.#onChange = opts.onChange ?? (() => undefined);
    this.#onError = opts.onError ?? (() => undefined);
  }

  /**
   * Starts the election and resolves after the first attempt (so an instance that can lead
   * already leads). Without dedicated connections (PGlite) the instance always leads.
   */
  static async start(opts: LeaderElectionOptions): Promise<LeaderElection> {
    const election = new LeaderElection(opts);
    if (opts.db.connect === undefined) {
      election.#leader = true;
      return election;
    }
    await election.#attempt();
    return election;
  }

  /** Whether this instance runs the background work now. */
  get leader(): boolean {
    return this.#leader && !this.#closed;
  }

  /** Whether leadership is decided by PostgreSQL (false: PGlite, always the leader). */
  get elected(): boolean {
    return this.#db.connect !== undefined;
  }

  #set(leader: boolean, reason: string): void {
    if (this.#closed) return;
    const changed = leader !== this.#leader || !this.#announced;
    this.#leader = leader;
    this.#announced = true;
    if (changed) this.#onChange(leader, reason);
  }

  #drop(reason: string): void {
    this.#generation += 1;
    const conn = this.#conn;
    this.#conn = null;
    void conn?.close();
    if (this.#leader) this.#set(false, reason);
  }

  #attempt(): Promise<void> {
    this.#running ??= this.#once().finally(() => {
      this.#running = null;
      this.#schedule();
    });
    return this.#running;
  }

  #schedule(): void {
    if (this.#closed || this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#attempt();
    }, this.retryMs);
    this.#timer.unref();
  }

  async #once(): Promise<void> {
    const connect = this.#db.connect;
    if (this.#closed || connect === undefined) return;
    try {
      if (this.#conn === null) {
        const generation = ++this.#generation;
        const conn = await connect.call(this.#db, () => {
          if (generation === this.#generation) this.#drop('its database connection was lost');
        });
        if (this.#closed || generation !== this.#generation) {
          await conn.close();
          return;
        }
        this.#conn = conn;
      }
      if (this.#leader) {
        // still the same session, so still the lock's holder?
        await this.#conn.query('SELECT 1');
        return;
      }
      const res = await this.#conn.query<{ ok: boolean }>(TRY_LOCK, [LEADER_LOCK_CLASS]);
      if (res.rows[0]?.ok === true) this.#set(true, 'took the leader lock');
      else if (!this.#announced) this.#set(false, 'another instance holds the leader lock');
    } catch (err) {
      this.#drop('its database connection failed');
      if (!this.#closed) this.#onError(err);
    }
  }

  /** Stops trying; a leader's connection ends, which releases the lock at once. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#leader = false;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => undefined);
    this.#generation += 1;
    const conn = this.#conn;
    this.#conn = null;
    await conn?.close();
  }
}
