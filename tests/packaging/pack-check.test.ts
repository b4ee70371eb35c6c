/**
 * scripts/pack-check.ts finds what a registry should not receive: each rule is shown to fail on a
 * small package built here that breaks it (and to pass on the same package kept sound), publint
 * and attw are shown to report through it, and the repository publishes exactly its four
 * packages (the server is private).
 *
 *   node --import tsx --test tests/packaging/*.test.ts      (npm run test:packaging)
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  checkTarball,
  checkUnpacked,
  importSpecifiers,
  npmPack,
  publishedPackages,
  ROOT,
  workspacePackages,
  type Expectations,
  type PackageJson,
} from '../../scripts/pack-check.js';

const LICENSE = readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
const EXPECTED: Expectations = {
  directory: 'packages/good',
  version: '1.2.0',
  licenseText: LICENSE,
  siblings: ['@fixture/good', '@fixture/sibling'],
};

const sound = (): PackageJson & Record<string, unknown> => ({
  name: '@fixture/good',
  version: '1.2.0',
  type: 'module',
  license: 'MIT',
  repository: {
    type: 'git',
    url: 'git+https://example.com/fixture.git',
    directory: 'packages/good',
  },
  homepage: 'https://example.com/fixture#readme',
  bugs: { url: 'https://example.com/fixture/issues' },
  exports: {
    '.': { source: './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
    './package.json': './package.json',
  },
  files: ['dist', 'src', '!src/**/*.test.ts', '!src/testing', 'LICENSE'],
  publishConfig: { access: 'public' },
  sideEffects: false,
  dependencies: { '@fixture/sibling': '1.2.0' },
});

const map = (sources: string[], sourcesContent?: string[]): string =>
  JSON.stringify({
    version: 3,
    file: 'x.js',
    sources,
    sourcesContent,
    names: [],
    mappings: 'AAAA',
  });

