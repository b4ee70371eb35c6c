/**
 * `WORKERS=<n>|auto`: `runsight-server` as n processes sharing one port (node:cluster). The
 * primary only forks, watches and stops the workers; each worker is a full stateless instance
 * (docs/deployment.md): on PostgreSQL they share the runs, the change notifications and the
 * leader lock, so exactly one of them runs the simulator and the reconciler (leader.ts).
 *
 * PGlite is one process per data directory (lock.ts): more than one worker is refused there.
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';

/** The response header naming the worker that answered (`createServer`'s `instanceHeader`). */
export const WORKER_HEADER = 'Runsight-Worker';

/** How many processes `WORKERS` asks for (1 when unset). Throws a readable Error on bad values. */
export function parseWorkers(raw: string | undefined, cpus = availableParallelism()): number {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '') return 1;
  if (value === 'auto') return Math.max(1, cpus);
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 256) {
    throw new Error('WORKERS must be auto or an integer from 1 to 256');
  }
  return Number(value);
}

/** Why `WORKERS` cannot be used with this store, or null. */
export function workersProblem(workers: number, databaseUrl: string | undefined): string | null {
  if (workers <= 1 || databaseUrl) return null;
  return (
    `WORKERS=${workers} needs PostgreSQL (DATABASE_URL): PGlite is one process per data ` +
    'directory; run one process, or point DATABASE_URL at a PostgreSQL database'
  );
}

/** Whether this process is a worker forked by `runPrimary`. */
export function isWorker(): boolean {
  return cluster.isWorker;
}

/** This worker's `instanceHeader` (its cluster id, 1…n), or undefined outside a cluster. */
export function workerHeader(): { name: string; value: string } | undefined {
  const worker = cluster.worker;
  return worker === undefined ? undefined : { name: WORKER_HEADER, value: String(worker.id) };
}

export interface PrimaryOptions {
  /** Delay before a worker that died after it was listening is replaced. Default 1000 ms. */
  restartDelayMs?: number;
}

/**
 * The primary: forks `n` workers (this same script, same arguments and environment), replaces a
 * worker that dies once it was serving, and stops (exit status of the first failure) when one
 * fails to start. SIGTERM/SIGINT are passed on to every worker; the primary exits when all have:
 * 0 when each closed cleanly, else 1.
 */
export function runPrimary(n: number, opts: PrimaryOptions = {}): void {
  const restartDelayMs = opts.restartDelayMs ?? 1000;
  const serving = new Set<number>();
  let stopping = false;
  let exitCode = 0;

  const alive = (): Worker[] =>
    Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const stopAll = (signal: NodeJS.Signals) => {
    for (const w of alive()) w.process.kill(signal);
  };
  const exitWhenDone = () => {
    if (alive().length === 0) process.exit(exitCode);
  };

  cluster.on('listening', (w) => {
    serving.add(w.id);
    console.log(`runsight: worker ${w.id} (pid ${w.process.pid}) serving`);
  });
  cluster.on('exit', (w, code, signal) => {
    const wasServing = serving.delete(w.id);
    const how = signal ? `signal ${signal}` : `status ${code}`;
    if (stopping) {
      if (code !== 0 && exitCode === 0) exitCode = 1;
      exitWhenDone();
      return;
    }
    if (!wasServing) {
      console.error(`runsight: worker ${w.id} (pid ${w.process.pid}) failed to start (${how})`);
      stopping = true;
      exitCode = typeof code === 'number' && code !== 0 ? code : 1;
      stopAll('SIGTERM');
      exitWhenDone();
      return;
    }
    console.error(`runsight: worker ${w.id} (pid ${w.process.pid}) exited (${how}); replacing it`);
    setTimeout(() => {
      if (!stopping) cluster.fork();
    }, restartDelayMs);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`runsight: ${signal}, stopping ${alive().length} workers…`);
    stopAll(signal);
    exitWhenDone();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  for (let i = 0; i < n; i++) cluster.fork();
}
