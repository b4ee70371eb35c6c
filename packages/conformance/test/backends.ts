/**
 * Test support: the reference server (PGlite in memory; PostgreSQL in a fresh schema when
 * TEST_DATABASE_URL is set) with runs in every state, and deliberately broken backends — thin
 * wrappers over it, each as a `fetch` the CLI is given, each breaking one rule of the contract.
 */
import pg from 'pg';
import {
  createApp,
  createServer,
  openPostgres,
  type Db,
  type RunsightServer,
} from '@runsight/server';
import type { FetchLike } from '../src/index.js';

export interface Reference {
  name: string;
  server: RunsightServer;
  /** `http://127.0.0.1:port/api` */
  api: string;
  /** The same database behind a tightly rate-limited app (in process, no listener). */
  limited: FetchLike;
  close(): Promise<void>;
}

/** Runs in every state: a warm start (active runs fresh, past expected, likely stale) and history. */
export async function startReference(kind: 'pglite' | 'postgres'): Promise<Reference> {
  let db: Db | undefined;
  let dropSchema = async () => {};
  if (kind === 'postgres') {
    const url = process.env.TEST_DATABASE_URL as string;
    const schema = `conformance_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    db = await openPostgres(url, { schema, max: 4 });
    dropSchema = async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    };
  }
  const server = await createServer({
    db,
    history: 150,
    timeScale: 1,
    simulation: { enabled: false, autoSpawn: false, warmStart: true },
    publicDir: null,
    widgetsBundle: null,
    // every run sends two requests that fail authentication (the 401 checks): the demo's limit
    // of 20 per address would answer the later runs of a test file with 429s
    rateLimit: { authFailureBurst: 10_000 },
  });
  const app = createApp({
    db: server.db,
    clock: server.clock,
    policies: server.policies,
    tokens: { 'demo-admin': { name: 'admin', workspaces: '*' } },
    rateLimit: { burst: 3, perSecond: 0.2 },
    publicDir: null,
    widgetsBundle: null,
  });
  return {
    name: kind,
    server,
    api: `${server.url as string}/api`,
    limited: async (url, init) => app.request(url, init),
    async close() {
      await server.close();
      if (db !== undefined) await db.close();
      await dropSchema();
    },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const ADMIN = { Authorization: 'Bearer demo-admin' };

/** A response like `res` with another JSON body (and no stale Content-Length). */
function withBody(res: Response, body: unknown, status = res.status): Response {
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  return new Response(JSON.stringify(body), { status, headers });
}

const error = (status: number, code: string, message: string): Response =>
  new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', Date: new Date().toUTCString() },
  });

/** Intercepts the JSON answers of the reference (`edit` may return a new body or response). */
function wrap(
  edit: (ctx: { url: URL; init: RequestInit; res: Response; body: unknown }) => Promise<unknown>,
  before?: (url: URL, init: RequestInit) => Promise<Response | null>,
  inner: FetchLike = (url, init) => fetch(url, init),
): FetchLike {
  return async (input, init) => {
    const url = new URL(input);
    const early = before === undefined ? null : await before(url, init);
    if (early !== null) return early;
    const res = await inner(input, init);
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('json')) return res;
    const text = await res.text();
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    const out = await edit({ url, init, res, body });
    if (out instanceof Response) return out;
    return withBody(res, out === undefined ? body : out);
  };
}

const isList = (url: URL) => url.pathname.endsWith('/operation-runs');
const isDetail = (url: URL) =>
  /\/operation-runs\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/summary');

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), camelKeys(v)]));
}

const authOf = (init: RequestInit) => new Headers(init.headers).get('authorization') ?? '';

/** Adds an unknown field to every object of every JSON answer: a newer backend, still sound. */
function withUnknownFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withUnknownFields);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = { x_newer_field: { nested: [1, 'two'] } };
  // a context's values are strings, numbers or booleans: it gets a new key of that kind
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === 'context' && isObject(v) ? { ...v, x_newer_key: 'v2' } : withUnknownFields(v);
  }
  return out;
}

/** Sound but newer: unknown fields everywhere (the contract tolerates them). */
export const NEWER: FetchLike = wrap(async ({ body }) => withUnknownFields(body));

/** `inner`, but its runs carry no deadlines (`lifecycle` null): judged only with --policies. */
export function withoutDeadlines(inner?: FetchLike): FetchLike {
  const strip = (row: unknown) => (isObject(row) ? { ...row, lifecycle: null } : row);
  return wrap(
    async ({ body }) => {
      if (!isObject(body)) return undefined;
      if (Array.isArray(body.data)) return { ...body, data: body.data.map(strip) };
      if (isObject(body.data) && 'status' in body.data) return { ...body, data: strip(body.data) };
      return undefined;
    },
    undefined,
    inner,
  );
}

export interface Broken {
  name: string;
  /** The one check that must fail. */
  check: string;
  fetch: FetchLike;
  /** Extra CLI arguments. */
  args?: string[];
}

export const BROKEN: Broken[] = [
  {
    name: "403 instead of 404 for another tenant's run",
    check: 'scope',
    fetch: wrap(async ({ url, res }) => {
      if (!isDetail(url) || res.status !== 404) return undefined;
      const admin = await fetch(url, { headers: ADMIN });
      if (admin.status !== 200) return undefined;
      return error(403, 'forbidden', 'You may not see this run.');
    }),
  },
  {
    name: 'a cursor that repeats a row',
    check: 'pagination',
    // next_cursor points at the second-to-last row, so the last row comes again
    fetch: wrap(async ({ url, body }) => {
      if (!isList(url) || !isObject(body) || !isObject(body.meta) || !Array.isArray(body.data)) {
        return undefined;
      }
      const cursor = body.meta.next_cursor;
      const rows = body.data as Record<string, unknown>[];
      if (typeof cursor !== 'string' || rows.length < 2) return undefined;
      const position = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Record<
        string,
        unknown
      >;
      if (position.s !== 'c') return undefined;
      const row = rows[rows.length - 2] as Record<string, unknown>;
      const moved = { ...position, t: Date.parse(row.created_at as string), i: row.id };
      const next = Buffer.from(JSON.stringify(moved)).toString('base64url');
      return { ...body, meta: { ...body.meta, next_cursor: next } };
    }),
  },
  {
    name: 'camelCase field names',
    check: 'envelopes',
    fetch: wrap(async ({ body }) => camelKeys(body)),
  },
  {
    name: 'no ETag (and so never a 304)',
    check: 'caching',
    fetch: async (input, init) => {
      const headers = new Headers(init.headers);
      headers.delete('if-none-match');
      const res = await fetch(input, { ...init, headers });
      const out = new Headers(res.headers);
      out.delete('etag');
      return new Response(res.body, { status: res.status, headers: out });
    },
  },
  {
    name: 'a freshness filter that returns a fresh run as likely stale',
    check: 'truth.freshness',
    fetch: wrap(async ({ url, init, body }) => {
      const freshness = url.searchParams.get('freshness') ?? '';
      if (!isList(url) || !freshness.split(',').includes('likely_stale') || !isObject(body)) {
        return undefined;
      }
      const q = new URL(url);
      q.searchParams.set('freshness', 'fresh');
      q.searchParams.set('limit', '1');
      q.searchParams.delete('cursor');
      const fresh = (await (
        await fetch(q, { headers: { Authorization: authOf(init) } })
      ).json()) as {
        data: unknown[];
      };
      if (url.searchParams.has('cursor')) return undefined;
      return { ...body, data: [...fresh.data, ...(body.data as unknown[])] };
    }),
  },
  {
    name: 'a 500 on limit=abc',
    check: 'parameters',
    fetch: wrap(
      async () => undefined,
      async (url) => {
        const limit = url.searchParams.get('limit');
        return limit !== null && !/^\d+$/.test(limit)
          ? error(500, 'internal', 'invalid input syntax for type integer')
          : null;
      },
    ),
  },
  {
    name: "another tenant's run in a restricted caller's list",
    check: 'scope',
    fetch: wrap(async ({ url, init, body }) => {
      if (!isList(url) || authOf(init) !== 'Bearer demo-contoso' || !isObject(body))
        return undefined;
      if (url.searchParams.has('cursor')) return undefined;
      const q = new URL(url);
      q.search = '';
      q.searchParams.set('workspace', 'ws_1');
      q.searchParams.set('tenant', 't_2');
      q.searchParams.set('limit', '1');
      const other = (await (await fetch(q, { headers: ADMIN })).json()) as { data: unknown[] };
      return { ...body, data: [...(body.data as unknown[]), ...other.data] };
    }),
  },
  {
    name: 'sort=attention in the wrong order',
    check: 'truth.attention',
    fetch: wrap(async ({ url, body }) => {
      if (!isList(url) || url.searchParams.get('sort') !== 'attention' || !isObject(body)) {
        return undefined;
      }
      return { ...body, data: [...(body.data as unknown[])].reverse() };
    }),
  },
  {
    name: 'CORS without the exposed headers',
    check: 'cors',
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      const out = new Headers(res.headers);
      out.delete('access-control-expose-headers');
      return new Response(res.body, { status: res.status, headers: out });
    },
  },
];
