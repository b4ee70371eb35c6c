// Browser side of the benchmark: page bundles built with esbuild from bench/pages (importing the
// widgets' TypeScript source through the `source` export condition), a tiny static server on
// 127.0.0.1, and Debian's Chromium driven by playwright-core (nothing downloads a browser).
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { ROOT } from './util.mjs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // window.gc() between repetitions, so one run's garbage is not collected during the next.
  '--js-flags=--expose-gc',
];

/** Node built-ins that browser code only touches under `if (process)` (fake-timers): empty. */
const emptyNodeBuiltins = {
  name: 'empty-node-builtins',
  setup(b) {
    b.onResolve({ filter: /^(util)$/ }, (args) => ({ path: args.path, namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({
      contents: 'module.exports = {};',
      loader: 'js',
    }));
  },
};

/**
 * Bundles each page entry (name → path relative to the repo) into a temporary directory with an
 * index page `<name>.html`. Entries are built one by one, so a page whose subject does not exist
 * yet fails alone: `errors[name]` says why. Returns `{ dir, errors }`.
 */
export async function buildPages(entries) {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'runsight-bench-'));
  const errors = {};
  for (const [name, entry] of Object.entries(entries)) {
    try {
      await build({
        entryPoints: { [name]: path.join(ROOT, entry) },
        outdir,
        bundle: true,
        format: 'esm',
        target: 'es2022',
        platform: 'browser',
        conditions: ['source', 'browser'],
        // Production builds of lit (no dev-mode warnings), like the standalone bundle.
        define: { 'process.env.NODE_ENV': '"production"' },
        tsconfig: path.join(ROOT, 'tsconfig.base.json'),
        sourcemap: false,
        plugins: [emptyNodeBuiltins],
        logLevel: 'silent',
      });
    } catch (error) {
      const first = error.errors?.[0];
      errors[name] = first
        ? `${first.text}${first.location ? ` (${first.location.file}:${first.location.line})` : ''}`
        : String(error.message ?? error).split('\n')[0];
      continue;
    }
    writeFileSync(
      path.join(outdir, `${name}.html`),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title>
<style>html,body{margin:0;font:14px system-ui,sans-serif}</style></head>
<body><script type="module" src="./${name}.js"></script></body></html>`,
    );
  }
  return { dir: outdir, errors };
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };

/** Serves `dir` on 127.0.0.1 (random port). */
export async function serve(dir) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = path.join(dir, path.normalize(url.pathname).replace(/^([/\\])+/, ''));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Launches Chromium headless. */
export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Builds, serves and launches; `use({ browser, url, errors })`; cleans everything up. */
export async function withBrowser(entries, use) {
  const { dir, errors } = await buildPages(entries);
  const server = await serve(dir);
  let browser;
  try {
    browser = await launch();
    return await use({ browser, url: server.url, errors, version: browser.version() });
  } finally {
    await browser?.close().catch(() => undefined);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Opens `<name>.html` in a fresh page (1280×800), waits for `window.bench`, forwards errors. */
export async function openPage(browser, url, name, { onError } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => onError?.(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') onError?.(`console: ${m.text()}`);
  });
  await page.goto(`${url}/${name}.html`);
  await page.waitForFunction(() => window.bench?.ready === true, null, { timeout: 30_000 });
  return page;
}
