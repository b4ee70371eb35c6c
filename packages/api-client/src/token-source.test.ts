/** createTokenSource: renewal before expiry, one shared renewal, invalidation; the client's retry on 401. */
import { assert } from '@open-wc/testing';
import { createClient, createTokenSource, jwtTimes, type RunsightHttpClient } from './index.js';
import { bearerAuthHandlers, freshRunning, runsHandlers, unsignedJwt } from './fixtures/index.js';
import { useFixtureWorker } from './test-support.js';

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);
const S = 1000;

/** A manual clock and a host token endpoint minting 5-minute JWTs (`iat` = the clock's now). */
function host(lifetimeS = 300, clockOffsetS = 0) {
  let now = T0;
  let n = 0;
  const endpoint = {
    now: () => now,
    advance: (ms: number) => (now += ms),
    calls: 0,
    /** Answers of the endpoint wait for this (tests hold a renewal open). */
    gate: Promise.resolve(),
    fail: false,
    async fetchToken() {
      endpoint.calls++;
      await endpoint.gate;
      if (endpoint.fail) throw new Error('token endpoint down');
      const iat = Math.floor(now / S) + clockOffsetS;
      return unsignedJwt({ sub: 'u1', n: ++n, iat, exp: iat + lifetimeS });
    },
  };
  return endpoint;
}
const serial = (token: string) => JSON.parse(atob(token.split('.')[1] as string)).n as number;

describe('createTokenSource', () => {
  it('fetches once, then serves the token until it is due for renewal (renewBeforeS ahead)', async () => {
    const h = host();
    const tokens = createTokenSource({ fetchToken: () => h.fetchToken(), now: h.now });
    const first = await tokens.token();
    assert.equal(serial(first), 1);
    h.advance(269 * S);
    assert.equal(await tokens.token(), first, '31 s before expiry: the same token');
    assert.equal(h.calls, 1);
    h.advance(1 * S);
    assert.equal(serial(await tokens.token()), 2, '30 s before expiry: a new one');
    assert.equal(h.calls, 2);
    assert.deepEqual(await tokens.headers(), { Authorization: `Bearer ${await tokens.token()}` });
  });

  it('concurrent callers during a renewal share one request to the endpoint', async () => {
    const h = host();
    let open = (): void => undefined;
    h.gate = new Promise<void>((resolve) => (open = resolve));
    const tokens = createTokenSource({ fetchToken: () => h.fetchToken(), now: h.now });
    const waiting = Array.from({ length: 8 }, () => tokens.token());
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(h.calls, 1);
    open();
    const got = await Promise.all(waiting);
    assert.deepEqual(new Set(got).size, 1);
    assert.equal(h.calls, 1);
  });

  it('counts the lifetime (exp − iat) from its own clock: a host clock minutes ahead changes nothing', async () => {
    const h = host(300, 600);
    const tokens = createTokenSource({ fetchToken: () => h.fetchToken(), now: h.now });
    const first = await tokens.token();
    h.advance(200 * S);
    assert.equal(await tokens.token(), first);
    h.advance(70 * S);
    assert.notEqual(await tokens.token(), first);
    assert.equal(h.calls, 2);
  });

  it('without iat, exp is read on the local clock; an explicit expiresAt wins', async () => {
    let now = T0;
    const token = unsignedJwt({ exp: T0 / S + 120, name: 'Zoë Ünicode' });
    assert.deepEqual(jwtTimes(token), { exp: T0 / S + 120, iat: undefined });
    let calls = 0;
    const viaExp = createTokenSource({ fetchToken: async () => (calls++, token), now: () => now });
    await viaExp.token();
    now += 89 * S;
    await viaExp.token();
    assert.equal(calls, 1);
    now += 1 * S;
    await viaExp.token();
    assert.equal(calls, 2, 'renewed 30 s before exp');

    now = T0;
    calls = 0;
    const explicit = createTokenSource({
      fetchToken: async () => (
        calls++,
        {
          token: unsignedJwt({ exp: T0 / S + 3600 }),
          expiresAt: new Date(T0 + 40 * S),
        }
      ),
      now: () => now,
    });
    await explicit.token();
    now += 19 * S;
    await explicit.token();
    assert.equal(calls, 1);
    now += 1 * S;
    await explicit.token();
    assert.equal(calls, 2, 'a 40 s token: renewed at half its life, not 30 s before');
  });

  it('an opaque token without expiry is kept until invalidated', async () => {
    let calls = 0;
    let now = T0;
    const tokens = createTokenSource({
      fetchToken: async () => `opaque-${++calls}`,
      now: () => now,
    });
    assert.equal(await tokens.token(), 'opaque-1');
    now += 1e9;
    assert.equal(await tokens.token(), 'opaque-1');
    tokens.invalidate(new Headers({ Authorization: 'Bearer opaque-0' }));
    assert.equal(await tokens.token(), 'opaque-1', 'a refusal of an older token keeps this one');
    tokens.invalidate(new Headers({ Authorization: 'Bearer opaque-1' }));
    assert.equal(await tokens.token(), 'opaque-2');
    tokens.invalidate();
    assert.equal(await tokens.token(), 'opaque-3');
  });

  it('the endpoint failing: the current token while it is valid, then the error; the next call tries again', async () => {
    const h = host();
    const tokens = createTokenSource({ fetchToken: () => h.fetchToken(), now: h.now });
    const first = await tokens.token();
    h.fail = true;
    h.advance(280 * S);
    assert.equal(await tokens.token(), first, 'renewal failed, 20 s left: still the valid token');
    h.advance(20 * S);
    let error: unknown;
    await tokens.token().catch((e: unknown) => (error = e));
    assert.match(String(error), /token endpoint down/, 'expired: never sent');
    h.fail = false;
    assert.equal(serial(await tokens.token()), 2);
  });

  it('refuses what no request should carry: no token, an expired token, a bad expiry', async () => {
    const bad = async (issued: () => unknown, message: RegExp) => {
      let calls = 0;
      const tokens = createTokenSource({
        fetchToken: () => {
          calls++;
          return issued() as Promise<string>;
        },
        now: () => T0,
      });
      let error: unknown;
      await tokens.token().catch((e: unknown) => (error = e));
      assert.match(String(error), message);
      await tokens.token().catch(() => undefined);
      assert.equal(calls, 2, 'a failure is not kept: the next call asks again');
    };
    await bad(async () => '', /no usable token/);
    await bad(async () => 'two words', /no usable token/);
    await bad(async () => ({ token: 'x', expiresAt: 'soon' }), /no usable expiry/);
    await bad(async () => unsignedJwt({ exp: T0 / S - 1 }), /expired token/);
    await bad(() => {
      throw new Error('thrown at once');
    }, /thrown at once/);
  });
});

