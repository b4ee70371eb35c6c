/**
 * The sidecar's configuration file: every mistake is one line naming its field, all reported at
 * once; the worked example's file is valid; the bin exits 2 with those lines and no stack trace.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  ConfigError,
  fieldPath,
  loadSidecarConfig,
  parseSidecarConfig,
} from '../src/config-file.js';

const SECRET = 'a-shared-secret-of-at-least-32-bytes!!';
const env = { RUNSIGHT_DATABASE_URL: 'postgres://reader@db/app', RUNSIGHT_JWT_SECRET: SECRET };

const valid = () => ({
  database: { url: 'postgres://reader@db.internal/app' },
  readOnly: true,
  relations: { runs: 'runsight.runs' },
  policies: {
    byType: {
      'inventory.sync': {
        queued: { expectedAfterS: 60, staleAfterS: 600 },
        running: { expectedAfterS: 600, staleAfterS: 1800, heartbeatTimeoutS: 300 },
      },
    },
  },
  auth: { type: 'tokens', tokens: { 'tok-1': { name: 'Ops', workspaces: '*' } } },
});

/** The problems of a configuration (throws when it is valid). */
function problems(raw: unknown): string[] {
  try {
    parseSidecarConfig(raw, { env });
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.problems;
  }
  assert.fail('the configuration was accepted');
}

/** The `inventory.sync` policy of a configuration being changed. */
interface EditablePolicy {
  queued: Record<string, unknown>;
  running: Record<string, unknown>;
}
const policy = (c: Record<string, unknown>) =>
  (c.policies as { byType: Record<string, EditablePolicy> }).byType[
    'inventory.sync'
  ] as EditablePolicy;

function withChange(change: (c: Record<string, unknown>) => void): Record<string, unknown> {
  const c = valid() as unknown as Record<string, unknown>;
  change(c);
  return c;
}

