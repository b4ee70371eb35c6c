/**
 * The simulator and the reconciler, on a manual clock at the demo time scale (20×):
 * inventory.sync is expected within 30 s, likely stale after 90 s or 15 s without a heartbeat;
 * a queued run is expected to start within 6 s and likely stale after 45 s; grace 30 s.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createServer,
  insertRuns,
  ManualClock,
  type Db,
  type RunsightServer,
  type SimulationOptions,
} from '../src/index.js';
import { at, backends, request, run, T0, truncate, type DetailBody, type Res } from './helpers.js';

for (const backend of backends()) {
  describe(`simulator and reconciler (${backend.name})`, () => {
    let db: Db;
    let clock: ManualClock;
    let server: RunsightServer;
    const servers: RunsightServer[] = [];

    const make = async (simulation: SimulationOptions = {}, timeScale = 20) => {
      const s = await createServer({
        db,
        clock,
        timeScale,
        listen: false,
        publicDir: null,
        widgetsBundle: null,
        simulation: { enabled: false, autoSpawn: false, warmStart: false, ...simulation },
      });
      servers.push(s);
      return s;
    };
    const detail = (id: string, ws = 'ws_1'): Promise<Res<DetailBody>> =>
      request<DetailBody>(server.app, `/api/operation-runs/${id}?workspace=${ws}`);
    /** Advances the clock step by step (1 s), ticking, and records the run's state changes. */
    const follow = async (id: string, steps: number, stepMs = 1000) => {
      const seen: { t: number; state: string }[] = [];
      for (let i = 1; i <= steps; i++) {
        const t = (i * stepMs) / 1000;
        clock.advance(stepMs);
        await server.tick();
        const d = (await detail(id)).body.data;
        const state = d.reconciliation
          ? 'reconciled_failed'
          : d.status === 'completed'
            ? `completed:${d.outcome}`
            : `${d.status}:${d.freshness?.state}`;
        if (seen.at(-1)?.state !== state) seen.push({ t, state });
      }
      return seen;
    };

    before(async () => {
      db = await backend.open();
      clock = new ManualClock(T0);
    });
    after(async () => {
      for (const s of servers) await s.close();
      await db.close();
    });
    beforeEach(async () => {
      clock.set(T0);
      await truncate(db);
      server = await make();
    });

    it('a run whose worker dies goes past expected, likely stale, then reconciled failed', async () => {
      const spawned = await server.simulator.spawn({
        tenant: 'Contoso',
        type: 'inventory.sync',
        behaviour: 'dies',
        queueS: 1,
        dieAfterS: 25,
      });
      assert.equal(spawned.tenantId, 't_1');
      assert.equal(spawned.workspaceId, 'ws_1');
      assert.equal(spawned.plan.endAt, null);
      assert.equal(spawned.plan.dieAt?.getTime(), T0 + 26_000);
      const seen = await follow(spawned.id, 100);
      // started at +1 s, heartbeats every 3 s until +25 s: expected at +31 s, no heartbeat for
      // 15 s at +40 s, seen stale at +40 s, reconciled 30 s later
      assert.deepEqual(seen, [
        { t: 1, state: 'running:fresh' },
        { t: 31, state: 'running:past_expected' },
        { t: 40, state: 'running:likely_stale' },
        { t: 70, state: 'reconciled_failed' },
      ]);
      const d = (await detail(spawned.id)).body.data;
      assert.equal(d.status, 'completed');
      assert.equal(d.outcome, 'failed');
      assert.equal(d.completed_at, new Date(T0 + 70_000).toISOString());
      assert.equal(d.last_heartbeat_at, new Date(T0 + 25_000).toISOString());
      assert.equal(d.reconciliation?.previous_status, 'running');
      assert.equal(d.reconciliation?.reconciled_at, new Date(T0 + 70_000).toISOString());
      assert.match(d.reconciliation?.reason ?? '', /No heartbeat since 10:00:25 UTC/);
      assert.equal(d.failure?.reason_code, 'lifecycle_exceeded');
      const kinds = d.events.map((e) => e.kind);
      assert.equal(kinds[0], 'queued');
      assert.equal(kinds[1], 'started');
      assert.equal(kinds.at(-1), 'reconciled');
      assert.ok(!kinds.includes('completed'));
      // progress froze when the worker died
      assert.ok((d.progress?.processed ?? 0) < (d.progress?.total ?? 0));
      assert.deepEqual(server.simulator.workerIds, []);
    });

    it('follows the documented e2e timings (dieAfterS 5 at scale 20, and at scale 100)', async () => {
      const spawned = await server.simulator.spawn({
        tenant: 'Contoso',
        type: 'inventory.sync',
        behaviour: 'dies',
        queueS: 1,
        dieAfterS: 5,
      });
      assert.deepEqual(await follow(spawned.id, 60), [
        { t: 1, state: 'running:fresh' },
        { t: 19, state: 'running:likely_stale' },
        { t: 49, state: 'reconciled_failed' },
      ]);
      await truncate(db);
      clock.set(T0);
      server = await make({}, 100);
      const fast = await server.simulator.spawn({
        tenant: 'Contoso',
        type: 'inventory.sync',
        behaviour: 'dies',
        queueS: 0.2,
        dieAfterS: 5,
      });
      assert.deepEqual(await follow(fast.id, 160, 100), [
        { t: 0.1, state: 'queued:fresh' },
        { t: 0.2, state: 'running:fresh' },
        { t: 6.2, state: 'running:past_expected' },
        { t: 8, state: 'running:likely_stale' },
        { t: 14, state: 'reconciled_failed' },
      ]);
    });

    it('a healthy long run goes past expected and finishes; it is never reconciled', async () => {
      const spawned = await server.simulator.spawn({
        tenant: 't_2',
        type: 'inventory.sync',
        behaviour: 'long',
        queueS: 1,
        durationS: 75,
        outcome: 'succeeded',
      });
      const seen = await follow(spawned.id, 150);
      assert.deepEqual(seen, [
        { t: 1, state: 'running:fresh' },
        { t: 31, state: 'running:past_expected' },
        { t: 76, state: 'completed:succeeded' },
      ]);
      const d = (await detail(spawned.id)).body.data;
      assert.equal(d.reconciliation, null);
      assert.deepEqual(d.progress, {
        total: d.progress?.total,
        processed: d.progress?.total,
        succeeded: d.progress?.total,
        failed: 0,
      });
      const hb = d.events.filter((e) => e.kind === 'heartbeat').length;
      assert.ok(hb > 0 && hb <= 8, `heartbeat events are bounded (${hb})`);
    });

    it('a run stuck in the queue goes past expected, likely stale, then reconciled (was queued)', async () => {
      const spawned = await server.simulator.spawn({
        tenant: 'Northwind',
        type: 'restore.run',
        behaviour: 'stuck_queued',
      });
      assert.equal(spawned.plan.startAt, null);
      const seen = await follow(spawned.id, 90);
      assert.deepEqual(seen, [
        { t: 1, state: 'queued:fresh' },
        { t: 6, state: 'queued:past_expected' },
        { t: 45, state: 'queued:likely_stale' },
        { t: 75, state: 'reconciled_failed' },
      ]);
      const d = (await detail(spawned.id)).body.data;
      assert.equal(d.reconciliation?.previous_status, 'queued');
      assert.match(d.reconciliation?.reason ?? '', /Never started/);
      assert.equal(d.started_at, null);
    });

    for (const outcome of [
      'succeeded',
      'partially_succeeded',
      'failed',
      'blocked',
      'cancelled',
    ] as const) {
      it(`a normal run finishes ${outcome}`, async () => {
        const spawned = await server.simulator.spawn({
          tenant: 'Fabrikam',
          type: 'backup.run',
          behaviour: 'normal',
          outcome,
          queueS: 2,
          durationS: 20,
        });
        const seen = await follow(spawned.id, 30);
        assert.equal(seen.at(-1)?.state, `completed:${outcome}`);
        assert.equal(seen.at(0)?.state, 'queued:fresh');
        const d = (await detail(spawned.id)).body.data;
        assert.equal(d.events.at(-1)?.kind, 'completed');
        assert.equal(d.failure === null, outcome === 'succeeded' || outcome === 'cancelled');
        if (outcome === 'succeeded') assert.equal(d.progress?.processed, d.progress?.total);
        assert.equal(typeof d.context.worker, 'string');
      });
    }

    it('spawns workspace-level runs and checks its arguments', async () => {
      const s = await server.simulator.spawn({
        workspace: 'ws_2',
        tenant: null,
        behaviour: 'normal',
      });
      assert.equal(s.tenantId, null);
      assert.equal(s.workspaceId, 'ws_2');
      await assert.rejects(server.simulator.spawn({ tenant: 'Nobody' }), /unknown tenant/);
      await assert.rejects(server.simulator.spawn({ workspace: 'ws_9' }), /unknown workspace/);
    });

    it('is deterministic for a seed (random spawns included)', async () => {
      const dump = async () => {
        const runs = await db.query(
          `SELECT id, workspace_id, tenant_id, type, status, outcome, created_at, started_at,
                  completed_at, last_heartbeat_at, progress_processed, reconciled_at
             FROM operation_runs ORDER BY id`,
        );
        const events = await db.query(
          `SELECT run_id, at, kind, message FROM run_events ORDER BY run_id, at, id`,
        );
        return JSON.stringify([runs.rows, events.rows]);
      };
      const scenario = async (seed: number) => {
        await truncate(db);
        clock.set(T0);
        server = await make({ autoSpawn: true, warmStart: true, seed, spawnEveryS: 2 });
        for (let i = 0; i < 60; i++) {
          clock.advance(1000);
          await server.tick();
        }
        return dump();
      };
      const a = await scenario(7);
      const b = await scenario(7);
      const c = await scenario(8);
      assert.equal(a, b);
      assert.notEqual(a, c);
      const n =
        (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM operation_runs')).rows[0]
          ?.n ?? 0;
      assert.ok(n > 15, `random runs were spawned (${n})`);
    });

    it('keeps the number of active runs bounded', async () => {
      server = await make({ autoSpawn: true, spawnEveryS: 0.2, maxActive: 5 });
      let most = 0;
      for (let i = 0; i < 60; i++) {
        clock.advance(1000);
        await server.tick();
        const r = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM operation_runs WHERE status IN ('queued', 'running')`,
        );
        most = Math.max(most, r.rows[0]?.n ?? 0);
      }
      assert.ok(most <= 5, `at most 5 active (${most})`);
      assert.ok(most >= 4);
    });

    it('warm start shows fresh, past expected and likely stale runs at once', async () => {
      server = await make({ warmStart: true });
      const res = await request(server.app, '/api/operation-runs?workspace=ws_1&status=active');
      const states = new Set(res.body.data.map((r) => r.freshness?.state));
      assert.deepEqual([...states].sort(), ['fresh', 'likely_stale', 'past_expected']);
    });

    it('the reconciler clears its mark when a run recovers, and never fails a finished run', async () => {
      await insertRuns(db, [
        run('recovers', {
          createdAt: at(-60),
          status: 'running',
          outcome: 'pending',
          startedAt: at(-55),
          completedAt: null,
          lastHeartbeatAt: at(-40),
        }),
        run('finishes', {
          createdAt: at(-60),
          status: 'running',
          outcome: 'pending',
          startedAt: at(-55),
          completedAt: null,
          lastHeartbeatAt: at(-40),
        }),
      ]);
      let report = await server.reconciler.tick();
      assert.deepEqual(report.markedStale.sort(), ['finishes', 'recovers']);
      await db.query(`UPDATE operation_runs SET last_heartbeat_at = $1 WHERE id = 'recovers'`, [
        at(0),
      ]);
      await db.query(
        `UPDATE operation_runs SET status = 'completed', outcome = 'succeeded', completed_at = $1 WHERE id = 'finishes'`,
        [at(0)],
      );
      clock.advance(1000);
      report = await server.reconciler.tick();
      assert.deepEqual(report.recovered, ['recovers']);
      clock.advance(31_000);
      await db.query(`UPDATE operation_runs SET last_heartbeat_at = $1 WHERE id = 'recovers'`, [
        at(31),
      ]);
      report = await server.reconciler.tick();
      assert.deepEqual(report.reconciled, []);
      const rows = await db.query<{ id: string; status: string; reconciled_at: Date | null }>(
        `SELECT id, status, reconciled_at FROM operation_runs ORDER BY id`,
      );
      assert.deepEqual(
        rows.rows.map((r) => [r.id, r.status, r.reconciled_at]),
        [
          ['finishes', 'completed', null],
          ['recovers', 'running', null],
        ],
      );
    });
  });
}
