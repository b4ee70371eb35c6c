/**
 * Release dry run: what `lerna version <bump>` and `npm publish` would do, in a throwaway copy.
 *
 * The copy holds the repository's tracked files as they are in the working tree, committed in a
 * fresh git repository, plus the build output of each published package (dist, the custom
 * elements manifest: what `files` lists and git ignores). In it, `lerna version <bump> --yes
 * --no-push` bumps every package to one version (lerna.json: fixed mode, forcePublish, exact
 * pins), updates package-lock.json, commits and tags — locally, in the copy; then
 * `npm publish --dry-run --offline` runs for every published package. The working tree is never
 * written, so it stays as clean as it was; the copy is removed.
 *
 *   npm run build && npm run release:dry [-- minor|major|<version>]   (default: patch)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  publishedPackages,
  readJson,
  ROOT,
  workspacePackages,
  type PackageJson,
} from './pack-check.js';

const LERNA = path.join(ROOT, 'node_modules/.bin/lerna');

export interface DryPublish {
  name: string;
  version: string;
  files: string[];
}

export interface ReleaseDryResult {
  previous: string;
  /** lerna.json's version after the bump. */
  version: string;
  /** Tags lerna made on the release commit (in the copy). */
  tags: string[];
  /** Subject of the release commit (in the copy). */
  commit: string;
  /** `git status --porcelain` of the copy after lerna (empty: lerna committed everything). */
  leftover: string;
  /** Every workspace package's manifest after the bump, by folder. */
  manifests: Record<string, PackageJson>;
  /** What `npm publish --dry-run` would publish. */
  published: DryPublish[];
}

/** `npm publish --dry-run --json` (and `npm pack --json`) for one package. */
interface NpmPublishJson {
  name: string;
  version: string;
  files: { path: string }[];
}

const isPublishJson = (value: object): value is NpmPublishJson =>
  'name' in value && typeof value.name === 'string';

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** The working tree's tracked files, copied into a new repository with one commit. */
function snapshot(dest: string, root: string): void {
  const tracked = git(root, 'ls-files', '-z').split('\0').filter(Boolean);
  for (const file of tracked) {
    const from = path.join(root, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
    copyFileSync(from, path.join(dest, file));
  }
  git(dest, 'init', '--quiet', '--initial-branch', 'main');
  git(dest, 'config', 'user.name', 'Runsight release dry run');
  git(dest, 'config', 'user.email', 'release-dry-run@localhost');
  git(dest, 'config', 'commit.gpgsign', 'false');
  git(dest, 'config', 'tag.gpgsign', 'false');
  git(dest, 'add', '--all');
  git(dest, 'commit', '--quiet', '--no-verify', '-m', 'snapshot of the working tree');
}

/** The build output of the published packages: what `files` lists that git does not track. */
function copyBuildOutput(dest: string, root: string): void {
  for (const { dir, manifest } of publishedPackages(root)) {
    for (const entry of (manifest.files ?? []).filter((f) => !f.startsWith('!'))) {
      const from = path.join(root, dir, entry);
      if (!existsSync(from) || existsSync(path.join(dest, dir, entry))) continue;
      cpSync(from, path.join(dest, dir, entry), { recursive: true });
    }
    if (!existsSync(path.join(dest, dir, 'dist')))
      throw new Error(`${manifest.name}: ${dir}/dist is missing, run npm run build first`);
  }
}

/** Runs the dry run; the copy is removed unless `keep`. */
export function releaseDry(bump = 'patch', { keep = false, root = ROOT } = {}): ReleaseDryResult {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'runsight-release-'));
  try {
    snapshot(copy, root);
    copyBuildOutput(copy, root);
    const previous = readJson<{ version: string }>(path.join(copy, 'lerna.json')).version;

    execFileSync(LERNA, ['version', bump, '--yes', '--no-push', '--loglevel', 'warn'], {
      cwd: copy,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', CI: 'true' },
    });

    const published = publishedPackages(copy);
    const out = execFileSync(
      'npm',
      [
        'publish',
        '--dry-run',
        '--offline',
        '--json',
        '--ignore-scripts',
        ...published.flatMap((p) => ['-w', p.dir]),
      ],
      { cwd: copy, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // One workspace: that package's object; several: an object by package name.
    const parsed = JSON.parse(out) as Record<string, NpmPublishJson> | NpmPublishJson;
    const entries = isPublishJson(parsed) ? [parsed] : Object.values(parsed);

    return {
      previous,
      version: readJson<{ version: string }>(path.join(copy, 'lerna.json')).version,
      tags: git(copy, 'tag', '--points-at', 'HEAD').split('\n').filter(Boolean),
      commit: git(copy, 'log', '-1', '--format=%s'),
      leftover: git(copy, 'status', '--porcelain'),
      manifests: Object.fromEntries(workspacePackages(copy).map((p) => [p.dir, p.manifest])),
      published: entries.map((e) => ({
        name: e.name,
        version: e.version,
        files: e.files.map((f) => f.path),
      })),
    };
  } finally {
    if (!keep) rmSync(copy, { recursive: true, force: true });
    else console.log(`release-dry: the copy is kept at ${copy}`);
  }
}

/** What a sound release looks like; the problems of `result` (none: the release would work). */
export function releaseProblems(result: ReleaseDryResult, root = ROOT): string[] {
  const problems: string[] = [];
  const { version } = result;
  if (version === result.previous) problems.push(`lerna left the version at ${version}`);
  if (!result.tags.includes(`v${version}`))
    problems.push(`no tag v${version} on the release commit`);
  if (result.leftover) problems.push(`lerna left changes uncommitted:\n${result.leftover}`);
  const names = new Set(publishedPackages(root).map((p) => p.manifest.name));
  for (const [dir, manifest] of Object.entries(result.manifests)) {
    if (manifest.version !== version)
      problems.push(`${dir} is at ${manifest.version}, not ${version}`);
    for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
      if (names.has(dep) && range !== version)
        problems.push(`${manifest.name} pins ${dep}@${range}, not ${version}`);
    }
  }
  const publishedNames = result.published.map((p) => p.name).sort();
  if (publishedNames.join() !== [...names].sort().join())
    problems.push(`would publish ${publishedNames.join(', ')}, not ${[...names].join(', ')}`);
  for (const p of result.published) {
    if (p.version !== version)
      problems.push(`would publish ${p.name}@${p.version}, not ${version}`);
    if (!p.files.includes('LICENSE')) problems.push(`${p.name}'s tarball has no LICENSE`);
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const bump = args.find((a) => !a.startsWith('--')) ?? 'patch';
  const result = releaseDry(bump, { keep: args.includes('--keep') });
  console.log(`release-dry: lerna version ${bump}: ${result.previous} -> ${result.version}`);
  console.log(
    `  commit "${result.commit}", tags ${result.tags.join(', ') || '(none)'} (in the copy)`,
  );
  for (const p of result.published)
    console.log(`  npm publish --dry-run: ${p.name}@${p.version} (${p.files.length} files)`);
  const problems = releaseProblems(result);
  for (const p of problems) console.error(`  - ${p}`);
  if (problems.length > 0) {
    console.error('release-dry: the release would not be sound (see above).');
    process.exitCode = 1;
  } else {
    console.log(
      'release-dry: ok (nothing pushed, tagged or published; the working tree untouched)',
    );
  }
}
