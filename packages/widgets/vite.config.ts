/**
 * Standalone bundle: src/standalone.ts → dist/runsight.js (lit, zod/mini, @runsight/active-state
 * and @runsight/api-client inlined: what every element needs) plus sibling `runsight.*.js`
 * modules that load on first use (each element, what some elements share, German).
 *
 * Reactive properties are declared with Lit's `static properties` (no decorator runtime in the
 * bundle). Class fields follow `useDefineForClassFields: false` (tsconfig.base.json): initialised
 * fields are assigned in the constructor, so they go through Lit's reactive accessors; the oxc
 * options below say so explicitly (and still lower legacy decorators, should a module use one).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { minify as minifyWithTerser } from 'terser';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Collapses a CSS text: comments, indentation and spaces around punctuation go. */
function minifyCss(text: string): string {
  return (
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}')
      .replace(/\(\s+/g, '(')
      .replace(/\s+\)/g, ')')
      .replace(/\s+!important/g, '!important')
      // Inside calc(): spaces around * may go (around + and - they may not).
      .replace(/calc\(([^()]|\([^()]*\))*\)/g, (calc) => calc.replace(/\s*\*\s*/g, '*'))
      // 0.75 → .75 (not inside a word, a number or a name: 10.5, a0.5 stay).
      .replace(/(^|[^\w.-])0\.(\d)/g, '$1.$2')
      // #ffffff → #fff
      .replace(/#([\da-f])\1([\da-f])\2([\da-f])\3\b/gi, '#$1$2$3')
      .trim()
  );
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

/**
 * The German catalogs without their keys: an object literal typed `Translation<typeof X>`, where
 * `X` is an object literal of the same module (the English catalog), becomes the list of its
 * values in `X`'s key order, zipped with `Object.keys(X)` when the module loads. The catalog the
 * elements see is the same object; the bundle no longer repeats every key of `X` (tsc has checked
 * that both have the same keys; a difference fails the build here).
 */
function compactTranslations(): Plugin {
  return {
    name: 'runsight-compact-translations',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/packages\/widgets\/src\/i18n\/[^/]+\.ts$/.test(id)) return null;
      if (!code.includes('Translation<typeof ')) return null;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true);
      const unwrap = (e: ts.Expression): ts.Expression =>
        ts.isAsExpression(e) || ts.isSatisfiesExpression(e) ? unwrap(e.expression) : e;
      const literals = new Map<string, ts.ObjectLiteralExpression>();
      const declarations: ts.VariableDeclaration[] = [];
      for (const statement of source.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const d of statement.declarationList.declarations) {
          const init = d.initializer && unwrap(d.initializer);
          if (!ts.isIdentifier(d.name) || !init || !ts.isObjectLiteralExpression(init)) continue;
          literals.set(d.name.text, init);
          declarations.push(d);
        }
      }
      /** Keys and values of a literal of plain `'key': value` entries, or null. */
      const entries = (o: ts.ObjectLiteralExpression) => {
        const out: { key: string; property: ts.PropertyAssignment }[] = [];
        for (const p of o.properties) {
          if (!ts.isPropertyAssignment(p)) return null;
          if (!ts.isStringLiteral(p.name) && !ts.isIdentifier(p.name)) return null;
          out.push({ key: p.name.text, property: p });
        }
        return out;
      };
      const edits: { start: number; end: number; text: string }[] = [];
      for (const d of declarations) {
        const type = d.type;
        if (
          !type ||
          !ts.isTypeReferenceNode(type) ||
          type.typeName.getText(source) !== 'Translation'
        )
          continue;
        const query = type.typeArguments?.[0];
        if (!query || !ts.isTypeQueryNode(query)) continue;
        const englishName = query.exprName.getText(source);
        const english = literals.get(englishName);
        const translated = unwrap(d.initializer as ts.Expression) as ts.ObjectLiteralExpression;
        const keys = english && entries(english);
        const values = entries(translated);
        if (!keys || !values) continue;
        const byKey = new Map(values.map((v) => [v.key, v.property]));
        const missing = keys.filter((k) => !byKey.has(k.key)).map((k) => k.key);
        const extra = values.filter((v) => !keys.some((k) => k.key === v.key)).map((v) => v.key);
        if (missing.length || extra.length) {
          throw new Error(
            `${id}: ${d.name.getText(source)} differs from ${englishName}: ` +
              `missing ${missing.join(', ') || '-'}; extra ${extra.join(', ') || '-'}`,
          );
        }
        const open = `((v) => Object.fromEntries(Object.keys(${englishName}).map((k, i) => [k, v[i]])))([`;
        const sameOrder = keys.every((k, i) => values[i]?.key === k.key);
        if (sameOrder) {
          // In place (line numbers stay): drop each `'key':`, swap the braces for the zip.
          edits.push({
            start: translated.getStart(source),
            end: translated.getStart(source) + 1,
            text: open,
          });
          for (const { property } of values) {
            edits.push({
              start: property.getStart(source),
              end: property.initializer.getStart(source),
              text: '',
            });
          }
          edits.push({ start: translated.end - 1, end: translated.end, text: '])' });
        } else {
          const list = keys.map((k) =>
            (byKey.get(k.key) as ts.PropertyAssignment).initializer.getText(source),
          );
          edits.push({
            start: translated.getStart(source),
            end: translated.end,
            text: `${open}${list.join(', ')}])`,
          });
        }
      }
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

