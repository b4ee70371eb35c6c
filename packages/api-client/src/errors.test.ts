/** Every error kind, end to end through the client and real MSW responses. */
import { assert } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { SetupWorker } from 'msw/browser';
import {
  ERROR_MESSAGES,
  RunsightApiError,
  createClient,
  isRunsightApiError,
  type ApiErrorKind,
} from './index.js';
import {
  FIXTURE_WORKSPACE,
  errorHandlers,
  freshRunning,
  requestLog,
  runDetail,
  runsHandlers,
  startFixtureWorker,
} from './fixtures/index.js';
import { waitFor } from './test-support.js';

let worker: SetupWorker;
before(async () => {
  worker = await startFixtureWorker();
});
beforeEach(() => requestLog.reset());
afterEach(() => worker.resetHandlers());

const list = (client = createClient(), signal?: AbortSignal) =>
  client.listRuns({ workspace: FIXTURE_WORKSPACE }, { signal });
const detail = (client = createClient()) => client.getRun(FIXTURE_WORKSPACE, 'run_fresh_running');

async function failure(promise: Promise<unknown>): Promise<RunsightApiError> {
  try {
    await promise;
  } catch (error) {
    assert.isTrue(isRunsightApiError(error), `not a RunsightApiError: ${String(error)}`);
    assert.instanceOf(error, Error);
    return error as RunsightApiError;
  }
  throw new Error('expected the request to fail');
}

function expectKind(error: RunsightApiError, kind: ApiErrorKind, status?: number) {
  assert.strictEqual(error.kind, kind);
  assert.strictEqual(error.status, status);
  assert.strictEqual(error.name, 'RunsightApiError');
}

describe('errors: transport', () => {
  it('network: fetch fails', async () => {
    worker.use(...errorHandlers.networkError());
    const error = await failure(list());
    expectKind(error, 'network');
    assert.strictEqual(error.message, 'You appear to be offline, or the server cannot be reached.');
    assert.instanceOf(error.cause, TypeError);
  });

  it('network: a custom fetch that throws a TypeError', async () => {
    const client = createClient({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    expectKind(await failure(list(client)), 'network');
  });

  it('timeout: no answer within timeoutMs', async () => {
    worker.use(...errorHandlers.hang());
    const started = performance.now();
    const error = await failure(list(createClient({ timeoutMs: 150 })));
    expectKind(error, 'timeout');
    assert.strictEqual(error.message, ERROR_MESSAGES.timeout);
    assert.isAtLeast(performance.now() - started, 140);
    assert.isBelow(performance.now() - started, 2000);
  });

  it('timeout: a slow response', async () => {
    worker.use(...errorHandlers.slow(1000, { runs: [freshRunning()] }));
    expectKind(await failure(list(createClient({ timeoutMs: 100 }))), 'timeout');
  });

  it('aborted: the caller aborts an in-flight request', async () => {
    worker.use(...errorHandlers.hang());
    const controller = new AbortController();
    const pending = failure(list(createClient(), controller.signal));
    await waitFor(() => requestLog.count() === 1);
    controller.abort();
    expectKind(await pending, 'aborted');
  });

  it('aborted: an already aborted signal sends no request', async () => {
    worker.use(...runsHandlers({ runs: [] }));
    const controller = new AbortController();
    controller.abort();
    expectKind(await failure(list(createClient(), controller.signal)), 'aborted');
    assert.strictEqual(requestLog.count(), 0);
  });

  it('unauthorized: a header function that throws', async () => {
    worker.use(...runsHandlers({ runs: [] }));
    const client = createClient({
      headers: () => Promise.reject(new Error('token refresh failed')),
    });
    const error = await failure(list(client));
    expectKind(error, 'unauthorized');
    assert.strictEqual(requestLog.count(), 0);
  });
});

describe('errors: HTTP status', () => {
  it('400 → bad_request with code and parameter', async () => {
    worker.use(...errorHandlers.badRequest({ parameter: 'since' }));
    const error = await failure(list());
    expectKind(error, 'bad_request', 400);
    assert.strictEqual(error.code, 'invalid_parameter');
    assert.strictEqual(error.parameter, 'since');
    assert.strictEqual(error.serverMessage, 'since is not valid.');
    assert.include(error.message, '"since"');
  });

  it('400 from the contract handlers names the parameter (limit out of range)', async () => {
    worker.use(...runsHandlers({ runs: [] }));
    const error = await failure(createClient().listRuns({ workspace: 'ws_1', limit: 500 }));
    expectKind(error, 'bad_request', 400);
    assert.strictEqual(error.parameter, 'limit');
  });

  it('401 → unauthorized', async () => {
    worker.use(...errorHandlers.unauthorized());
    const error = await failure(list());
    expectKind(error, 'unauthorized', 401);
    assert.strictEqual(error.message, 'You are not signed in, or your session has expired.');
    assert.strictEqual(error.parameter, undefined);
  });

  it('404 → not_found (detail of an unknown run)', async () => {
    worker.use(...runsHandlers({ runs: [] }));
    const error = await failure(detail());
    expectKind(error, 'not_found', 404);
    assert.strictEqual(error.code, 'not_found');
    assert.strictEqual(error.message, 'Not found, or you do not have access to it.');
  });

  it('404 for a run of another workspace', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning({ workspace_id: 'ws_other' })] }));
    expectKind(await failure(detail()), 'not_found', 404);
  });

  it('403 (outside the contract) reads as not_found', async () => {
    worker.use(http.get('/api/operation-runs', () => new HttpResponse(null, { status: 403 })));
    expectKind(await failure(list()), 'not_found', 403);
  });

  it('429 → rate_limited with Retry-After seconds', async () => {
    worker.use(...errorHandlers.rateLimited({ retryAfter: 12 }));
    const error = await failure(list());
    expectKind(error, 'rate_limited', 429);
    assert.strictEqual(error.retryAfterMs, 12_000);
  });

  it('429 with an HTTP-date Retry-After, judged against the Date header', async () => {
    worker.use(
      http.get(
        '/api/operation-runs',
        () =>
          new HttpResponse('{"error":{"code":"rate_limited","message":"slow down"}}', {
            status: 429,
            headers: {
              'Content-Type': 'application/json',
              Date: 'Sun, 29 Nov 2026 12:00:00 GMT',
              'Retry-After': 'Sun, 29 Nov 2026 12:00:45 GMT',
            },
          }),
      ),
    );
    const error = await failure(list());
    expectKind(error, 'rate_limited', 429);
    assert.strictEqual(error.retryAfterMs, 45_000);
  });

  it('503 → unavailable (not "too many requests") with Retry-After', async () => {
    worker.use(...errorHandlers.unavailable({ retryAfter: 30 }));
    const error = await failure(detail());
    expectKind(error, 'unavailable', 503);
    assert.strictEqual(error.retryAfterMs, 30_000);
    assert.match(error.message, /server is unavailable/);
    assert.notMatch(error.message, /Too many requests/);
  });

  it('503 without Retry-After has no retryAfterMs', async () => {
    worker.use(http.get('/api/operation-runs', () => new HttpResponse(null, { status: 503 })));
    const error = await failure(list());
    expectKind(error, 'unavailable', 503);
    assert.strictEqual(error.retryAfterMs, undefined);
  });

  for (const status of [500, 502, 504]) {
    it(`${status} → server`, async () => {
      worker.use(...errorHandlers.serverError({ status }));
      const error = await failure(list());
      expectKind(error, 'server', status);
      assert.strictEqual(error.message, 'The server ran into an error.');
    });
  }

  it('a 500 with an HTML body is still server', async () => {
    worker.use(
      http.get('/api/operation-runs', () => new HttpResponse('<h1>oops</h1>', { status: 500 })),
    );
    const error = await failure(list());
    expectKind(error, 'server', 500);
    assert.strictEqual(error.code, undefined);
  });
});

