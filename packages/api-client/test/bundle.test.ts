/** The browser bundle of the main entry: small, and free of test-only code (msw, fixtures). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

describe('main entry bundle', () => {
  it('stays under 10 KB gzipped and never pulls in msw or the fixtures', async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['source'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.equal(inputs.filter((path) => /msw|fixtures/.test(path)).length, 0, inputs.join('\n'));
    assert.ok(
      inputs.some((path) => path.includes('node_modules/valibot/')),
      'the schemas are valibot',
    );
    assert.equal(inputs.filter((path) => path.includes('node_modules/zod/')).length, 0, 'no zod');
    const gzipped = gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
    assert.ok(gzipped < 10 * 1024, `${gzipped} bytes gzipped`);
  });
});
