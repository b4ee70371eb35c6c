#!/usr/bin/env node
// Size budgets (issue "small, cheap on the network"): the standalone bundle
// packages/widgets/dist/runsight.js (an entry plus sibling chunks it loads) minified + gzip, and
// each package's ESM output. Prints the figures and exits 1 when a ratchet is exceeded or an
// output is missing.
//
// The standalone bundle is measured per file as shipped (each file is a separate download) over
// its chunk graph, read from the files on disk (static and dynamic `./x.js` imports):
//   - an element's closure: runsight.js + every file reachable by static imports from its chunk
//     runsight.<tag>.js (transitively); without a chunk (single-file build) just runsight.js;
//   - the fixed cost (the headline figure): runsight.js + every file all five closures contain,
//     what any page with any Runsight element pays, wherever the common code lives;
//   - each element's page total (its closure) and extra (closure minus the fixed cost), all five
//     (the union of the closures), locale chunks (reported only), every file of the bundle.
//
//   node scripts/size-check.mjs          check (npm run size; part of npm test)
//   node scripts/size-check.mjs --json   the figures as JSON (used by npm run bench)
//
// 1 KB = 1000 bytes here (as size-limit's "kB"), the stricter reading of the budget.
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const STANDALONE = 'packages/widgets/dist/runsight.js';

/** The elements the standalone bundle defines; each may have a chunk runsight.<tag>.js. */
export const ELEMENT_TAGS = [
  'tenant-activity',
  'active-run-progress',
  'workspace-recent-ops',
  'ops-list',
  'run-detail',
];

/** Locale chunks (runsight.de.js, runsight.pt-br.js): reported only, loaded per page language. */
const LOCALE_CHUNK = /^runsight\.[a-z]{2}(-[a-z0-9]+)?\.js$/;

