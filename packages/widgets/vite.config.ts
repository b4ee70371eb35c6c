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
import ts from 'typescript';
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

/**
 * Drops the indentation of lit `html` and `svg` templates in the workspace sources: spaces and
 * tabs around a line break go, the line break stays. Rendering is unchanged (HTML collapses a
 * whitespace run to one space anyway, and no template sits in a `white-space: pre*` context), and
 * line numbers stay, so the module's source map stays valid (`map: null`) apart from columns.
 */
function minifyTemplates(): Plugin {
  return {
    name: 'runsight-minify-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/packages\/[^/]+\/src\/.*\.ts$/.test(id) || !/\b(html|svg)`/.test(code)) return null;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true);
      const edits: { start: number; end: number; text: string }[] = [];
      const visit = (node: ts.Node): void => {
        if (
          ts.isTaggedTemplateExpression(node) &&
          ts.isIdentifier(node.tag) &&
          (node.tag.text === 'html' || node.tag.text === 'svg')
        ) {
          const t = node.template;
          const parts = ts.isNoSubstitutionTemplateLiteral(t)
            ? [t]
            : [t.head, ...t.templateSpans.map((span) => span.literal)];
          for (const part of parts) {
            // Between the opening delimiter (` or }) and the closing one (` or ${).
            const start = part.getStart(source) + 1;
            const closesWithBacktick =
              part.kind === ts.SyntaxKind.TemplateTail ||
              part.kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral;
            const end = part.end - (closesWithBacktick ? 1 : 2);
            const raw = code.slice(start, end);
            const text = raw.replace(/[ \t]*\n[ \t]*/g, '\n');
            if (text !== raw) edits.push({ start, end, text });
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      if (edits.length === 0) return null;
      let out = '';
      let at = 0;
      for (const edit of edits.sort((a, b) => a.start - b.start)) {
        out += code.slice(at, edit.start) + edit.text;
        at = edit.end;
      }
      return { code: out + code.slice(at), map: null };
    },
  };
}

export default defineConfig({
  root,
  logLevel: 'warn',
  plugins: [minifyStyles(), minifyTemplates()],
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
      output: { codeSplitting: false, minify: true, comments: false },
    },
  },
});
