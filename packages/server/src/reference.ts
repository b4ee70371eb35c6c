/**
 * The contract as a document: `/api/openapi.json` (the api-client's OpenAPI 3.1 document, no
 * credentials needed) and the rendered reference at `/api-reference/` (Redoc, built into
 * dist/api-reference by scripts/api-reference.mjs; nothing loads from another origin).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from './app.js';

/**
 * The reference page's own policy: scripts only from this origin (the build moved Redoc's inline
 * scripts into files), styles from this origin and inline (Redoc's styled-components writes its
 * rules at run time), images and fonts also as data: URLs, no framing, no forms.
 */
export const REFERENCE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The api-client's `openapi.json`. */
export const OPENAPI_FILE = createRequire(import.meta.url).resolve(
  '@runsight/api-client/openapi.json',
);

const FILES: Record<string, [string, string]> = {
  '/api-reference/': ['index.html', 'text/html; charset=utf-8'],
  '/api-reference/redoc.js': ['redoc.js', 'text/javascript; charset=utf-8'],
  '/api-reference/color-mode.js': ['color-mode.js', 'text/javascript; charset=utf-8'],
};

/**
 * Registers `/api/openapi.json` (call it before the API's authentication) and, when `dir` is
 * given, the reference page's files.
 */
export function mountReference(app: Hono<AppEnv>, dir: string | null): void {
  app.get('/api/openapi.json', async (c) => {
    const body = await readFile(OPENAPI_FILE, 'utf8');
    return c.body(body, 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-cache',
    });
  });
  if (dir === null) return;
  app.get('/api-reference', (c) => c.redirect('/api-reference/', 301));
  for (const [route, [file, type]] of Object.entries(FILES)) {
    app.get(route, async (c) => {
      let body: string;
      try {
        body = await readFile(join(dir, file), 'utf8');
      } catch {
        return c.text(
          'The API reference is not built yet (packages/server/dist/api-reference is missing). ' +
            'Build it with `npm run build` at the repository root; the document itself is at /api/openapi.json.',
          503,
          { 'Retry-After': '30', 'Cache-Control': 'no-store' },
        );
      }
      return c.body(body, 200, {
        'Content-Type': type,
        'Cache-Control': 'no-cache',
        'Content-Security-Policy': REFERENCE_CSP,
      });
    });
  }
}
