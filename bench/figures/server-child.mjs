// Figure 5, server side: a reference server over PGlite (in memory) or PostgreSQL with N
// completed runs (seedHistory, batched) plus the simulator's warm-start active runs, listening on
// 127.0.0.1. Run by bench/figures/server.mjs with `--conditions=source --import tsx`.
// stdout: one JSON line `{ ready, url, seedMs, ... }`; it stops on "stop" on stdin (or stdin EOF).
import {
  createServer,
  DEMO_WORLD,
  insertWorld,
  migrate,
  openPglite,
  openPostgres,
  seedHistory,
} from '@runsight/server';
import pg from 'pg';

const arg = (name, fallback) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
};
const kind = arg('db', 'pglite');
const runs = Number(arg('runs', '100000'));
const url = arg('url', '');
const schema = `bench_${process.pid}`;

let db;
let server;
let computedServer;
/** The widget mix's writer: a heartbeat of one running run of ws_1 every WRITE_MS (null: off). */
let writer = null;
const WRITE_MS = Number(process.env.BENCH_WRITE_MS ?? 500);
const heartbeat = () =>
  server.db
    .query(
      `UPDATE operation_runs SET last_heartbeat_at = now()
        WHERE id = (SELECT id FROM operation_runs WHERE workspace_id = 'ws_1' AND status = 'running'
                     ORDER BY created_at DESC LIMIT 1)`,
    )
    .catch((error) => process.stderr.write(`writer: ${error}\n`));
/** Statements the server sent to its database (the unchanged-poll phase expects none). */
let statements = 0;
/** `db` counting its statements. */
const counting = (inner) => ({
  kind: inner.kind,
  query: (sql, params) => {
    statements += 1;
    return inner.query(sql, params);
  },
  exec: (sql) => {
    statements += 1;
    return inner.exec(sql);
  },
  transaction: (fn) => {
    statements += 1;
    return inner.transaction(fn);
  },
  listen: inner.listen?.bind(inner),
  close: () => inner.close(),
});
let admin = null;
async function cleanup() {
  if (writer !== null) clearInterval(writer);
  await computedServer?.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  await db?.close().catch(() => undefined);
  if (admin) {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}

try {
  const t0 = performance.now();
  if (kind === 'postgres') {
    // A fresh schema, so a shared database (TEST_DATABASE_URL) is left as it was.
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    db = await openPostgres(url, { schema, max: 10 });
  } else {
    db = await openPglite();
  }
  await migrate(db);
  await insertWorld(db, DEMO_WORLD);
  const openMs = performance.now() - t0;
  const now = Date.now();
  const t1 = performance.now();
  // The list query never reads run_events: the history is seeded without them (saves half
  // the seeding time). Planner statistics are whatever the server leaves (no ANALYZE here),
  // unless BENCH_SERVER_ANALYZE=1 (to show the effect of one).
  // On PostgreSQL from 20,000 runs the seed loads through COPY (copy.ts): indexes built after
  // the load, ANALYZE after the commit.
  const seeded = await seedHistory(db, runs, 42, { now, events: false });
  const t2 = performance.now();
  // A bulk-loaded table is due an autovacuum (PostgreSQL's insert threshold): run it now, as a
  // database in steady state has had it, instead of letting it start during the load and
  // measuring the maintenance instead of the queries. (After COPY FREEZE it has little to do.)
  await db.query('VACUUM operation_runs');
  const seedMs = performance.now() - t1;
  const seedPhasesMs = {
    seedHistory: Math.round(t2 - t1),
    vacuum: Math.round(performance.now() - t2),
  };
  const analyzed = process.env.BENCH_SERVER_ANALYZE === '1';
  if (analyzed) await db.query('ANALYZE');
  // What both listeners share: the counted database on a loopback port, nothing but the API.
  const listener = {
    db: counting(db),
    listen: true,
    host: '127.0.0.1',
    port: 0,
    rateLimit: false,
    publicDir: null,
    widgetsBundle: null,
  };
  server = await createServer({
    ...listener,
    // BENCH_POLL_MEMORY=off: every conditional poll takes the database path (the "before")
    pollMemory: process.env.BENCH_POLL_MEMORY === 'off' ? false : undefined,
    // The simulator's warm start: active runs in every state (fresh, past expected, likely
    // stale) next to the history; no timer, so the data does not change during the load.
    simulation: { enabled: false, autoSpawn: false, warmStart: true },
  });
  // The same database behind a second listener with no poll memory: every answer computed
  // (the figures' `computed` part, and the per-query diagnostics).
  computedServer = await createServer({
    ...listener,
    pollMemory: false,
    simulation: { enabled: false, autoSpawn: false, warmStart: false },
  });
  const counts = await db.query(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE status <> 'completed')::int AS active FROM operation_runs`,
  );
  let version = null;
  try {
    version = (await db.query('SELECT version() AS v')).rows[0]?.v ?? null;
  } catch {
    version = null;
  }
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      url: server.url,
      computedUrl: computedServer.url,
      kind,
      seeded,
      total: counts.rows[0]?.total ?? null,
      active: counts.rows[0]?.active ?? null,
      openMs: Math.round(openMs),
      seedMs: Math.round(seedMs),
      seedPhasesMs,
      analyzedByBench: analyzed,
      version,
    })}\n`,
  );
} catch (error) {
  process.stderr.write(`${error?.stack ?? error}\n`);
  await cleanup();
  process.exit(1);
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await cleanup();
  process.exit(0);
}
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  const text = String(d);
  // "usage": this process's CPU time and event-loop utilisation so far (the parent takes the
  // difference over the load: server CPU per request, independent of what else the machine runs).
  if (text.includes('usage')) {
    const { user, system } = process.cpuUsage();
    const elu = performance.eventLoopUtilization();
    const memory = server?.pollMemory ?? null;
    const poll =
      memory === null
        ? null
        : { hits: memory.hits, misses: memory.misses, bodyHits: memory.bodyHits };
    process.stdout.write(
      `${JSON.stringify({ usage: { cpuMs: (user + system) / 1000, elu, statements, poll } })}\n`,
    );
  }
  // "writer on" / "writer off": the widget mix's writes (see WRITE_MS)
  if (text.includes('writer on') && writer === null) writer = setInterval(heartbeat, WRITE_MS);
  if (text.includes('writer off') && writer !== null) {
    clearInterval(writer);
    writer = null;
  }
  if (text.includes('stop')) void stop();
});
process.stdin.on('end', () => void stop());
process.on('SIGTERM', () => void stop());
