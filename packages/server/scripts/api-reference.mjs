/**
 * Builds the rendered API reference the server serves at /api-reference/: Redoc (through
 * `redocly build-docs --inlineBundle`, so nothing is fetched from a CDN) over the contract's
 * OpenAPI document, @runsight/api-client/openapi.json. The page's inline scripts are moved into
 * files of their own so that the route's Content-Security-Policy needs no inline script.
 *
 *   node scripts/api-reference.mjs       (part of the server's build)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../dist/api-reference');
const require = createRequire(import.meta.url);
const document = require.resolve('@runsight/api-client/openapi.json');
// @redocly/cli has no `exports`: its bin is found next to its package.json
const cli = path.join(path.dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');

const scratch = mkdtempSync(path.join(os.tmpdir(), 'runsight-api-reference-'));
try {
  const html = path.join(scratch, 'index.html');
  const run = spawnSync(
    process.execPath,
    [
      cli,
      'build-docs',
      document,
      '--inlineBundle',
      '--output',
      html,
      '--title',
      'Runsight API reference',
      '--lint-config',
      'off',
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  if (run.status !== 0) {
    process.stderr.write(`${run.stdout}${run.stderr}`);
    throw new Error(`api-reference: redocly build-docs exited ${String(run.status)}`);
  }
  let page = readFileSync(html, 'utf8');
  // The module (Redoc, the document, hydrate) is the first module script and ends at the
  // page's last </script>; the colour-mode script is the one plain script before it.
  const moduleOpen = '<script type="module">';
  const start = page.indexOf(moduleOpen);
  const end = page.lastIndexOf('</script>');
  if (start < 0 || end < start) throw new Error('api-reference: unexpected build-docs output');
  const redoc = page.slice(start + moduleOpen.length, end);
  page = `${page.slice(0, start)}<script type="module" src="redoc.js"></script>${page.slice(end + '</script>'.length)}`;
  const colorOpen = page.lastIndexOf('<script>', start);
  const colorEnd = page.indexOf('</script>', colorOpen);
  const files = { 'redoc.js': redoc };
  if (colorOpen >= 0 && colorEnd > colorOpen) {
    files['color-mode.js'] = page.slice(colorOpen + '<script>'.length, colorEnd);
    page = `${page.slice(0, colorOpen)}<script src="color-mode.js"></script>${page.slice(colorEnd + '</script>'.length)}`;
  }
  if (/<script>/.test(page)) throw new Error('api-reference: an inline script is left');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'index.html'), page);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(out, name), text);
  console.log(
    `api-reference: ${path.relative(process.cwd(), out)} (${Math.round(redoc.length / 1024)} KiB script)`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
