#!/usr/bin/env node
// Size budgets (issue "small, cheap on the network"): the standalone bundle
// packages/widgets/dist/runsight.js minified + gzip, and each package's ESM output.
// Prints the figures and exits 1 when a budget is exceeded or an output is missing.
//
//   node scripts/size-check.mjs          check (npm run size; part of npm test)
//   node scripts/size-check.mjs --json   the figures as JSON (used by npm run bench)
//
// 1 KB = 1000 bytes here (as size-limit's "kB"), the stricter reading of the budget.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const STANDALONE = 'packages/widgets/dist/runsight.js';

/** Budgets in bytes (gzip -9 of minified ESM). */
export const BUDGETS = {
  // The product budget from the issue. NOT met today (≈44 kB; see docs/benchmarks.md for why and
  // what it would take); reported on every run, enforced through the ratchet below.
  standaloneGzipBytes: 25_000,
  // Enforced: the size the bundle has reached (44.95 kB with @lit/task for ops-list "Load more"),
  // plus a small margin. A change that grows the bundle
  // past it fails `npm test`; lower it whenever the bundle shrinks (never raise it silently).
  standaloneGzipRatchetBytes: 46_000,
  // Goal from the issue ("aim for 20"); reported, not enforced.
  standaloneGzipGoalBytes: 20_000,
  // Each package's own code (its dependencies left external), entry bundled and minified:
  // regression guards with headroom over the first measurement. null: reported, not enforced
  // (the widgets ship through the standalone bundle, whose budget covers them; the server
  // never ships to browsers).
  packages: {
    '@runsight/active-state': 3_500,
    '@runsight/api-client': 7_000,
    '@runsight/widgets': null,
    '@runsight/server': null,
  },
};

const PACKAGES = [
  ['@runsight/active-state', 'packages/active-state'],
  ['@runsight/api-client', 'packages/api-client'],
  ['@runsight/widgets', 'packages/widgets'],
  ['@runsight/server', 'packages/server'],
];

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

function jsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...jsFiles(full));
    else if (name.endsWith('.js')) out.push(full);
  }
  return out;
}

/** The standalone bundle: raw, minified, minified + gzip, minified + brotli. */
export async function measureStandalone() {
  const file = path.join(ROOT, STANDALONE);
  if (!existsSync(file)) {
    return { value: null, reason: `${STANDALONE} is missing (run npm run build)` };
  }
  const raw = readFileSync(file);
  // The figure is the file as shipped: Vite's library build minifies it (oxc). Re-minifying with
  // esbuild is reported for comparison only (it comes out slightly larger).
  const min = Buffer.from(
    (
      await transform(raw.toString('utf8'), {
        minify: true,
        format: 'esm',
        target: 'es2022',
        legalComments: 'none',
      })
    ).code,
  );
  return {
    value: gzip(raw),
    rawBytes: raw.length,
    minBytes: raw.length,
    esbuildReminifiedGzipBytes: gzip(min),
    brotliBytes: brotli(min),
  };
}

/** One package's ESM output: dist/*.js on disk, and its entry bundled + minified (deps external). */
export async function measurePackage(dir) {
  const dist = path.join(ROOT, dir, 'dist');
  const entry = path.join(dist, 'index.js');
  if (!existsSync(entry))
    return { value: null, reason: `${dir}/dist/index.js is missing (run npm run build)` };
  const files = jsFiles(dist);
  const distJsBytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const bundle = async (external) => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2022',
      platform: dir.endsWith('server') ? 'node' : 'browser',
      packages: external ? 'external' : undefined,
      legalComments: 'none',
      write: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0].contents;
  };
  const own = await bundle(true);
  const result = {
    value: gzip(own),
    ownMinBytes: own.length,
    distJsFiles: files.length,
    distJsBytes,
  };
  if (!dir.endsWith('server')) {
    try {
      const all = await bundle(false);
      result.withDepsGzipBytes = gzip(all);
    } catch (error) {
      result.withDepsGzipBytes = null;
      result.withDepsReason = String(error.message ?? error).split('\n')[0];
    }
  }
  return result;
}

export async function measureSizes() {
  const packages = {};
  for (const [name, dir] of PACKAGES) {
    try {
      packages[name] = await measurePackage(dir);
    } catch (error) {
      packages[name] = {
        value: null,
        reason: `bundling failed: ${String(error.message ?? error).split('\n')[0]}`,
      };
    }
  }
  return { standalone: await measureStandalone(), packages };
}

const kb = (n) => (n === null || n === undefined ? '—' : `${(n / 1000).toFixed(2)} kB`);
const kbBudget = (n) => (n === null || n === undefined ? 'report only' : kb(n));

/** Lines of the report and whether every budget holds. */
export function check(sizes) {
  const rows = [];
  let ok = true;
  const s = sizes.standalone;
  if (s.value === null) {
    ok = false;
    rows.push([
      'standalone runsight.js (min+gz)',
      '—',
      kb(BUDGETS.standaloneGzipBytes),
      `MISSING: ${s.reason}`,
    ]);
  } else {
    const pass = s.value <= BUDGETS.standaloneGzipRatchetBytes;
    ok &&= pass;
    const product =
      s.value <= BUDGETS.standaloneGzipBytes
        ? 'product budget met'
        : `product budget ${kb(BUDGETS.standaloneGzipBytes)} MISSED`;
    rows.push([
      'standalone runsight.js (min+gz)',
      kb(s.value),
      `${kb(BUDGETS.standaloneGzipRatchetBytes)} ratchet`,
      `${pass ? 'ok' : 'OVER'} (${product}; min ${kb(s.minBytes)}, brotli ${kb(s.brotliBytes)})`,
    ]);
  }
  for (const [name, p] of Object.entries(sizes.packages)) {
    const budget = BUDGETS.packages[name] ?? undefined;
    if (p.value === null) {
      // A package without dist fails only when it has a budget (those `npm run build` builds).
      const required = budget !== undefined;
      if (required) ok = false;
      rows.push([
        `${name} (own, min+gz)`,
        '—',
        kbBudget(budget),
        `${required ? 'MISSING' : 'not built'}: ${p.reason}`,
      ]);
      continue;
    }
    const pass = budget === undefined || p.value <= budget;
    ok &&= pass;
    const deps = p.withDepsGzipBytes ? `, with deps ${kb(p.withDepsGzipBytes)}` : '';
    rows.push([
      `${name} (own, min+gz)`,
      kb(p.value),
      kbBudget(budget),
      `${pass ? 'ok' : 'OVER'} (dist ${p.distJsFiles} files ${kb(p.distJsBytes)}${deps})`,
    ]);
  }
  return { ok, rows };
}

export function formatRows(rows, header = ['output', 'size', 'budget', 'status']) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  return all
    .map((r) =>
      r
        .map((c, i) => String(c).padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function main() {
  const sizes = await measureSizes();
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(sizes)}\n`);
    return;
  }
  const { ok, rows } = check(sizes);
  console.log(formatRows(rows));
  if (!ok) {
    console.error('size-check: a size budget is exceeded or an output is missing.');
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
