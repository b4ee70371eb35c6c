/**
 * The contract's HTTP rules:
 * - `caching`: an ETag on every 200 of the run; 304 without a body on a matching If-None-Match
 *   (list, summary, a finished run's detail); 200 on one that does not match;
 * - `time`: a `Date` on every answer, `meta.server_time` beside it and moving with the clock;
 * - `cors`: with an `Origin`, the exposed headers (when the backend speaks CORS at all);
 * - `rate-limit`: every 429 carries a usable `Retry-After` (an optional burst provokes one).
 */
import { retryAfterSeconds, type Exchange, type Query } from '../http.js';
import {
  LIST,
  listSome,
  runPath,
  isObject,
  scoped,
  SUMMARY,
  type CheckContext,
  type CheckDef,
  type Recorder,
} from './common.js';

const isApi = (ex: Exchange) => ex.method === 'GET' && ex.target.startsWith('/operation-runs');

async function revalidates(
  ctx: CheckContext,
  rec: Recorder,
  path: string,
  query: Query,
  what: string,
  attempts: number,
): Promise<void> {
  let last: Exchange | null = null;
  for (let i = 0; i < attempts; i++) {
    const a = await ctx.main.get(path, query);
    const etag = a.headers.get('etag');
    if (a.status !== 200 || etag === null) {
      rec.fail(`${what}: no ETag on its 200`, a, 'an ETag');
      return;
    }
    const b = await ctx.main.get(path, query, { 'If-None-Match': etag });
    if (b.status === 304) {
      if (b.text !== '') rec.fail(`${what}: the 304 has a body`, b, 'no body');
      return;
    }
    last = b;
    if (b.status === 200 && b.headers.get('etag') === etag) {
      rec.fail(`${what}: a matching If-None-Match got a 200 with the same ETag`, b, '304');
      return;
    }
  }
  if (last !== null) {
    rec.fail(
      `${what}: ${attempts} matching If-None-Match requests in a row never got a 304 (does the ETag hash server_time?)`,
      last,
      '304 while nothing changed',
    );
  }
}

export const caching: CheckDef = {
  id: 'caching',
  title: 'Caching: an ETag on every 200; 304 without a body on a matching If-None-Match',
  needs: [],
  async run(ctx, rec) {
    await revalidates(ctx, rec, LIST, scoped(ctx, [['limit', '5']]), 'the list', 3);
    await revalidates(ctx, rec, SUMMARY, scoped(ctx), 'the summary', 3);
    const finished = ctx.log
      .filter((ex) => isApi(ex) && ex.status === 200 && ex.target.startsWith(`${LIST}?`))
      .flatMap((ex) => (isObject(ex.json) && Array.isArray(ex.json.data) ? ex.json.data : []))
      .find((r) => isObject(r) && r.status === 'completed' && typeof r.id === 'string');
    if (isObject(finished)) {
      const path = runPath(finished.id as string);
      await revalidates(
        ctx,
        rec,
        path,
        [['workspace', ctx.options.workspace]],
        'a finished run',
        2,
      );
    }
    const other = await ctx.main.get(LIST, scoped(ctx, [['limit', '5']]), {
      'If-None-Match': '"runsight-conformance-no-match"',
    });
    if (other.status !== 200) rec.fail('an If-None-Match that matches nothing', other, '200');
    // Every 200 of the whole run so far.
    const bare = ctx.log.filter((ex) => isApi(ex) && ex.status === 200 && !ex.headers.has('etag'));
    if (bare.length > 0) {
      rec.fail(
        `${bare.length} answer(s) of 200 without an ETag: ${listSome(
          bare.map((e) => e.target),
          3,
        )}`,
        bare[0],
        'an ETag on every 200',
      );
    }
  },
};

