/**
 * Standalone bundle: src/standalone.ts → dist/runsight.js, one minified ES module with lit,
 * zod/mini, @runsight/active-state and @runsight/api-client inlined.
 *
 * Decorators: the source uses TypeScript's legacy decorators (`experimentalDecorators`,
 * `useDefineForClassFields: false` in tsconfig.base.json). Vite 8's oxc transform reads those
 * options from the tsconfig; they are also set explicitly below so the output never ships
 * untransformed `@property` syntax.
 */
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Collapses a CSS text: comments, indentation and spaces around punctuation go. */
function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
}

/**
 * Minifies the `css` tagged templates of `*.styles.ts` modules (static CSS, no expressions) in
 * the standalone bundle; the minifier leaves template literal contents alone.
 */
function minifyStyles(): Plugin {
  return {
    name: 'runsight-minify-styles',
    enforce: 'pre',
    transform(code, id) {
      if (!/\.styles\.ts$/.test(id)) return null;
      return {
        code: code.replace(/css`([^`]*)`/g, (whole, body: string) =>
          body.includes('${') ? whole : `css\`${minifyCss(body)}\``,
        ),
        map: null,
      };
    },
  };
}

export default defineConfig({
  root,
  logLevel: 'warn',
  plugins: [minifyStyles()],
  resolve: {
    // Workspace packages resolve to their TypeScript sources (no prior build of them needed).
    conditions: ['source', ...defaultClientConditions],
  },
  define: {
    // Lit's production mode (no dev warnings).
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  oxc: {
    decorator: { legacy: true },
    typescript: { removeClassFieldsWithoutInitializer: true },
    // useDefineForClassFields: false — initialised fields are assigned, not defined, so they go
    // through Lit's reactive accessors.
    assumptions: { setPublicClassFields: true },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    lib: {
      entry: 'src/standalone.ts',
      formats: ['es'],
      fileName: () => 'runsight.js',
    },
    rolldownOptions: {
      output: { codeSplitting: false, minify: true },
    },
  },
});
