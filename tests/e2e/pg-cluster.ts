/**
 * A private PostgreSQL cluster for end-to-end tests: initdb into a temporary directory, its own
 * free port, socket in /tmp, run as the `postgres` OS user when the test runs as root — never the
 * shared test server CI starts on 55432. Needs PostgreSQL's server binaries (`PG_BIN`, else the
 * newest /usr/lib/postgresql/<version>/bin); without them `Cluster.create()` throws and says so.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** PostgreSQL's server binaries: PG_BIN, else the newest /usr/lib/postgresql/<version>/bin. */
export function pgBin(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return fromEnv;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  const newest = versions[versions.length - 1];
  if (newest === undefined) {
    throw new Error(
      'PostgreSQL server binaries not found (no /usr/lib/postgresql/<version>/bin/pg_ctl). ' +
        'Install them (Debian: `apt-get install -y postgresql`; CI does) or set PG_BIN.',
    );
  }
  return join(base, newest, 'bin');
}

const asRoot = userInfo().uid === 0;
const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Runs a PostgreSQL tool, as the `postgres` OS user when we are root (initdb refuses root). */
function pgTool(bin: string, tool: string, args: string[]): string {
  const exe = join(bin, tool);
  if (!asRoot) return execFileSync(exe, args, { encoding: 'utf8', stdio: 'pipe' });
  const cmd = [exe, ...args].map(quote).join(' ');
  return execFileSync('su', ['postgres', '-c', cmd], { encoding: 'utf8', stdio: 'pipe' });
}

async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((res) => srv.listen(0, '127.0.0.1', res));
  const { port } = srv.address() as AddressInfo;
  await new Promise((res) => srv.close(res));
  return port;
}

export class Cluster {
  readonly dir: string;
  readonly port: number;
  readonly bin: string;
  constructor(bin: string, dir: string, port: number) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }
  static async create(): Promise<Cluster> {
    const bin = pgBin();
    const dir = mkdtempSync(join(tmpdir(), 'runsight-e2e-pg-'));
    if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), 0);
    const cluster = new Cluster(bin, dir, await freePort());
    pgTool(bin, 'initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8']);
    cluster.start();
    return cluster;
  }
  start(): void {
    pgTool(this.bin, 'pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'postgres.log'),
      '-o',
      `-p ${this.port} -k /tmp -c listen_addresses=127.0.0.1`,
      '-w',
      'start',
    ]);
  }
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    pgTool(this.bin, 'pg_ctl', ['-D', join(this.dir, 'data'), '-m', mode, '-w', 'stop']);
  }
  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      // not running
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
