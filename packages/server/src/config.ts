/** Environment variables → `createServer` options (see the README's table). */
import { parseTokens } from './auth.js';
import { DEFAULT_DATA_DIR, type CreateServerOptions } from './server.js';

export type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min)
    throw new Error(`${name} must be an integer ≥ ${min}`);
  return Number(raw);
}

function num(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a number > 0`);
  return n;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'off', 'no'].includes(raw)) return false;
  throw new Error(`${name} must be on or off`);
}

/** Options for the demo server from the environment. Throws a readable Error on bad values. */
export function optionsFromEnv(env: Env): CreateServerOptions & { port: number; host: string } {
  const databaseUrl = env.DATABASE_URL || undefined;
  const dataDir = databaseUrl ? undefined : env.DATA_DIR || DEFAULT_DATA_DIR;
  const simulator = flag(env, 'SIMULATOR', true);
  const origins = env.CORS_ORIGINS?.trim();
  const opts: CreateServerOptions & { port: number; host: string } = {
    port: int(env, 'PORT', 8080),
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    dataDir,
    timeScale: num(env, 'TIME_SCALE', 20),
    history: int(env, 'HISTORY', 5000),
    historySeed: int(env, 'SEED', 42),
    simulation: {
      enabled: simulator,
      autoSpawn: simulator,
      // a persisted database outlives a run of the demo: without SEED, every start simulates
      // other runs (and other run ids)
      seed: int(env, 'SEED', Math.floor(Math.random() * 2 ** 31)),
      tickMs: int(env, 'TICK_MS', 1000, 10),
    },
    corsOrigins:
      origins === undefined || origins === '' || origins === '*'
        ? '*'
        : origins
            .split(',')
            .map((o) => o.trim())
            .filter((o) => o !== ''),
    rateLimit: flag(env, 'RATE_LIMIT', true)
      ? {
          burst: int(env, 'RATE_LIMIT_BURST', 2000, 1),
          perSecond: num(env, 'RATE_LIMIT_PER_SECOND', 1000),
          authFailureBurst: int(env, 'RATE_LIMIT_AUTH_BURST', 20, 1),
          authFailurePerSecond: num(env, 'RATE_LIMIT_AUTH_PER_SECOND', 0.5),
        }
      : false,
    log: true,
  };
  if (env.RUNSIGHT_TOKENS) opts.tokens = parseTokens(env.RUNSIGHT_TOKENS);
  if (env.WIDGETS_BUNDLE) opts.widgetsBundle = env.WIDGETS_BUNDLE;
  return opts;
}
