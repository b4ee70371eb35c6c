/**
 * `npx runsight-conformance` from the packed tarballs (conformance, api-client, active-state),
 * installed in a folder outside the repository the way a host's CI would: its help, and a run
 * against the reference server. Needs the build (`npm run build`).
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer, type RunsightServer } from '@runsight/server';
import { npmPack, ROOT } from '../../scripts/pack-check.js';

const PACKAGES = ['packages/active-state', 'packages/api-client', 'packages/conformance'];

describe('runsight-conformance from its packed tarball', () => {
  let host: string;
  let server: RunsightServer;
  before(async () => {
    host = mkdtempSync(path.join(os.tmpdir(), 'runsight-conformance-host-'));
    assert.ok(
      !path.relative(ROOT, host).match(/^[^.]/),
      'the host folder is outside the repository',
    );
    const tarballs = npmPack(host, ROOT, PACKAGES);
    writeFileSync(path.join(host, 'package.json'), '{ "name": "host", "private": true }\n');
    execFileSync('npm', ['i', '--ignore-scripts', '--no-audit', '--no-fund', ...tarballs], {
      cwd: host,
      stdio: 'ignore',
    });
    server = await createServer({
      history: 20,
      timeScale: 1,
      simulation: { enabled: false, autoSpawn: false, warmStart: true },
      publicDir: null,
      widgetsBundle: null,
      apiReferenceDir: null,
    });
  });
  after(async () => {
    await server?.close();
    if (host) rmSync(host, { recursive: true, force: true });
  });

  // Asynchronous: the reference server answers from this process meanwhile.
  const npx = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'npx',
        ['--no-install', 'runsight-conformance', ...args],
        { cwd: host, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
        (err, stdout, stderr) => {
          const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
          resolve({ status: code, stdout, stderr });
        },
      );
    });

  it('prints its help', async () => {
    const run = await npx('--help');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /runsight-conformance --base-url URL --token TOKEN --workspace WS/);
  });

  it('checks the reference server with the document it ships with', async () => {
    const run = await npx(
      '--base-url',
      `${server.url as string}/api`,
      '--token',
      'demo-admin',
      '--workspace',
      'ws_1',
      '--only',
      'envelopes,errors,caching',
    );
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /PASS {2}envelopes/);
    assert.match(run.stdout, /3 passed, 0 failed, 10 skipped/);
  });
});
