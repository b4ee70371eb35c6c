/**
 * The demo server: `node dist/main.js` (or `npm start -w packages/server`).
 * Environment: PORT, HOST, DATABASE_URL, DATA_DIR, SIMULATOR, TIME_SCALE, HISTORY, SEED,
 * TICK_MS, CORS_ORIGINS, RATE_LIMIT*, RUNSIGHT_TOKENS, WIDGETS_BUNDLE (see README.md), and
 * WORKERS (n processes on one port with PostgreSQL: cluster.ts, docs/deployment.md).
 */
import { isWorker, parseWorkers, runPrimary, workerHeader, workersProblem } from './cluster.js';
import { optionsFromEnv } from './config.js';
import { isDatabaseUnavailable } from './db.js';
import { DataDirInUseError } from './lock.js';
import { createServer, type RunsightServer } from './server.js';
import { exitOnSignals } from './shutdown.js';

async function main(): Promise<void> {
  let opts;
  let workers;
  try {
    opts = optionsFromEnv(process.env);
    workers = parseWorkers(process.env.WORKERS);
  } catch (err) {
    console.error(`runsight: ${(err as Error).message}`);
    process.exit(2);
  }
  const problem = workersProblem(workers, opts.databaseUrl);
  if (problem !== null) {
    console.error(`runsight: ${problem}`);
    process.exit(2);
  }
  const store = opts.databaseUrl
    ? 'PostgreSQL (DATABASE_URL)'
    : opts.dataDir === 'memory'
      ? 'PGlite in memory'
      : `PGlite in ${opts.dataDir}`;
  if (workers > 1 && !isWorker()) {
    console.log(`runsight: starting ${workers} workers (${store}, time scale ${opts.timeScale}×)…`);
    runPrimary(workers);
    return;
  }
  const worker = workerHeader();
  if (worker !== undefined) opts.instanceHeader = worker;
  else console.log(`runsight: starting (${store}, time scale ${opts.timeScale}×)…`);
  // Signals are handled from the start: a stop during the (possibly long) start-up exits at once
  // (the history seed is one transaction: nothing partial stays behind; the data directory's
  // lock is released on exit).
  let server: RunsightServer | null = null;
  exitOnSignals(() => server);
  server = await createServer(opts);
  console.log(`runsight: listening on ${server.url}`);
  console.log(`runsight: demo page ${server.url}/  ·  API ${server.url}/api/operation-runs`);
  console.log(`runsight: liveness ${server.url}/healthz  ·  readiness ${server.url}/readyz`);
}

main().catch((err: unknown) => {
  if (err instanceof DataDirInUseError) {
    console.error(`runsight: cannot start. ${err.message}`);
  } else if (isDatabaseUnavailable(err)) {
    console.error(`runsight: cannot start: the database is unreachable (${String(err)}).`);
  } else {
    console.error('runsight: failed to start:', err);
  }
  process.exit(1);
});
