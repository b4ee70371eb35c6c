// Browser tests for every package: real headless Chromium (Debian's), TypeScript through esbuild,
// MSW's service worker served from the msw package itself.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const require = createRequire(import.meta.url);
const workerPath = require.resolve('msw/mockServiceWorker.js');

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The policy of elements.md's "Content Security Policy" paragraph. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

export default {
  files: ['packages/*/src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['source', 'browser', 'development'] },
  concurrency: 1,
  testsFinishTimeout: 240_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 10_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.base.json' })],
  middleware: [
    // A host page under a strict Content Security Policy (src/csp.test.ts): the built bundle and
    // a host script, nothing inline. Answered here, before the dev server's plugins could inject
    // an inline script of their own.
    function strictCspPage(ctx, next) {
      if (ctx.path !== '/csp/host.html') return next();
      ctx.type = 'text/html';
      ctx.set('Content-Security-Policy', STRICT_CSP);
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Runsight under a strict CSP</title>
<script type="module" src="/packages/widgets/src/testing/csp-host.ts"></script></head><body></body></html>`;
      return undefined;
    },
    function mswWorker(ctx, next) {
      if (ctx.path === '/mockServiceWorker.js') {
        ctx.type = 'application/javascript';
        ctx.set('Service-Worker-Allowed', '/');
        ctx.body = readFileSync(workerPath, 'utf8');
        return undefined;
      }
      return next();
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromiumPath, headless: true, args: chromiumArgs },
    }),
  ],
};
