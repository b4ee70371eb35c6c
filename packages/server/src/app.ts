/**
 * The HTTP app (hono): the contract of api.md under `/api`, the demo page at `/`, and the
 * standalone widget bundle at `/runsight.js` with its sibling chunks (`/runsight.<chunk>.js`).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { deriveActiveState, type LifecyclePolicies, type RunEvent } from '@runsight/active-state';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import {
  bearerToken,
  tokenMapAuthenticator,
  workspaceGrant,
  type Authenticator,
  type TokenMap,
  type UserGrant,
} from './auth.js';
import type { Clock } from './clock.js';
import { isDatabaseUnavailable, type Db } from './db.js';
import { Directory } from './directory.js';
import { ApiError, notFound } from './errors.js';
import { ID_RE } from './ids.js';
import { listRuns, type Scope, type Visibility } from './list.js';
import { parseId, parseInstant, parseListParams, type RawQuery } from './params.js';
import { earlier, etagMatches, grantKey, type PollMemory } from './poll-memory.js';
import {
  jsonWithEtag,
  listKey,
  NOW_PLACEHOLDER,
  pollAnswers,
  WINDOW_START_PLACEHOLDER,
} from './answers.js';
import { clientKey, RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { mountReference } from './reference.js';
import { OWN_RELATIONS, type Relations } from './relations.js';
import { contextValues, mergeEvents, milestoneEvents, rowToRun, selectRuns } from './runs.js';
import { FOLLOW_UP_WINDOW_MS, summarizeRuns } from './summary.js';
import { toWireEvents, toWireRun, type WireRunDetail, type WireSummaryEnvelope } from './wire.js';

export interface AppOptions {
  db: Db;
  clock: Clock;
  /** The server's lifecycle policies (the truth behind `freshness` and `lifecycle`). */
  policies: LifecyclePolicies;
  /** The fixed token map, used when `authenticate` is not given. */
  tokens?: TokenMap;
  /**
   * Who a bearer token belongs to (e.g. `createJwtAuthenticator`: the host's signed tokens);
   * default: `tokenMapAuthenticator(tokens)`. Null → 401 `invalid_token`.
   */
  authenticate?: Authenticator;
  /** Allowed CORS origins; default `'*'` (no credentials). */
  corsOrigins?: '*' | string[];
  /**
   * Token bucket per bearer token, and per client address for failed authentication; `false`
   * turns rate limiting off.
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * The client address of a request, the key of the failed-authentication limit. Default: the
   * TCP peer (`@hono/node-server`); null (e.g. `app.request()` in tests) is not limited. Behind a
   * reverse proxy every client has the proxy's address: pass a function that reads the
   * proxy's header (and only trust it from the proxy).
   */
  clientAddress?: (c: Context) => string | null;
  /** Directory of the demo page (index.html, app.js, styles.css); null: no demo page. */
  publicDir?: string | null;
  /**
   * Path of the standalone widget bundle served at /runsight.js (its `.map` at /runsight.js.map,
   * and the sibling chunks `runsight.<chunk>.js[.map]` of the same directory at /<name>); null:
   * not served.
   */
  widgetsBundle?: string | null;
  /** Directory of the built API reference page (/api-reference/); null: not served. */
  apiReferenceDir?: string | null;
  /**
   * The relations the runs, events, workspaces and tenants are read from (relations.ts); default
   * the server's own.
   */
  relations?: Relations;
  /** Which workspaces and tenants exist (default: read from `relations`). */
  directory?: Directory;
  /** Shown by /healthz (the demo page tells visitors how much faster the simulation runs). */
  timeScale?: number;
  /** `Retry-After` (seconds) of a 503 while the database is unreachable. Default 5. */
  unavailableRetryAfterS?: number;
  /** How long /readyz waits for the database's answer before it says not ready. Default 2000 ms. */
  readinessTimeoutMs?: number;
  /** Maximum stored events (heartbeat, progress, note) returned by the detail endpoint (the most recent). Default 500. */
  maxEvents?: number;
  /**
   * The memory of unchanged polls (poll-memory.ts): conditional polls of unchanged data answered
   * 304 with no database query. Only when every write to the data moves its change versions
   * (changes.ts: `trackWrites` + `listenForChanges`, as `createServer` sets up). Default none.
   */
  pollMemory?: PollMemory | null;
}

