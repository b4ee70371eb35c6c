/**
 * The one tiny database interface the server needs, implemented by PGlite (embedded, default)
 * and by a `pg.Pool` (a real PostgreSQL server when `DATABASE_URL` is set). Both run the SAME
 * SQL and migrations; every value reaches the database as a bind parameter, never as SQL text.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { lockDataDir } from './lock.js';

export interface QueryResult<R> {
  rows: R[];
  /** Rows affected by INSERT/UPDATE/DELETE (0 for SELECT on PGlite). */
  rowCount: number;
}

export interface Queryable {
  /** One statement with `$1…$n` bind parameters. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * `COPY … FROM STDIN` fed by `chunks` (text in the statement's format); returns the rows
   * copied. Only on a PostgreSQL connection held for a transaction (seed.ts bulk loads through
   * it); absent on PGlite and on the pool.
   */
  copyFrom?(sql: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<number>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK when it throws). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Subscribes to `NOTIFY` on `channel` (changes.ts): PGlite in process, PostgreSQL on a
   * dedicated connection (`onLost` when it breaks; subscribe again). Absent: cannot notify.
   */
  listen?(channel: string, handlers: ListenHandlers): Promise<Subscription>;
  /**
   * PostgreSQL: a connection of its own, outside the pool, for session state (leader.ts's
   * advisory lock): `onLost` when it breaks. Absent on PGlite (one process).
   */
  connect?(onLost: () => void): Promise<Connection>;
  close(): Promise<void>;
}

/** A dedicated connection (`Db.connect`): its session ends with `close()` or when it is lost. */
export interface Connection {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  close(): Promise<void>;
}

export interface ListenHandlers {
  onNotify(payload: string): void;
  /** The subscription ended without `close()` (connection lost): notifications may be missed. */
  onLost(): void;
}

export interface Subscription {
  close(): Promise<void>;
}

