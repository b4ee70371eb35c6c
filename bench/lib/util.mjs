// Small helpers shared by the benchmark figures: statistics, machine info, child processes.
import { spawn, execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Median of a list of numbers (null for an empty list). */
export function median(values) {
  const xs = values
    .filter((v) => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(values, p) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * xs.length));
  return xs[Math.min(xs.length, rank) - 1];
}

/** Rounds to `digits` decimals (null stays null). */
export function round(value, digits = 2) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A figure that could not be measured: value null and the reason. */
export function missing(reason) {
  return { value: null, reason };
}

function tryExec(cmd, args) {
  try {
    return execFileSync(cmd, args, {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

/** What the figures were measured on. */
export function machineInfo() {
  const cpus = os.cpus();
  const status = tryExec('git', ['status', '--porcelain', '--untracked-files=no']);
  return {
    cpuModel: cpus[0]?.model ?? null,
    cpuCount: cpus.length,
    availableParallelism: os.availableParallelism?.() ?? cpus.length,
    cpuMHz: cpus[0]?.speed ?? null,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
    gitCommit: tryExec('git', ['rev-parse', '--short', 'HEAD']),
    gitDirty: status === null ? null : status.length > 0,
  };
}

/**
 * Runs `node <args>` in the repository root, resolves with its stdout's last JSON line.
 * Rejects on a non-zero exit or a timeout (the child is killed).
 */
export function runNodeJson(args, { timeoutMs = 120_000, env = {}, onStderr } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      onStderr?.(String(d));
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${timeoutMs} ms: node ${args.join(' ')}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        const tail = err.trim().split('\n').slice(-15).join('\n');
        reject(new Error(`node ${args.join(' ')} exited with ${code ?? signal}\n${tail}`));
        return;
      }
      const line = out
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      try {
        resolve(JSON.parse(line ?? ''));
      } catch {
        reject(new Error(`no JSON result from node ${args.join(' ')}\n${out.slice(-2000)}`));
      }
    });
  });
}

/** Logs a progress line to stderr (stdout stays for the table). */
export function log(...parts) {
  process.stderr.write(`bench: ${parts.join(' ')}\n`);
}
