#!/usr/bin/env node
/**
 * `runsight-server`: without `--config`, the demo (exactly `node dist/main.js`); with
 * `--config runsight.config.json`, the read-only sidecar over a host's database (docs/sidecar.md).
 * Exit status 2 for a usage or configuration mistake (one line each, no stack trace), 1 when the
 * database cannot be reached or the server fails to start.
 */
import { parseArgs } from 'node:util';
import { tokenMapAuthenticator, type Authenticator } from './auth.js';
import { isWorker, parseWorkers, runPrimary, workerHeader } from './cluster.js';
import { ConfigError, loadSidecarConfig } from './config-file.js';
import { isDatabaseUnavailable } from './db.js';
import { createJwtAuthenticator } from './jwt.js';
import { createServer, RelationsError, type RunsightServer } from './server.js';
import { exitOnSignals } from './shutdown.js';

export const USAGE = `Usage: runsight-server [--config FILE]

  (no options)          the demo: embedded database, simulated runs, demo page
                        (environment variables as in the server's README)
  --config FILE         the read-only sidecar next to your application's PostgreSQL
                        database, configured by FILE (JSON; see docs/sidecar.md)
  -h, --help            this help

  WORKERS=<n>|auto      (environment, PostgreSQL only) n processes on one port;
                        with --config, overrides its "workers" (docs/deployment.md)

Exit status: 2 for a usage or configuration mistake, 1 when the server cannot start.`;

function fail(lines: string[], code: number): never {
  for (const line of lines) console.error(`runsight: ${line}`);
  process.exit(code);
}

async function sidecar(file: string, envWorkers: number | null): Promise<void> {
  const config = await loadSidecarConfig(file);
  const workers = envWorkers ?? parseWorkers(String(config.workers));
  if (workers > 1 && !isWorker()) {
    console.log(`runsight: starting ${workers} read-only workers over ${config.relations.runs}…`);
    runPrimary(workers);
    return;
  }
  let authenticate: Authenticator;
  if (config.auth.type === 'jwt') {
    authenticate = await createJwtAuthenticator(config.auth.options, { where: 'auth' });
  } else authenticate = tokenMapAuthenticator(config.auth.tokens);

  let server: RunsightServer | null = null;
  exitOnSignals(() => server);

  const worker = workerHeader();
  if (worker === undefined)
    console.log(`runsight: starting read-only over ${config.relations.runs}…`);
  server = await createServer({
    databaseUrl: config.databaseUrl,
    readOnly: true,
    relations: config.relations,
    policies: config.policies,
    authenticate,
    port: config.port,
    host: config.host,
    corsOrigins: config.corsOrigins,
    rateLimit: config.rateLimit,
    publicDir: null,
    widgetsBundle: null,
    simulation: { enabled: false, autoSpawn: false, warmStart: false },
    log: true,
    instanceHeader: worker,
  });
  console.log(`runsight: listening on ${server.url} (read-only)`);
  console.log(`runsight: API ${server.url}/api/operation-runs  ·  readiness ${server.url}/readyz`);
}

async function main(): Promise<void> {
  let values: { config?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail([(err as Error).message, 'runsight-server --help lists the options'], 2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.config === undefined) {
    await import('./main.js');
    return;
  }
  // WORKERS overrides the configuration's `workers`
  let workers: number | null;
  try {
    workers = process.env.WORKERS ? parseWorkers(process.env.WORKERS) : null;
  } catch (err) {
    fail([(err as Error).message], 2);
  }
  try {
    await sidecar(values.config, workers);
  } catch (err) {
    if (err instanceof ConfigError) {
      fail(
        [`${values.config}: the configuration is not valid:`, ...err.problems.map((p) => `  ${p}`)],
        2,
      );
    }
    if (err instanceof RelationsError) {
      fail(
        [
          'the configured relations do not match the runs view contract:',
          ...err.problems.map((p) => `  ${p}`),
        ],
        2,
      );
    }
    if (isDatabaseUnavailable(err)) {
      fail([`cannot start: the database is unreachable (${String(err)})`], 1);
    }
    // a key file that cannot be read, a database that refuses the role, …: one line, no stack
    const code = (err as { code?: unknown }).code;
    fail(
      [`cannot start: ${(err as Error).message}${typeof code === 'string' ? ` (${code})` : ''}`],
      typeof code === 'string' ? 1 : 2,
    );
  }
}

await main();