/** Hono environment of the app: the authenticated caller. */
export type AppEnv = { Variables: { user: UserGrant; token: string } };

export { etagMatches };

/**
 * Security headers. Every response: no MIME sniffing, no referrer. The demo page, its script, its
 * styles and the widget bundle: a strict Content-Security-Policy the page is written for — only
 * its own origin, no inline script or style, no eval, no plugins, no <base>, never framed. (The
 * widgets work under `default-src 'self'` without 'unsafe-inline': elements.md.) `img-src`
 * allows `data:` for the page's empty favicon. The API's JSON and the health endpoints are never
 * a document: `default-src 'none'`.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
/** Response headers a page of another origin may read (CORS). */
const CORS_EXPOSED_HEADERS = ['ETag', 'Retry-After', 'Date'];

export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

function setSecurityHeaders(path: string, headers: Headers): void {
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'no-referrer');
  if (!headers.has('Content-Security-Policy')) {
    headers.set(
      'Content-Security-Policy',
      path.startsWith('/api/') || path === '/healthz' || path === '/readyz' ? API_CSP : PAGE_CSP,
    );
  }
}

/** The TCP peer's address (`@hono/node-server` passes the Node request as `c.env.incoming`). */
function socketAddress(c: Context): string | null {
  const env: unknown = c.env;
  if (env === null || typeof env !== 'object' || !('incoming' in env)) return null;
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: unknown } } }).incoming;
  const address = incoming?.socket?.remoteAddress;
  return typeof address === 'string' && address !== '' ? address : null;
}

const STATIC_FILES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/styles.css': 'styles.css',
};

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

/**
 * Sibling chunk files of the widget bundle (`runsight.ops-list.js`, `runsight.de.js.map`, …): one
 * path segment of lowercase letters, digits and dashes, so no `/`, `..` or `%` ever reaches disk.
 */
const BUNDLE_CHUNK_RE = /^runsight\.[a-z0-9-]+\.js(?:\.map)?$/;

