/**
 * The example hosts (examples/): packs @runsight/active-state, api-client and widgets as
 * `npm publish` would, then for each example: installs its pinned framework dependencies
 * (`npm ci`, its own package-lock.json) and the tarballs (never workspace links), type-checks
 * it with its framework's checker, builds it, and runs the browser test against the reference
 * server (tests/examples/hosts.test.ts). Prints each step's time; a failing step names the
 * example and the step, the other examples still run, and the exit code is 1.
 *
 *   npm run test:examples                  every example (builds the packages when dist/ is missing)
 *   npm run test:examples -- react vue     some of them
 *   npm run test:examples -- --no-install react   reuse an installed example's node_modules
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { npmPack } from './pack-check.js';
import { EXAMPLES_DIR, ROOT, selectExamples, type Example } from '../tests/examples/examples.js';

const PACKAGES = ['packages/active-state', 'packages/api-client', 'packages/widgets'];
/** What the packs and the examples need of the build. */
const BUILT = [
  'packages/active-state/dist/index.js',
  'packages/api-client/dist/index.js',
  'packages/widgets/dist/index.js',
  'packages/widgets/dist/runsight.js',
  'packages/widgets/dist/bindings/react.d.ts',
  'packages/widgets/custom-elements.json',
];
const PACKED = path.join(EXAMPLES_DIR, '.packed');
const STEPS = ['install', 'check', 'build', 'browser'] as const;
type Step = (typeof STEPS)[number];

/** Runs a command with its output shown; resolves to its exit code. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return new Promise<number>((resolve) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

/** The commands of one step of `example`, in order. */
function commands(example: Example, step: Step, tarballs: string[]) {
  const dir = path.join(EXAMPLES_DIR, example.dir);
  const npm = (...args: string[]) => ({ command: 'npm', args, cwd: dir, env: {} });
  switch (step) {
    case 'install':
      return [
        npm('ci', '--no-audit', '--no-fund'),
        npm('install', '--no-save', '--no-audit', '--no-fund', ...tarballs),
      ];
    case 'check':
      return [npm('run', 'check')];
    case 'build':
      return [npm('run', 'build', '--if-present')]; // the server-rendered page has no build
    case 'browser':
      return [
        {
          command: process.execPath,
          args: [
            '--conditions=source',
            '--import',
            'tsx',
            '--test',
            '--test-reporter=spec',
            'tests/examples/hosts.test.ts',
          ],
          cwd: ROOT,
          env: { RUNSIGHT_EXAMPLES: example.name },
        },
      ];
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const install = !args.includes('--no-install');
  const examples = selectExamples(args.filter((a) => !a.startsWith('--')));
  const started = Date.now();
  const env = { NG_CLI_ANALYTICS: 'false', NO_UPDATE_NOTIFIER: '1' };
  Object.assign(process.env, env);

  let tarballs: string[] = [];
  if (install) {
    if (BUILT.some((file) => !existsSync(path.join(ROOT, file)))) {
      console.log('examples: building the packages (npm run build)');
      if ((await run('npm', ['run', 'build'], ROOT)) !== 0) {
        console.error('examples: FAILED: npm run build');
        process.exit(1);
      }
    }
    rmSync(PACKED, { recursive: true, force: true });
    mkdirSync(PACKED, { recursive: true });
    tarballs = npmPack(PACKED, ROOT, PACKAGES);
    console.log(`examples: packed ${tarballs.map((t) => path.basename(t)).join(', ')}`);
  }

  const timings = new Map<string, Partial<Record<Step, number>>>();
  const failures: string[] = [];
  for (const example of examples) {
    const times: Partial<Record<Step, number>> = {};
    timings.set(example.name, times);
    const modules = path.join(EXAMPLES_DIR, example.dir, 'node_modules');
    for (const step of STEPS) {
      if (step === 'install' && !install) {
        if (!existsSync(modules) || readdirSync(modules).length === 0) {
          failures.push(`${example.name}: not installed (run without --no-install)`);
          break;
        }
        continue;
      }
      console.log(`\nexamples: ${example.name}: ${step}`);
      const t0 = Date.now();
      let code = 0;
      for (const c of commands(example, step, tarballs)) {
        code = await run(c.command, c.args, c.cwd, c.env);
        if (code !== 0) break;
      }
      times[step] = Date.now() - t0;
      console.log(`examples: ${example.name}: ${step} ${seconds(times[step])} s`);
      if (code !== 0) {
        const failure = `${example.name}: ${step} failed (exit ${code})`;
        console.error(`examples: FAILED ${failure}`);
        failures.push(failure);
        break;
      }
    }
  }

  console.log(`\nexamples: seconds per step\n${['example', ...STEPS, 'total'].join('\t')}`);
  for (const [name, times] of timings) {
    const cells = STEPS.map((s) => (times[s] === undefined ? '-' : seconds(times[s])));
    const total = STEPS.reduce((sum, s) => sum + (times[s] ?? 0), 0);
    console.log([name, ...cells, seconds(total)].join('\t'));
  }
  console.log(`examples: ${seconds(Date.now() - started)} s in all`);
  if (failures.length > 0) {
    console.error(
      `examples: ${failures.length} failed:\n${failures.map((f) => `  - ${f}`).join('\n')}`,
    );
    process.exit(1);
  }
  console.log(`examples: ${examples.length} passed, 0 failed`);
}

await main();
