/** Node tests of the pure parts: query strings and keys, Retry-After, status mapping, clock, backoff, mapping. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelay,
  createClient,
  createManualTimeSource,
  createServerClock,
  deepEqual,
  inScope,
  isIsoTimestamp,
  outOfScopeError,
  kindForStatus,
  listRunsKey,
  listRunsQueryString,
  parseRetryAfter,
  parseRunDetail,
  parseRuns,
  runsSummaryKey,
  runsSummaryParams,
  runsSummaryQueryString,
} from '../src/index.js';
import { buildRun } from '@runsight/active-state/run';
import { readRunDetail } from '../src/detail.js';
import { reconciledFailed, wireFromRun } from '../src/fixtures/runs.js';
import { wireSummary } from '../src/fixtures/summary.js';
import { readSummary } from '../src/summary-reader.js';

describe('listRunsQueryString', () => {
  it('orders parameters as api.md lists them and omits empty ones', () => {
    assert.equal(
      listRunsQueryString({
        cursor: 'abc',
        limit: 10,
        sort: '-created_at',
        since: new Date('2026-11-29T00:00:00Z'),
        type: ['x'],
        completedSince: new Date('2026-11-28T12:00:00Z'),
        problem: ['terminal_follow_up', 'needs_attention'],
        freshness: ['terminal'],
        status: ['completed'],
        tenant: 't',
        workspace: 'w',
      }),
      'workspace=w&tenant=t&status=completed&freshness=terminal' +
        '&problem=terminal_follow_up,needs_attention&completed_since=2026-11-28T12:00:00.000Z' +
        '&type=x&since=2026-11-29T00:00:00.000Z&sort=-created_at&limit=10&cursor=abc',
    );
    assert.equal(
      listRunsQueryString({
        workspace: 'w',
        problem: [],
        completedSince: '2026-11-28T13:00:00+01:00',
      }),
      'workspace=w&completed_since=2026-11-28T13:00:00%2B01:00',
      'a string passes through (encoded); an empty problem list is no filter',
    );
    assert.equal(
      listRunsQueryString({ workspace: 'w', completedSince: new Date('x') }),
      'workspace=w',
    );
    assert.equal(
      listRunsQueryString({ workspace: 'w', tenant: '  ', status: [' ', ''] }),
      'workspace=w',
    );
  });

  it('keeps list order, drops duplicates, passes `active` through', () => {
    assert.equal(
      listRunsQueryString({ workspace: 'w', status: ['running', 'active', 'running'] }),
      'workspace=w&status=running,active',
    );
  });

  it('truncates a fractional limit and drops a non-finite one; drops an invalid Date', () => {
    assert.equal(listRunsQueryString({ workspace: 'w', limit: 20.7 }), 'workspace=w&limit=20');
    assert.equal(listRunsQueryString({ workspace: 'w', limit: Number.NaN }), 'workspace=w');
    assert.equal(listRunsQueryString({ workspace: 'w', since: new Date('x') }), 'workspace=w');
  });

  it('encodes reserved characters but keeps list commas and colons', () => {
    assert.equal(
      listRunsQueryString({ workspace: 'a&b=c', type: ['x y', 'ü/#'], cursor: 'k+1' }),
      'workspace=a%26b%3Dc&type=x%20y,%C3%BC%2F%23&cursor=k%2B1',
    );
  });
});

describe('listRunsKey', () => {
  it('is the same for queries that ask the same thing', () => {
    const a = listRunsKey({ workspace: 'w', status: ['active'], type: ['b', 'a'], tenant: null });
    const b = listRunsKey({ workspace: 'w', status: ['running', 'queued'], type: ['a', 'b', 'a'] });
    const c = listRunsKey({
      workspace: 'w',
      status: ['queued', 'running'],
      type: ['a', 'b'],
      tenant: '',
    });
    assert.equal(a, b);
    assert.equal(b, c);
    assert.equal(
      listRunsKey({ workspace: 'w', problem: ['needs_attention', 'terminal_follow_up'] }),
      listRunsKey({
        workspace: 'w',
        problem: ['terminal_follow_up', 'needs_attention', 'terminal_follow_up'],
      }),
    );
    assert.equal(
      listRunsKey({ workspace: 'w', completedSince: '2026-11-28T13:00:00+01:00' }),
      listRunsKey({ workspace: 'w', completedSince: new Date('2026-11-28T12:00:00Z') }),
      'one key per instant',
    );
  });

  it('differs when any parameter differs', () => {
    const base = { workspace: 'w', status: ['active'] };
    const keys = new Set([
      listRunsKey(base),
      listRunsKey({ ...base, workspace: 'v' }),
      listRunsKey({ ...base, tenant: 't' }),
      listRunsKey({ ...base, status: ['queued'] }),
      listRunsKey({ ...base, freshness: ['fresh'] }),
      listRunsKey({ ...base, sort: 'attention' }),
      listRunsKey({ ...base, limit: 10 }),
      listRunsKey({ ...base, cursor: 'c' }),
      listRunsKey({ ...base, since: '2026-11-29T00:00:00Z' }),
      listRunsKey({ ...base, problem: ['active_stale_attention'] }),
      listRunsKey({ ...base, problem: ['needs_attention'] }),
      listRunsKey({ ...base, completedSince: '2026-11-28T00:00:00Z' }),
      listRunsKey({ ...base, type: ['t'] }),
    ]);
    assert.equal(keys.size, 13);
  });
});

describe('runsSummaryQueryString / runsSummaryKey', () => {
  it('sends workspace, tenant and completed_since, omitting empty ones', () => {
    assert.equal(
      runsSummaryQueryString({
        completedSince: new Date('2026-11-28T12:00:00Z'),
        tenant: 't 1',
        workspace: 'w',
      }),
      'workspace=w&tenant=t%201&completed_since=2026-11-28T12:00:00.000Z',
    );
    assert.equal(
      runsSummaryQueryString({ workspace: 'w', tenant: ' ', completedSince: '' }),
      'workspace=w',
    );
    assert.deepEqual(runsSummaryParams({ workspace: 'w', tenant: null }), [['workspace', 'w']]);
  });

  it('has one key per scope and window, never a list key', () => {
    const same = [
      runsSummaryKey({ workspace: 'w', tenant: 't' }),
      runsSummaryKey({ workspace: 'w', tenant: ' t ', completedSince: '' }),
    ];
    assert.equal(same[0], same[1]);
    assert.equal(
      runsSummaryKey({ workspace: 'w', completedSince: '2026-11-28T13:00:00+01:00' }),
      runsSummaryKey({ workspace: 'w', completedSince: new Date('2026-11-28T12:00:00Z') }),
    );
    const keys = new Set([
      runsSummaryKey({ workspace: 'w' }),
      runsSummaryKey({ workspace: 'v' }),
      runsSummaryKey({ workspace: 'w', tenant: 't' }),
      runsSummaryKey({ workspace: 'w', completedSince: '2026-11-28T12:00:00Z' }),
      runsSummaryKey({ workspace: 'w', completedSince: '2026-11-28T12:00:01Z' }),
    ]);
    assert.equal(keys.size, 5);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');
  it('reads delta-seconds', () => {
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('1.5', now), 1500);
  });
  it('reads an HTTP-date relative to now, never negative', () => {
    assert.equal(parseRetryAfter('Sun, 29 Nov 2026 12:01:30 GMT', now), 90_000);
    assert.equal(parseRetryAfter('Sunday, 29-Nov-26 12:00:10 GMT', now), 10_000);
    assert.equal(parseRetryAfter('Sun, 29 Nov 2026 11:00:00 GMT', now), 0);
  });
  it('ignores what it cannot read', () => {
    for (const value of [null, undefined, '', '-5', 'soon', '12abc', '2026-11-29']) {
      assert.equal(parseRetryAfter(value, now), undefined, String(value));
    }
  });
});

describe('kindForStatus', () => {
  it('maps statuses to kinds', () => {
    const table: [number, string][] = [
      [400, 'bad_request'],
      [401, 'unauthorized'],
      [403, 'not_found'],
      [404, 'not_found'],
      [409, 'bad_request'],
      [429, 'rate_limited'],
      [500, 'server'],
      [502, 'server'],
      [503, 'unavailable'],
      [504, 'server'],
      [302, 'invalid_response'],
    ];
    for (const [status, kind] of table) assert.equal(kindForStatus(status), kind, String(status));
  });
});

describe('isIsoTimestamp', () => {
  it('accepts ISO-8601 date-times with an offset, and only those', () => {
    for (const ok of [
      '2026-11-29T10:00:00Z',
      '2026-11-29T10:00:00.123456Z',
      '2026-11-29T10:00:00+02:00',
      '2026-11-29T10:00Z',
    ]) {
      assert.equal(isIsoTimestamp(ok), true, ok);
    }
    for (const bad of [
      '2026-11-29',
      '2026-11-29T10:00:00',
      'Sun, 29 Nov 2026 10:00:00 GMT',
      '2026-13-01T00:00:00Z',
      '',
      'x',
    ]) {
      assert.equal(isIsoTimestamp(bad), false, bad);
    }
  });
});

describe('createServerClock', () => {
  it('adopts the first sample: offset = server − midpoint', () => {
    const time = createManualTimeSource(1_000_000);
    const clock = createServerClock({ timeSource: time });
    clock.observe(new Date(1_000_000 + 7_200_000 + 50), 1_000_000, 1_000_100);
    assert.equal(clock.offsetMs, 7_200_000);
    assert.equal(clock.now(), 1_000_000 + 7_200_000);
  });

  it('keeps the sample with the smallest round trip among the last N', () => {
    const clock = createServerClock({ samples: 3, timeSource: createManualTimeSource(0) });
    clock.observe(new Date(10_000 + 500), 0, 1000); // rtt 1000, offset 10 000
    assert.equal(clock.offsetMs, 10_000);
    clock.observe(new Date(20_000 + 5), 0, 10); // rtt 10, offset 20 000: better
    assert.equal(clock.offsetMs, 20_000);
    clock.observe(new Date(30_000 + 250), 0, 500); // rtt 500: worse, ignored
    clock.observe(new Date(40_000 + 250), 0, 500);
    assert.equal(clock.offsetMs, 20_000);
    clock.observe(new Date(50_000 + 200), 0, 400); // the rtt-10 sample leaves the window
    assert.equal(clock.offsetMs, 50_000);
  });

  it('notifies only on changes beyond the threshold, and on time-source jumps', () => {
    const time = createManualTimeSource(0);
    const clock = createServerClock({ timeSource: time });
    let calls = 0;
    const off = clock.subscribe(() => calls++);
    clock.observe(new Date(500), 0, 0);
    assert.equal(calls, 0, '500 ms: not significant');
    clock.observe(new Date(1600), 0, 0);
    assert.equal(calls, 0, 'equal round trip: first sample kept');
    const other = createServerClock({ timeSource: time });
    let otherCalls = 0;
    other.subscribe(() => otherCalls++);
    other.observe(new Date(5000), 0, 100);
    assert.equal(otherCalls, 1);
    other.observe(new Date(5500), 0, 50);
    assert.equal(otherCalls, 1, 'moved by 475 ms');
    other.observe(new Date(9000), 0, 10);
    assert.equal(otherCalls, 2, 'moved by > 1 s');
    time.advance(1);
    assert.equal(calls, 1);
    assert.equal(otherCalls, 3);
    off();
    time.set(0);
    assert.equal(calls, 1);
  });

  it('ignores non-finite observations', () => {
    const clock = createServerClock({ timeSource: createManualTimeSource(0) });
    clock.observe(new Date('x'), 0, 0);
    clock.observe(new Date(5000), Number.NaN, 0);
    assert.equal(clock.offsetMs, 0);
    assert.equal(clock.observations, 0);
  });
});

describe('createManualTimeSource', () => {
  it('moves only when told and tells subscribers', () => {
    const time = createManualTimeSource(new Date('2026-11-29T12:00:00Z'));
    const seen: number[] = [];
    const off = time.subscribe(() => seen.push(time.now()));
    time.advance(1000);
    time.set(0);
    time.set(new Date(5));
    off();
    time.advance(1);
    assert.deepEqual(seen, [Date.parse('2026-11-29T12:00:01Z'), 0, 5]);
    assert.equal(time.now(), 6);
  });
});

describe('backoffDelay', () => {
  it('is random(0, min(cap, base·2^n))', () => {
    assert.equal(
      backoffDelay(0, 1000, 60_000, () => 0.5),
      500,
    );
    assert.equal(
      backoffDelay(3, 1000, 60_000, () => 0.5),
      4000,
    );
    assert.equal(
      backoffDelay(10, 1000, 60_000, () => 0.5),
      30_000,
    );
    assert.equal(
      backoffDelay(10, 1000, 60_000, () => 0),
      0,
    );
    assert.equal(
      backoffDelay(2, 1000, 60_000, () => 0.99999),
      3999,
    );
  });
});

describe('deepEqual', () => {
  it('compares Dates by time and objects structurally', () => {
    assert.equal(deepEqual({ a: [new Date(1), null] }, { a: [new Date(1), null] }), true);
    assert.equal(deepEqual({ a: new Date(1) }, { a: new Date(2) }), false);
    assert.equal(deepEqual({ a: 1 }, { a: 1, b: undefined }), false);
    assert.equal(deepEqual([1], { 0: 1 }), false);
  });
});

/** The smallest valid wire row: the six required fields. */
const row = {
  id: 'r',
  type: 't',
  workspace_id: 'w',
  status: 'running',
  outcome: 'pending',
  created_at: '2026-11-29T10:00:00Z',
};

