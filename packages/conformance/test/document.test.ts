/**
 * The document, the client's schemas and the reference server's real answers agree: answers of
 * every kind (list in both orders, detail, summary, 304, 400, 401, 404, 429, 503) recorded from
 * the reference server are answers the document gives (status, required headers, body schema)
 * and read cleanly with the client's own readers; the client's fixture runs of every state are
 * valid runs of the document; and what the client rejects in a run, the document rejects too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as v from 'valibot';
import { parseRuns } from '@runsight/api-client';
import * as f from '@runsight/api-client/fixtures/runs';
import { createApp, DEMO_TOKENS, scaledPolicies, systemClock, type Db } from '@runsight/server';
import { readRunDetail } from '../../api-client/src/detail.js';
import { errorFromResponse } from '../../api-client/src/error-response.js';
import { listEnvelopeSchema, wireRunSchema } from '../../api-client/src/schemas.js';
import { readSummary } from '../../api-client/src/summary-reader.js';
import { Contract, type OperationId } from '../src/index.js';
import { startReference, type Reference } from './backends.js';

const contract = new Contract();

interface Recorded {
  operation: OperationId;
  status: number;
  response: Response;
  text: string;
}

/** Checks one recorded answer against the document; returns its parsed body. */
function againstDocument(r: Recorded): unknown {
  const what = `${r.operation} ${r.status}`;
  assert.ok(contract.statuses(r.operation).includes(r.status), `${what}: not documented`);
  if (r.status === 200 || r.status === 304)
    assert.ok(r.response.headers.get('etag'), `${what}: ETag`);
  if (r.status === 429 || r.status === 503) {
    assert.match(r.response.headers.get('retry-after') ?? '', /^\d+$/, `${what}: Retry-After`);
  }
  if (r.status === 304) {
    assert.equal(r.text, '', `${what}: no body`);
    return undefined;
  }
  const body: unknown = JSON.parse(r.text);
  const schema = contract.responseSchema(r.operation, r.status);
  assert.ok(schema !== null, `${what}: no schema`);
  assert.deepEqual(contract.validate(schema, body), [], `${what}: ${r.text.slice(0, 300)}`);
  return body;
}

