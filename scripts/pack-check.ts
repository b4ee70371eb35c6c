/**
 * The published packages as a registry would receive them: each is packed with `npm pack` (the
 * tarball a host installs) and the tarball is checked by
 *   - the rules below: the MIT LICENSE, `repository`/`homepage`/`bugs`/`publishConfig`, one fixed
 *     version (lerna.json's) for the packages and their pins on each other, no test-only file
 *     (tests, stories, test helpers, build info), every `exports` target and relative import
 *     inside the tarball, every bare import a declared dependency, and every source map usable
 *     (`sourcesContent` for each source, or the source itself in the tarball);
 *   - publint (every level, warnings as errors);
 *   - @arethetypeswrong/cli, ESM-only profile (the packages are ESM only: node10 and CommonJS
 *     resolution are out of scope).
 *
 *   npm run build && npm run check:packages      (part of npm test, after npm run size)
 *   node --import tsx scripts/pack-check.ts --keep DIR            keep the tarballs in DIR
 *   node --import tsx scripts/pack-check.ts --install-size        + bytes a host installs
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ATTW = path.join(ROOT, 'node_modules/.bin/attw');

export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  repository?: { type?: string; url?: string; directory?: string } | string;
  homepage?: string;
  bugs?: { url?: string } | string;
  publishConfig?: { access?: string };
  exports?: unknown;
  files?: string[];
  workspaces?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  /** Folder inside the repository, e.g. `packages/widgets`. */
  dir: string;
  manifest: PackageJson;
}

export const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Every workspace package of the repository at `root`, in the order of `workspaces`. */
export function workspacePackages(root = ROOT): WorkspacePackage[] {
  const workspaces = readJson<PackageJson>(path.join(root, 'package.json')).workspaces ?? [];
  return workspaces.map((dir) => ({
    dir,
    manifest: readJson<PackageJson>(path.join(root, dir, 'package.json')),
  }));
}

/** The packages a release publishes: every workspace package not marked private. */
export const publishedPackages = (root = ROOT): WorkspacePackage[] =>
  workspacePackages(root).filter((p) => p.manifest.private !== true);

/** What every published tarball must agree with. */
export interface Expectations {
  /** The package's folder in the repository (`repository.directory`). */
  directory: string;
  /** The one version of the published packages (lerna.json, fixed mode). */
  version: string;
  /** The text of the repository's LICENSE. */
  licenseText: string;
  /** Names of the published packages (their pins on each other must be exactly `version`). */
  siblings: string[];
}

/** Files a host never needs: tests, stories, test helpers, build bookkeeping. */
const TEST_ONLY: RegExp[] = [
  /\.(test|spec|stories)\.(d\.)?[cm]?[jt]s(\.map)?$/,
  /^(src|dist)\/testing\//,
  /(^|\/)test-support\.(d\.)?[cm]?[jt]s(\.map)?$/,
  /(^|\/)(test|tests|__tests__)\//,
  /\.tsbuildinfo$/,
  /^dist\/\.vite\//,
];

/** Every file under `dir`, as POSIX paths relative to it. */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

/** Every string target of an `exports` value (all conditions, all subpaths). */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(exportTargets);
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

const IMPORT_PATTERNS = [
  /(?:^|[\s;}])(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"\n]+)['"]/g,
  /(?:^|[\s;}])import\s*['"]([^'"\n]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
];

/** Module specifiers a JavaScript or TypeScript file imports (static, side-effect, dynamic). */
export function importSpecifiers(code: string): string[] {
  // Comment lines are documentation (examples of host code), not imports.
  const text = code
    .split('\n')
    .filter((line) => !/^\s*(\*|\/\/)/.test(line))
    .join('\n');
  return [...new Set(IMPORT_PATTERNS.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!)))];
}

