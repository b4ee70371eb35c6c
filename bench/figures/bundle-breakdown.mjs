// Where the bytes of the standalone bundle are: the same entry built by esbuild (minified, the
// `source` condition), its metafile grouped by part. Minified bytes (gzip does not split by
// input); the parts sum to the whole.
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../lib/util.mjs';

const ENTRY = 'packages/widgets/src/standalone.ts';

function group(file) {
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    if (pkg === 'valibot') return 'valibot';
    if (/^(lit|lit-html|lit-element|@lit\/.*)$/.test(pkg)) return 'lit';
    return pkg;
  }
  const m = /packages\/([^/]+)\/src\/(.*)$/.exec(file);
  if (!m) return file;
  if (m[1] !== 'widgets') return `@runsight/${m[1]}`;
  const [dir, name = ''] = m[2].split('/');
  if (dir === 'i18n') return 'widgets: message catalogs';
  if (name.endsWith('.styles.ts') || dir === 'styles') return 'widgets: styles';
  if (
    [
      'tenant-activity',
      'active-run-progress',
      'workspace-recent-ops',
      'ops-list',
      'run-detail',
    ].includes(dir)
  ) {
    return `widgets: <${dir}>`;
  }
  return 'widgets: base, controllers, internal';
}

export async function bundleBreakdown() {
  const result = await build({
    entryPoints: [path.join(ROOT, ENTRY)],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    conditions: ['source'],
    tsconfig: path.join(ROOT, 'tsconfig.base.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    write: false,
    outdir: path.join(ROOT, 'bench-out-unused'),
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  const parts = {};
  for (const [file, info] of Object.entries(output.inputs)) {
    const g = group(file);
    parts[g] = (parts[g] ?? 0) + info.bytesInOutput;
  }
  return {
    entry: ENTRY,
    minBytes: output.bytes,
    minBytesByPart: Object.fromEntries(Object.entries(parts).sort((a, b) => b[1] - a[1])),
  };
}