/** Channel names are SQL identifiers here (LISTEN takes no bind parameter). */
const CHANNEL_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * PGlite in memory (`dataDir` undefined) or in a data directory. A data directory is locked for
 * this process until `close()` (see lock.ts): a second process, or a second open here, fails with
 * a `DataDirInUseError` instead of silently diverging from the first.
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  const lock = dataDir === undefined ? null : await lockDataDir(dataDir);
  let lite: PGlite;
  try {
    lite = await PGlite.create(dataDir === undefined ? {} : { dataDir });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<R>(sql: string, params?: unknown[]) {
      const res = await q.query<R>(sql, params);
      return { rows: res.rows, rowCount: res.affectedRows ?? 0 };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = wrap(lite);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => lite.transaction((tx) => fn(wrap(tx))),
    async listen(channel, handlers) {
      if (!CHANNEL_RE.test(channel)) throw new Error('invalid channel name');
      const unlisten = await lite.listen(channel, (payload) => handlers.onNotify(payload));
      return { close: () => unlisten() };
    },
    async close() {
      try {
        if (!lite.closed) await lite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

export interface PostgresOptions {
  /** Schema to put first on the search_path of every connection (tests use a fresh one). */
  schema?: string;
  max?: number;
  /** How long a request waits for a connection before it fails (503). Default 5000 ms. */
  connectionTimeoutMs?: number;
  /**
   * Every transaction of every connection read-only (`default_transaction_read_only`): a write
   * fails in PostgreSQL itself, whatever the role may do. The sidecar mode sets it.
   */
  readOnly?: boolean;
}

/** A connection pool to a PostgreSQL server. */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<Db> {
  const config: pg.PoolConfig = {
    connectionString: url,
    max: opts.max ?? 10,
    // an unreachable server fails a request within seconds (503) instead of holding it
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 5000,
    // notice a server that went away without closing the connection
    keepAlive: true,
  };
  const settings: string[] = [];
  if (opts.schema !== undefined) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) throw new Error('invalid schema name');
    settings.push(`-c search_path=${opts.schema}`);
  }
  if (opts.readOnly) settings.push('-c default_transaction_read_only=on');
  if (settings.length > 0) config.options = settings.join(' ');
  const pool = new pg.Pool(config);
  // An idle connection the server closed (restart, failover): the pool drops it and connects
  // anew on the next query. Logged in one line; requests meanwhile answer 503.
  pool.on('error', (err) =>
    console.error(`runsight: idle PostgreSQL connection lost: ${err.message}`),
  );
  // Fail early with a readable error when the server is unreachable.
  await pool.query('SELECT 1');
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(sql: string, params?: unknown[]) {
      const res = await q.query(sql, params);
      return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  const base = wrap(pool);
  /**
   * A connection of its own, outside the pool (a LISTEN, a session-level lock): `onLost` once
   * when it ends or fails without `close()`.
   */
  const dedicated = async (onLost: () => void) => {
    const client = new pg.Client({
      connectionString: config.connectionString,
      options: config.options,
      connectionTimeoutMillis: config.connectionTimeoutMillis,
      keepAlive: true,
    });
    let done = false;
    const lost = () => {
      if (done) return;
      done = true;
      onLost();
    };
    client.on('error', () => {
      lost();
      client.end().catch(() => undefined);
    });
    client.on('end', lost);
    const close = async () => {
      done = true;
      await client.end().catch(() => undefined);
    };
    try {
      await client.connect();
    } catch (err) {
      await close();
      throw err;
    }
    return { client, close };
  };
  const held = (client: pg.PoolClient): Queryable => ({
    ...wrap(client),
    async copyFrom(sql, chunks) {
      const stream = client.query(copyFromStdin(sql));
      await pipeline(Readable.from(chunks), stream);
      return stream.rowCount;
    },
  });
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(held(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        if (isDatabaseUnavailable(err)) broken = err as Error;
        else await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        // a broken connection is destroyed, not handed to the next request
        client.release(broken);
      }
    },
    async listen(channel, handlers) {
      if (!CHANNEL_RE.test(channel)) throw new Error('invalid channel name');
      // not from the pool: a LISTEN lives as long as its connection
      const { client, close } = await dedicated(() => handlers.onLost());
      client.on('notification', (m) => {
        if (m.channel === channel) handlers.onNotify(m.payload ?? '');
      });
      try {
        await client.query(`LISTEN ${channel}`);
      } catch (err) {
        await close();
        throw err;
      }
      return { close };
    },
    async connect(onLost) {
      const { client, close } = await dedicated(onLost);
      return {
        async query<R>(sql: string, params?: unknown[]) {
          const res = await client.query(sql, params);
          return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
        },
        close,
      };
    },
    close: () => pool.end(),
  };
}

export interface OpenDbOptions {
  /** PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl?: string;
  /** PGlite data directory; undefined or `memory` → in memory. */
  dataDir?: string;
  schema?: string;
  /** PostgreSQL: read-only transactions only (see PostgresOptions.readOnly). */
  readOnly?: boolean;
}

export async function openDb(opts: OpenDbOptions = {}): Promise<Db> {
  if (opts.databaseUrl) {
    return openPostgres(opts.databaseUrl, { schema: opts.schema, readOnly: opts.readOnly });
  }
  return openPglite(
    opts.dataDir === undefined || opts.dataDir === 'memory' ? undefined : opts.dataDir,
  );
}

/** Node socket errors of a server that is not there (or went away). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
]);

/**
 * SQLSTATEs of a server that cannot serve now: connection exceptions (class 08), shutting down
 * or starting (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now), too many
 * connections (53300).
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** What pg, pg-pool and PGlite throw when the connection, not the query, failed. */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|Connection ended unexpectedly|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end|PGlite is closed)/;

/**
 * Whether `err` means the database cannot be reached (or is going away, or starting): the
 * request may succeed later (503 + Retry-After), as opposed to a bad query or a bug (500).
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 3) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) {
    return true;
  }
  if (UNAVAILABLE_MESSAGE.test(err.message)) return true;
  // net.connect with several addresses (localhost: ::1 and 127.0.0.1) fails with an AggregateError
  if (
    err instanceof AggregateError &&
    err.errors.some((e) => isDatabaseUnavailable(e, depth + 1))
  ) {
    return true;
  }
  return err.cause !== undefined && isDatabaseUnavailable(err.cause, depth + 1);
}
