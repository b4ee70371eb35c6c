// Shared by the smoke test and the screenshot tool: build the static Storybook, serve it on a
// free loopback port, launch Debian's headless Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';

export const root = resolve(import.meta.dirname, '../..');

/** Build into a private temp dir (never clobbers a storybook-static someone is looking at). */
export function buildStorybook(): { dir: string; cleanup: () => void } {
  const given = process.env.STORYBOOK_STATIC_DIR;
  if (given) {
    const dir = resolve(root, given);
    assert.ok(
      existsSync(join(dir, 'index.json')),
      `${dir}/index.json missing: build Storybook first`,
    );
    return { dir, cleanup: () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'runsight-storybook-'));
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/storybook/dist/bin/dispatcher.js'), 'build', '--quiet', '-o', dir],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: 'true' },
    },
  );
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** A tiny static file server on 127.0.0.1 and a free port. */
export async function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path = normalize(join(dir, decodeURIComponent(url.pathname)));
    if (!path.startsWith(dir + sep) && path !== dir) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path) && url.pathname === '/favicon.ico') {
      res.writeHead(204).end(); // Chromium asks for it on its own; Storybook ships favicon.svg
      return;
    }
    if (!existsSync(path)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(path)] ?? 'application/octet-stream',
      // Hashed bundles are cached (and V8 caches their compiled code across story pages);
      // HTML and JSON are always fresh.
      'cache-control': /\.(html|json)$/.test(path) ? 'no-cache' : 'max-age=3600',
    });
    res.end(readFileSync(path));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

export const storyUrl = (origin: string, id: string, viewMode: 'story' | 'docs' = 'story') =>
  `${origin}/iframe.html?id=${encodeURIComponent(id)}&viewMode=${viewMode}`;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

export interface IndexEntry {
  id: string;
  title: string;
  name: string;
  type: 'story' | 'docs';
  tags?: string[];
}

/** The entries of the static Storybook's index.json. */
export function readIndex(dir: string): IndexEntry[] {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
    entries: Record<string, IndexEntry>;
  };
  return Object.values(index.entries);
}

export interface ChannelRecord {
  event: string;
  payload: unknown;
}

/**
 * Runs in the page before any script: traps the assignment of the preview's channel to
 * `globalThis.__STORYBOOK_ADDONS_CHANNEL__` and records the events the smoke test judges by.
 * Plain JavaScript in a string: a function passed through tsx would carry esbuild's `__name`
 * helper into the page, where it does not exist.
 */
export const recordChannelEvents = (events: string[]): string => `(() => {
  const events = ${JSON.stringify(events)};
  globalThis.__smoke = [];
  const hooked = new WeakSet();
  let current;
  const hook = (ch) => {
    if (!ch || typeof ch.on !== 'function' || hooked.has(ch)) return;
    hooked.add(ch);
    for (const event of events) {
      ch.on(event, (payload) => {
        let copy;
        try { copy = JSON.parse(JSON.stringify(payload ?? null)); } catch { copy = String(payload); }
        globalThis.__smoke.push({ event, payload: copy });
      });
    }
  };
  Object.defineProperty(globalThis, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => current,
    set: (value) => { current = value; hook(value); },
  });
})();`;
