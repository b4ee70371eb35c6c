/** The server-clock estimate over real responses, and the manual time source. */
import { assert } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { deriveActiveState } from '@runsight/active-state';
import { createClient, createManualTimeSource, type RunsightHttpClient } from './index.js';
import {
  FIXTURE_NOW,
  FIXTURE_NOW_MS,
  MINUTE,
  freshRunning,
  runsHandlers,
} from './fixtures/index.js';
import { useFixtureWorker } from './test-support.js';

const HOUR = 60 * MINUTE;
let client: RunsightHttpClient;
const worker = useFixtureWorker(() => client?.dispose());

/** A run as the server sees it: started `ago` before server now, deadlines relative to that. */
function runRelativeToServer(serverNow: number) {
  const at = (offset: number) => new Date(serverNow + offset).toISOString();
  return freshRunning({
    created_at: at(-5 * MINUTE - 5000),
    started_at: at(-5 * MINUTE),
    last_heartbeat_at: at(-20_000),
    lifecycle: {
      expected_by: at(5 * MINUTE),
      stale_after: at(55 * MINUTE),
      heartbeat_timeout_s: null,
    },
    freshness: null,
  });
}

describe('server clock', () => {
  it('server two hours ahead: clock.now() follows the server, so ages are right', async () => {
    const skew = 2 * HOUR;
    worker().use(
      ...runsHandlers({
        runs: () => [runRelativeToServer(Date.now() + skew)],
        serverTime: () => Date.now() + skew,
      }),
    );
    client = createClient();
    const { runs } = await client.listRuns({ workspace: 'ws_1' });
    assert.closeTo(client.clock.offsetMs, skew, 250);
    assert.closeTo(client.clock.now(), Date.now() + skew, 250);
    const age = client.clock.now() - runs[0]!.startedAt!.getTime();
    assert.closeTo(age, 5 * MINUTE, 1000);
    // On the local clock the run would look as if it had not started yet.
    assert.isBelow(Date.now() - runs[0]!.startedAt!.getTime(), -HOUR);
  });

  it('local clock two hours ahead: a fresh run is fresh on the corrected clock, not stale', async () => {
    const skew = -2 * HOUR;
    worker().use(
      ...runsHandlers({
        runs: () => [runRelativeToServer(Date.now() + skew)],
        serverTime: () => Date.now() + skew,
      }),
    );
    client = createClient();
    const [run] = (await client.listRuns({ workspace: 'ws_1' })).runs;
    assert.strictEqual(deriveActiveState(run!, { now: client.clock.now() }).freshness, 'fresh');
    assert.strictEqual(deriveActiveState(run!, { now: Date.now() }).freshness, 'likely_stale');
  });

  it('falls back to the Date header (second precision) without meta.server_time', async () => {
    worker().use(
      http.get('/api/operation-runs', () =>
        HttpResponse.json(
          { data: [], meta: { next_cursor: null } },
          { headers: { Date: new Date(Date.now() + 2 * HOUR).toUTCString() } },
        ),
      ),
    );
    client = createClient();
    const { meta } = await client.listRuns({ workspace: 'ws_1' });
    assert.strictEqual(meta.serverTime, null);
    assert.closeTo(client.clock.offsetMs, 2 * HOUR, 1500);
  });

  it('prefers meta.server_time over the Date header', async () => {
    worker().use(
      http.get('/api/operation-runs', () =>
        HttpResponse.json(
          {
            data: [],
            meta: { next_cursor: null, server_time: new Date(Date.now() + 2 * HOUR).toISOString() },
          },
          { headers: { Date: new Date(Date.now() + 3 * HOUR).toUTCString() } },
        ),
      ),
    );
    client = createClient();
    await client.listRuns({ workspace: 'ws_1' });
    assert.closeTo(client.clock.offsetMs, 2 * HOUR, 250);
  });

  it('learns from error responses’ Date header too', async () => {
    worker().use(
      http.get(
        '/api/operation-runs',
        () =>
          new HttpResponse(null, {
            status: 500,
            headers: { Date: new Date(Date.now() - HOUR).toUTCString() },
          }),
      ),
    );
    client = createClient();
    await client.listRuns({ workspace: 'ws_1' }).catch(() => undefined);
    assert.closeTo(client.clock.offsetMs, -HOUR, 1500);
  });

  it('clockSync: false leaves the clock alone', async () => {
    worker().use(...runsHandlers({ runs: [], serverTime: () => Date.now() + HOUR }));
    client = createClient({ clockSync: false });
    await client.listRuns({ workspace: 'ws_1' });
    assert.strictEqual(client.clock.offsetMs, 0);
  });

  it('notifies subscribers of a significant change only', async () => {
    let skew = 2 * HOUR;
    worker().use(...runsHandlers({ runs: [], serverTime: () => Date.now() + skew }));
    client = createClient();
    let calls = 0;
    const off = client.clock.subscribe(() => calls++);
    await client.listRuns({ workspace: 'ws_1' });
    assert.strictEqual(calls, 1);
    await client.listRuns({ workspace: 'ws_1' });
    assert.strictEqual(calls, 1, 'same offset: no notification');
    off();
    skew = 0;
    await client.listRuns({ workspace: 'ws_1' });
    assert.strictEqual(calls, 1, 'unsubscribed');
  });

  it('with a manual time source: exact offset, and time jumps notify', async () => {
    const time = createManualTimeSource(FIXTURE_NOW);
    worker().use(...runsHandlers({ runs: [], serverTime: FIXTURE_NOW_MS + 90_000 }));
    client = createClient({ timeSource: time });
    await client.listRuns({ workspace: 'ws_1' });
    assert.strictEqual(client.clock.offsetMs, 90_000);
    assert.strictEqual(client.clock.now(), FIXTURE_NOW_MS + 90_000);
    let calls = 0;
    client.clock.subscribe(() => calls++);
    time.advance(60_000);
    assert.strictEqual(calls, 1);
    assert.strictEqual(client.clock.now(), FIXTURE_NOW_MS + 150_000);
    time.set(FIXTURE_NOW);
    assert.strictEqual(calls, 2);
    assert.strictEqual(client.clock.now(), FIXTURE_NOW_MS + 90_000);
  });

  it('snapshot.lastSuccessServerTime is on the corrected clock', async () => {
    const time = createManualTimeSource(FIXTURE_NOW);
    worker().use(...runsHandlers({ runs: [], serverTime: FIXTURE_NOW_MS + 2 * HOUR }));
    client = createClient({ timeSource: time });
    const handle = client.watchRuns({ workspace: 'ws_1' }, { intervalMs: 0 }, () => {});
    await handle.refetch();
    assert.strictEqual(handle.getSnapshot().lastSuccessAt, FIXTURE_NOW_MS);
    assert.strictEqual(handle.getSnapshot().lastSuccessServerTime, FIXTURE_NOW_MS + 2 * HOUR);
    handle.unsubscribe();
  });
});
