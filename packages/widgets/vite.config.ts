/**
 * Standalone bundle: src/standalone.ts → dist/runsight.js, one minified ES module with lit,
 * zod/mini, @runsight/active-state and @runsight/api-client inlined.
 *
 * Reactive properties are declared with Lit's `static properties` (no decorator runtime in the
 * bundle). Class fields follow `useDefineForClassFields: false` (tsconfig.base.json): initialised
 * fields are assigned in the constructor, so they go through Lit's reactive accessors; the oxc
 * options below say so explicitly (and still lower legacy decorators, should a module use one).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { transform as transformWithEsbuild } from 'esbuild';
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

/** Property-like names of a text: every identifier-shaped word. */
const words = (text: string): string[] => text.match(/[A-Za-z_$][\w$]*/g) ?? [];

/** Member names of TypeScript's lib declarations (ECMAScript and DOM): never renamed. */
function libMemberNames(): Set<string> {
  const dir = dirname(createRequire(import.meta.url).resolve('typescript/lib/lib.d.ts'));
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => /^lib\..*\.d\.ts$/.test(f))) {
    const source = ts.createSourceFile(file, readFileSync(join(dir, file), 'utf8'), 99, false);
    const visit = (node: ts.Node): void => {
      if (ts.isTypeElement(node) || ts.isClassElement(node)) {
        const name = node.name && ts.isIdentifier(node.name) ? node.name.text : undefined;
        if (name) names.add(name);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return names;
}

/**
 * Names of the workspace sources' TypeScript `private` members that can be renamed across the
 * whole bundle: undecorated (reactive `@state` properties are looked up by name), and never used
 * as any other property name — not as a public or protected member, interface member, object key
 * or destructured name, not inside a string or template, not as an ECMAScript/DOM member, and
 * not as a word of a dependency's code (lit, zod).
 */
function renamablePrivateNames(dependencyWords: ReadonlySet<string>): string[] {
  const candidates = new Set<string>();
  const taken = new Set<string>();
  for (const dir of WORKSPACE_SOURCES) {
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !/\.(test|stories)\.ts$|(^|\/)(testing|fixtures)\//.test(f),
    );
    for (const file of files) {
      const source = ts.createSourceFile(file, readFileSync(join(dir, file), 'utf8'), 99, true);
      const visit = (node: ts.Node): void => {
        const name =
          'name' in node && node.name && ts.isIdentifier(node.name as ts.Node)
            ? (node.name as ts.Identifier).text
            : undefined;
        if (ts.isClassElement(node) && name) {
          const isPrivate = ts
            .getModifiers(node as ts.HasModifiers)
            ?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
          const decorated = ts.canHaveDecorators(node) && !!ts.getDecorators(node)?.length;
          (isPrivate && !decorated ? candidates : taken).add(name);
        } else if (
          (ts.isTypeElement(node) ||
            ts.isPropertyAssignment(node) ||
            ts.isShorthandPropertyAssignment(node)) &&
          name
        ) {
          taken.add(name);
        } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
          for (const word of words((node.propertyName ?? node.name).getText(source))) {
            taken.add(word);
          }
        } else if (ts.isStringLiteral(node) || ts.isTemplateLiteralToken(node)) {
          for (const word of words(node.text)) taken.add(word);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  const lib = libMemberNames();
  return [...candidates]
    .filter((n) => !taken.has(n) && !lib.has(n) && !dependencyWords.has(n))
    .sort();
}

/** `a`, `b`, … `z`, `A` … `Z`, `aa`, `ab`, …: the n-th short property name. */
function shortName(n: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  let i = n;
  do {
    name = alphabet[i % alphabet.length] + name;
    i = Math.floor(i / alphabet.length) - 1;
  } while (i >= 0);
  return name;
}

/**
 * Renames the workspace's private members (`loadMoreState` → `Ab`) in every chunk of the bundle.
 * Public and protected members, reactive properties and anything a host, lit or the DOM can see
 * keep their names (see `renamablePrivateNames`). The minifier's own property mangling works on
 * one chunk only; here one fixed table (built once, from every module's words) is applied to each
 * chunk with esbuild, so a name is renamed the same way in the entry and in every element chunk.
 * A new name is never a word of any module (so it cannot meet another property of that name).
 */
function manglePrivateMembers(): Plugin {
  const dependencyWords = new Set<string>();
  const allWords = new Set<string>();
  let table: { pattern: RegExp; cache: Record<string, string> } | null | undefined;
  const mangleTable = () => {
    if (table !== undefined) return table;
    const names = renamablePrivateNames(dependencyWords);
    const cache: Record<string, string> = {};
    let n = 0;
    for (const name of names) {
      let short: string;
      do short = shortName(n++);
      while (allWords.has(short));
      if (short.length < name.length) cache[name] = short;
    }
    const renamed = Object.keys(cache);
    table = renamed.length ? { pattern: new RegExp(`^(?:${renamed.join('|')})$`), cache } : null;
    return table;
  };
  return {
    name: 'runsight-mangle-private-members',
    apply: 'build',
    transform(code, id) {
      for (const word of words(code)) {
        allWords.add(word);
        // Every module that is not a workspace source (lit, zod, helpers): its words stay as they are.
        if (!WORKSPACE_SOURCES.some((dir) => id.startsWith(dir))) dependencyWords.add(word);
      }
      return null;
    },
    async renderChunk(code) {
      const mangle = mangleTable();
      if (!mangle) return null;
      const out = await transformWithEsbuild(code, {
        format: 'esm',
        target: 'es2022',
        sourcemap: true,
        mangleProps: mangle.pattern,
        mangleCache: { ...mangle.cache },
      });
      return { code: out.code, map: out.map };
    },
  };
}

/**
 * The modules the entry (`src/standalone.ts`) reaches through static imports, recorded when the
 * module graph is complete: they stay in `runsight.js`, which every page loads anyway.
 */
const entryGraph = new Set<string>();

function recordEntryGraph(): Plugin {
  return {
    name: 'runsight-entry-graph',
    apply: 'build',
    buildEnd() {
      entryGraph.clear();
      const pending = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry);
      while (pending.length) {
        const id = pending.pop() as string;
        if (entryGraph.has(id)) continue;
        entryGraph.add(id);
        pending.push(...(this.getModuleInfo(id)?.importedIds ?? []));
      }
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

export default defineConfig({
  root,
  logLevel: 'warn',
  plugins: [
    cleanBundleFiles(),
    recordEntryGraph(),
    minifyStyles(),
    minifyTemplates(),
    compactTranslations(),
    manglePrivateMembers(),
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
    lib: {
      entry: 'src/standalone.ts',
      formats: ['es'],
      fileName: () => 'runsight.js',
    },
    rolldownOptions: {
      preserveEntrySignatures: 'allow-extension',
      output: {
        minify: true,
        comments: false,
        // Next to the entry: each element's module (runsight.ops-list.js, …), German
        // (runsight.de.js), and the modules some elements share but the entry does not hold, one
        // file per set of elements that needs them, named after one of its modules (rolldown's
        // automatic chunking), e.g. runsight.runsight-card.js for the three cards.
        chunkFileNames: (chunk) =>
          `runsight.${chunk.name.replace(/\.define$/, '').replace(/^messages\./, '')}.js`,
      },
    },
  },
});
