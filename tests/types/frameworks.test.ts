/**
 * The framework bindings of @runsight/widgets as hosts meet them: a React 19 host checked by
 * tsc, a Vue 3.5 host by vue-tsc (strictTemplates), a Svelte 5 host by svelte-check. Each host
 * uses all five elements, sets `client`/`links` as properties and handles runsight-navigate,
 * -error and -run-finished with their typed events; and holds the same negative cases (a wrong
 * property type, an unknown property, a read-only getter, a misspelt listener, a handler of the
 * wrong event), which must be errors:
 *   - tsc and vue-tsc: each negative case carries `@ts-expect-error` / `@vue-expect-error`, and
 *     an expectation that is not met is itself an error; the test also checks that the checker
 *     read the host's files and that every negative case below is marked;
 *   - svelte-check: the errors it reports must be exactly one on each line after an
 *     `expect-error:` comment, and nothing else.
 *
 * Before them: the manifest they are generated from (custom-elements.json) describes properties
 * with their types and events with their Event classes.
 *
 *   npm run build && npm run test:types        (part of npm test, after the build)
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const bin = (name: string): string => path.join(ROOT, 'node_modules/.bin', name);

/** The negative cases every host holds, by the reason its comment gives. */
const NEGATIVE = [
  'page-size takes a number, not a string',
  'workspace takes a string',
  'client takes a RunsightClient',
  'there is no page-sise attribute or pageSise property',
  'a read-only getter is no property a host sets',
  'there is no runsight-navigat event',
  'a navigate handler does not take an error event',
];

/** Runs a checker (asynchronously: the three checkers run side by side). */
function run(command: string, args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

/** The reasons given by `marker` comments in `file` (the text up to the comment's end). */
function reasons(file: string, marker: RegExp): string[] {
  const text = readFileSync(path.join(HERE, file), 'utf8');
  return [...text.matchAll(marker)].map((m) => m[1]!.trim());
}

/** Files a `--listFiles` run lists, relative to the repository. */
const listed = (output: string): string[] =>
  output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith(ROOT))
    .map((line) => path.relative(ROOT, line));

interface Member {
  kind: string;
  name: string;
  type?: { text: string };
  attribute?: string;
}
interface Declaration {
  name: string;
  tagName?: string;
  members?: Member[];
  attributes?: { name: string; fieldName?: string; type?: { text: string } }[];
  events?: { name: string; type?: { text: string } }[];
}

describe('custom-elements.json (npm run build first)', () => {
  const manifest = JSON.parse(
    readFileSync(path.join(ROOT, 'packages/widgets/custom-elements.json'), 'utf8'),
  ) as { modules: { declarations?: Declaration[] }[] };
  const elements = new Map(
    manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .filter((d) => d.tagName)
      .map((d) => [d.tagName!, d]),
  );
  const member = (tag: string, name: string) =>
    elements.get(tag)?.members?.find((m) => m.kind === 'field' && m.name === name);

  it('describes properties with their types and attributes', () => {
    assert.deepEqual(member('ops-list', 'pageSize'), {
      ...member('ops-list', 'pageSize'),
      type: { text: 'number' },
      attribute: 'page-size',
    });
    const pageSize = elements.get('ops-list')?.attributes?.find((a) => a.name === 'page-size');
    assert.deepEqual(pageSize && [pageSize.fieldName, pageSize.type], [
      'pageSize',
      { text: 'number' },
    ]);
    for (const tag of elements.keys()) {
      assert.equal(member(tag, 'workspace')?.type?.text, 'string | undefined', tag);
      assert.equal(member(tag, 'client')?.type?.text, 'RunsightClient | undefined', tag);
      assert.equal(member(tag, 'client')?.attribute, undefined, `${tag}: client is a property`);
    }
  });

  it("gives Vue's isCustomElement the five tags (@runsight/widgets/vue)", async () => {
    // A specifier in a variable: the repository's typecheck runs before the build.
    const entry: string = '@runsight/widgets/vue';
    const vue = (await import(entry)) as {
      runsightTags: readonly string[];
      isRunsightElement: (tag: string) => boolean;
    };
    assert.deepEqual([...vue.runsightTags].sort(), [...elements.keys()].sort());
    assert.equal(elements.size, 5);
    for (const tag of elements.keys()) assert.equal(vue.isRunsightElement(tag), true, tag);
    for (const tag of ['my-component', 'div', 'runsight-element'])
      assert.equal(vue.isRunsightElement(tag), false, tag);
  });

  it('describes the events of all five elements with their Event classes', () => {
    const events = Object.fromEntries(
      [...elements].map(([tag, d]) => [
        tag,
        Object.fromEntries((d.events ?? []).map((e) => [e.name, e.type?.text])),
      ]),
    );
    const common = {
      'runsight-navigate': 'RunsightNavigateEvent',
      'runsight-error': 'RunsightErrorEvent',
    };
    assert.deepEqual(events, {
      'active-run-progress': { ...common, 'runsight-run-finished': 'RunsightRunFinishedEvent' },
      'ops-list': common,
      'run-detail': common,
      'tenant-activity': common,
      'workspace-recent-ops': common,
    });
  });
});