describe('sidecar configuration file', () => {
  it('accepts a valid configuration and fills the defaults', () => {
    const c = parseSidecarConfig(valid(), { env });
    assert.equal(c.databaseUrl, 'postgres://reader@db.internal/app');
    assert.equal(c.readOnly, true);
    assert.deepEqual(c.relations, { runs: 'runsight.runs' });
    assert.equal(c.port, 8080);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.corsOrigins, '*');
    assert.deepEqual(c.rateLimit, {});
    assert.equal(c.workers, 1);
    assert.deepEqual(c.auth, {
      type: 'tokens',
      tokens: { 'tok-1': { name: 'Ops', workspaces: '*' } },
    });
    assert.equal(c.policies.byType?.['inventory.sync']?.running.heartbeatTimeoutS, 300);
  });

  it('takes workers: a count, or "auto"', () => {
    assert.equal(parseSidecarConfig({ ...valid(), workers: 4 }, { env }).workers, 4);
    assert.equal(parseSidecarConfig({ ...valid(), workers: 'auto' }, { env }).workers, 'auto');
  });

  it("accepts the worked example's file (database url and JWT secret from the environment)", async () => {
    const file = resolve(
      import.meta.dirname,
      '../../../docs/examples/laravel/runsight.config.json',
    );
    const c = await loadSidecarConfig(file, env);
    assert.equal(c.databaseUrl, env.RUNSIGHT_DATABASE_URL);
    assert.equal(c.auth.type, 'jwt');
    assert.deepEqual(c.relations, {
      runs: 'runsight.runs',
      workspaces: 'runsight.workspaces',
      tenants: 'runsight.tenants',
    });
  });

  const cases: [string, (c: Record<string, unknown>) => void, string][] = [
    [
      'a policy window that is not positive',
      (c) => (policy(c).running.expectedAfterS = 0),
      'policies.byType["inventory.sync"].running.expectedAfterS must be a number > 0',
    ],
    [
      'a policy window that is not a number',
      (c) => (policy(c).queued.staleAfterS = '10m'),
      'policies.byType["inventory.sync"].queued.staleAfterS must be a number > 0',
    ],
    [
      'likely stale before past expected',
      (c) => (policy(c).running.staleAfterS = 60),
      'policies.byType["inventory.sync"].running.staleAfterS must not be less than expectedAfterS',
    ],
    [
      'a heartbeat timeout that is neither a number nor null',
      (c) => (policy(c).running.heartbeatTimeoutS = -5),
      'policies.byType["inventory.sync"].running.heartbeatTimeoutS must be a number > 0',
    ],
    [
      'a policy without its running part',
      (c) => delete (policy(c) as Partial<EditablePolicy>).running,
      'policies.byType["inventory.sync"].running must be an object',
    ],
    [
      'a misspelt policy field',
      (c) => (policy(c).queued.expectedS = 5),
      'policies.byType["inventory.sync"].queued.expectedS is not a setting',
    ],
    ['readOnly false', (c) => (c.readOnly = false), 'readOnly must be true'],
    ['no runs view', (c) => (c.relations = {}), 'relations.runs must be a string'],
    [
      'a relation name with SQL in it',
      (c) => (c.relations = { runs: 'runs; DROP TABLE x' }),
      'relations.runs must be a relation name',
    ],
    [
      'a three-part relation name',
      (c) => (c.relations = { runs: 'db.runsight.runs' }),
      'relations.runs must be a relation name',
    ],
    [
      'a database that is not PostgreSQL',
      (c) => (c.database = { url: 'mysql://x/y' }),
      'database.url must be a PostgreSQL connection string',
    ],
    [
      'both url and urlEnv',
      (c) => (c.database = { url: 'postgres://x/y', urlEnv: 'X' }),
      'database needs exactly one of url and urlEnv',
    ],
    [
      'an environment variable that is not set',
      (c) => (c.database = { urlEnv: 'NOT_SET_ANYWHERE' }),
      'database.urlEnv: the environment variable NOT_SET_ANYWHERE is not set',
    ],
    ['a port out of range', (c) => (c.port = 70000), 'port must be an integer from 0 to 65535'],
    [
      'a CORS origin with a path',
      (c) => (c.corsOrigins = ['https://portal.example.com/app']),
      'corsOrigins[0] must be an origin such as https://portal.example.com (no path)',
    ],
    [
      'a rate limit of zero',
      (c) => (c.rateLimit = { burst: 0 }),
      'rateLimit.burst must be an integer ≥ 1',
    ],
    ['an unknown setting', (c) => (c.listen = 8080), 'listen is not a setting'],
    ['no workers', (c) => (c.workers = 0), 'workers must be "auto" or an integer from 1 to 256'],
    ['workers as text', (c) => (c.workers = 'all'), 'workers must be "auto" or an integer'],
    [
      'an unknown auth type',
      (c) => (c.auth = { type: 'basic' }),
      'auth.type must be "jwt" or "tokens"',
    ],
    [
      'a token grant that is not a list',
      (c) => (c.auth = { type: 'tokens', tokens: { t: { workspaces: { ws_1: 't_1' } } } }),
      'auth.tokens.t.workspaces',
    ],
    [
      'JWT auth without its secret (checked by the JWT module)',
      (c) => (c.auth = { type: 'jwt', algorithms: ['HS256'], audience: 'runsight' }),
      'auth.secret',
    ],
  ];
  for (const [what, change, message] of cases) {
    it(`names the field: ${what}`, () => {
      const found = problems(withChange(change));
      assert.equal(found.length, 1, found.join('\n'));
      assert.ok(found[0]?.startsWith(message), `${found[0]} should start with ${message}`);
    });
  }

  it('reports every mistake at once', () => {
    const found = problems(
      withChange((c) => {
        c.port = -1;
        c.readOnly = false;
        c.database = { urlEnv: 'NOT_SET_ANYWHERE' };
        c.auth = { type: 'jwt', algorithms: ['none'], audience: 'x' };
      }),
    );
    assert.equal(found.length, 4, found.join('\n'));
  });

  it('writes paths as a reader would type them', () => {
    assert.equal(
      fieldPath(['policies', 'byType', 'inventory.sync', 'queued']),
      'policies.byType["inventory.sync"].queued',
    );
    assert.equal(fieldPath(['corsOrigins', 2]), 'corsOrigins[2]');
  });

  describe('runsight-server --config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runsight-config-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const cli = resolve(import.meta.dirname, '../src/cli.ts');
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        execFile(
          process.execPath,
          ['--conditions=source', '--import', 'tsx', cli, ...args],
          { encoding: 'utf8' },
          (err, stdout, stderr) =>
            done({
              code: err === null ? 0 : typeof err.code === 'number' ? err.code : null,
              stdout,
              stderr,
            }),
        );
      });

    it('exits 2 with one line per mistake and no stack trace', async () => {
      const file = join(dir, 'bad.json');
      writeFileSync(file, JSON.stringify(withChange((c) => (c.port = 'eighty'))));
      const r = await run(['--config', file]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /runsight: {3}port must be an integer ≥ 0/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });

    it('exits 2 for a file that is not JSON, and for an unknown option', async () => {
      const file = join(dir, 'broken.json');
      writeFileSync(file, '{ "database": ');
      const r = await run(['--config', file]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /broken\.json is not valid JSON/);
      const u = await run(['--port', '1']);
      assert.equal(u.code, 2);
      assert.match(u.stderr, /Unknown option '--port'/);
    });

    it('prints its help', async () => {
      const r = await run(['--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /runsight-server \[--config FILE\]/);
    });
  });
});