/** Budgets in bytes (gzip -9 of the minified files as shipped, summed per file). */
export const BUDGETS = {
  // The product budget from the issue, on the fixed cost (runsight.js + chunks every element
  // needs): met since element modules load on first use (24.9 kB); enforced below.
  standaloneGzipBytes: 25_000,
  // Goal from the issue ("aim for 20"); reported, not enforced.
  standaloneGzipGoalBytes: 20_000,
  // Enforced. The fixed cost is held at the product budget itself. The other two are RATCHETS:
  // the sizes when they were set (all five 51 446 B, largest page <ops-list> 36 915 B), rounded up
  // to the next 500 B plus 500 B. A change that grows the bundle past one fails `npm test`. Lower
  // them whenever the bundle shrinks; never raise them silently (a raise is a decision to state
  // in the commit that makes it).
  // The fixed cost: runsight.js + every chunk all five element closures contain.
  standaloneGzipRatchetBytes: 25_000,
  // The union of the five closures (a page with every element).
  allFiveGzipRatchetBytes: 52_000,
  // Every single-element page (its closure: the fixed cost + its own chunks), i.e. the largest.
  elementPageGzipRatchetBytes: 37_500,
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

/** Per-file sizes as shipped: raw, gzip -9, brotli q11. */
function fileSizes(file) {
  const raw = readFileSync(file);
  return { rawBytes: raw.length, gzipBytes: gzip(raw), brotliBytes: brotli(raw) };
}

/**
 * The relative imports of one ES module, parsed by esbuild (not a regex: a string that looks like
 * an import is not one): `static` (import … from, import "…", export … from) and `dynamic`
 * (import("…") with a literal specifier), each as a path relative to `dir`; `external` for bare
 * specifiers (a standalone bundle should have none). A dynamic import with a computed specifier
 * is not seen (locale chunks are therefore also found by name).
 */
async function importsOf(dir, name) {
  const found = { static: new Set(), dynamic: new Set(), external: new Set() };
  const file = path.join(dir, name);
  await build({
    absWorkingDir: dir,
    entryPoints: [file],
    bundle: true,
    write: false,
    outdir: path.join(dir, '.size-check'),
    format: 'esm',
    logLevel: 'silent',
    plugins: [
      {
        name: 'record-imports',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            // A computed import(`./runsight.${x}.js`) makes esbuild pull in the files it could
            // name (a glob); their imports are theirs, not this file's.
            if (args.importer !== file) return { path: args.path, external: true };
            if (/^\.\.?\//.test(args.path)) {
              const target = path.relative(
                dir,
                path.resolve(path.dirname(args.importer), args.path),
              );
              found[args.kind === 'dynamic-import' ? 'dynamic' : 'static'].add(target);
            } else {
              found.external.add(args.path);
            }
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return {
    static: [...found.static].sort(),
    dynamic: [...found.dynamic].sort(),
    external: [...found.external].sort(),
  };
}

/** Every file reachable from `roots` in `graph` by the given edge kinds (roots included). */
function reachable(graph, roots, kinds) {
  const seen = new Set();
  const todo = [...roots];
  while (todo.length > 0) {
    const name = todo.pop();
    if (seen.has(name) || !graph[name]) continue;
    seen.add(name);
    for (const kind of kinds) todo.push(...graph[name][kind]);
  }
  return seen;
}

/**
 * The standalone bundle as a chunk graph: the fixed cost every page with a Runsight element pays
 * (`value`), each element's page, all five, locale chunks, and every file (raw, gzip, brotli).
 */
export async function measureStandalone(file = path.join(ROOT, STANDALONE)) {
  if (!existsSync(file)) {
    return {
      value: null,
      reason: `${path.relative(ROOT, file)} is missing (run npm run build)`,
    };
  }
  // The real path: esbuild reports importers by it, and importsOf compares them.
  const dir = path.dirname(realpathSync(file));
  const entry = path.basename(file);
  const onDisk = readdirSync(dir).filter((n) => /^runsight\..+\.js$/.test(n));
  const locales = onDisk.filter((n) => LOCALE_CHUNK.test(n)).sort();
  const elementChunks = Object.fromEntries(
    ELEMENT_TAGS.map((tag) => [tag, `runsight.${tag}.js`]).filter(([, n]) => onDisk.includes(n)),
  );

  // The chunk graph: parse every file reachable from the entry, the element chunks and the locale
  // chunks (static and dynamic edges), adding the files it names as they are found.
  const graph = {};
  const missingImports = [];
  const todo = [entry, ...Object.values(elementChunks), ...locales];
  while (todo.length > 0) {
    const name = todo.shift();
    if (graph[name]) continue;
    graph[name] = await importsOf(dir, name);
    for (const target of [...graph[name].static, ...graph[name].dynamic]) {
      if (graph[target] || todo.includes(target)) continue;
      if (existsSync(path.join(dir, target))) todo.push(target);
      else missingImports.push(`${name} → ${target}`);
    }
  }
  const unreferenced = onDisk.filter((n) => !graph[n]).sort();

  const files = {};
  for (const name of Object.keys(graph).sort()) {
    files[name] = {
      ...fileSizes(path.join(dir, name)),
      imports: graph[name].static,
      dynamicImports: graph[name].dynamic,
      ...(graph[name].external.length > 0 ? { externalImports: graph[name].external } : {}),
    };
  }
  // Lists of files: the entry first, then by name.
  const list = (names) =>
    [...names].sort((a, b) => (a === entry ? -1 : b === entry ? 1 : a < b ? -1 : 1));
  const sum = (names) => [...names].reduce((n, name) => n + files[name].gzipBytes, 0);

  // Closures: the entry (the loader) + the static closure of the element's chunk; an element
  // without a chunk (single-file build) lives in the entry.
  const closures = Object.fromEntries(
    ELEMENT_TAGS.map((tag) => {
      const chunk = elementChunks[tag];
      return [tag, reachable(graph, chunk ? [entry, chunk] : [entry], ['static'])];
    }),
  );
  // The fixed cost: the entry's own closure and whatever every element needs (the intersection).
  const entryClosure = reachable(graph, [entry], ['static']);
  const common = Object.values(closures).reduce(
    (acc, c) => new Set([...acc].filter((n) => c.has(n))),
    new Set(Object.keys(graph)),
  );
  const fixed = new Set([...entryClosure, ...common]);
  const fixedGzipBytes = sum(fixed);
  const elements = Object.fromEntries(
    ELEMENT_TAGS.map((tag) => {
      const page = sum(closures[tag]);
      return [
        tag,
        {
          chunk: elementChunks[tag] ?? null,
          files: list(closures[tag]),
          pageGzipBytes: page,
          extraGzipBytes: page - fixedGzipBytes,
        },
      ];
    }),
  );
  const allFive = new Set(Object.values(closures).flatMap((c) => [...c]));
  const largest = Object.entries(elements).reduce((a, b) =>
    b[1].pageGzipBytes > a[1].pageGzipBytes ? b : a,
  );
  return {
    value: fixedGzipBytes,
    meaning: 'fixed cost: runsight.js + chunks every element needs (gzip -9, summed per file)',
    fixedFiles: list(fixed),
    entryGzipBytes: files[entry].gzipBytes,
    elements,
    largestElement: { tag: largest[0], pageGzipBytes: largest[1].pageGzipBytes },
    allFiveGzipBytes: sum(allFive),
    localeChunks: Object.fromEntries(locales.map((n) => [n, files[n].gzipBytes])),
    allFilesGzipBytes: sum(Object.keys(files)),
    allFilesRawBytes: Object.values(files).reduce((n, f) => n + f.rawBytes, 0),
    allFilesBrotliBytes: Object.values(files).reduce((n, f) => n + f.brotliBytes, 0),
    files,
    missingImports,
    unreferencedFiles: unreferenced,
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

/** The standalone bundle's rows; `enforce(pass)` records each ratchet's outcome. */
function standaloneRows(s, enforce) {
  const rows = [];
  const ratchet = (value, budget) => {
    const pass = value <= budget;
    enforce(pass);
    return pass ? 'ok' : 'OVER';
  };
  const product =
    s.value <= BUDGETS.standaloneGzipBytes
      ? `product budget ${kb(BUDGETS.standaloneGzipBytes)} met`
      : `product budget ${kb(BUDGETS.standaloneGzipBytes)} MISSED`;
  const goal = s.value <= BUDGETS.standaloneGzipGoalBytes ? 'goal met' : 'goal not met';
  rows.push([
    `standalone fixed cost (${s.fixedFiles.join(' + ')})`,
    kb(s.value),
    `${kb(BUDGETS.standaloneGzipRatchetBytes)} ratchet`,
    `${ratchet(s.value, BUDGETS.standaloneGzipRatchetBytes)} (${product}; aim ${kb(BUDGETS.standaloneGzipGoalBytes)}: ${goal})`,
  ]);
  rows.push(['  entry runsight.js alone', kb(s.entryGzipBytes), 'report only', '']);
  for (const [tag, e] of Object.entries(s.elements)) {
    const own = e.files.filter((f) => !s.fixedFiles.includes(f));
    rows.push([
      `  page with <${tag}> only`,
      kb(e.pageGzipBytes),
      `${kb(BUDGETS.elementPageGzipRatchetBytes)} ratchet`,
      `${ratchet(e.pageGzipBytes, BUDGETS.elementPageGzipRatchetBytes)} (extra ${kb(e.extraGzipBytes)}${own.length > 0 ? `: ${own.join(' + ')}` : ', no chunk of its own'})`,
    ]);
  }
  rows.push([
    '  page with all five elements',
    kb(s.allFiveGzipBytes),
    `${kb(BUDGETS.allFiveGzipRatchetBytes)} ratchet`,
    `${ratchet(s.allFiveGzipBytes, BUDGETS.allFiveGzipRatchetBytes)} (union of the five)`,
  ]);
  const locales = Object.entries(s.localeChunks);
  if (locales.length === 0) rows.push(['  locale chunks', '—', 'report only', 'none']);
  for (const [name, bytes] of locales) {
    rows.push([`  locale chunk ${name}`, kb(bytes), 'report only', '']);
  }
  rows.push([
    `  all ${Object.keys(s.files).length} files`,
    kb(s.allFilesGzipBytes),
    'report only',
    `raw ${kb(s.allFilesRawBytes)}, brotli ${kb(s.allFilesBrotliBytes)}`,
  ]);
  for (const broken of s.missingImports) {
    enforce(false);
    rows.push(['  BROKEN import', '—', '', `${broken}: the file is missing`]);
  }
  for (const [name, f] of Object.entries(s.files)) {
    if (!f.externalImports) continue;
    enforce(false);
    rows.push([
      `  NOT STANDALONE ${name}`,
      '—',
      '',
      `imports ${f.externalImports.join(', ')} (not counted)`,
    ]);
  }
  if (s.unreferencedFiles.length > 0) {
    rows.push([
      '  not counted',
      '—',
      'report only',
      `${s.unreferencedFiles.join(', ')}: nothing imports them (stale output?)`,
    ]);
  }
  return rows;
}

/** Lines of the report and whether every budget holds. */
export function check(sizes) {
  const rows = [];
  let ok = true;
  const s = sizes.standalone;
  if (s.value === null) {
    ok = false;
    rows.push([
      'standalone fixed cost (min+gz)',
      '—',
      kb(BUDGETS.standaloneGzipBytes),
      `MISSING: ${s.reason}`,
    ]);
  } else {
    rows.push(...standaloneRows(s, (pass) => (ok &&= pass)));
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
    console.error(
      'size-check: a size ratchet or budget is exceeded, or an output is missing or broken.',
    );
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