describe('client + token source against a backend that refuses expired tokens', () => {
  let client: RunsightHttpClient;
  const worker = useFixtureWorker(() => client?.dispose());

  it('a token the server refuses (revoked) is dropped and the request sent once more with a new one', async () => {
    const h = host();
    const revoked = new Set<number>();
    const seen: { n: number; accepted: boolean }[] = [];
    worker().use(
      ...bearerAuthHandlers({
        accept: (t) => !revoked.has(serial(t)),
        onToken: (t, accepted) => seen.push({ n: serial(t), accepted }),
      }),
      ...runsHandlers({ runs: [freshRunning()] }),
    );
    const tokens = createTokenSource({ fetchToken: () => h.fetchToken(), now: h.now });
    client = createClient({ headers: tokens.headers, onUnauthorized: tokens.invalidate });
    await client.listRuns({ workspace: 'ws_1' });
    revoked.add(1);
    const result = await client.listRuns({ workspace: 'ws_1' });
    assert.equal(result.runs.length, 1);
    assert.deepEqual(seen, [
      { n: 1, accepted: true },
      { n: 1, accepted: false },
      { n: 2, accepted: true },
    ]);
    assert.equal(client.stats().requests, 3);
  });

  it('retries once only: a second 401 is the error; without onUnauthorized, no retry', async () => {
    const h = host();
    let sent = 0;
    worker().use(
      ...bearerAuthHandlers({ accept: () => false, onToken: () => sent++ }),
      ...runsHandlers({ runs: [] }),
    );
    const tokens = createTokenSource({ fetchToken: () => h.fetchToken(), now: h.now });
    client = createClient({ headers: tokens.headers, onUnauthorized: tokens.invalidate });
    let error: unknown;
    await client.listRuns({ workspace: 'ws_1' }).catch((e: unknown) => (error = e));
    assert.include(error, { kind: 'unauthorized', status: 401 });
    assert.equal(sent, 2);
    assert.equal(h.calls, 2);
    client.dispose();

    sent = 0;
    client = createClient({ headers: tokens.headers });
    await client.listRuns({ workspace: 'ws_1' }).catch((e: unknown) => (error = e));
    assert.include(error, { kind: 'unauthorized', status: 401 });
    assert.equal(sent, 1);
  });

  it('other errors are not retried', async () => {
    let calls = 0;
    worker().use(...bearerAuthHandlers({ accept: () => true }), ...runsHandlers({ runs: [] }));
    client = createClient({
      headers: { Authorization: 'Bearer t' },
      onUnauthorized: () => void calls++,
    });
    let error: unknown;
    await client.listRuns({ workspace: '' }).catch((e: unknown) => (error = e));
    assert.include(error, { status: 400 });
    assert.equal(calls, 0);
    assert.equal(client.stats().requests, 1);
  });
});