export const time: CheckDef = {
  id: 'time',
  title:
    'Time: a Date header on every answer; meta.server_time beside it and moving with the clock',
  needs: ['envelopes'],
  async run(ctx, rec) {
    const tol = ctx.options.toleranceMs;
    const answers = ctx.log.filter((ex) => isApi(ex) && ex.status !== 304);
    const undated = answers.filter((ex) => Number.isNaN(Date.parse(ex.headers.get('date') ?? '')));
    if (undated.length > 0) {
      rec.fail(
        `${undated.length} answer(s) without a valid Date header`,
        undated[0],
        'a Date header',
      );
    }
    // server_time against Date (whole seconds) and against the local clock (the offset must
    // stay put: a server_time that stands still is a cached body).
    const offsets: { ex: Exchange; offset: number }[] = [];
    for (const ex of answers) {
      const meta =
        ex.status === 200 && isObject(ex.json) && isObject(ex.json.meta) ? ex.json.meta : null;
      if (meta === null || typeof meta.server_time !== 'string') continue;
      const t = Date.parse(meta.server_time);
      const date = Date.parse(ex.headers.get('date') ?? '');
      if (!Number.isNaN(date) && Math.abs(t - date) > tol + 1000) {
        rec.fail(
          `server_time ${meta.server_time} is ${Math.round((t - date) / 1000)} s from the Date header`,
          ex,
          `within ${tol + 1000} ms`,
        );
        return;
      }
      offsets.push({ ex, offset: t - (ex.sentAt + ex.receivedAt) / 2 });
    }
    if (offsets.length === 0) rec.skip('no answer with meta.server_time');
    const sorted = [...offsets].sort((a, b) => a.offset - b.offset);
    const lo = sorted[0] as { ex: Exchange; offset: number };
    const hi = sorted.at(-1) as { ex: Exchange; offset: number };
    const rtt = Math.max(...offsets.map((o) => o.ex.receivedAt - o.ex.sentAt));
    if (hi.offset - lo.offset > tol + rtt) {
      rec.fail(
        `server_time does not move with the clock: its offset from this machine's clock ranges over ${Math.round(hi.offset - lo.offset)} ms`,
        lo.ex,
        `a steady offset (within ${tol + rtt} ms)`,
      );
    }
    const skew = (lo.offset + hi.offset) / 2;
    if (Math.abs(skew) > 5 * 60_000) {
      rec.note(
        `the backend's clock is ${Math.round(skew / 1000)} s from this machine's (the widgets correct for it)`,
      );
    }
  },
};

const ORIGIN = 'https://conformance.runsight.invalid';

const tokens = (value: string | null) =>
  (value ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');

export const cors: CheckDef = {
  id: 'cors',
  title:
    'CORS: with an Origin, ETag, Retry-After and Date are exposed (when the backend speaks CORS)',
  needs: [],
  async run(ctx, rec) {
    const ex = await ctx.main.get(LIST, scoped(ctx, [['limit', '1']]), { Origin: ORIGIN });
    const allow = ex.headers.get('access-control-allow-origin');
    if (allow === null) {
      return rec.skip(
        "no Access-Control-Allow-Origin for another origin: fine while the widgets are served from the backend's own origin",
      );
    }
    if (allow !== '*' && allow !== ORIGIN) {
      rec.fail(`Access-Control-Allow-Origin is "${allow}"`, ex, `"*" or "${ORIGIN}"`);
    }
    const exposed = tokens(ex.headers.get('access-control-expose-headers'));
    const missing = ['etag', 'retry-after', 'date'].filter(
      (h) => !exposed.includes(h) && !exposed.includes('*'),
    );
    if (missing.length > 0) {
      rec.fail(
        `Access-Control-Expose-Headers lacks ${missing.join(', ')}`,
        ex,
        'ETag, Retry-After, Date',
      );
    }
    const pre = await ctx.main.send(
      'OPTIONS',
      `${LIST}?workspace=${encodeURIComponent(ctx.options.workspace)}`,
      {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization,if-none-match',
      },
      { credentials: false },
    );
    if (pre.status < 200 || pre.status > 299) {
      rec.fail(`the preflight was answered ${pre.status}`, pre, '2xx');
      return;
    }
    if (pre.headers.get('access-control-allow-origin') === null) {
      rec.fail('the preflight has no Access-Control-Allow-Origin', pre);
    }
    const headers = tokens(pre.headers.get('access-control-allow-headers'));
    // `*` does not cover Authorization (Fetch standard)
    const lacking = ['authorization', 'if-none-match'].filter(
      (h) => !headers.includes(h) && !(h !== 'authorization' && headers.includes('*')),
    );
    if (lacking.length > 0) {
      rec.fail(
        `the preflight does not allow the request headers ${lacking.join(', ')}`,
        pre,
        'Access-Control-Allow-Headers: Authorization, If-None-Match',
      );
    }
  },
};

export const rateLimit: CheckDef = {
  id: 'rate-limit',
  title: 'Rate limiting: a 429 (and a 503) carries a usable Retry-After',
  needs: [],
  async run(ctx, rec) {
    const burst = ctx.options.probeRateLimit;
    for (let i = 0; i < burst; i++) {
      const ex = await ctx.main.get(LIST, scoped(ctx, [['limit', '1']]), {}, { raw: true });
      if (ex.status === 429) break;
    }
    const limited = [
      ...ctx.throttled,
      ...ctx.log.filter(
        (ex) => (ex.status === 429 || ex.status === 503) && !ctx.throttled.includes(ex),
      ),
    ];
    if (limited.length === 0) {
      return rec.skip(
        burst > 0
          ? `no 429 within a burst of ${burst} requests: the backend did not limit`
          : 'no 429 or 503 seen (--probe-rate-limit N sends a burst to provoke one)',
      );
    }
    const bad = limited.filter((ex) => retryAfterSeconds(ex.headers.get('retry-after')) === null);
    if (bad.length > 0) {
      rec.fail(
        `${bad.length} of ${limited.length} answer(s) 429/503 without a usable Retry-After`,
        bad[0],
        'Retry-After: <seconds>',
      );
    }
    rec.note(`${limited.length} answer(s) 429/503 seen`);
  },
};
