/**
 * The contract as a document: /api/openapi.json (public, the api-client's file, the API's
 * strict CSP) and the rendered reference at /api-reference/ (its own CSP, no inline script).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  createApp,
  DEMO_TOKENS,
  ManualClock,
  openPglite,
  scaledPolicies,
  type Db,
} from '../src/index.js';
import { API_CSP } from '../src/app.js';
import { OPENAPI_FILE, REFERENCE_CSP } from '../src/reference.js';

const BUILT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/api-reference');

describe('the API document and reference', () => {
  let db: Db;
  let dir: string;
  before(async () => {
    db = await openPglite();
    dir = mkdtempSync(path.join(os.tmpdir(), 'runsight-reference-'));
    writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html><script type="module" src="redoc.js"></script>',
    );
    writeFileSync(path.join(dir, 'redoc.js'), 'export {};');
  });
  after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const app = (apiReferenceDir: string | null) =>
    createApp({
      db,
      clock: new ManualClock(0),
      policies: scaledPolicies(1),
      tokens: DEMO_TOKENS,
      rateLimit: false,
      apiReferenceDir,
    });

  it('serves the OpenAPI document at /api/openapi.json without credentials', async () => {
    const res = await app(null).request('/api/openapi.json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.headers.get('content-security-policy'), API_CSP);
    assert.equal(await res.text(), readFileSync(OPENAPI_FILE, 'utf8'));
  });

  it('serves the reference page with its own CSP, and says when it is not built', async () => {
    const res = await app(dir).request('/api-reference/');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), REFERENCE_CSP);
    assert.match(REFERENCE_CSP, /script-src 'self'(;|$)/);
    const js = await app(dir).request('/api-reference/redoc.js');
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
    const redirect = await app(dir).request('/api-reference');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/api-reference/');
    const missing = await app(path.join(dir, 'nope')).request('/api-reference/');
    assert.equal(missing.status, 503);
    assert.equal((await app(null).request('/api-reference/')).status, 404);
  });

  it('the built page (npm run build) has no inline script and loads nothing from elsewhere', () => {
    assert.ok(existsSync(path.join(BUILT, 'index.html')), 'run npm run build first');
    const html = readFileSync(path.join(BUILT, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(scripts.length >= 1);
    for (const tag of scripts) assert.match(tag, /\bsrc="[a-z-]+\.js"/, tag);
    assert.doesNotMatch(html, /<script\b[^>]*\bsrc="https?:/);
    assert.doesNotMatch(html, /<link\b[^>]*\bhref="https?:/);
  });
});
