/**
 * The one tiny database interface the server needs, implemented by PGlite (embedded, default)
 * and by a `pg.Pool` (a real PostgreSQL server when `DATABASE_URL` is set). Both run the SAME
 * SQL and migrations; every value reaches the database as a bind parameter, never as SQL text.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
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
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK when it throws). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

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
}

/** A connection pool to a PostgreSQL server. */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<Db> {
  const config: pg.PoolConfig = { connectionString: url, max: opts.max ?? 10 };
  if (opts.schema !== undefined) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) throw new Error('invalid schema name');
    config.options = `-c search_path=${opts.schema}`;
  }
  const pool = new pg.Pool(config);
  pool.on('error', (err) => console.error('runsight: idle PostgreSQL client error', err));
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
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
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
}

export async function openDb(opts: OpenDbOptions = {}): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, { schema: opts.schema });
  return openPglite(
    opts.dataDir === undefined || opts.dataDir === 'memory' ? undefined : opts.dataDir,
  );
}
