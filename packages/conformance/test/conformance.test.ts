/**
 * The CLI against the reference server (PGlite; PostgreSQL too when TEST_DATABASE_URL is set)
 * passes every check; against each deliberately broken backend it fails exactly the check of
 * the rule that backend breaks, and no other.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, type FetchLike, type Report } from '../src/index.js';
import { BROKEN, NEWER, startReference, withoutDeadlines, type Reference } from './backends.js';

const ARGS = ['--workspace', 'ws_1', '--token', 'demo-admin'];
const RESTRICTED = ['--restricted-token', 'demo-contoso', '--restricted-tenant', 't_1'];

async function run(
  api: string,
  args: string[] = [],
  fetch?: FetchLike,
): Promise<{ status: number; report: Report; text: string }> {
  let text = '';
  const out = await cli(['--base-url', api, ...ARGS, ...RESTRICTED, ...args], {
    stdout: (t) => (text += t),
    stderr: (t) => (text += t),
    fetch,
    fallbackWaitMs: 10,
  });
  assert.ok(out.report !== null, text);
  return { status: out.status, report: out.report, text };
}

const failing = (r: Report) => r.checks.filter((c) => c.outcome === 'fail').map((c) => c.id);

const kinds: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

for (const kind of kinds) {
  describe(`the reference server (${kind})`, () => {
    let ref: Reference;
    before(async () => {
      ref = await startReference(kind);
    });
    after(async () => {
      await ref.close();
    });

    it('passes every check, within the default budget', async () => {
      const { status, report, text } = await run(ref.api);
      assert.equal(status, 0, text);
      assert.deepEqual(failing(report), [], text);
      const skipped = report.checks.filter((c) => c.outcome === 'skip').map((c) => c.id);
      assert.deepEqual(skipped, ['rate-limit'], text); // the reference's limit is far off
      assert.ok(report.requests <= 400, `${report.requests} requests`);
      assert.match(text, /12 passed, 0 failed, 1 skipped/);
    });

    it('passes for a tenant-restricted token checked within its tenant (--tenant)', async () => {
      let text = '';
      const out = await cli(
        [
          '--base-url',
          ref.api,
          '--workspace',
          'ws_1',
          '--token',
          'demo-contoso',
          '--tenant',
          't_1',
        ],
        { stdout: (t) => (text += t), stderr: (t) => (text += t) },
      );
      assert.equal(out.status, 0, text);
      assert.deepEqual(failing(out.report as Report), [], text);
    });

    it('answers a burst with 429 and Retry-After (rate-limited app on the same data)', async () => {
      const { status, report, text } = await run(
        'http://reference.invalid/api',
        ['--only', 'rate-limit', '--probe-rate-limit', '10'],
        ref.limited,
      );
      assert.equal(status, 0, text);
      assert.equal(report.checks.find((c) => c.id === 'rate-limit')?.outcome, 'pass', text);
    });

    if (kind !== 'pglite') return;

    it('passes a newer backend that sends unknown fields everywhere', async () => {
      const { status, report, text } = await run(ref.api, [], NEWER);
      assert.equal(status, 0, text);
      assert.deepEqual(failing(report), [], text);
    });

    describe('broken backends fail the check of the rule they break, and no other', () => {
      for (const broken of BROKEN) {
        it(`${broken.name} → ${broken.check}`, async () => {
          const { status, report, text } = await run(ref.api, broken.args ?? [], broken.fetch);
          assert.equal(status, 1, text);
          assert.deepEqual(failing(report), [broken.check], text);
          const check = report.checks.find((c) => c.id === broken.check);
          assert.ok(check !== undefined && check.findings.length > 0);
          assert.match(text, new RegExp(`FAIL\\s+${broken.check.replace('.', '\\.')}`));
        });
      }

      it('a 429 without Retry-After → rate-limit', async () => {
        const limited = ref.limited;
        const fetch: FetchLike = async (url, init) => {
          const res = await limited(url, init);
          const headers = new Headers(res.headers);
          headers.delete('retry-after');
          return new Response(res.body, { status: res.status, headers });
        };
        const { status, report, text } = await run(
          'http://reference.invalid/api',
          ['--only', 'rate-limit', '--probe-rate-limit', '10'],
          fetch,
        );
        assert.equal(status, 1, text);
        assert.deepEqual(failing(report), ['rate-limit'], text);
      });
    });

    it("judges runs without deadlines with the backend's --policies", async () => {
      const truth = (r: Report) => r.checks.find((c) => c.id === 'truth.freshness');
      const without = await run(ref.api, [], withoutDeadlines());
      assert.equal(without.status, 0, without.text);
      assert.match(truth(without.report)?.notes.join('\n') ?? '', /could not be judged/);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'runsight-policies-'));
      try {
        const file = path.join(dir, 'policies.json');
        writeFileSync(file, JSON.stringify(ref.server.policies));
        const judged = await run(ref.api, ['--policies', file], withoutDeadlines());
        assert.equal(judged.status, 0, judged.text);
        assert.doesNotMatch(truth(judged.report)?.notes.join('\n') ?? '', /could not be judged/);
        // and with them, a fresh run listed as likely stale is still caught
        const broken = BROKEN.find((b) => b.check === 'truth.freshness');
        assert.ok(broken);
        const both = withoutDeadlines(broken.fetch);
        const caught = await run(ref.api, ['--policies', file], both);
        assert.deepEqual(failing(caught.report), ['truth.freshness'], caught.text);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('writes JUnit XML and JSON on request', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'runsight-conformance-'));
      try {
        const junit = path.join(dir, 'report.xml');
        const json = path.join(dir, 'report.json');
        const broken = BROKEN.find((b) => b.check === 'caching');
        assert.ok(broken);
        const { status } = await run(ref.api, ['--junit', junit, '--json', json], broken.fetch);
        assert.equal(status, 1);
        const xml = readFileSync(junit, 'utf8');
        assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
        assert.match(xml, /<testsuite [^>]*tests="13" failures="1"/);
        assert.match(
          xml,
          /<testcase classname="runsight-conformance" name="caching"[^>]*>\s*<failure /,
        );
        assert.match(xml, /name="rate-limit"[^>]*>\s*<skipped message="no 429/);
        const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
        assert.deepEqual(failing(report), ['caching']);
        assert.equal(report.checks.length, 13);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('the command line', () => {
  it('prints its help', async () => {
    let text = '';
    const out = await cli(['--help'], { stdout: (t) => (text += t), stderr: (t) => (text += t) });
    assert.equal(out.status, 0);
    assert.match(text, /--base-url URL/);
    assert.match(text, /--max-requests N/);
  });

  it('exits 2 on a usage error or an unreachable backend', async () => {
    let text = '';
    const io = { stdout: (t: string) => (text += t), stderr: (t: string) => (text += t) };
    assert.equal((await cli(['--workspace', 'ws_1'], io)).status, 2);
    assert.match(text, /--base-url/);
    assert.equal(
      (await cli(['--base-url', 'http://x.invalid/api', '--only', 'nope', '--workspace', 'w'], io))
        .status,
      2,
    );
    assert.match(text, /unknown check nope/);
    const refused: FetchLike = async () => {
      throw new TypeError('fetch failed: ECONNREFUSED');
    };
    const out = await cli(['--base-url', 'http://127.0.0.1:9/api', '--workspace', 'ws_1'], {
      ...io,
      fetch: refused,
    });
    assert.equal(out.status, 2);
    assert.match(text, /cannot reach the backend/);
  });
});