/** A sound package in a new folder; `change` edits its files before they are written. */
function makePackage(change: (files: Map<string, string>) => void = () => {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runsight-fixture-'));
  const files = new Map<string, string>([
    ['package.json', JSON.stringify(sound(), null, 2)],
    ['LICENSE', LICENSE],
    ['README.md', '# fixture\n'],
    ['src/index.ts', "export { answer } from './answer.js';\n"],
    ['src/answer.ts', 'export const answer: number = 42;\n'],
    ['src/index.test.ts', "import { answer } from './index.js';\nvoid answer;\n"],
    ['src/testing/helper.ts', 'export const helper = 1;\n'],
    ['dist/index.js', "export { answer } from './answer.js';\n//# sourceMappingURL=index.js.map\n"],
    ['dist/index.js.map', map(['../src/index.ts'])],
    ['dist/answer.js', 'export const answer = 42;\n//# sourceMappingURL=answer.js.map\n'],
    ['dist/answer.js.map', map(['../src/answer.ts'])],
    ['dist/index.d.ts', "export { answer } from './answer.js';\n"],
    ['dist/answer.d.ts', 'export declare const answer: number;\n'],
    // A bundle whose map points outside the package, with the sources' content inside it.
    ['dist/bundle.js', 'export const b = 1;\n//# sourceMappingURL=bundle.js.map\n'],
    [
      'dist/bundle.js.map',
      map(['../../other/src/b.ts', '../../../node_modules/dep/b.js'], ['b', 'c']),
    ],
  ]);
  change(files);
  for (const [file, text] of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const editJson = (files: Map<string, string>, edit: (pkg: Record<string, unknown>) => void) => {
  const pkg = JSON.parse(files.get('package.json')!) as Record<string, unknown>;
  edit(pkg);
  files.set('package.json', JSON.stringify(pkg, null, 2));
};

const made: string[] = [];
/** Own rules on a folder laid out as an unpacked tarball (no packing: fast). */
function problemsOf(change: (files: Map<string, string>) => void): string[] {
  const dir = makePackage((files) => {
    // As a tarball would hold it: `files` already applied.
    files.delete('src/index.test.ts');
    files.delete('src/testing/helper.ts');
    change(files);
  });
  made.push(dir);
  return checkUnpacked(dir, EXPECTED);
}

after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('pack-check rules on an unpacked package', () => {
  it('a sound package has no problem', () => {
    assert.deepEqual(
      problemsOf(() => {}),
      [],
    );
  });

  it('needs the MIT LICENSE file, the same text as the repository', () => {
    assert.deepEqual(
      problemsOf((f) => f.delete('LICENSE')),
      ['no LICENSE file'],
    );
    assert.deepEqual(
      problemsOf((f) => f.set('LICENSE', 'ISC')),
      ["LICENSE differs from the repository's LICENSE"],
    );
    assert.deepEqual(
      problemsOf((f) => editJson(f, (p) => (p.license = 'ISC'))),
      ['license is ISC, not MIT'],
    );
  });

  it('needs repository (git, https, this folder), homepage, bugs and public access', () => {
    assert.deepEqual(
      problemsOf((f) => editJson(f, (p) => delete p.repository)),
      [
        'repository is not { type: "git", url: "git+https://….git" }',
        'repository.directory is undefined, not packages/good',
      ],
    );
    assert.deepEqual(
      problemsOf((f) =>
        editJson(f, (p) => {
          (p.repository as { directory: string }).directory = 'packages/other';
          delete p.homepage;
          p.bugs = 'mailto:someone@example.com';
          delete p.publishConfig;
        }),
      ),
      [
        'repository.directory is packages/other, not packages/good',
        'no https homepage',
        'no https bugs URL',
        'scoped package without publishConfig.access "public"',
      ],
    );
  });

  it('holds one version, pinned exactly between the published packages', () => {
    assert.deepEqual(
      problemsOf((f) =>
        editJson(f, (p) => {
          p.version = '1.1.0';
          p.dependencies = { '@fixture/sibling': '^1.2.0', lit: '^3.0.0' };
        }),
      ),
      [
        'version 1.1.0, not the release version 1.2.0',
        'dependency @fixture/sibling@^1.2.0, not 1.2.0',
      ],
    );
  });

  it('ships no test-only file', () => {
    assert.deepEqual(
      problemsOf((f) => {
        f.set('src/ops.test.ts', '');
        f.set('src/ops.stories.ts', '');
        f.set('src/testing/harness.ts', '');
        f.set('src/test-support.ts', '');
        f.set('dist/.tsbuildinfo', '{}');
        f.set('dist/.vite/manifest.json', '{}');
      }),
      [
        'test-only file shipped: dist/.tsbuildinfo',
        'test-only file shipped: dist/.vite/manifest.json',
        'test-only file shipped: src/ops.stories.ts',
        'test-only file shipped: src/ops.test.ts',
        'test-only file shipped: src/test-support.ts',
        'test-only file shipped: src/testing/harness.ts',
      ],
    );
  });

  it('resolves every export target and relative import inside the package', () => {
    assert.deepEqual(
      problemsOf((f) => {
        f.delete('dist/answer.d.ts');
        f.set('src/index.ts', "export { helper } from './testing/helper.js';\n");
      }),
      [
        'dist/index.d.ts imports ./answer.js, which is not in the package',
        'src/index.ts imports ./testing/helper.js, which is not in the package',
      ],
    );
    assert.deepEqual(
      problemsOf((f) => f.delete('dist/index.d.ts')),
      ['export target missing: ./dist/index.d.ts'],
    );
  });

  it('allows bare imports of declared dependencies only (declarations included)', () => {
    assert.deepEqual(
      problemsOf((f) => {
        f.set('dist/answer.d.ts', 'export declare const a: import("lit-html").TemplateResult;\n');
        f.set('dist/answer.js', "import '@fixture/sibling/x.js';\nimport 'node:fs';\n");
        f.set('dist/index.js', "export { a } from 'left-pad';\nawait import('@fixture/good');\n");
      }),
      [
        'dist/answer.d.ts imports lit-html, but lit-html is not a dependency',
        'dist/index.js imports left-pad, but left-pad is not a dependency',
      ],
    );
  });

  it('lets a declared @types package meet the imports of declarations only', () => {
    assert.deepEqual(
      problemsOf((f) => {
        editJson(f, (pkg) => {
          pkg.peerDependencies = { '@types/react': '^19.0.0' };
          pkg.peerDependenciesMeta = { '@types/react': { optional: true } };
        });
        f.set('dist/react.d.ts', "import type { HTMLAttributes } from 'react';\nexport {};\n");
        f.set('dist/react.js', "import 'react';\n");
      }),
      ['dist/react.js imports react, but react is not a dependency'],
    );
  });

  it('needs every source map usable: sourcesContent, or the source in the package', () => {
    assert.deepEqual(
      problemsOf((f) => {
        f.delete('src/answer.ts');
        f.set('dist/bundle.js.map', map(['../../other/src/b.ts', '../src/index.ts']));
        f.set(
          'dist/index.js',
          "export { answer } from './answer.js';\n//# sourceMappingURL=gone.map\n",
        );
      }),
      [
        'dist/answer.js.map: source ../src/answer.ts has no sourcesContent and is not in the package',
        'dist/bundle.js.map: source ../../other/src/b.ts has no sourcesContent and is not in the package',
        'dist/index.js points to a missing source map gone.map',
        'src/index.ts imports ./answer.js, which is not in the package',
      ],
    );
  });

  it('reads static, side-effect and dynamic imports, not documentation comments', () => {
    const code = [
      "import { a } from './a.js';",
      "import './b.js';",
      "export * from 'c';",
      'const d = await import("./d.js");',
      " * import { e } from 'e-in-a-comment';",
      "// import 'f-in-a-comment';",
      'export type { G } from "./g.js";',
    ].join('\n');
    assert.deepEqual(importSpecifiers(code).sort(), ['./a.js', './b.js', './d.js', './g.js', 'c']);
  });
});

describe('pack-check on packed tarballs (npm pack, publint, attw)', () => {
  let dest: string;
  before(() => {
    dest = mkdtempSync(path.join(os.tmpdir(), 'runsight-fixture-tgz-'));
  });
  after(() => rmSync(dest, { recursive: true, force: true }));

  const pack = (change?: (files: Map<string, string>) => void): string => {
    const dir = makePackage(change);
    made.push(dir);
    const [tarball] = npmPack(dest, dir);
    return tarball!;
  };

  it('a sound package passes, and `files` keeps its tests and test helpers out', async () => {
    const report = await checkTarball(pack(), EXPECTED);
    assert.deepEqual(report.problems, []);
    assert.equal(report.name, '@fixture/good');
    assert.ok(report.files.includes('LICENSE') && report.files.includes('src/index.ts'));
    assert.ok(!report.files.includes('src/index.test.ts'));
    assert.ok(!report.files.includes('src/testing/helper.ts'));
    assert.ok(report.size > 0 && report.unpackedSize > report.size);
  });

  it('a `files` without the exclusions ships tests and test helpers', async () => {
    const tarball = pack((f) => editJson(f, (p) => (p.files = ['dist', 'src'])));
    const report = await checkTarball(tarball, EXPECTED);
    assert.deepEqual(report.problems, [
      'test-only file shipped: src/index.test.ts',
      'test-only file shipped: src/testing/helper.ts',
    ]);
  });

  it('reports what publint finds', async () => {
    const tarball = pack((f) =>
      editJson(f, (p) => {
        p.exports = { '.': { default: './dist/index.js', types: './dist/index.d.ts' } };
      }),
    );
    const { problems } = await checkTarball(tarball, EXPECTED);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0]!, /^publint error EXPORTS_TYPES_SHOULD_BE_FIRST: /);
    assert.match(problems[1]!, /^publint error EXPORTS_DEFAULT_SHOULD_BE_LAST: /);
  });

  it('reports what attw finds (ESM-only profile)', async () => {
    // Types that say CommonJS (.d.cts) for an ES module: attw's "masquerading as CJS".
    const tarball = pack((f) => {
      f.set('dist/index.d.cts', f.get('dist/index.d.ts')!);
      editJson(f, (p) => {
        p.exports = { '.': { types: './dist/index.d.cts', default: './dist/index.js' } };
      });
    });
    const { problems } = await checkTarball(tarball, EXPECTED);
    const attw = problems.filter((p) => p.startsWith('attw found problems'));
    assert.equal(attw.length, 1, problems.join('\n'));
    assert.match(attw[0]!, /Masquerading as CJS|FalseCJS|false-cjs/i);
  });
});

describe('the repository', () => {
  it('publishes exactly its four packages; the server is private', () => {
    assert.deepEqual(
      publishedPackages().map((p) => p.manifest.name),
      [
        '@runsight/active-state',
        '@runsight/api-client',
        '@runsight/conformance',
        '@runsight/widgets',
      ],
    );
    const server = workspacePackages().find((p) => p.dir === 'packages/server');
    assert.equal(server?.manifest.private, true);
  });

  it('has one LICENSE text in the root and in every published package', () => {
    for (const { dir } of publishedPackages()) {
      assert.equal(readFileSync(path.join(ROOT, dir, 'LICENSE'), 'utf8'), LICENSE, dir);
    }
    assert.match(LICENSE, /^MIT License\n\nCopyright \(c\) \d{4} Runsight contributors\n/);
  });
});