describe('parseRuns / parseRunDetail', () => {
  it('validates rows one by one', () => {
    const { runs, invalidRows } = parseRuns([
      row,
      { ...row, id: '' },
      { ...row, created_at: 5 },
      row,
    ]);
    assert.equal(runs.length, 2);
    assert.equal(invalidRows, 2);
  });
  it('a "__proto__" context key pollutes nothing', () => {
    const detail = parseRunDetail(
      JSON.parse(
        `{"id":"r","type":"t","workspace_id":"w","status":"s","outcome":"o","created_at":"2026-11-29T10:00:00Z","context":{"__proto__":"x","a":1}}`,
      ),
    );
    assert.ok(detail);
    assert.equal(Object.getPrototypeOf(detail.run.context), Object.prototype);
    assert.equal(detail.run.context.a, 1);
    assert.equal(({} as Record<string, unknown>).x, undefined);
    assert.notEqual((detail.run.context as Record<string, unknown>).x, 'x');
  });
  it('reads back a built run put on the wire (wireFromRun), field for field', () => {
    const built = [
      buildRun(),
      buildRun({
        status: 'completed',
        outcome: 'failed',
        startedAt: new Date('2026-11-29T10:00:05Z'),
        completedAt: new Date('2026-11-29T10:30:00Z'),
        progress: { total: null, processed: 3, succeeded: 2, failed: 1 },
        lifecycle: { expectedBy: null, staleAfter: new Date(0), heartbeatTimeoutS: 120 },
        freshness: { state: 'zombie', evaluatedAt: new Date('2026-11-29T10:30:00Z') },
        reconciliation: { reconciledAt: new Date(1), reason: 'r', previousStatus: 'running' },
        initiator: { name: 'Ana Admin' },
        failure: { reasonCode: 'x', message: 'y' },
      }),
    ];
    const { runs, invalidRows } = parseRuns(built.map(wireFromRun));
    assert.equal(invalidRows, 0);
    assert.deepEqual(runs, built);
    const wire = reconciledFailed();
    assert.deepEqual(wireFromRun(parseRuns([wire]).runs[0]!), wire);
  });
  it('returns null for a run that breaks the schema', () => {
    assert.equal(parseRunDetail({ ...row, workspace_id: null }), null);
    assert.equal(parseRunDetail('nope'), null);
  });
});

