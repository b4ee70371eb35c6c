/**
 * A PGlite data directory across processes. One server process per directory: a second one
 * refuses to start with a clear message while the first runs; a lock left by a killed process
 * (its pid no longer alive) is taken over. A server killed while it seeds the history leaves no
 * partial history: the next start seeds it in full. Real child processes (`src/main.ts`) and
 * hand-made stale lock files.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { LOCK_FILE, openPglite } from '../src/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const MAIN = resolve(import.meta.dirname, '../src/main.ts');

interface Child {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(dataDir: string, extraEnv: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HISTORY: '0',
      SIMULATOR: 'off',
      DATABASE_URL: '',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
  return { proc, output: () => out, exited };
}

/** Resolves with the URL once the child listens; rejects when it exits first or times out. */
async function listening(child: Child, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = /listening on (http:\/\/\S+)/.exec(child.output());
    if (m) return m[1] as string;
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) {
      throw new Error(
        `the server exited (${child.proc.exitCode}) before listening:\n${child.output()}`,
      );
    }
    if (Date.now() > deadline)
      throw new Error(`no "listening" within ${timeoutMs} ms:\n${child.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The pid of a process that has exited (so no live process has it, for a while at least). */
async function deadPid(): Promise<number> {
  const p = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((r) => p.once('exit', r));
  return p.pid as number;
}

const children: Child[] = [];
const dirs: string[] = [];
after(async () => {
  for (const c of children) {
    if (c.proc.exitCode === null && c.proc.signalCode === null) {
      c.proc.kill('SIGKILL');
      await c.exited;
    }
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'runsight-lock-test-'));
  dirs.push(d);
  return d;
}

describe('one process per PGlite data directory', () => {
  it('a second server on the same data directory refuses to start; a killed one leaves a lock the next takes over', async () => {
    const dataDir = join(tempDir(), 'data');
    const first = startServer(dataDir);
    children.push(first);
    const url = await listening(first);
    const lockPath = join(dataDir, LOCK_FILE);
    assert.ok(existsSync(lockPath), 'the running server holds a lock file');
    assert.match(readFileSync(lockPath, 'utf8'), new RegExp(`"pid":${first.proc.pid}\\b`));

    const second = startServer(dataDir);
    children.push(second);
    const code = await Promise.race([
      second.exited,
      listening(second).then(() => 'listening' as const),
    ]);
    assert.notEqual(code, 'listening', `the second server started:\n${second.output()}`);
    assert.notEqual(code, 0);
    const message = second.output();
    assert.match(message, /in use/i, message);
    assert.match(message, new RegExp(`\\b${first.proc.pid}\\b`), 'names the holding pid');
    assert.ok(message.includes(dataDir), 'names the data directory');
    // the first one is unharmed
    assert.equal((await fetch(`${url}/healthz`)).status, 200);

    // killed without a chance to clean up: the lock stays behind, stale
    first.proc.kill('SIGKILL');
    await first.exited;
    assert.ok(existsSync(lockPath), 'a killed server leaves its lock file');

    const third = startServer(dataDir);
    children.push(third);
    const url3 = await listening(third);
    assert.match(third.output(), /stale lock/i);
    assert.match(readFileSync(lockPath, 'utf8'), new RegExp(`"pid":${third.proc.pid}\\b`));
    const res = await fetch(`${url3}/api/operation-runs?workspace=ws_1&limit=1`, {
      headers: { Authorization: 'Bearer demo-admin' },
    });
    assert.equal(res.status, 200);
    await res.body?.cancel();

    // a clean stop removes the lock
    third.proc.kill('SIGTERM');
    assert.equal(await third.exited, 0, third.output());
    assert.equal(existsSync(lockPath), false, 'the lock is released on a clean stop');
  });

  it('a server killed while seeding leaves no partial history: the restart seeds it in full', async () => {
    const dataDir = join(tempDir(), 'data');
    const n = 40_000;
    const env = { HISTORY: String(n), SEED: '3' };
    const first = startServer(dataDir, env);
    children.push(first);
    // killed once the seed is under way: at least one batch inserted (5000 of 40000)
    const deadline = Date.now() + 90_000;
    while (!/seeding history: \d+ of/.test(first.output())) {
      assert.ok(first.proc.exitCode === null, first.output());
      assert.ok(Date.now() < deadline, `no seed progress logged:\n${first.output()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    first.proc.kill('SIGKILL');
    await first.exited;
    assert.doesNotMatch(first.output(), /seeded|listening/, 'killed before the seed finished');

    const second = startServer(dataDir, env);
    children.push(second);
    await listening(second, 120_000);
    second.proc.kill('SIGTERM');
    assert.equal(await second.exited, 0, second.output());

    const db = await openPglite(dataDir);
    try {
      const res = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM operation_runs');
      assert.equal(res.rows[0]?.n, n, 'the full history, not what the killed seed got to');
    } finally {
      await db.close();
    }
  });

  it('takes over a stale lock file (its pid no longer alive), and refuses a live one', async () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir, { recursive: true });
    const lockPath = join(dataDir, LOCK_FILE);

    const dead = await deadPid();
    writeFileSync(lockPath, JSON.stringify({ pid: dead, host: 'elsewhere' }));
    const db = await openPglite(dataDir);
    try {
      const held = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid: number };
      assert.equal(held.pid, process.pid);
      // the same process cannot open it twice either
      await assert.rejects(openPglite(dataDir), /in use/i);
    } finally {
      await db.close();
    }
    assert.equal(existsSync(lockPath), false, 'released by close()');

    // a lock of a live process (the test runner's parent) is respected
    writeFileSync(lockPath, JSON.stringify({ pid: process.ppid }));
    await assert.rejects(openPglite(dataDir), (err: Error) => {
      assert.match(err.message, /in use/i);
      assert.ok(err.message.includes(String(process.ppid)), err.message);
      assert.ok(err.message.includes(lockPath), err.message);
      return true;
    });
    assert.match(
      readFileSync(lockPath, 'utf8'),
      new RegExp(`"pid":${process.ppid}\\b`),
      'left alone',
    );

    // an empty or unreadable lock (a writer killed between create and write) is stale too
    writeFileSync(lockPath, '');
    const again = await openPglite(dataDir);
    await again.close();
    writeFileSync(lockPath, 'not json');
    const third = await openPglite(dataDir);
    await third.close();
    assert.equal(existsSync(lockPath), false);
  });
});
