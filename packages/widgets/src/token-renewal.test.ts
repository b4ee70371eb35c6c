/**
 * A host's short-lived tokens during polling: `<tenant-activity>` polls a backend that refuses
 * expired tokens exactly as the reference server does, with a client whose headers come from
 * createTokenSource over the host's own token endpoint. The tokens expire many times over; the
 * user never sees a 401.
 */
import { assert, fixture, html, waitUntil } from '@open-wc/testing';
import {
  createClient,
  createTokenSource,
  jwtTimes,
  type ManualTimeSource,
  type RunsightHttpClient,
} from '@runsight/api-client';
import {
  bearerAuthHandlers,
  freshRunning,
  requestLog,
  staleRunning,
  succeededRun,
  unsignedJwt,
} from '@runsight/api-client/fixtures';
import { delay, http, HttpResponse } from 'msw';
import './tenant-activity/tenant-activity.define.js';
import type { TenantActivity } from './tenant-activity/tenant-activity.js';
import { disposeHarnesses, harness, shadow, textOf } from './testing/harness.js';

const S = 1000;
const LIFETIME_S = 60;

interface Sent {
  token: string;
  accepted: boolean;
  /** Seconds the token had left when it arrived (the backend's clock: the test's time source). */
  leftS: number;
}

/**
 * The host: its token endpoint (`GET /host/runsight-token`, slow on purpose, so a poll cycle's
 * requests all arrive while a renewal is in flight) mints 60-second JWTs; the backend refuses
 * a token whose `exp` has passed, with no tolerance at all.
 */
async function setUp(time: () => ManualTimeSource) {
  const sent: Sent[] = [];
  const host = { tokenCalls: 0, serial: 0 };
  const handlers = [
    http.get('/host/runsight-token', async () => {
      host.tokenCalls++;
      await delay(80);
      const iat = Math.floor(time().now() / S);
      return HttpResponse.text(
        unsignedJwt({ sub: 'u-7', n: ++host.serial, iat, exp: iat + LIFETIME_S }),
      );
    }),
    ...bearerAuthHandlers({
      accept: (token) => (jwtTimes(token).exp ?? 0) * S > time().now(),
      onToken: (token, accepted) =>
        sent.push({ token, accepted, leftS: (jwtTimes(token).exp ?? 0) - time().now() / S }),
    }),
  ];
  return { sent, host, handlers };
}

/** The client options of the element tests' harness (manual time, quick deterministic backoff). */
const clientBase = (time: ManualTimeSource) => ({
  timeSource: time,
  clockSync: false,
  random: () => 0,
  backoff: { baseMs: 10, capMs: 20 },
});

describe('token renewal during polling', () => {
  let client: RunsightHttpClient | undefined;
  afterEach(() => {
    client?.dispose();
    client = undefined;
    disposeHarnesses();
  });

  const runs = () => [freshRunning(), staleRunning(), succeededRun()];

  it('the fixture backend refuses an expired token as the server does (401, invalid_token)', async () => {
    const h = await harness({ runs: runs() });
    const { handlers } = await setUp(() => h.time);
    h.use(...handlers);
    const expired = unsignedJwt({ exp: Math.floor(h.time.now() / S) - 1 });
    const res = await fetch('/api/operation-runs?workspace=ws_1', {
      headers: { Authorization: `Bearer ${expired}` },
    });
    assert.equal(res.status, 401);
    assert.equal(
      res.headers.get('WWW-Authenticate'),
      'Bearer realm="runsight", error="invalid_token"',
    );
    assert.deepEqual(await res.json(), {
      error: { code: 'unauthorized', message: 'The bearer token is not valid.' },
    });
    const none = await fetch('/api/operation-runs?workspace=ws_1');
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('WWW-Authenticate'), 'Bearer realm="runsight"');
  });

  it('tokens expire while <tenant-activity> polls: renewed ahead, one endpoint call per renewal, never an error', async () => {
    const h = await harness({ runs: runs() });
    const { sent, host, handlers } = await setUp(() => h.time);
    h.use(...handlers);
    const tokens = createTokenSource({
      fetchToken: async () => (await fetch('/host/runsight-token')).text(),
      now: () => h.time.now(),
    });
    client = createClient({
      ...clientBase(h.time),
      headers: tokens.headers,
      onUnauthorized: tokens.invalidate,
    });
    const errors: Event[] = [];
    const el = await fixture<TenantActivity>(
      html`<tenant-activity
        workspace="ws_1"
        tenant="t_1"
        poll-interval="0.2"
        .client=${client}
        @runsight-error=${(e: Event) => errors.push(e)}
      ></tenant-activity>`,
    );
    await h.settled(el);

    // 12 steps of 12.5 s: 150 s of token time, two and a half lifetimes, a poll cycle each
    for (let step = 0; step < 12; step++) {
      h.time.advance(12.5 * S);
      const before = requestLog.count();
      await waitUntil(() => requestLog.count() >= before + 4, `no poll cycle after step ${step}`, {
        timeout: 4000,
      });
      assert.notExists(shadow(el).querySelector('[part~="error"]'), `an error at step ${step}`);
    }
    // one more cycle at the same time: the last token is used by a whole cycle too
    const last = requestLog.count();
    await waitUntil(() => requestLog.count() >= last + 4, 'no last poll cycle', { timeout: 4000 });

    assert.deepEqual(
      sent.filter((s) => !s.accepted),
      [],
      'no request carried an expired token',
    );
    assert.isAtLeast(Math.min(...sent.map((s) => s.leftS)), 0);
    const distinct = new Set(sent.map((s) => s.token));
    assert.isAtLeast(distinct.size, 4, 'the token was renewed during polling');
    // renewed 30 s before expiry: every 30 s of the 150, plus the first token
    assert.isAtMost(host.tokenCalls, 1 + 150 / 30, 'one call to the token endpoint per renewal');
    assert.equal(host.tokenCalls, distinct.size);
    for (const token of distinct) {
      const uses = sent.filter((s) => s.token === token).length;
      assert.isAtLeast(uses, 4, "a poll cycle's four requests share one renewal");
    }
    assert.equal(errors.length, 0, 'no runsight-error event');
    assert.notMatch(textOf(el), /not signed in|session has expired/);
  });

  it('control: the same page with a token that is never renewed shows the sign-in error', async () => {
    const h = await harness({ runs: runs() });
    const { sent, handlers } = await setUp(() => h.time);
    h.use(...handlers);
    const once = (await (await fetch('/host/runsight-token')).text()).trim();
    client = createClient({
      ...clientBase(h.time),
      headers: { Authorization: `Bearer ${once}` },
    });
    const el = await fixture<TenantActivity>(
      html`<tenant-activity
        workspace="ws_1"
        tenant="t_1"
        poll-interval="0.2"
        .client=${client}
      ></tenant-activity>`,
    );
    await h.settled(el);
    h.time.advance((LIFETIME_S + 1) * S);
    await waitUntil(() => shadow(el).querySelector('[part~="error"]'), 'no error shown', {
      timeout: 4000,
    });
    assert.match(textOf(el), /not signed in, or your session has expired/);
    assert.isTrue(sent.some((s) => !s.accepted));
  });
});
