/**
 * Writes `packages/api-client/openapi.json`, the OpenAPI 3.1 document of the contract, generated
 * from the client's valibot schemas (packages/api-client/src/openapi), and the reference part of
 * docs/connect-your-backend.md (between its `openapi:begin`/`openapi:end` markers) from that
 * document. Commit the results; the api-client's test/openapi.test.ts fails while the committed
 * file and the generator disagree, and `npm run lint:openapi` while either is stale.
 *
 *   npm run openapi            (node --conditions=source --import tsx scripts/openapi.ts)
 *   ... scripts/openapi.ts --check    exit 1 when a committed file is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { buildOpenApiDocument } from '../packages/api-client/src/openapi/document.js';
import { contractMarkdown } from './openapi-markdown.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OPENAPI_FILE = path.join(ROOT, 'packages/api-client/openapi.json');
export const GUIDE_FILE = path.join(ROOT, 'docs/connect-your-backend.md');
const BEGIN = '<!-- openapi:begin (written by npm run openapi from openapi.json; do not edit) -->';
const END = '<!-- openapi:end -->';

/** The guide with its generated part replaced. */
function guideText(current: string): string {
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${GUIDE_FILE} has no openapi markers`);
  const part = contractMarkdown(buildOpenApiDocument());
  return `${current.slice(0, start)}${BEGIN}\n\n${part}\n\n${current.slice(end)}`;
}

const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/** The document as the committed file holds it (prettier's JSON style). */
export async function openApiText(): Promise<string> {
  const options = (await prettier.resolveConfig(OPENAPI_FILE)) ?? {};
  return prettier.format(JSON.stringify(buildOpenApiDocument()), { ...options, parser: 'json' });
}

const text = await openApiText();
const guide = read(GUIDE_FILE);
const guideNew = guideText(guide);
if (process.argv.includes('--check')) {
  const stale = [
    ...(read(OPENAPI_FILE) === text ? [] : [OPENAPI_FILE]),
    ...(guide === guideNew ? [] : [GUIDE_FILE]),
  ];
  if (stale.length > 0) {
    const names = stale.map((f) => path.relative(ROOT, f)).join(', ');
    console.error(`${names} out of date: run \`npm run openapi\` and commit the result.`);
    process.exitCode = 1;
  } else console.log('openapi.json and the guide are up to date.');
} else {
  writeFileSync(OPENAPI_FILE, text);
  writeFileSync(GUIDE_FILE, guideNew);
  console.log(`wrote ${path.relative(ROOT, OPENAPI_FILE)} and ${path.relative(ROOT, GUIDE_FILE)}`);
}
