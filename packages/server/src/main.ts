/**
 * The demo server: `node dist/main.js` (or `npm start -w packages/server`).
 * Environment: PORT, HOST, DATABASE_URL, DATA_DIR, SIMULATOR, TIME_SCALE, HISTORY, SEED,
 * TICK_MS, CORS_ORIGINS, RATE_LIMIT*, RUNSIGHT_TOKENS, WIDGETS_BUNDLE (see README.md).
 */
import { optionsFromEnv } from './config.js';
import { createServer } from './server.js';

async function main(): Promise<void> {
  let opts;
  try {
    opts = optionsFromEnv(process.env);
  } catch (err) {
    console.error(`runsight: ${(err as Error).message}`);
    process.exit(2);
  }
  const store = opts.databaseUrl
    ? 'PostgreSQL (DATABASE_URL)'
    : opts.dataDir === 'memory'
      ? 'PGlite in memory'
      : `PGlite in ${opts.dataDir}`;
  console.log(`runsight: starting (${store}, time scale ${opts.timeScale}×)…`);
  const server = await createServer(opts);
  console.log(`runsight: listening on ${server.url}`);
  console.log(`runsight: demo page ${server.url}/  ·  API ${server.url}/api/operation-runs`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`runsight: ${signal}, shutting down…`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('runsight: failed to start:', err);
  process.exit(1);
});