/** JSON as `JSON.parse` reads it: an array is no object, an out-of-range number is Infinity. */
describe('JSON kinds: an array is no object, a number is finite', () => {
  const json = (text: string): unknown => JSON.parse(text);
  it('leaves out a row whose optional object is an array or whose number is infinite', () => {
    const wire = JSON.stringify(row).slice(0, -1);
    const { runs, invalidRows } = parseRuns([
      { ...row, progress: [] },
      { ...row, lifecycle: [] },
      { ...row, initiator: [] },
      { ...row, failure: [] },
      { ...row, freshness: [] },
      { ...row, reconciliation: [] },
      json(`${wire},"progress":{"total":1e400}}`),
      json(`${wire},"lifecycle":{"heartbeat_timeout_s":-1e400}}`),
      { ...row, progress: {}, initiator: {} },
    ]);
    assert.equal(invalidRows, 8);
    assert.equal(runs.length, 1);
  });
  const asked = { workspace: 'w', id: 'r' };
  const invalid = (error: unknown) =>
    error instanceof Error && 'kind' in error && error.kind === 'invalid_response';
  it('a list, detail or summary envelope whose meta is an array is an invalid_response', async () => {
    const client = createClient({
      baseUrl: 'http://backend.test/api',
      clockSync: false,
      fetch: () => Promise.resolve(Response.json({ data: [row], meta: [] })),
    });
    await assert.rejects(client.fetchRuns({ workspace: 'w' }), invalid);
    assert.throws(() => readRunDetail({ data: row, meta: [] }, 200, asked), invalid);
    assert.throws(
      () => readSummary({ data: wireSummary(), meta: [] }, 200, { workspace: 'w' }),
      invalid,
    );
    // The same envelopes with an object (or no) meta are read.
    assert.equal(readRunDetail({ data: row, meta: {} }, 200, asked).run.id, 'r');
    assert.equal(
      readSummary({ data: wireSummary(), meta: {} }, 200, { workspace: 'w' }).summary.active,
      0,
    );
  });
});

