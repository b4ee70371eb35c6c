/**
 * Writes `packages/api-client/openapi.json`, the OpenAPI 3.1 document of the contract, generated
 * from the client's zod schemas (packages/api-client/src/openapi). Commit the result; the
 * api-client's test/openapi.test.ts fails while the committed file and the generator disagree.
 *
 *   npm run openapi            (node --conditions=source --import tsx scripts/openapi.ts)
 *   ... scripts/openapi.ts --check    exit 1 when the committed file is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { buildOpenApiDocument } from '../packages/api-client/src/openapi/document.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OPENAPI_FILE = path.join(ROOT, 'packages/api-client/openapi.json');

/** The document as the committed file holds it (prettier's JSON style). */
export async function openApiText(): Promise<string> {
  const options = (await prettier.resolveConfig(OPENAPI_FILE)) ?? {};
  return prettier.format(JSON.stringify(buildOpenApiDocument()), { ...options, parser: 'json' });
}

const text = await openApiText();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OPENAPI_FILE, 'utf8');
  } catch {
    // missing: out of date
  }
  if (current !== text) {
    console.error('openapi.json is out of date: run `npm run openapi` and commit the result.');
    process.exitCode = 1;
  } else console.log('openapi.json is up to date.');
} else {
  writeFileSync(OPENAPI_FILE, text);
  console.log(`wrote ${path.relative(ROOT, OPENAPI_FILE)}`);
}
