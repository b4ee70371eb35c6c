/**
 * Property-based: whatever a client sends in any list parameter or cursor — arbitrary unicode,
 * prototype names, huge numbers, odd dates, junk base64, cursors with any fields — the answer is
 * a 2xx or a 4xx JSON error (a 400 names the parameter), never a 5xx, and the server stays up.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import fc from 'fast-check';
import {
  createApp,
  DEMO_TOKENS,
  insertRuns,
  ManualClock,
  scaledPolicies,
  type Db,
} from '../src/index.js';
import { FIXTURE } from './fixtures.js';
import { backends, PROTOTYPE_NAMES, request, T0, truncate, type Res } from './helpers.js';

const policies = scaledPolicies(1);
/** Runs per property: enough to shake out the classes below, a few seconds in all. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);

const PARAMS = [
  'workspace',
  'tenant',
  'status',
  'freshness',
  'problem',
  'completed_since',
  'type',
  'since',
  'sort',
  'limit',
  'cursor',
] as const;
type Param = (typeof PARAMS)[number];

const VALID: Record<Param, string[]> = {
  workspace: ['ws_1', 'ws_2'],
  tenant: ['t_1', 't_2'],
  status: ['active', 'queued', 'running,completed'],
  freshness: ['fresh', 'likely_stale,terminal', 'reconciled_failed'],
  problem: [
    'active_stale_attention',
    'terminal_follow_up',
    'needs_attention',
    'terminal_follow_up,active_stale_attention',
  ],
  completed_since: ['2026-11-29', '2026-11-28T10:00:00Z', '2026-11-29T10:00:00+01:00'],
  type: ['inventory.sync', 'backup.run,restore.run'],
  since: ['2026-11-29', '2026-11-29T09:00:00Z', '2026-11-29T10:00:00+01:00'],
  sort: ['-created_at', 'attention'],
  limit: ['1', '50', '200'],
  cursor: [],
};

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** Numbers at and around every edge a parser or PostgreSQL might trip on. */
const hugeNumber = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      0,
      -0,
      -1,
      1e21,
      8.64e15,
      -8.64e15,
      8.64e15 + 1,
      -62135596800001,
      -62167219200000,
      253402300799999,
      253402300800000,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
      Number.MAX_VALUE,
      Number.EPSILON,
      2 ** 31,
      2 ** 53 + 2,
    ),
  },
  fc.integer(),
  fc.double(),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
);

/** Date-like strings: every field out of range somewhere, odd zones, odd separators. */
const oddDate = fc.oneof(
  fc
    .tuple(
      fc.oneof(fc.constantFrom(0, 1, 1969, 1970, 9999), fc.integer({ min: 0, max: 99999 })),
      fc.oneof(fc.constantFrom(1, 12), fc.integer({ min: 0, max: 99 })),
      fc.oneof(fc.constantFrom(1, 31), fc.integer({ min: 0, max: 99 })),
      fc.option(
        fc.tuple(
          fc.integer({ min: 0, max: 99 }),
          fc.integer({ min: 0, max: 99 }),
          fc.integer({ min: 0, max: 99 }),
          fc.option(fc.stringMatching(/^\d{1,12}$/)),
          fc.constantFrom(
            '',
            'Z',
            'z',
            '+00:00',
            '-00:00',
            '+14:00',
            '-12:00',
            '+23:59',
            '-23:59',
            '+2400',
            ' 01:00',
            '+1',
            '+99:99',
          ),
        ),
      ),
    )
    .map(([y, mo, d, time]) => {
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      const date = `${p(y, 4)}-${p(mo)}-${p(d)}`;
      if (time === null) return date;
      const [h, mi, s, frac, zone] = time;
      return `${date}T${p(h)}:${p(mi)}:${p(s)}${frac === null ? '' : `.${frac}`}${zone}`;
    }),
  fc
    .date({ noInvalidDate: false })
    .map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom(
    '0000-01-01',
    '0001-01-01T00:00:00+01:00',
    '1969-12-31T23:59:59.999Z',
    '9999-12-31T23:59:59-01:00',
    '+275760-09-13T00:00:00.000Z',
    '-000001-01-01T00:00:00Z',
    '2026-02-29',
    '2024-02-29T24:00:00Z',
    '2026-11-29T10:00:60Z',
    '2026-11-29T10:00:00',
    '2026-11-29 10:00:00Z',
  ),
);

