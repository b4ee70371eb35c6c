/**
 * Support of tests/e2e/sidecar.test.ts: the host's runs in every state, database and statistics
 * helpers, child processes, and the host's page on its own origin.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { basename, dirname, join } from 'node:path';
import pg from 'pg';
import { BUNDLE } from './support.js';

/** The host's tables whose statistics must not move. */
export const HOST_TABLES = ['workspaces', 'tenants', 'users', 'operation_runs'];

// --- the host's runs -------------------------------------------------------------------------

export interface HostRun {
  id: number;
  ws: number;
  tenant: number | null;
  status: 'queued' | 'running' | 'completed';
  outcome?: string;
  /** Seconds before now. */
  created: number;
  started?: number;
  completed?: number;
  heartbeat?: number;
  timeout?: number;
  markedStale?: number;
  reconciled?: number;
  failure?: string;
}

/**
 * Every state, each at least five minutes from any deadline (the policies above): nothing changes
 * state while the test runs.
 */
export const SCENE: HostRun[] = [
  // fresh
  { id: 1, ws: 1, tenant: 1, status: 'running', created: 120, started: 110, heartbeat: 20 },
  { id: 2, ws: 1, tenant: 2, status: 'queued', created: 60 },
  // past expected: running 2400 s (expected 1800 s), queued 1200 s (expected 600 s)
  { id: 3, ws: 1, tenant: 1, status: 'running', created: 2500, started: 2400, heartbeat: 30 },
  { id: 4, ws: 1, tenant: null, status: 'queued', created: 1200 },
  // likely stale by the host's own deadline (timeout_at), by the policy's (queued 3600 s)
  {
    id: 5,
    ws: 1,
    tenant: 2,
    status: 'running',
    created: 400,
    started: 390,
    heartbeat: 60,
    timeout: 300,
  },
  { id: 6, ws: 1, tenant: 1, status: 'queued', created: 4000 },
  // likely stale by heartbeat: none for 1200 s (timeout 900 s); fresh otherwise
  { id: 7, ws: 1, tenant: 1, status: 'running', created: 1300, started: 1290, heartbeat: 1200 },
  // likely stale by the host's verdict (its watchdog), fresh by the policy
  {
    id: 8,
    ws: 1,
    tenant: 2,
    status: 'running',
    created: 200,
    started: 190,
    heartbeat: 10,
    markedStale: 100,
  },
  // reconciled failed, and every outcome
  {
    id: 9,
    ws: 1,
    tenant: 1,
    status: 'completed',
    outcome: 'failed',
    created: 9000,
    started: 8990,
    reconciled: 1000,
    completed: 1000,
  },
  {
    id: 10,
    ws: 1,
    tenant: 1,
    status: 'completed',
    outcome: 'succeeded',
    created: 5000,
    started: 4990,
    completed: 4000,
  },
  {
    id: 11,
    ws: 1,
    tenant: 2,
    status: 'completed',
    outcome: 'partially_succeeded',
    created: 5100,
    started: 5090,
    completed: 4100,
  },
  {
    id: 12,
    ws: 1,
    tenant: 1,
    status: 'completed',
    outcome: 'failed',
    created: 5200,
    started: 5190,
    completed: 4200,
    failure: 'Upstream API answered 503.',
  },
  {
    id: 13,
    ws: 1,
    tenant: null,
    status: 'completed',
    outcome: 'blocked',
    created: 5300,
    started: 5290,
    completed: 4300,
    failure: 'Missing consent.',
  },
  {
    id: 14,
    ws: 1,
    tenant: 2,
    status: 'completed',
    outcome: 'cancelled',
    created: 5400,
    started: 5390,
    completed: 4400,
  },
  // workspace 2: the same tenant id 1 (another tenant there), one active run
  { id: 15, ws: 2, tenant: 1, status: 'running', created: 100, started: 90, heartbeat: 5 },
];
/**
 * Workspace 2's history for the pagination across ties: runs created in the same second, whose
 * integer ids order differently as plain text (9 < 10 < 100, but "10" < "100" < "9").
 */
for (let i = 0; i < 20; i++) {
  for (const id of [9, 10, 100]) {
    SCENE.push({
      id: 1000 * (i + 1) + id,
      ws: 2,
      tenant: id === 100 ? null : 1,
      status: 'completed',
      outcome: 'succeeded',
      created: 20_000 + i * 60,
      started: 19_990 + i * 60,
      completed: 19_900 + i * 60,
    });
  }
}

export const TENANT_NAMES: Record<string, string> = {
  '1/1': 'Contoso',
  '2/1': 'Contoso (staging)',
};

// --- helpers ---------------------------------------------------------------------------------

export const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

export async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

export function dbUrl(base: string, database: string, user?: string): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  if (user !== undefined) {
    u.username = user;
    u.password = '';
  }
  return u.href;
}

export interface Stats {
  tables: Record<string, { ins: number; upd: number; del: number; hot: number }>;
  db: { inserted: number; updated: number; deleted: number; commits: number };
}

/**
 * The statistics of the host's tables and database (read by a connection to that database: the
 * table statistics are per database), after every backend flushed its own.
 */
export async function readStats(url: string, database: string): Promise<Stats> {
  const admin = await client(url);
  await admin.query('SELECT pg_stat_force_next_flush()');
  await admin.query('SELECT pg_stat_clear_snapshot()');
  const t = await admin.query<{
    relname: string;
    ins: string;
    upd: string;
    del: string;
    hot: string;
  }>(
    `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del, n_tup_hot_upd AS hot
       FROM pg_stat_user_tables WHERE relname = ANY($1)`,
    [HOST_TABLES],
  );
  const d = await admin.query<{
    inserted: string;
    updated: string;
    deleted: string;
    commits: string;
  }>(
    `SELECT tup_inserted AS inserted, tup_updated AS updated, tup_deleted AS deleted, xact_commit AS commits
       FROM pg_stat_database WHERE datname = $1`,
    [database],
  );
  await admin.end();
  const row = d.rows[0];
  assert.ok(row !== undefined);
  return {
    tables: Object.fromEntries(
      t.rows.map((r) => [r.relname, { ins: +r.ins, upd: +r.upd, del: +r.del, hot: +r.hot }]),
    ),
    db: {
      inserted: +row.inserted,
      updated: +row.updated,
      deleted: +row.deleted,
      commits: +row.commits,
    },
  };
}

export const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });

/** The host's page on its own origin: the standalone bundle and the five elements. */
export function hostPage(): Promise<{ server: Server; origin: string }> {
  const dir = dirname(BUNDLE);
  const server = createHttpServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html lang="en"><body><main id="host"></main></body></html>');
      return;
    }
    const file = basename(path);
    if (/^runsight(\.[a-z0-9-]+)?\.js$/.test(file) && existsSync(join(dir, file))) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      res.end(readFileSync(join(dir, file)));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    }),
  );
}