describe('inScope (the one scope rule)', () => {
  const run = (workspaceId: string, tenantId: string | null) => ({ workspaceId, tenantId });
  it('a workspace query takes every run of the workspace, tenantless ones included', () => {
    assert.equal(inScope(run('ws_1', 't_1'), { workspace: 'ws_1' }), true);
    assert.equal(inScope(run('ws_1', null), { workspace: 'ws_1', tenant: null }), true);
    assert.equal(inScope(run('ws_2', 't_1'), { workspace: 'ws_1' }), false);
  });
  it('a tenant query takes only that tenant of that workspace (tenant ids repeat)', () => {
    assert.equal(inScope(run('ws_1', 't_1'), { workspace: 'ws_1', tenant: 't_1' }), true);
    assert.equal(inScope(run('ws_2', 't_1'), { workspace: 'ws_1', tenant: 't_1' }), false);
    assert.equal(inScope(run('ws_1', 't_2'), { workspace: 'ws_1', tenant: 't_1' }), false);
    assert.equal(inScope(run('ws_1', null), { workspace: 'ws_1', tenant: 't_1' }), false);
  });
  it('compares the ids the query string sends (trimmed; a blank tenant is none)', () => {
    assert.equal(inScope(run('ws_1', 't_1'), { workspace: ' ws_1 ', tenant: ' t_1' }), true);
    assert.equal(inScope(run('ws_1', null), { workspace: 'ws_1', tenant: '  ' }), true);
  });
  it('outOfScopeError is an invalid response with code out_of_scope', () => {
    const error = outOfScopeError(3);
    assert.equal(error.kind, 'invalid_response');
    assert.equal(error.code, 'out_of_scope');
    assert.match(error.serverMessage ?? '', /^3 /);
  });
});