/** Workspace packages whose sources are bundled (their `private` members may be renamed). */
const WORKSPACE_SOURCES = ['widgets', 'active-state', 'api-client'].map((pkg) =>
  fileURLToPath(new URL(`../${pkg}/src/`, import.meta.url)),
);

/** `$a`, `$b`, … `$Z`, `$aa`, …: the n-th short private name (no source uses a `$x` member). */
function shortName(n: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  let i = n;
  do {
    name = alphabet[i % alphabet.length] + name;
    i = Math.floor(i / alphabet.length) - 1;
  } while (i >= 0);
  return `$${name}`;
}

/**
 * Renames the TypeScript `private` members of the workspace sources (`loadMoreState` → `$k`) in
 * the bundle. A private member can only be used inside its class, so its uses are found by the
 * type checker in that one file (`this.x`, `other.x` of the same class, `{ x } = this`); each
 * gets a name of its own across the whole bundle, so no subclass or base class member can meet
 * it. Left alone: constructor parameter properties, and names a class lists in its
 * `static properties` (Lit finds reactive properties by name). A file whose text differs from
 * what the checker read (another plugin changed it first) is left alone too.
 */
function renamePrivateMembers(): Plugin {
  const edits = new Map<
    string,
    { text: string; at: { start: number; end: number; name: string }[] }
  >();
  return {
    name: 'runsight-rename-private-members',
    apply: 'build',
    enforce: 'pre',
    buildStart() {
      edits.clear();
      const files = WORKSPACE_SOURCES.flatMap((dir) =>
        readdirSync(dir, { recursive: true, encoding: 'utf8' })
          .filter(
            (f) => f.endsWith('.ts') && !/\.(test|stories)\.ts$|(^|\/)(testing|fixtures)\//.test(f),
          )
          .map((f) => join(dir, f)),
      );
      const program = ts.createProgram(files, {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        experimentalDecorators: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      });
      const checker = program.getTypeChecker();
      /** Each renamable member and its uses: `binding` keeps the local name of `{ x } = this`. */
      const uses = new Map<
        ts.Symbol,
        { file: string; start: number; end: number; binding?: string }[]
      >();
      for (const file of files) {
        const source = program.getSourceFile(file);
        if (!source) continue;
        const visitClass = (cls: ts.ClassLikeDeclaration): void => {
          const reactive = new Set<string>();
          for (const member of cls.members) {
            const isStatic = ts
              .getModifiers(member as ts.HasModifiers)
              ?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
            if (
              isStatic &&
              ts.isPropertyDeclaration(member) &&
              member.name.getText(source) === 'properties' &&
              member.initializer &&
              ts.isObjectLiteralExpression(member.initializer)
            ) {
              for (const p of member.initializer.properties) {
                if (p.name) reactive.add(p.name.getText(source).replace(/['"]/g, ''));
              }
            }
          }
          const members = new Set<ts.Symbol>();
          for (const member of cls.members) {
            if (!member.name || !ts.isIdentifier(member.name)) continue;
            const isPrivate = ts
              .getModifiers(member as ts.HasModifiers)
              ?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
            if (!isPrivate || reactive.has(member.name.text)) continue;
            if (ts.canHaveDecorators(member) && ts.getDecorators(member)?.length) continue;
            const symbol = checker.getSymbolAtLocation(member.name);
            if (symbol) members.add(symbol);
          }
          if (members.size === 0) return;
          const visit = (node: ts.Node): void => {
            if (ts.isIdentifier(node)) {
              const symbol = checker.getSymbolAtLocation(node);
              // `{ x } = this` / `{ x: y } = this`: the key is renamed, the binding stays.
              if (symbol && members.has(symbol) && !ts.isShorthandPropertyAssignment(node.parent)) {
                const list = uses.get(symbol) ?? [];
                uses.set(symbol, list);
                const bindsLocal = ts.isBindingElement(node.parent) && !node.parent.propertyName;
                list.push({
                  file,
                  start: node.getStart(source),
                  end: node.end,
                  ...(bindsLocal ? { binding: node.text } : {}),
                });
              }
            }
            ts.forEachChild(node, visit);
          };
          visit(cls);
        };
        const walk = (node: ts.Node): void => {
          if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) visitClass(node);
          ts.forEachChild(node, walk);
        };
        walk(source);
      }
      // The most used members get the shortest names.
      const ranked = [...uses.values()].sort((a, b) => b.length - a.length);
      ranked.forEach((list, i) => {
        const name = shortName(i);
        for (const use of list) {
          let file = edits.get(use.file);
          if (!file) {
            file = { text: program.getSourceFile(use.file)?.text ?? '', at: [] };
            edits.set(use.file, file);
          }
          file.at.push({
            start: use.start,
            end: use.end,
            name: use.binding ? `${name}: ${use.binding}` : name,
          });
        }
      });
    },
    transform(code, id) {
      const file = edits.get(id.split('?')[0] as string);
      if (!file || file.text !== code) return null;
      let out = '';
      let pos = 0;
      for (const edit of [...file.at].sort((x, y) => x.start - y.start)) {
        out += code.slice(pos, edit.start) + edit.name;
        pos = edit.end;
      }
      return { code: out + code.slice(pos), map: null };
    },
  };
}

/**
 * Removes the bundle files of an earlier build (`dist/runsight*.js[.map]`; `dist/` also holds
 * tsc's output, so the build does not empty it): a chunk that is no longer produced must not
 * linger next to the entry.
 */
function cleanBundleFiles(): Plugin {
  return {
    name: 'runsight-clean-bundle-files',
    apply: 'build',
    buildStart() {
      const dist = join(root, 'dist');
      if (!existsSync(dist)) return;
      for (const name of readdirSync(dist)) {
        if (/^runsight\.([^/]+\.)?js(\.map)?$/.test(name)) rmSync(join(dist, name));
      }
    },
  };
}

/**
 * Minifies each chunk once more with terser (three compress passes), after the bundler's own
 * minifier: measured on runsight.js, ≈ 1 % fewer gzip bytes. The chunk's source map is carried
 * through (terser composes it with the incoming one).
 */
function terserChunks(): Plugin {
  return {
    name: 'runsight-terser',
    apply: 'build',
    async generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const out = await minifyWithTerser(chunk.code, {
          module: true,
          ecma: 2020,
          compress: { passes: 3 },
          mangle: true,
          format: { comments: false },
          sourceMap: chunk.map
            ? { content: JSON.stringify(chunk.map), url: `${chunk.fileName}.map` }
            : false,
        });
        if (out.code === undefined) continue;
        chunk.code = out.code;
        const mapAsset = bundle[`${chunk.fileName}.map`];
        if (typeof out.map === 'string' && mapAsset?.type === 'asset') mapAsset.source = out.map;
      }
    },
  };
}

/** Names of shared chunks by a module they hold (else rolldown's name: one of its modules). */
const SHARED_CHUNK_NAMES: [RegExp, string][] = [
  [/\/base\/runsight-card\.ts$/, 'cards'],
  [/\/internal\/progress\.ts$/, 'progress'],
];

export default defineConfig({
  root,
  logLevel: 'warn',
  plugins: [
    renamePrivateMembers(),
    cleanBundleFiles(),
    minifyStyles(),
    minifyTemplates(),
    compactTranslations(),
    terserChunks(),
  ],
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
        // Next to the entry: each element's module (runsight.ops-list.js, …), German
        // (runsight.de.js), and the modules some elements share but the entry does not hold, one
        // file per set of elements that needs them, named after one of its modules (rolldown's
        // automatic chunking; SHARED_CHUNK_NAMES), e.g. runsight.cards.js for the three cards.
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
