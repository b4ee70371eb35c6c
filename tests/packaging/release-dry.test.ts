/**
 * The release dry run (npm run release:dry): lerna bumps the packages in lockstep, pins them
 * exactly to each other, commits and tags in a throwaway copy, and `npm publish --dry-run` would
 * publish the four packages at the new version; the working tree and its tags are untouched.
 * Needs the build (`npm run build`): the copy publishes the built dist.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, workspacePackages } from '../../scripts/pack-check.js';
import { releaseDry, releaseProblems, type ReleaseDryResult } from '../../scripts/release-dry.js';

/** What a release changes in the repository: the manifests, lerna.json, the lockfile, tags. */
function releaseState(): string {
  const files = [
    'lerna.json',
    'package.json',
    'package-lock.json',
    ...workspacePackages().map((p) => `${p.dir}/package.json`),
  ];
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(readFileSync(path.join(ROOT, file)));
  hash.update(execFileSync('git', ['tag', '--list'], { cwd: ROOT, encoding: 'utf8' }));
  return hash.digest('hex');
}

describe('release dry run', () => {
  it('bumps, pins, tags and would publish the four packages; the working tree is untouched', () => {
    const before = releaseState();
    const current = JSON.parse(readFileSync(path.join(ROOT, 'lerna.json'), 'utf8')) as {
      version: string;
    };
    const result = releaseDry('minor');
    assert.equal(releaseState(), before);

    assert.deepEqual(releaseProblems(result), []);
    const [major, minor] = current.version.split('.').map(Number);
    const next = `${major}.${minor! + 1}.0`;
    assert.equal(result.previous, current.version);
    assert.equal(result.version, next);
    assert.deepEqual(result.tags, [`v${next}`]);
    assert.equal(result.commit, `release: v${next}`);
    assert.deepEqual(
      result.published.map((p) => `${p.name}@${p.version}`),
      [
        '@runsight/active-state',
        '@runsight/api-client',
        '@runsight/conformance',
        '@runsight/widgets',
      ].map((name) => `${name}@${next}`),
    );
    // The private server moves with them (its exact pins stay satisfied) but is not published.
    const server = result.manifests['packages/server']!;
    assert.equal(server.version, next);
    assert.equal(server.dependencies?.['@runsight/api-client'], next);
    assert.equal(
      result.manifests['packages/widgets']!.dependencies?.['@runsight/active-state'],
      next,
    );
    const widgets = result.published.find((p) => p.name === '@runsight/widgets')!;
    assert.ok(widgets.files.includes('dist/runsight.js'), 'the built bundle is published');
    assert.ok(widgets.files.includes('custom-elements.json'));
    assert.ok(!widgets.files.some((f) => /\.(test|stories)\.ts$/.test(f)));
    // The conformance CLI pins its siblings and ships its bin; the client ships the document.
    const conformance = result.manifests['packages/conformance']!;
    assert.equal(conformance.dependencies?.['@runsight/api-client'], next);
    const cli = result.published.find((p) => p.name === '@runsight/conformance')!;
    assert.ok(cli.files.includes('dist/cli.js'), 'the bin is published');
    assert.ok(!cli.files.some((f) => f.startsWith('test/')));
    const client = result.published.find((p) => p.name === '@runsight/api-client')!;
    assert.ok(client.files.includes('openapi.json'), 'the OpenAPI document is published');
    assert.ok(!client.files.some((f) => f.startsWith('src/openapi/')));
  });

  it('a result that is not a lockstep release has problems', () => {
    const sound: ReleaseDryResult = {
      previous: '0.1.0',
      version: '0.1.1',
      tags: ['v0.1.1'],
      commit: 'release: v0.1.1',
      leftover: '',
      manifests: {
        'packages/active-state': { name: '@runsight/active-state', version: '0.1.1' },
        'packages/api-client': {
          name: '@runsight/api-client',
          version: '0.1.1',
          dependencies: { '@runsight/active-state': '0.1.1' },
        },
      },
      published: ['active-state', 'api-client', 'conformance', 'widgets'].map((p) => ({
        name: `@runsight/${p}`,
        version: '0.1.1',
        files: ['LICENSE', 'package.json'],
      })),
    };
    assert.deepEqual(releaseProblems(sound), []);
    const broken: ReleaseDryResult = {
      ...sound,
      tags: [],
      leftover: ' M package-lock.json',
      manifests: {
        'packages/api-client': {
          name: '@runsight/api-client',
          version: '0.1.0',
          dependencies: { '@runsight/active-state': '^0.1.1' },
        },
      },
      published: sound.published.slice(1).map((p) => ({ ...p, files: ['package.json'] })),
    };
    assert.deepEqual(releaseProblems(broken), [
      'no tag v0.1.1 on the release commit',
      'lerna left changes uncommitted:\n M package-lock.json',
      'packages/api-client is at 0.1.0, not 0.1.1',
      '@runsight/api-client pins @runsight/active-state@^0.1.1, not 0.1.1',
      'would publish @runsight/api-client, @runsight/conformance, @runsight/widgets, not @runsight/active-state, @runsight/api-client, @runsight/conformance, @runsight/widgets',
      "@runsight/api-client's tarball has no LICENSE",
      "@runsight/conformance's tarball has no LICENSE",
      "@runsight/widgets's tarball has no LICENSE",
    ]);
  });
});
