/**
 * One server instance as a process of its own, for tests/e2e/instances.test.ts (forked with an
 * IPC channel): `createServer` over DATABASE_URL with the tick loop on — only the leader runs it
 * (leader.ts) — random spawns and the warm start off, so that the test decides every write.
 *
 * Environment: DATABASE_URL, HISTORY (completed runs to seed), LEADER_RETRY_MS, SEED.
 * Messages in: `{ id, cmd: 'status' }`, `{ id, cmd: 'spawn', opts }` (through this instance's
 * own write path); out: `{ type: 'ready', url, pid, leader }` once listening, `{ id, result }` or
 * `{ id, error }` for each command. SIGTERM closes the server (the leader's lock is released).
 */
import { createServer, type SpawnOptions } from '@runsight/server';

export type ChildCommand = { cmd: 'status' } | { cmd: 'spawn'; opts: SpawnOptions };
export type ChildRequest = ChildCommand & { id: number };
export interface ChildStatus {
  pid: number;
  url: string;
  leader: boolean;
}
export type ChildMessage =
  | ({ type: 'ready' } & ChildStatus)
  | { type: 'reply'; id: number; result: unknown }
  | { type: 'reply'; id: number; error: string };

const send = (m: ChildMessage) => process.send?.(m);

const server = await createServer({
  databaseUrl: process.env.DATABASE_URL,
  // lifecycle windows in real minutes: nothing changes with time alone while the test runs
  timeScale: 1,
  history: Number(process.env.HISTORY ?? '0'),
  historySeed: 7,
  simulation: {
    enabled: true,
    autoSpawn: false,
    warmStart: false,
    tickMs: 100,
    leaderRetryMs: Number(process.env.LEADER_RETRY_MS ?? '3000'),
    seed: Number(process.env.SEED ?? '1'),
  },
  rateLimit: false,
  publicDir: null,
  widgetsBundle: null,
  apiReferenceDir: null,
  log: true,
});
const status = (): ChildStatus => ({
  pid: process.pid,
  url: server.url ?? '',
  leader: server.leader,
});

process.on('message', (raw) => {
  const m = raw as ChildRequest;
  const work: Promise<unknown> =
    m.cmd === 'status' ? Promise.resolve(status()) : server.simulator.spawn(m.opts);
  work.then(
    (result) => send({ type: 'reply', id: m.id, result }),
    (err: unknown) => send({ type: 'reply', id: m.id, error: String(err) }),
  );
});
process.on('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
// the test went away: so does this instance
process.on('disconnect', () => process.exit(1));
send({ type: 'ready', ...status() });