describe('document, client and reference server agree', () => {
  let ref: Reference;
  const recorded: Recorded[] = [];
  const get = async (
    operation: OperationId,
    path: string,
    headers: Record<string, string> = { Authorization: 'Bearer demo-admin' },
    fetcher: (url: string, init: RequestInit) => Promise<Response> = fetch,
    base?: string,
  ): Promise<Recorded> => {
    const response = await fetcher(`${base ?? ref.api}${path}`, { headers });
    const r = { operation, status: response.status, response, text: await response.text() };
    recorded.push(r);
    return r;
  };

  before(async () => {
    ref = await startReference('pglite');
  });
  after(async () => {
    await ref.close();
  });

  it('every kind of answer is one the document gives, and the client reads it', async () => {
    const list = await get('listOperationRuns', '/operation-runs?workspace=ws_1&limit=200');
    const body = againstDocument(list) as { data: unknown[] };
    assert.ok(v.safeParse(listEnvelopeSchema, body).success);
    assert.equal(parseRuns(body.data).invalidRows, 0);
    assert.ok(body.data.length > 100);
    const attention = await get(
      'listOperationRuns',
      '/operation-runs?workspace=ws_1&sort=attention&problem=needs_attention',
    );
    assert.equal(
      parseRuns((againstDocument(attention) as { data: unknown[] }).data).invalidRows,
      0,
    );

    for (const row of body.data.slice(0, 40) as { id: string }[]) {
      const detail = await get('getOperationRun', `/operation-runs/${row.id}?workspace=ws_1`);
      const d = againstDocument(detail);
      assert.equal(readRunDetail(d, 200, { workspace: 'ws_1', id: row.id }).run.id, row.id);
    }
    const summary = await get('getOperationRunsSummary', '/operation-runs/summary?workspace=ws_1');
    const s = readSummary(againstDocument(summary), 200, { workspace: 'ws_1' });
    assert.ok(s.summary.active > 0);

    for (const r of [list, summary]) {
      const etag = r.response.headers.get('etag') as string;
      const path =
        r === list
          ? '/operation-runs?workspace=ws_1&limit=200'
          : '/operation-runs/summary?workspace=ws_1';
      const again = await get(r.operation, path, {
        Authorization: 'Bearer demo-admin',
        'If-None-Match': etag,
      });
      assert.equal(again.status, 304);
      againstDocument(again);
    }

    const errors: [OperationId, string, Record<string, string>, number, string?][] = [
      [
        'listOperationRuns',
        '/operation-runs?workspace=ws_1&limit=abc',
        { Authorization: 'Bearer demo-admin' },
        400,
        'limit',
      ],
      [
        'listOperationRuns',
        '/operation-runs?workspace=ws_1&status=__proto__',
        { Authorization: 'Bearer demo-admin' },
        400,
        'status',
      ],
      [
        'getOperationRunsSummary',
        '/operation-runs/summary?workspace=ws_1&completed_since=x',
        { Authorization: 'Bearer demo-admin' },
        400,
        'completed_since',
      ],
      ['listOperationRuns', '/operation-runs?workspace=ws_1', {}, 401],
      [
        'listOperationRuns',
        '/operation-runs?workspace=nope',
        { Authorization: 'Bearer demo-admin' },
        404,
      ],
      [
        'getOperationRun',
        '/operation-runs/nope?workspace=ws_1',
        { Authorization: 'Bearer demo-admin' },
        404,
      ],
    ];
    for (const [operation, path, headers, status, parameter] of errors) {
      const r = await get(operation, path, headers);
      assert.equal(r.status, status, `${path}: ${r.text}`);
      againstDocument(r);
      const err = errorFromResponse(r.response, r.text, Date.now());
      if (parameter !== undefined) assert.equal(err.parameter, parameter);
    }
  });

  it('429 and 503 are answers the document gives, with Retry-After', async () => {
    const auth = { Authorization: 'Bearer demo-admin' };
    let limited: Recorded | undefined;
    for (let i = 0; i < 10 && limited?.status !== 429; i++) {
      limited = await get(
        'listOperationRuns',
        '/operation-runs?workspace=ws_1&limit=1',
        auth,
        ref.limited,
        'http://x.invalid/api',
      );
    }
    assert.equal(limited?.status, 429);
    againstDocument(limited);
    assert.equal(
      errorFromResponse(limited.response, limited.text, Date.now()).kind,
      'rate_limited',
    );
    // A database that cannot be reached: 503.
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const db = {
      query: () => Promise.reject(down),
      exec: () => Promise.reject(down),
      transaction: () => Promise.reject(down),
      close: () => Promise.resolve(),
    } as unknown as Db;
    const app = createApp({
      db,
      clock: systemClock,
      policies: scaledPolicies(1),
      tokens: DEMO_TOKENS,
      rateLimit: false,
    });
    const unavailable = await get(
      'listOperationRuns',
      '/operation-runs?workspace=ws_1',
      auth,
      async (url, init) => app.request(url, init),
      'http://x.invalid/api',
    );
    assert.equal(unavailable.status, 503, unavailable.text);
    againstDocument(unavailable);
    assert.equal(
      errorFromResponse(unavailable.response, unavailable.text, Date.now()).kind,
      'unavailable',
    );
  });

  it("the client's fixture runs of every state are runs of the document", () => {
    const runs = [
      f.freshQueued(),
      f.freshRunning(),
      f.pastExpectedQueued(),
      f.pastExpectedRunning(),
      f.staleRunning(),
      f.staleQueued(),
      f.staleByHeartbeat(),
      f.reconciledFailed(),
      f.succeededRun(),
      f.partiallySucceededRun(),
      f.failedRun(),
      f.blockedRun(),
      f.cancelledRun(),
    ];
    for (const run of runs) assert.deepEqual(contract.validate('Run', run), [], run.id);
  });

  it('what the client rejects in a run the document rejects, and what it keeps the document keeps', () => {
    const base: Record<string, unknown> = { ...f.freshRunning() };
    const rejected: [string, Record<string, unknown>][] = [
      ['no id', { ...base, id: undefined }],
      ['an empty id', { ...base, id: '' }],
      ['a numeric status', { ...base, status: 3 }],
      ['a local created_at', { ...base, created_at: '2026-11-29T10:00:00' }],
      ['an impossible started_at', { ...base, started_at: '2026-11-29T25:00:00Z' }],
      ['a string progress count', { ...base, progress: { total: '10' } }],
      ['freshness without evaluated_at', { ...base, freshness: { state: 'fresh' } }],
    ];
    for (const [what, run] of rejected) {
      const row = JSON.parse(JSON.stringify(run)) as unknown;
      assert.equal(v.safeParse(wireRunSchema, row).success, false, `client: ${what}`);
      assert.notDeepEqual(contract.validate('Run', row), [], `document: ${what}`);
    }
    const kept: [string, Record<string, unknown>][] = [
      ['an unknown status', { ...base, status: 'paused' }],
      ['an unknown field', { ...base, shard: 7 }],
      [
        'only the required fields',
        {
          id: 'r',
          type: 't',
          workspace_id: 'w',
          status: 'queued',
          outcome: 'pending',
          created_at: '2026-11-29T10:00:00+01:00',
        },
      ],
    ];
    for (const [what, row] of kept) {
      assert.equal(v.safeParse(wireRunSchema, row).success, true, `client: ${what}`);
      assert.deepEqual(contract.validate('Run', row), [], `document: ${what}`);
    }
  });
});