/** The package name of a bare specifier (`lit/directives/x.js` → `lit`, `@a/b/c` → `@a/b`). */
const packageOf = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** The DefinitelyTyped package of a package's types (`react` → `@types/react`, `@a/b` → `@types/a__b`). */
const typesPackageOf = (name: string): string =>
  `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;

/**
 * Files a relative import of `importer` may mean, written the TypeScript way (`./x.js`): a
 * declaration file needs the declaration, a TypeScript source the source (or a declaration).
 */
function candidates(target: string, importer: string): string[] {
  const stem = target.replace(/\.([cm]?)js$/, '');
  if (/\.d\.[cm]?ts$/.test(importer)) return [`${stem}.d.ts`, `${target}/index.d.ts`];
  if (/\.[cm]?ts$/.test(importer)) return [`${stem}.ts`, `${stem}.tsx`, `${stem}.d.ts`, target];
  return [target, `${target}/index.js`];
}

/** Problems of an unpacked package (the `package/` folder of a tarball), by the rules above. */
export function checkUnpacked(dir: string, expected: Expectations): string[] {
  const problems: string[] = [];
  const files = listFiles(dir);
  const shipped = new Set(files);
  const pkg = readJson<PackageJson>(path.join(dir, 'package.json'));

  // License and where the package comes from.
  if (pkg.license !== 'MIT') problems.push(`license is ${String(pkg.license)}, not MIT`);
  if (!shipped.has('LICENSE')) problems.push('no LICENSE file');
  else if (readFileSync(path.join(dir, 'LICENSE'), 'utf8') !== expected.licenseText)
    problems.push("LICENSE differs from the repository's LICENSE");
  const repo = typeof pkg.repository === 'object' ? pkg.repository : undefined;
  if (repo?.type !== 'git' || !/^git\+https:\/\/.+\.git$/.test(repo.url ?? ''))
    problems.push('repository is not { type: "git", url: "git+https://….git" }');
  if (repo?.directory !== expected.directory)
    problems.push(`repository.directory is ${String(repo?.directory)}, not ${expected.directory}`);
  if (!/^https:\/\//.test(pkg.homepage ?? '')) problems.push('no https homepage');
  const bugs = typeof pkg.bugs === 'object' ? pkg.bugs.url : pkg.bugs;
  if (!/^https:\/\//.test(bugs ?? '')) problems.push('no https bugs URL');
  if (pkg.private === true) problems.push('package is private');
  if (pkg.name.startsWith('@') && pkg.publishConfig?.access !== 'public')
    problems.push('scoped package without publishConfig.access "public"');

  // One version for all published packages, pinned exactly to each other.
  if (pkg.version !== expected.version)
    problems.push(`version ${pkg.version}, not the release version ${expected.version}`);
  const declared = {
    ...pkg.dependencies,
    ...pkg.peerDependencies,
    ...pkg.optionalDependencies,
  };
  for (const [name, range] of Object.entries(declared)) {
    if (expected.siblings.includes(name) && range !== expected.version)
      problems.push(`dependency ${name}@${range}, not ${expected.version}`);
  }

  for (const file of files) {
    if (TEST_ONLY.some((re) => re.test(file))) problems.push(`test-only file shipped: ${file}`);
  }
  for (const target of exportTargets(pkg.exports)) {
    if (!shipped.has(path.posix.normalize(target)))
      problems.push(`export target missing: ${target}`);
  }

  for (const file of files) {
    const full = path.join(dir, file);
    if (/\.(m?js|ts|mts)$/.test(file)) {
      const code = readFileSync(full, 'utf8');
      for (const spec of importSpecifiers(code)) {
        if (spec.startsWith('.')) {
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
          if (!candidates(target, file).some((c) => shipped.has(c)))
            problems.push(`${file} imports ${spec}, which is not in the package`);
        } else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) {
          const name = packageOf(spec);
          // A declaration file's `react` is also met by `@types/react` (TypeScript looks there).
          const types = /\.d\.[cm]?ts$/.test(file) && typesPackageOf(name) in declared;
          if (name !== pkg.name && !(name in declared) && !types)
            problems.push(`${file} imports ${spec}, but ${name} is not a dependency`);
        }
      }
      const mapUrl = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
      if (mapUrl && !mapUrl.startsWith('data:')) {
        const map = path.posix.normalize(path.posix.join(path.posix.dirname(file), mapUrl));
        if (!shipped.has(map)) problems.push(`${file} points to a missing source map ${mapUrl}`);
      }
    }
    if (file.endsWith('.map')) problems.push(...checkSourceMap(dir, file, shipped));
  }
  return problems;
}

interface SourceMap {
  sources?: string[];
  sourcesContent?: (string | null)[];
  sourceRoot?: string;
}

/** A source map is usable when each source has its content or is itself in the package. */
function checkSourceMap(dir: string, file: string, shipped: Set<string>): string[] {
  let map: SourceMap;
  try {
    map = readJson<SourceMap>(path.join(dir, file));
  } catch {
    return [`${file} is not a JSON source map`];
  }
  const missing = (map.sources ?? []).filter((source, i) => {
    if (typeof map.sourcesContent?.[i] === 'string') return false;
    const resolved = path.posix.normalize(
      path.posix.join(path.posix.dirname(file), map.sourceRoot ?? '', source),
    );
    return !shipped.has(resolved);
  });
  return missing.map(
    (source) => `${file}: source ${source} has no sourcesContent and is not in the package`,
  );
}

/** publint on the unpacked files (exactly what the tarball holds), every message a problem. */
export async function publintProblems(dir: string): Promise<string[]> {
  const { messages, pkg } = await publint({
    pkgDir: dir,
    pack: false,
    level: 'suggestion',
    strict: true,
  });
  return messages.map(
    (m) => `publint ${m.type} ${m.code}: ${formatMessage(m, pkg, { color: false }) ?? ''}`,
  );
}

/** @arethetypeswrong/cli on the tarball, ESM-only profile, no fetching of @types packages. */
export function attwProblems(tarball: string): string[] {
  const args = [tarball, '--profile', 'esm-only', '--no-definitely-typed', '--format', 'ascii'];
  const run = spawnSync(ATTW, [...args, '--no-color', '--no-emoji'], { encoding: 'utf8' });
  if (run.status === 0) return [];
  return [`attw found problems (exit ${String(run.status)}):\n${run.stdout}${run.stderr}`];
}

export interface TarballReport {
  name: string;
  version: string;
  tarball: string;
  /** Bytes of the .tgz. */
  size: number;
  /** Bytes of its files, unpacked. */
  unpackedSize: number;
  files: string[];
  problems: string[];
}

/** Unpacks `tarball` into a temporary folder and applies every check. */
export async function checkTarball(
  tarball: string,
  expected: Expectations,
): Promise<TarballReport> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'runsight-pack-'));
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', scratch]);
    const dir = path.join(scratch, 'package');
    const pkg = readJson<PackageJson>(path.join(dir, 'package.json'));
    const files = listFiles(dir);
    const problems = [
      ...checkUnpacked(dir, expected),
      ...(await publintProblems(dir)),
      ...attwProblems(tarball),
    ];
    return {
      name: pkg.name,
      version: pkg.version,
      tarball,
      size: statSync(tarball).size,
      unpackedSize: files.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0),
      files,
      problems,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `npm pack` into `dest` of the package at `cwd`, or of its `workspaces` folders; the tarballs'
 * paths, in order.
 */
export function npmPack(dest: string, cwd: string, workspaces: string[] = []): string[] {
  const out = execFileSync(
    'npm',
    ['pack', '--json', '--pack-destination', dest, ...workspaces.flatMap((d) => ['-w', d])],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return (JSON.parse(out) as { filename: string }[]).map((p) => path.join(dest, p.filename));
}

/** Packs and checks every published package of the repository at `root`. */
export async function checkPackages(dest: string, root = ROOT): Promise<TarballReport[]> {
  const packages = publishedPackages(root);
  for (const { dir } of packages) {
    if (!existsSync(path.join(root, dir, 'dist')))
      throw new Error(`${dir}/dist is missing: run npm run build first`);
  }
  const version = readJson<{ version: string }>(path.join(root, 'lerna.json')).version;
  const licenseText = readFileSync(path.join(root, 'LICENSE'), 'utf8');
  const siblings = packages.map((p) => p.manifest.name);
  const tarballs = npmPack(
    dest,
    root,
    packages.map((p) => p.dir),
  );
  const reports: TarballReport[] = [];
  for (const [i, tarball] of tarballs.entries()) {
    const directory = packages[i]!.dir;
    reports.push(await checkTarball(tarball, { directory, version, licenseText, siblings }));
  }
  return reports;
}

/** Bytes of node_modules of a fresh host that installs `tarballs` (npm i, no scripts). */
export function installSize(tarballs: string[]): { bytes: number; packages: number } {
  const host = mkdtempSync(path.join(os.tmpdir(), 'runsight-host-'));
  try {
    writeFileSync(path.join(host, 'package.json'), '{ "name": "host", "private": true }\n');
    execFileSync('npm', ['i', '--ignore-scripts', '--no-audit', '--no-fund', ...tarballs], {
      cwd: host,
      stdio: 'ignore',
    });
    const modules = path.join(host, 'node_modules');
    const files = listFiles(modules);
    // A package's own package.json: node_modules/<name>/ or node_modules/@scope/<name>/.
    const manifest = /(^|\/)node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/;
    return {
      bytes: files.reduce((sum, f) => sum + statSync(path.join(modules, f)).size, 0),
      packages: files.filter((f) => manifest.test(`node_modules/${f}`)).length,
    };
  } finally {
    rmSync(host, { recursive: true, force: true });
  }
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const keepAt = args.indexOf('--keep');
  const keep = keepAt >= 0 ? path.resolve(args[keepAt + 1] ?? 'packed') : undefined;
  const dest = keep ?? mkdtempSync(path.join(os.tmpdir(), 'runsight-tarballs-'));
  mkdirSync(dest, { recursive: true });
  try {
    const reports = await checkPackages(dest);
    let failed = false;
    for (const r of reports) {
      const status = r.problems.length === 0 ? 'ok' : `${r.problems.length} problem(s)`;
      console.log(
        `${r.name}@${r.version}: ${status} — tarball ${kB(r.size)}, unpacked ${kB(r.unpackedSize)}, ${r.files.length} files`,
      );
      for (const p of r.problems) console.log(`  - ${p}`);
      failed ||= r.problems.length > 0;
    }
    if (args.includes('--install-size')) {
      const size = installSize(reports.map((r) => r.tarball));
      console.log(
        `host installing the tarballs: node_modules ${kB(size.bytes)}, ${size.packages} packages`,
      );
    }
    if (failed) {
      console.error('pack-check: a published package has problems (see above).');
      process.exitCode = 1;
    } else {
      console.log('pack-check: LICENSE, fields, files, source maps, publint, attw (esm-only): ok');
    }
  } finally {
    if (!keep) rmSync(dest, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