/** A cursor-shaped object with every field anything at all (incl. huge or odd timestamps). */
const cursorObject = fc.record(
  {
    v: fc.oneof(fc.constant(1), fc.anything()),
    s: fc.oneof(fc.constantFrom('c', 'a'), fc.string()),
    t: fc.oneof(
      hugeNumber.map((n) => (typeof n === 'bigint' ? Number(n) : n)),
      fc.anything(),
    ),
    i: fc.oneof(
      fc.constantFrom('x', 'run_1', 'a_fresh_running', ...PROTOTYPE_NAMES),
      fc.anything(),
    ),
    r: fc.oneof(fc.integer({ min: -1, max: 4 }), fc.anything()),
  },
  { requiredKeys: [] },
);
/** A well-formed cursor at an odd position (a timestamp anywhere, any group). */
const oddCursor = fc
  .record({
    v: fc.constant(1),
    s: fc.constantFrom('c', 'a'),
    t: hugeNumber.map((n) => (typeof n === 'bigint' ? Number(n) : n)),
    i: fc.constantFrom('x', 'a_fresh_running', 'zzz', ...PROTOTYPE_NAMES),
    r: fc.integer({ min: -1, max: 4 }),
  })
  .map((o) => b64(JSON.stringify(o)));
const junkCursor = fc.oneof(
  { arbitrary: oddCursor, weight: 10 },
  cursorObject.map((o) => b64(JSON.stringify(o))),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a).toString('base64url')),
  fc.uint8Array({ maxLength: 60 }).map((a) => Buffer.from(a).toString('base64')),
  fc.string().map(b64),
  fc
    .constantFrom(...PROTOTYPE_NAMES)
    .map((n) => b64(JSON.stringify({ v: 1, s: 'c', t: 0, i: n, [n]: 1 }))),
  fc.constant(b64('{"__proto__": {"v": 1}, "s": "c", "t": 0, "i": "x"}')),
  fc.constant(b64('null')),
  fc.constant(b64('[1,2]')),
  fc.constant('A'.repeat(401)),
);

/** Any value at all for one parameter. */
function anyValue(param: Param): fc.Arbitrary<string> {
  const common: fc.Arbitrary<string>[] = [
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ maxLength: 300 }),
    fc.constantFrom(...PROTOTYPE_NAMES),
    hugeNumber.map(String),
    oddDate,
    junkCursor,
    fc
      .array(
        fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES, ...VALID[param], '', ' ', ','), fc.string()),
        {
          maxLength: 6,
        },
      )
      .map((a) => a.join(',')),
  ];
  if (VALID[param].length > 0) common.push(fc.constantFrom(...VALID[param]));
  // what each parameter's parser is most likely to trip on, more often
  const focus: Partial<Record<Param, fc.Arbitrary<string>>> = {
    since: oddDate,
    completed_since: oddDate,
    cursor: junkCursor,
    limit: hugeNumber.map(String),
  };
  const f = focus[param];
  return f === undefined ? fc.oneof(...common) : fc.oneof({ arbitrary: f, weight: 12 }, ...common);
}

/** `encodeURIComponent` cannot encode lone surrogates: send U+FFFD instead (as a browser would). */
const enc = (v: string) => encodeURIComponent(v.replace(/\p{Cs}/gu, '\uFFFD'));

type Outcome = { status: number; parameter?: string; code?: string };

/**
 * The contract for any input: 2xx, or a 4xx JSON error; a 400 names one of `sent`. A 200 is a
 * list, or with `summary` the summary's figures.
 */
