/**
 * Test support: the backends every database test runs against (PGlite in memory always; a real
 * PostgreSQL server in a fresh schema when TEST_DATABASE_URL is set), fixtures and requests.
 */
import pg from 'pg';
import type { OperationRun } from '@runsight/active-state';
import { buildRun } from '@runsight/active-state/run';
import {
  DEMO_WORLD,
  insertWorld,
  migrate,
  openPglite,
  openPostgres,
  type Db,
  type NewRun,
  type WireRun,
  type WireRunDetail,
} from '../src/index.js';

export interface Backend {
  name: string;
  /** A migrated database with the demo world; `close()` also drops the test schema. */
  open(): Promise<Db>;
}

export function backends(): Backend[] {
  const list: Backend[] = [
    {
      name: 'pglite',
      async open() {
        const db = await openPglite();
        await migrate(db);
        await insertWorld(db, DEMO_WORLD);
        return db;
      },
    },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    list.push({
      name: 'postgres',
      async open() {
        const schema = `test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        const db = await openPostgres(url, { schema, max: 4 });
        await migrate(db);
        await insertWorld(db, DEMO_WORLD);
        const close = db.close;
        return {
          ...db,
          async close() {
            await close();
            await admin.query(`DROP SCHEMA ${schema} CASCADE`);
            await admin.end();
          },
        };
      },
    });
  }
  return list;
}

export async function truncate(db: Db): Promise<void> {
  await db.exec('TRUNCATE run_events, operation_runs');
}

/** The fixed instant the fixture is built around. */
export const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);
export const at = (offsetS: number): Date => new Date(T0 + offsetS * 1000);

/**
 * A run to insert: `buildRun` of `@runsight/active-state/run` as a finished run (ws_1, t_1,
 * completed succeeded, created 1 h before T0, by Ana Admin) with a context; override any field.
 */
export function run(id: string, over: Partial<OperationRun> = {}): NewRun {
  return {
    ...buildRun({
      id,
      status: 'completed',
      outcome: 'succeeded',
      createdAt: at(-3600),
      startedAt: at(-3590),
      completedAt: at(-3300),
      lastHeartbeatAt: at(-3300),
      progress: { total: 100, processed: 100, succeeded: 100, failed: 0 },
      initiator: { name: 'Ana Admin' },
      ...over,
    }),
    context: { worker: 'worker-1', dry_run: false, batch_size: 100 },
  };
}

export interface ErrorBody {
  error: { code: string; message: string; parameter?: string };
}

/** A list response (or an error: then only `error` is really there). */
export interface ListBody extends ErrorBody {
  data: WireRun[];
  meta: { next_cursor: string | null; server_time: string };
}

export interface DetailBody extends ErrorBody {
  data: WireRunDetail;
  meta: { server_time: string };
}

export interface Res<T = ListBody> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function request<T = ListBody>(
  app: { request(path: string, init?: RequestInit): Response | Promise<Response> },
  path: string,
  token: string | null = 'demo-admin',
  headers: Record<string, string> = {},
): Promise<Res<T>> {
  const h: Record<string, string> = { ...headers };
  if (token !== null) h.Authorization = `Bearer ${token}`;
  const res = await app.request(path, { headers: h });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body: body as T, text };
}

/** Names every plain object inherits: a lookup that is not an own-property check finds them. */
export const PROTOTYPE_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
];