export function createApp(opts: AppOptions): Hono<AppEnv> {
  const { db, clock, policies } = opts;
  const authenticate = opts.authenticate ?? tokenMapAuthenticator(opts.tokens ?? {});
  const maxEvents = opts.maxEvents ?? 500;
  const limits = opts.rateLimit === false ? null : (opts.rateLimit ?? {});
  const limiter =
    limits === null ? null : new RateLimiter({ burst: limits.burst, perSecond: limits.perSecond });
  const authLimiter =
    limits === null
      ? null
      : new RateLimiter({
          burst: limits.authFailureBurst ?? 20,
          perSecond: limits.authFailurePerSecond ?? 0.5,
        });
  const clientAddress = opts.clientAddress ?? socketAddress;
  const retryAfterS = String(opts.unavailableRetryAfterS ?? 5);
  /** 503: the database cannot be reached (restarting, failing over, gone). */
  const unavailable = () =>
    new ApiError(503, 'unavailable', 'The database cannot be reached right now; retry shortly.', {
      headers: { 'Retry-After': retryAfterS },
    });
  const origins = opts.corsOrigins ?? '*';
  const relations = opts.relations ?? OWN_RELATIONS;
  const directory = opts.directory ?? new Directory(db, { relations });
  const { recall, memo } = pollAnswers(opts.pollMemory ?? null);
  const app = new Hono<AppEnv>();

  // Outermost: every response (also CORS preflights, 304s, errors, 404s) gets the headers.
  // CORS preflights are hono's `cors`. An actual request gets its CORS headers here, after the
  // answer is made: `cors` sets them on `c.res` before the handler runs, and hono then copies
  // the handler's response into a new one to merge them, which turns a string body into a
  // stream (≈ 0.5 ms of server CPU per 200 in the bench's profile, docs/benchmarks.md).
  const preflight = cors({
    origin: origins === '*' ? '*' : origins,
    allowMethods: ['GET', 'HEAD', 'OPTIONS'],
    exposeHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
  const exposed = CORS_EXPOSED_HEADERS.join(',');
  app.use('*', async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      const answer = await preflight(c, next);
      if (answer instanceof Response) c.res = answer;
    } else {
      await next();
      const origin = c.req.header('origin') ?? '';
      const allow = origins === '*' ? '*' : origins.includes(origin) ? origin : null;
      const headers = c.res.headers;
      if (allow !== null) headers.set('Access-Control-Allow-Origin', allow);
      headers.set('Access-Control-Expose-Headers', exposed);
      if (origins !== '*') headers.append('Vary', 'Origin');
    }
    setSecurityHeaders(c.req.path, c.res.headers);
  });

  // The contract's document and its rendered reference: public, before authentication.
  mountReference(app, opts.apiReferenceDir ?? null);

  // --- authentication and rate limit -----------------------------------------------------
  /**
   * A request whose authentication failed: 401, unless its client address failed too often
   * lately (then 429 with Retry-After, and no hint whether the token was any good).
   */
  const authFailed = (c: Context, err: ApiError): ApiError => {
    const address = authLimiter === null ? null : clientAddress(c);
    if (authLimiter !== null && address !== null) {
      const wait = authLimiter.take(clientKey(address), clock.now());
      if (wait > 0) {
        return new ApiError(429, 'rate_limited', `Too many failed sign-ins; retry in ${wait} s.`, {
          headers: { 'Retry-After': String(wait) },
        });
      }
    }
    return err;
  };

  app.use('/api/*', async (c, next) => {
    const header = c.req.header('Authorization');
    const token = bearerToken(header);
    if (token === null) {
      throw authFailed(
        c,
        new ApiError(401, 'unauthorized', 'Sign in: send `Authorization: Bearer <token>`.', {
          headers: { 'WWW-Authenticate': 'Bearer realm="runsight"' },
        }),
      );
    }
    const user = await authenticate(token);
    if (user === null) {
      throw authFailed(
        c,
        new ApiError(401, 'unauthorized', 'The bearer token is not valid.', {
          headers: { 'WWW-Authenticate': 'Bearer realm="runsight", error="invalid_token"' },
        }),
      );
    }
    if (limiter !== null) {
      const wait = limiter.take(token, clock.now());
      if (wait > 0) {
        throw new ApiError(429, 'rate_limited', `Too many requests; retry in ${wait} s.`, {
          headers: { 'Retry-After': String(wait) },
        });
      }
    }
    c.set('user', user);
    c.set('token', token);
    await next();
  });

  /** The caller's grant in a workspace (the key of remembered answers); none: 404 `missing`. */
  const grantIn = (c: Context<AppEnv>, workspace: string, missing: 'workspace' | 'run') => {
    const grant = workspaceGrant(c.get('user'), workspace);
    if (grant === null) throw notFound(missing);
    return grant;
  };
  /**
   * What the caller may see of the scope asked for — the one authorisation of the list and the
   * summary, given the caller's grant (`grantIn`): a workspace that does not exist is 404
   * `workspace`; a tenant not granted or not existing 404 `tenant`; else the tenants it may see
   * (null: all, and the workspace-level runs).
   */
  const visibility = async (grant: '*' | string[], scope: Scope): Promise<Visibility> => {
    if (!(await directory.workspace(scope.workspace))) throw notFound('workspace');
    if (
      scope.tenant !== null &&
      ((grant !== '*' && !grant.includes(scope.tenant)) ||
        !(await directory.tenant(scope.workspace, scope.tenant)))
    ) {
      throw notFound('tenant');
    }
    return { tenants: grant === '*' ? null : grant };
  };
  const runs = relations.runs;

  // --- GET /api/operation-runs ------------------------------------------------------------
  app.get('/api/operation-runs', async (c) => {
    const now = clock.now();
    const q = parseListParams(c.req.queries());
    const grant = grantIn(c, q.workspace, 'workspace');
    const { hit, ticket } = recall(c, `list ${grantKey(grant)} ${listKey(q)}`, q.workspace, now);
    if (hit !== null) return hit;
    const vis = await visibility(grant, q);
    const result = await listRuns({ db, now, policies, runs }, q, vis);
    const body = {
      data: result.items.map(({ run, state }) => toWireRun(run, state, policies, NOW_PLACEHOLDER)),
      meta: { next_cursor: result.nextCursor, server_time: NOW_PLACEHOLDER },
    };
    return jsonWithEtag(c, body, now, memo(ticket, result.nextChangeAt));
  });

  // --- GET /api/operation-runs/summary?workspace=&tenant=&completed_since= -----------------
  // Registered before `/:id`: `summary` is this endpoint, never a run id.
  app.get('/api/operation-runs/summary', async (c) => {
    const now = clock.now();
    const query: RawQuery = c.req.queries();
    const scope: Scope = {
      workspace: parseId(query, 'workspace', true) as string,
      tenant: parseId(query, 'tenant', false),
    };
    const given = parseInstant(query, 'completed_since');
    const grant = grantIn(c, scope.workspace, 'workspace');
    const key = `summary ${grantKey(grant)} ${JSON.stringify([scope, given])}`;
    const { hit, ticket } = recall(c, key, scope.workspace, now);
    if (hit !== null) return hit;
    const vis = await visibility(grant, scope);
    const since = given ?? new Date(now - FOLLOW_UP_WINDOW_MS);
    const s = await summarizeRuns({ db, now, policies, runs }, scope, vis, since);
    const body: WireSummaryEnvelope = {
      data: {
        active: s.active,
        fresh: s.fresh,
        past_expected: s.pastExpected,
        likely_stale: s.likelyStale,
        unknown: s.unknown,
        follow_up: s.followUp,
        needs_attention: s.needsAttention,
        tenants_affected: s.tenantsAffected,
      },
      meta: {
        server_time: NOW_PLACEHOLDER,
        completed_since: given === null ? WINDOW_START_PLACEHOLDER : given.toISOString(),
      },
    };
    // the default window moves: its oldest follow-up run leaves it 24 h after its completion
    const leaves = given === null && s.oldestFollowUpAt !== null;
    const validUntil = earlier(
      s.nextChangeAt,
      leaves ? (s.oldestFollowUpAt as number) + FOLLOW_UP_WINDOW_MS : null,
    );
    return jsonWithEtag(c, body, now, memo(ticket, validUntil));
  });

  // --- GET /api/operation-runs/:id?workspace= ---------------------------------------------
  app.get('/api/operation-runs/:id', async (c) => {
    const now = clock.now();
    const workspace = parseId(c.req.queries(), 'workspace', true) as string;
    const id = c.req.param('id');
    // Every failure below is the same 404: missing, or not visible to the caller.
    if (!ID_RE.test(id)) throw notFound('run');
    const grant = grantIn(c, workspace, 'run');
    const key = `detail ${grantKey(grant)} ${JSON.stringify([workspace, id])}`;
    const { hit, ticket } = recall(c, key, workspace, now);
    if (hit !== null) return hit;
    const where = ['r.id = $1', 'r.workspace_id = $2'];
    const params: unknown[] = [id, workspace];
    if (grant !== '*') {
      where.push('r.tenant_id = ANY($3::text[])');
      params.push(grant);
    }
    const row = (await selectRuns(db, { from: runs, where, params, context: true }))[0];
    if (row === undefined) throw notFound('run');
    // Stored events (heartbeat, progress, note, …) from the events relation, if any; the
    // milestones are derived from the run's row (its facts, one source), so the relation's
    // rows of those kinds are left out.
    const ev = relations.events;
    const tie = relations.eventsHaveId ? ', id' : '';
    const events =
      ev === null
        ? { rows: [] as RunEvent[] }
        : await db.query<RunEvent>(
            `SELECT at, kind, message FROM (
               SELECT at, kind, message${tie} FROM ${ev}
                WHERE run_id = $1 AND kind NOT IN ('queued', 'started', 'completed', 'reconciled')
                ORDER BY at DESC${tie ? `${tie} DESC` : ''} LIMIT $2
             ) e ORDER BY at${tie}`,
            [id, maxEvents],
          );
    const run = rowToRun(row);
    const context = contextValues(row.context);
    const state = deriveActiveState(run, { now, policies });
    const data: WireRunDetail = {
      ...toWireRun(run, state, policies, NOW_PLACEHOLDER),
      context,
      events: toWireEvents(mergeEvents(milestoneEvents(run, context), events.rows)),
    };
    const body = { data, meta: { server_time: NOW_PLACEHOLDER } };
    return jsonWithEtag(c, body, now, memo(ticket, state.nextChangeAt?.getTime() ?? null));
  });

  // --- demo page and widget bundle ----------------------------------------------------------
  // Liveness: the process runs and answers HTTP (always 200 while it does; no database, no
  // token). Readiness: the database answers a trivial query (else 503 + Retry-After): what a
  // load balancer should route by. Neither is cached.
  app.get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ ok: true, time_scale: opts.timeScale ?? null });
  });
  const readinessTimeoutMs = opts.readinessTimeoutMs ?? 2000;
  app.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        db.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('timeout exceeded when trying to connect')),
            readinessTimeoutMs,
          );
        }),
      ]);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) console.error('runsight: readiness check failed', err);
      return c.json(unavailable().toBody(), 503, { 'Retry-After': retryAfterS });
    } finally {
      clearTimeout(timer);
    }
    return c.json({ ok: true });
  });

  const publicDir = opts.publicDir ?? null;
  if (publicDir !== null) {
    for (const [route, file] of Object.entries(STATIC_FILES)) {
      app.get(route, async (c) => {
        const body = await readFile(join(publicDir, file), 'utf8');
        const ext = file.slice(file.lastIndexOf('.') + 1);
        return c.body(body, 200, {
          'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
          'Cache-Control': 'no-cache',
        });
      });
    }
  }

  const bundle = opts.widgetsBundle ?? null;
  if (bundle !== null) {
    for (const [route, path, type] of [
      ['/runsight.js', bundle, CONTENT_TYPES.js],
      ['/runsight.js.map', `${bundle}.map`, CONTENT_TYPES.map],
    ] as const) {
      app.get(route, async (c) => {
        let body: string;
        try {
          body = await readFile(path, 'utf8');
        } catch {
          return c.text(
            'The Runsight widget bundle is not built yet (packages/widgets/dist/runsight.js is missing). ' +
              'Build it with `npm run build` at the repository root, then reload.',
            503,
            { 'Retry-After': '30', 'Cache-Control': 'no-store' },
          );
        }
        return c.body(body, 200, { 'Content-Type': type as string, 'Cache-Control': 'no-cache' });
      });
    }
    // the chunks the entry imports with relative specifiers (`./runsight.ops-list.js`); a missing
    // chunk is a plain 404 (the 503 above already tells whether the bundle is built at all)
    const bundleDir = dirname(bundle);
    app.get('/:file{runsight\\.[a-z0-9-]+\\.js(?:\\.map)?}', async (c) => {
      const file = c.req.param('file');
      if (!BUNDLE_CHUNK_RE.test(file)) return c.notFound();
      let body: string;
      try {
        body = await readFile(join(bundleDir, file), 'utf8');
      } catch {
        return c.notFound();
      }
      const type = file.endsWith('.map') ? CONTENT_TYPES.map : CONTENT_TYPES.js;
      return c.body(body, 200, { 'Content-Type': type as string, 'Cache-Control': 'no-cache' });
    });
  }

  // --- errors -------------------------------------------------------------------------------
  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) {
      return c.json({ error: { code: 'not_found', message: 'No such endpoint.' } }, 404);
    }
    return c.text('Not found', 404);
  });

  // one log line per outage, not one per request
  let outageLogged = 0;
  app.onError((err, c) => {
    if (err instanceof ApiError) {
      return c.json(err.toBody(), err.status, err.headers);
    }
    if (isDatabaseUnavailable(err)) {
      const now = Date.now();
      if (now - outageLogged > 10_000) {
        outageLogged = now;
        console.error(`runsight: database unavailable, answering 503: ${String(err)}`);
      }
      const e = unavailable();
      c.header('Cache-Control', 'no-store');
      return c.json(e.toBody(), e.status, e.headers);
    }
    console.error('runsight: unhandled error', err);
    return c.json({ error: { code: 'internal', message: 'Internal server error.' } }, 500);
  });

  return app;
}
