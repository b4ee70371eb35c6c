/**
 * The bulk seed through COPY (copy.ts) stores exactly the rows the batched INSERT stores for the
 * same (n, seed, now), and leaves the table as it found it: the same indexes, constraints and
 * enabled triggers, all of them rolled back with the load when it fails. PostgreSQL only (PGlite
 * has no COPY FROM STDIN over its wire here): runs when TEST_DATABASE_URL is set, as the other
 * PostgreSQL tests do. PGlite is checked to refuse `copy: true` and to seed through INSERT.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildRun } from '@runsight/active-state/run';
import { seedHistory, type Db } from '../src/index.js';
import { copyRuns, runCsvLine } from '../src/copy.js';
import { backends, T0 } from './helpers.js';

const N = 1200;
const SEED = 7;

/** Every stored column of every run, in id order, as PostgreSQL renders the row as JSON. */
async function storedRuns(db: Db): Promise<string[]> {
  const res = await db.query<{ j: string }>(
    'SELECT row_to_json(o)::text AS j FROM operation_runs o ORDER BY id',
  );
  return res.rows.map((r) => r.j);
}

/** The table's indexes, constraints and enabled triggers (what a load drops and restores). */
async function shape(db: Db): Promise<string[]> {
  const res = await db.query<{ s: string }>(
    `SELECT 'index ' || pg_get_indexdef(indexrelid) AS s FROM pg_index
      WHERE indrelid = 'operation_runs'::regclass
     UNION ALL
     SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
       FROM pg_constraint
      WHERE conrelid = 'operation_runs'::regclass OR confrelid = 'operation_runs'::regclass
     UNION ALL
     SELECT 'trigger ' || tgname || ' ' || tgenabled::text FROM pg_trigger
      WHERE tgrelid = 'operation_runs'::regclass AND NOT tgisinternal
     ORDER BY 1`,
  );
  return res.rows.map((r) => r.s);
}

describe('runCsvLine', () => {
  it('quotes text (doubling quotes), leaves NULL empty, keeps newlines inside quotes', () => {
    const line = runCsvLine({
      ...buildRun({ id: 'run_a', createdAt: new Date(T0), tenantId: null }),
      failure: { reasonCode: 'x', message: 'said "no",\nthen left' },
      context: { k: 'v' },
    });
    assert.match(line, /^"run_a",/);
    assert.ok(line.includes('"said ""no"",\nthen left"'), line);
    assert.ok(line.endsWith(`"{""k"":""v""}"`), line);
    assert.ok(line.includes(`,${new Date(T0).toISOString()},`), line);
  });
});

for (const backend of backends()) {
  if (backend.name === 'pglite') {
    describe('seedHistory on PGlite', () => {
      let db: Db;
      before(async () => (db = await backend.open()));
      after(() => db.close());
      it('refuses copy: true, and seeds through INSERT by default', async () => {
        await assert.rejects(seedHistory(db, 10, SEED, { now: T0, copy: true }), /cannot COPY/);
        assert.equal(await seedHistory(db, 50, SEED, { now: T0 }), 50);
      });
    });
    continue;
  }

  describe(`seedHistory through COPY (${backend.name})`, () => {
    let viaCopy: Db;
    let viaInsert: Db;
    before(async () => {
      [viaCopy, viaInsert] = await Promise.all([backend.open(), backend.open()]);
    });
    after(async () => {
      await Promise.all([viaCopy.close(), viaInsert.close()]);
    });

    it('stores the same rows as the INSERT path, and restores every index, key and trigger', async () => {
      const before = await shape(viaCopy);
      assert.ok(before.some((s) => s.startsWith('index CREATE INDEX runs_ws_created')));
      assert.ok(before.some((s) => s.startsWith('trigger runs_inserted O')));
      const progress: number[] = [];
      const copied = await seedHistory(viaCopy, N, SEED, {
        now: T0,
        copy: true,
        batchSize: 500,
        onProgress: (done) => progress.push(done),
      });
      const inserted = await seedHistory(viaInsert, N, SEED, { now: T0, copy: false });
      assert.equal(copied, N);
      assert.equal(inserted, N);
      assert.deepEqual(progress, [500, 1000, 1200]);
      const [a, b] = await Promise.all([storedRuns(viaCopy), storedRuns(viaInsert)]);
      assert.equal(a.length, N);
      assert.deepEqual(a, b);
      assert.deepEqual(await shape(viaCopy), before);
    });

    it('refuses copy: true on a table that has runs; the default falls back to INSERT', async () => {
      await assert.rejects(
        seedHistory(viaCopy, 10, SEED + 1, { now: T0, copy: true }),
        /needs an empty table/,
      );
      const more = await seedHistory(viaCopy, 30, SEED + 1, { now: T0 - 86_400_000 });
      assert.equal(more, 30);
    });

    it('skips a repeated id (the first stays) and rolls everything back when the load fails', async () => {
      const run = (id: string, ws: string) => ({
        ...buildRun({ id, workspaceId: ws, tenantId: null, createdAt: new Date(T0) }),
        context: { n: id },
      });
      const shapeBefore = await shape(viaInsert);
      const rowsBefore = await storedRuns(viaInsert);
      // a workspace that does not exist: the foreign key, added again after the load, fails
      await assert.rejects(
        viaInsert.transaction((tx) =>
          copyRuns(tx, [[run('run_x', 'ws_1')], [run('run_y', 'ws_nope')]]),
        ),
        /foreign key/,
      );
      assert.deepEqual(await shape(viaInsert), shapeBefore);
      assert.deepEqual(await storedRuns(viaInsert), rowsBefore);

      await viaInsert.exec('DELETE FROM operation_runs');
      const copied = await viaInsert.transaction((tx) =>
        copyRuns(tx, [[run('run_d', 'ws_1'), run('run_e', 'ws_1')], [run('run_d', 'ws_2')]]),
      );
      assert.equal(copied, 2);
      const ws = await viaInsert.query<{ id: string; workspace_id: string }>(
        'SELECT id, workspace_id FROM operation_runs ORDER BY id',
      );
      assert.deepEqual(ws.rows, [
        { id: 'run_d', workspace_id: 'ws_1' },
        { id: 'run_e', workspace_id: 'ws_1' },
      ]);
      assert.deepEqual(await shape(viaInsert), shapeBefore);
    });
  });
}
