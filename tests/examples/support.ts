/**
 * What the example hosts' browser test runs them against: the reference server with seeded data,
 * and each host served the way it would be deployed — a single-page app's build as static files
 * with /api proxied to the backend, or the server-rendered example as its own server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createServer, type RunsightServer } from '@runsight/server';
import { EXAMPLES_DIR, type Example } from './examples.js';

/** The policy every example page is served with (and must work under). */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

/** The reference server: 40 finished runs and the warm start's active runs, nothing moving. */
export function startReference(): Promise<RunsightServer> {
  return createServer({
    history: 40,
    historySeed: 7,
    timeScale: 1,
    simulation: { enabled: false, autoSpawn: false, warmStart: true, seed: 11 },
    publicDir: null,
    widgetsBundle: null,
    apiReferenceDir: null,
    host: '127.0.0.1',
    port: 0,
  });
}

/** Headers of one /api request as the host's backend received it. */
export type SeenHeaders = http.IncomingHttpHeaders;

export interface Host {
  url: string;
  /** Every /api request the host's backend passed on (single-page apps: the proxy's record). */
  apiRequests: { path: string; headers: SeenHeaders }[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** Passes `req` on to `apiUrl` (same path and query) and the answer back. */
function proxy(req: http.IncomingMessage, res: http.ServerResponse, apiUrl: string): void {
  const target = new URL(req.url ?? '/', apiUrl);
  const upstream = http.request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    res.writeHead(502).end();
  });
  req.pipe(upstream);
}

/** A single-page app's build, served with the strict CSP; unknown paths get index.html. */
function serveSpa(root: string, apiUrl: string): Promise<Host> {
  if (!existsSync(path.join(root, 'index.html')))
    throw new Error(`${root}/index.html is missing: build the example first`);
  const apiRequests: Host['apiRequests'] = [];
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://host');
    if (pathname.startsWith('/api/')) {
      apiRequests.push({ path: req.url ?? '', headers: req.headers });
      proxy(req, res, apiUrl);
      return;
    }
    let file = path.join(root, path.normalize(decodeURIComponent(pathname)));
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory())
      file = path.join(root, 'index.html');
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': STRICT_CSP,
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        apiRequests,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Starts the server-rendered example (`node server.js`) and waits for the URL it prints. */
function startServerExample(entry: string, apiUrl: string): Promise<Host> {
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: path.dirname(entry),
    env: { ...process.env, PORT: '0', RUNSIGHT_API_URL: `${apiUrl}/api` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`${entry} exited (${String(code)}): ${out}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (!url) return;
      child.removeAllListeners('exit');
      resolve({
        url,
        apiRequests: [],
        close: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill();
          }),
      });
    });
  });
}

/** The example served as it would be deployed, its API answered by the reference server. */
export function startHost(example: Example, apiUrl: string): Promise<Host> {
  const served = path.join(EXAMPLES_DIR, example.dir, example.served);
  return example.kind === 'spa' ? serveSpa(served, apiUrl) : startServerExample(served, apiUrl);
}
