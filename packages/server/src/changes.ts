/**
 * Change versions: a counter per workspace that moves whenever the runs a response is computed
 * from may have changed, so that an unchanged poll can be answered from memory (poll-memory.ts).
 *
 * Two sources move it, and both only ever increase it:
 *
 * - **the server's own writes**: `trackWrites` wraps the one `Db` every part of the server writes
 *   through (simulator, reconciler, seed, migrations, world): every statement that is not a
 *   `SELECT`, and every transaction, bumps every workspace once it has finished — synchronously,
 *   so the next request after a write already sees it;
 * - **every write to the tables, whoever makes it**: the triggers of migration 4 send
 *   `NOTIFY runsight_changes, '<schema> <workspace id>'` (`*`: all workspaces) at commit;
 *   `listenForChanges` subscribes (PostgreSQL: a dedicated connection; PGlite: in process). Other
 *   server instances on the same PostgreSQL therefore invalidate this one's memory within the
 *   notification's latency.
 *
 * While the subscription is not established (starting, or the connection was lost) the versions
 * are `blind`: the memory is bypassed, and everything is invalidated when it is back.
 */
import type { Db, Queryable } from './db.js';

/** The notification channel of migration 4's triggers. */
export const CHANGES_CHANNEL = 'runsight_changes';

export class ChangeVersions {
  #all = 0;
  readonly #workspaces = new Map<string, number>();
  #blind = false;

  /** The version of a workspace: equal at two instants only if nothing was written between. */
  version(workspace: string): number {
    return this.#all + (this.#workspaces.get(workspace) ?? 0);
  }

  /** A write that may have touched any workspace. */
  bumpAll(): void {
    this.#all += 1;
  }

  bump(workspace: string): void {
    this.#workspaces.set(workspace, (this.#workspaces.get(workspace) ?? 0) + 1);
  }

  /** True while writes of other processes may go unnoticed: nothing may be answered from memory. */
  get blind(): boolean {
    return this.#blind;
  }

  set blind(value: boolean) {
    // whatever happened while blind is unknown: every remembered answer is stale
    if (this.#blind !== value) this.bumpAll();
    this.#blind = value;
  }

  /** A notification payload of migration 4's triggers: `<schema> <workspace id>` or `<schema> *`. */
  notified(payload: string, schema: string): void {
    const space = payload.indexOf(' ');
    if (space < 0 || payload.slice(0, space) !== schema) return;
    const ws = payload.slice(space + 1);
    if (ws === '*') this.bumpAll();
    else this.bump(ws);
  }
}

/** Statements that cannot write: everything else counts as a write. */
const READ_ONLY_SQL = /^\s*SELECT\b/i;

/**
 * The server's one write path: `db` whose writes bump `versions` when they have finished
 * (committed, or failed: a bump too many only costs one recomputed answer).
 */
export function trackWrites(db: Db, versions: ChangeVersions): Db {
  const track = (q: Queryable): Queryable => ({
    async query<R>(sql: string, params?: unknown[]) {
      if (READ_ONLY_SQL.test(sql)) return q.query<R>(sql, params);
      try {
        return await q.query<R>(sql, params);
      } finally {
        versions.bumpAll();
      }
    },
    async exec(sql: string) {
      try {
        await q.exec(sql);
      } finally {
        versions.bumpAll();
      }
    },
  });
  const base = track(db);
  return {
    kind: db.kind,
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      try {
        // statements inside are not bumped one by one: the transaction's end is what matters
        return await db.transaction(fn);
      } finally {
        versions.bumpAll();
      }
    },
    listen: db.listen?.bind(db),
    // a dedicated connection's session state (leader.ts's lock) is not a write
    connect: db.connect?.bind(db),
    close: () => db.close(),
  };
}

export interface ChangeListener {
  close(): Promise<void>;
}

/**
 * Subscribes `versions` to the triggers' notifications of `db`'s schema. Blind until subscribed
 * and whenever the subscription is lost; a lost subscription is re-established (every
 * `retryMs`). Null when the database cannot notify (then the versions stay blind).
 */
export async function listenForChanges(
  db: Db,
  versions: ChangeVersions,
  opts: { retryMs?: number; onError?: (err: unknown) => void } = {},
): Promise<ChangeListener | null> {
  const listen = db.listen;
  if (listen === undefined) {
    versions.blind = true;
    return null;
  }
  const schema = (await db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s;
  if (schema === undefined) throw new Error('no current schema');
  const retryMs = opts.retryMs ?? 1000;
  let closed = false;
  let current: { close(): Promise<void> } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const connect = async (): Promise<void> => {
    versions.blind = true;
    try {
      const sub = await listen.call(db, CHANGES_CHANNEL, {
        onNotify: (payload) => versions.notified(payload, schema),
        onLost: () => {
          current = null;
          versions.blind = true;
          if (!closed) timer = setTimeout(() => void connect(), retryMs);
        },
      });
      if (closed) {
        await sub.close();
        return;
      }
      current = sub;
      versions.blind = false;
    } catch (err) {
      opts.onError?.(err);
      if (!closed) timer = setTimeout(() => void connect(), retryMs);
    }
  };
  await connect();
  return {
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      await current?.close();
      current = null;
    },
  };
}
