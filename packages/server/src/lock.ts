/**
 * One process per PGlite data directory. PGlite is PostgreSQL in single-user mode inside this
 * process: a second process on the same files would not see the first one's writes and would
 * overwrite them (the two silently diverge). So the directory holds a lock file for the life of
 * the process that opened it: `runsight.lock`, created with O_EXCL, holding the owner's pid.
 *
 * A lock whose owner is gone (killed, crashed; the pid no longer alive, or alive but another
 * process — on Linux told apart by its start time and the boot id) is stale and taken over. A
 * live owner's lock is respected: opening fails with {@link DataDirInUseError}.
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'runsight.lock';

/** What the lock file holds (JSON). Only `pid` decides; the rest tells stale from live apart. */
interface LockInfo {
  pid: number;
  host?: string;
  /** Linux: start time of the process (clock ticks since boot, /proc/<pid>/stat field 22). */
  start?: string;
  /** Linux: /proc/sys/kernel/random/boot_id when the lock was taken. */
  boot?: string;
  since?: string;
}

export class DataDirInUseError extends Error {
  readonly dataDir: string;
  readonly lockPath: string;
  readonly pid: number;
  constructor(dataDir: string, lockPath: string, owner: LockInfo, sameProcess: boolean) {
    const who = sameProcess
      ? 'this process (it is already open here)'
      : `another process (pid ${owner.pid}${owner.host ? ` on ${owner.host}` : ''}${owner.since ? `, since ${owner.since}` : ''})`;
    super(
      `The PGlite data directory ${dataDir} is in use by ${who}; lock file ${lockPath}. ` +
        'Two servers on one PGlite directory would silently diverge: stop the other server, ' +
        'or give this one another DATA_DIR (or a PostgreSQL DATABASE_URL). If no such process ' +
        'runs any more, delete the lock file.',
    );
    this.name = 'DataDirInUseError';
    this.dataDir = dataDir;
    this.lockPath = lockPath;
    this.pid = owner.pid;
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file (if it is still ours). Idempotent. */
  release(): void;
}

/** Lock files this process holds (a second open in the same process is refused as well). */
const held = new Set<string>();
let exitHook = false;

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Field 22 (starttime) of /proc/<pid>/stat, or undefined off Linux / for no such process. */
function processStart(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === null) return undefined;
  // the command name (field 2) is in parentheses and may hold spaces: count after the last ')'
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function bootId(): string | undefined {
  return readText('/proc/sys/kernel/random/boot_id')?.trim() || undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function parse(text: string | null): LockInfo | null {
  if (text === null) return null;
  try {
    const o = JSON.parse(text) as unknown;
    if (o === null || typeof o !== 'object') return null;
    const pid = (o as { pid?: unknown }).pid;
    return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0 ? (o as LockInfo) : null;
  } catch {
    return null;
  }
}

/** Why a lock is stale, or null when its owner is alive. */
function staleness(info: LockInfo | null, lockPath: string): string | null {
  if (info === null) return 'unreadable';
  if (info.pid === process.pid)
    return held.has(lockPath) ? null : 'left by an earlier process with this pid';
  const boot = bootId();
  if (info.boot !== undefined && boot !== undefined && info.boot !== boot) {
    return `pid ${info.pid} from before a reboot`;
  }
  if (!alive(info.pid)) return `pid ${info.pid} no longer running`;
  const start = processStart(info.pid);
  if (info.start !== undefined && start !== undefined && info.start !== start) {
    return `pid ${info.pid} now belongs to another process`;
  }
  return null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Removes a stale lock whose content is still `text`, under a short-lived claim file (O_EXCL)
 * so that two processes taking over the same stale lock cannot remove each other's new lock.
 */
async function removeStale(lockPath: string, text: string | null): Promise<void> {
  const claim = `${lockPath}.takeover`;
  for (let attempt = 0; ; attempt++) {
    try {
      closeSync(openSync(claim, 'wx'));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // a claim left by a process killed mid-takeover
      try {
        if (Date.now() - statSync(claim).mtimeMs > 10_000) unlinkSync(claim);
      } catch {
        // gone meanwhile
      }
      if (attempt > 50) throw new Error(`Could not take over the stale lock ${lockPath}`);
      await sleep(100);
    }
  }
  try {
    if (readText(lockPath) === text) unlinkSync(lockPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  } finally {
    unlinkSync(claim);
  }
}

/**
 * Takes the lock of a PGlite data directory (creating the directory if needed) for the life of
 * this process, or until `release()`. Throws {@link DataDirInUseError} when a live process holds it.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, LOCK_FILE);
  if (held.has(lockPath)) throw new DataDirInUseError(dir, lockPath, { pid: process.pid }, true);
  const mine: LockInfo = {
    pid: process.pid,
    host: hostname(),
    start: processStart(process.pid),
    boot: bootId(),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o644);
      try {
        writeSync(fd, `${JSON.stringify(mine)}\n`);
      } finally {
        closeSync(fd);
      }
      held.add(lockPath);
      if (!exitHook) {
        exitHook = true;
        // process.exit() without close(): leave no lock behind (a kill -9 still does)
        process.once('exit', () => {
          for (const path of held) releasePath(path);
        });
      }
      return { path: lockPath, release: () => releasePath(lockPath) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let text = readText(lockPath);
    if (text === null) continue; // removed meanwhile: try again
    let info = parse(text);
    if (info === null) {
      // created but not written yet by a process starting right now? look again shortly
      await sleep(300);
      text = readText(lockPath);
      if (text === null) continue;
      info = parse(text);
    }
    const why = staleness(info, lockPath);
    if (why === null) {
      throw new DataDirInUseError(dir, lockPath, info as LockInfo, info?.pid === process.pid);
    }
    console.warn(`runsight: taking over the stale lock ${lockPath} (${why})`);
    await removeStale(lockPath, text);
  }
  throw new Error(`Could not lock the PGlite data directory ${dir} (${lockPath} keeps changing)`);
}

function releasePath(lockPath: string): void {
  if (!held.delete(lockPath)) return;
  try {
    if (parse(readText(lockPath))?.pid === process.pid) unlinkSync(lockPath);
  } catch {
    // already gone
  }
}