function assertSane(res: Res, sent: readonly string[], what: string, summary = false): Outcome {
  assert.ok(res.status < 500, `${what} → ${res.status} ${res.text.slice(0, 200)}`);
  if (res.status === 200 || res.status === 304) {
    if (summary)
      assert.equal(typeof (res.body.data as unknown as { active: unknown }).active, 'number', what);
    else assert.ok(Array.isArray(res.body.data), `${what}: a list`);
    return { status: res.status };
  }
  assert.ok(res.status >= 400, `${what} → ${res.status}`);
  assert.equal(
    typeof res.body,
    'object',
    `${what}: JSON error body, got ${res.text.slice(0, 100)}`,
  );
  const { code, parameter, message } = res.body.error;
  assert.equal(typeof message, 'string', what);
  if (res.status === 400) {
    assert.ok(parameter !== undefined && sent.includes(parameter), `${what}: names ${parameter}`);
  } else {
    assert.equal(res.status, 404, `${what}: ${res.text}`);
    assert.equal(code, 'not_found', what);
  }
  return { status: res.status, parameter, code };
}

for (const backend of backends()) {
  describe(`any list parameter or cursor: 2xx or a 4xx naming it (${backend.name})`, () => {
    let db: Db;
    let app: ReturnType<typeof createApp>;
    before(async () => {
      db = await backend.open();
      await truncate(db);
      await insertRuns(db, FIXTURE);
      app = createApp({
        db,
        clock: new ManualClock(T0),
        policies,
        tokens: DEMO_TOKENS,
        rateLimit: false,
      });
    });
    after(() => db.close());

    for (const param of PARAMS) {
      it(`${param}: any value`, async () => {
        await fc.assert(
          fc.asyncProperty(anyValue(param), fc.boolean(), async (value, twice) => {
            const base = param === 'workspace' ? '' : 'workspace=ws_1&';
            const qs = `${base}${param}=${enc(value)}${twice ? `&${param}=${enc(value)}` : ''}`;
            const out = assertSane(await request(app, `/api/operation-runs?${qs}`), [param], qs);
            if (out.status === 404) {
              assert.ok(param === 'workspace' || param === 'tenant', `${qs}: 404`);
            }
          }),
          { numRuns: RUNS },
        );
      });
    }

    it('any combination of parameters, valid or not', async () => {
      const entry = fc
        .constantFrom(...PARAMS)
        .chain((p) =>
          fc.tuple(
            fc.constant(p),
            fc.oneof(fc.constantFrom(...(VALID[p].length ? VALID[p] : ['x'])), anyValue(p)),
          ),
        );
      await fc.assert(
        fc.asyncProperty(fc.array(entry, { maxLength: 6 }), async (entries) => {
          const all: [string, string][] = [['workspace', 'ws_1'], ...entries];
          const qs = all.map(([k, v]) => `${k}=${enc(v)}`).join('&');
          const out = assertSane(
            await request(app, `/api/operation-runs?${qs}`),
            all.map(([k]) => k),
            qs,
          );
          if (out.status === 400)
            assert.equal(
              out.code === 'invalid_parameter' || out.code === 'missing_parameter',
              true,
            );
        }),
        { numRuns: RUNS * 2 },
      );
    });

    it('the summary: any workspace, tenant and completed_since → 200, a 400 naming it, or 404', async () => {
      const SUMMARY = ['workspace', 'tenant', 'completed_since'] as const;
      const entry = fc
        .constantFrom(...SUMMARY)
        .chain((p) =>
          fc.tuple(
            fc.constant(p),
            fc.oneof(fc.constantFrom(...VALID[p]), anyValue(p), anyValue('since')),
          ),
        );
      await fc.assert(
        fc.asyncProperty(fc.array(entry, { maxLength: 4 }), fc.boolean(), async (entries, ws) => {
          const all: [string, string][] = ws ? [['workspace', 'ws_1'], ...entries] : entries;
          const qs = all.map(([k, v]) => `${k}=${enc(v)}`).join('&');
          const out = assertSane(
            await request(app, `/api/operation-runs/summary?${qs}`),
            all.map(([k]) => k).concat('workspace'),
            qs,
            true,
          );
          if (out.status === 404) assert.equal(out.code, 'not_found', qs);
        }),
        { numRuns: RUNS * 2 },
      );
    });

    it('a cursor from a walk (either sort), then tampered with', async () => {
      const decoded: Record<string, Record<string, unknown>> = {};
      for (const sort of ['-created_at', 'attention']) {
        const first = await request(app, `/api/operation-runs?workspace=ws_1&limit=2&sort=${sort}`);
        const cursor = first.body.meta.next_cursor;
        assert.ok(cursor, sort);
        decoded[sort] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<
          string,
          unknown
        >;
      }
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { arbitrary: fc.constant('t'), weight: 4 },
            fc.constantFrom('v', 's', 'i', 'r', ...PROTOTYPE_NAMES),
          ),
          fc.oneof(
            {
              arbitrary: hugeNumber.map((n) => (typeof n === 'bigint' ? String(n) : n)),
              weight: 3,
            },
            fc.anything(),
          ),
          fc.constantFrom('-created_at', 'attention'),
          fc.boolean(),
          async (key, value, sort, sameSort) => {
            const from = sameSort ? sort : sort === 'attention' ? '-created_at' : 'attention';
            const c = b64(JSON.stringify({ ...decoded[from], [key]: value }));
            const qs = `workspace=ws_1&limit=2&sort=${sort}&cursor=${c}`;
            assertSane(await request(app, `/api/operation-runs?${qs}`), ['cursor'], qs);
          },
        ),
        { numRuns: RUNS * 2 },
      );
    });

    it('the detail: any id and workspace → 200, 400 (workspace) or 404', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.constantFrom('a_fresh_running', ...PROTOTYPE_NAMES),
            fc.string({ unit: 'grapheme', minLength: 1 }),
          ),
          fc.oneof(fc.constantFrom('ws_1', ...PROTOTYPE_NAMES), anyValue('workspace')),
          async (id, ws) => {
            const path = `/api/operation-runs/${enc(id)}?workspace=${enc(ws)}`;
            const res = await request(app, path);
            assert.ok([200, 400, 404].includes(res.status), `${path} → ${res.status} ${res.text}`);
            if (res.status === 400) assert.equal(res.body.error.parameter, 'workspace', path);
          },
        ),
        { numRuns: RUNS * 2 },
      );
    });

    it('raw query strings over HTTP (malformed percent-encoding, control bytes, odd separators): never a 5xx, the server stays up', async () => {
      const http = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await once(http, 'listening');
      const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      try {
        const piece = fc.oneof(
          fc.constantFrom(
            '%',
            '%%',
            '%zz',
            '%E0%A4%A',
            '%C0%AF',
            '%00',
            '%FF',
            '%2',
            '&',
            '=',
            '==',
            '+',
            ';',
            '?',
            '#',
            '%23',
            '%26',
            '%3D',
          ),
          fc.constantFrom(...PARAMS, ...PROTOTYPE_NAMES, 'ws_1', 'active', 'attention'),
          fc
            .string({ unit: 'binary-ascii', maxLength: 8 })
            .map((s) =>
              s.replace(
                /[^\x21-\x7e]/g,
                (ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`,
              ),
            ),
        );
        await fc.assert(
          fc.asyncProperty(fc.array(piece, { maxLength: 12 }), async (pieces) => {
            const raw = pieces.join('');
            const res = await fetch(`${url}/api/operation-runs?workspace=ws_1&${raw}`, {
              headers: { Authorization: 'Bearer demo-admin' },
            });
            const text = await res.text();
            assert.ok(
              res.status < 500,
              `?workspace=ws_1&${raw} → ${res.status} ${text.slice(0, 200)}`,
            );
            if (res.status >= 400) {
              const body = JSON.parse(text) as { error?: { code?: string } };
              assert.equal(typeof body.error?.code, 'string', text);
            }
          }),
          { numRuns: RUNS * 2 },
        );
        const health = await fetch(`${url}/healthz`);
        assert.equal(health.status, 200);
        const ok = await fetch(`${url}/api/operation-runs?workspace=ws_1&limit=1`, {
          headers: { Authorization: 'Bearer demo-admin' },
        });
        assert.equal(ok.status, 200);
      } finally {
        await new Promise((r) => http.close(r));
      }
    });
  });
}