describe('framework bindings (npm run build first)', { concurrency: true }, () => {
  it('React 19: tsc accepts the host, every @ts-expect-error is an error', async () => {
    const { status, output } = await run(bin('tsc'), ['-p', 'tests/types/react', '--listFiles']);
    assert.equal(status, 0, output);
    const files = listed(output);
    assert.ok(files.includes('tests/types/react/App.tsx'), 'tsc read App.tsx');
    assert.ok(files.includes('packages/widgets/dist/bindings/react.d.ts'), 'and the bindings');
    // The JSX host names the misspelt listener and the unknown property the React way.
    const marker = /@ts-expect-error -- (.+?)(?: \*\/\}|$)/gm;
    assert.deepEqual(reasons('react/App.tsx', marker), [
      ...NEGATIVE.slice(0, 3),
      'there is no pageSise property',
      NEGATIVE[4],
      'React 19 would listen to "RunsightNavigate"; the prop is onrunsight-navigate',
      NEGATIVE[6],
      'the navigate detail has no error',
    ]);
    assert.deepEqual(reasons('react/Wrappers.tsx', marker), [
      'pageSize takes a number, not a string',
      'workspace takes a string',
      'there is no pageSise property',
      'there is no onNavigat event prop',
    ]);
  });

  it('Vue 3.5: vue-tsc (strictTemplates) accepts the host, every @vue-expect-error is an error', async () => {
    const { status, output } = await run(bin('vue-tsc'), ['-p', 'tests/types/vue', '--listFiles']);
    assert.equal(status, 0, output);
    const files = listed(output);
    assert.ok(files.includes('tests/types/vue/App.vue'), 'vue-tsc read App.vue');
    assert.ok(files.includes('packages/widgets/dist/bindings/vue.d.ts'), 'and the bindings');
    assert.deepEqual(reasons('vue/App.vue', /<!-- @vue-expect-error (.+?) -->/g), NEGATIVE);
  });

  it('Svelte 5: svelte-check reports exactly the expected errors', async () => {
    const { status, output } = await run(bin('svelte-check'), [
      '--workspace',
      path.join(HERE, 'svelte'),
      '--tsconfig',
      path.join(HERE, 'svelte/tsconfig.json'),
      '--output',
      'machine',
    ]);
    // Machine output: `<time> ERROR "<file>" <line>:<column> "<message>"`, then COMPLETED.
    const completed = /COMPLETED (\d+) FILES (\d+) ERRORS (\d+) WARNINGS/.exec(output);
    assert.ok(completed, output);
    const reported = [...output.matchAll(/ (ERROR|WARNING) "([^"]+)" (\d+):\d+ "(.*)"$/gm)].map(
      (m) => `${m[1]} ${m[2]}:${m[3]}`,
    );
    const source = readFileSync(path.join(HERE, 'svelte/App.svelte'), 'utf8').split('\n');
    const expected = source.flatMap((line, i) =>
      line.includes('<!-- expect-error:') ? [`ERROR App.svelte:${i + 2}`] : [],
    );
    assert.deepEqual(reported, expected, output);
    assert.equal(status, 1, 'svelte-check fails on the errors');
    assert.deepEqual(
      reasons('svelte/App.svelte', /<!-- expect-error: (.+?) -->/g),
      NEGATIVE,
      'every negative case is marked',
    );
  });
});