describe('errors: invalid_response', () => {
  it('a 200 that is not JSON', async () => {
    worker.use(...errorHandlers.nonJson());
    const error = await failure(list());
    expectKind(error, 'invalid_response', 200);
    assert.strictEqual(error.message, 'The server sent an unexpected response.');
  });

  it('a list envelope that breaks the schema', async () => {
    worker.use(...errorHandlers.badEnvelope());
    expectKind(await failure(list()), 'invalid_response', 200);
  });

  it('a detail envelope that breaks the schema', async () => {
    worker.use(...errorHandlers.badEnvelope());
    expectKind(await failure(detail()), 'invalid_response', 200);
  });

  it('meta with a wrong type', async () => {
    worker.use(
      http.get('/api/operation-runs', () =>
        HttpResponse.json({
          data: [],
          meta: { next_cursor: 5, server_time: '2026-11-29T12:00:00Z' },
        }),
      ),
    );
    expectKind(await failure(list()), 'invalid_response', 200);
  });

  it('data that is not an array', async () => {
    worker.use(http.get('/api/operation-runs', () => HttpResponse.json({ data: {}, meta: {} })));
    expectKind(await failure(list()), 'invalid_response', 200);
  });

  it('a detail whose run breaks the schema (missing id)', async () => {
    const broken: Record<string, unknown> = { ...runDetail(freshRunning()) };
    delete broken.id;
    worker.use(...runsHandlers({ detail: () => broken }));
    expectKind(await failure(detail()), 'invalid_response', 200);
  });

  it('an empty 200 body', async () => {
    worker.use(http.get('/api/operation-runs', () => new HttpResponse('', { status: 200 })));
    expectKind(await failure(list()), 'invalid_response', 200);
  });
});

describe('RunsightApiError', () => {
  it('has an English message per kind and keeps the fields it is given', () => {
    const kinds = Object.keys(ERROR_MESSAGES) as ApiErrorKind[];
    assert.lengthOf(kinds, 10);
    for (const kind of kinds) {
      const error = new RunsightApiError(kind);
      assert.strictEqual(error.message, ERROR_MESSAGES[kind]);
      assert.match(error.message, /^[A-Z].+\.$/);
    }
    const error = new RunsightApiError('rate_limited', { status: 429, retryAfterMs: 5000 });
    assert.strictEqual(error.retryAfterMs, 5000);
    assert.strictEqual(error.status, 429);
  });

  it('isRunsightApiError rejects other errors and look-alikes', () => {
    assert.isFalse(isRunsightApiError(new Error('x')));
    assert.isFalse(isRunsightApiError({ kind: 'network', message: 'x' }));
    assert.isFalse(isRunsightApiError(undefined));
    assert.isTrue(isRunsightApiError(new RunsightApiError('server')));
  });
});
