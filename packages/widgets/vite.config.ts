/**
 * Standalone bundle: src/standalone.ts → dist/runsight.js (lit, valibot, @runsight/active-state
 * and @runsight/api-client inlined: what every element needs) plus sibling `runsight.*.js`
 * modules that load on first use (each element, what some elements share, German).
 */
import { fileURLToPath } from 'node:url';
import minifyTemplateLiterals from 'rollup-plugin-minify-template-literals';

import { defaultClientConditions, defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Names of shared chunks by a module they hold (else rolldown's name: one of its modules). */
const SHARED_CHUNK_NAMES: [RegExp, string][] = [
  [/\/base\/runsight-card\.ts$/, 'cards'],
  [/\/internal\/progress\.ts$/, 'progress'],
  [/\/internal\/runs-source\.ts$/, 'lists'],
];

export default defineConfig({
  root,
  logLevel: 'warn',
  plugins: [minifyTemplateLiterals()],

  resolve: {
    // Workspace packages resolve to their TypeScript sources (no prior build of them needed).
    conditions: ['source', ...defaultClientConditions],
  },
  define: {
    // Lit's production mode (no dev warnings).
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  oxc: {
    typescript: { removeClassFieldsWithoutInitializer: true },
    // useDefineForClassFields: false — initialised fields are assigned, not defined, so they go
    // through Lit's reactive accessors.
    assumptions: { setPublicClassFields: true },
  },
  build: {
    outDir: 'dist',
    // The build script runs vite before tsc, so emptying dist drops chunks no longer produced.
    emptyOutDir: true,
    target: 'es2022',
    // Vite's terser option on top of rolldown's own minifier (output.minify below): three compress
    // passes find ~150 B gzip more in the fixed cost than oxc alone.
    minify: 'terser',
    terserOptions: {
      module: true,
      ecma: 2020,
      compress: { passes: 3 },
      format: { comments: false },
    },
    sourcemap: true,
    // The chunk graph scripts/size-check.mjs measures (dist/.vite/manifest.json).
    manifest: true,
    lib: {
      entry: 'src/standalone.ts',
      formats: ['es'],
      fileName: () => 'runsight.js',
    },
    rolldownOptions: {
      // The entry may export more than standalone.ts does (the bindings its sibling modules
      // import), so modules the entry and the element modules share stay in runsight.js.
      preserveEntrySignatures: 'allow-extension',
      output: {
        minify: true,
        comments: false,
        chunkFileNames: (chunk) => {
          const shared = chunk.isDynamicEntry
            ? undefined
            : SHARED_CHUNK_NAMES.find(([module]) => chunk.moduleIds.some((id) => module.test(id)));
          const name =
            shared?.[1] ?? chunk.name.replace(/\.define$/, '').replace(/^messages\./, '');
          return `runsight.${name}.js`;
        },
      },
    },
  },
});
