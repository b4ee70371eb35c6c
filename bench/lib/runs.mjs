// Deterministic domain runs (camelCase, Dates) for the Node figures: the mix of the api-client's
// `manyRuns` fixture (~55 % finished, ~25 % fresh, ~10 % past expected, ~6 % likely stale,
// ~4 % reconciled), without depending on the api-client.
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const BENCH_NOW = Date.parse('2026-11-29T12:00:00Z');

/** mulberry32 */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = [
  ['inventory.sync', 'Inventory sync'],
  ['backup.create', 'Backup'],
  ['restore.run', 'Restore'],
  ['tenant.compare', 'Tenant compare'],
];
const OUTCOMES = [
  'succeeded',
  'succeeded',
  'succeeded',
  'failed',
  'partially_succeeded',
  'blocked',
  'cancelled',
];

/** `n` domain runs around `now`. */
export function domainRuns(n, seed = 1, now = BENCH_NOW) {
  const random = seededRandom(seed);
  const at = (ms) => new Date(now + ms);
  const runs = [];
  for (let i = 0; i < n; i++) {
    const [type, typeLabel] = TYPES[Math.floor(random() * TYPES.length)];
    const roll = random();
    const run = {
      id: `run_${seed}_${i}`,
      type,
      typeLabel,
      workspaceId: 'ws_1',
      tenantId: 't_1',
      tenantName: 'Contoso',
      status: 'running',
      outcome: 'pending',
      createdAt: at(-6 * MINUTE),
      startedAt: at(-5 * MINUTE),
      completedAt: null,
      lastHeartbeatAt: at(-20 * SECOND),
      progress: { total: 120, processed: 40, succeeded: 38, failed: 2 },
      lifecycle: null,
      freshness: null,
      reconciliation: null,
      initiator: { name: 'Ana Admin' },
      failure: null,
    };
    if (roll < 0.55) {
      const createdAgo = Math.floor(random() * 24 * HOUR);
      run.status = 'completed';
      run.outcome = OUTCOMES[Math.floor(random() * OUTCOMES.length)];
      run.createdAt = at(-createdAgo);
      run.startedAt = at(-createdAgo + 2 * SECOND);
      run.completedAt = at(
        -createdAgo + 2 * SECOND + Math.floor(random() * Math.min(createdAgo, 20 * MINUTE)),
      );
    } else if (roll < 0.8) {
      const queued = random() < 0.3;
      const started = -Math.floor(random() * 5 * MINUTE);
      if (queued) {
        run.status = 'queued';
        run.startedAt = null;
        run.lastHeartbeatAt = null;
        run.progress = null;
        run.createdAt = at(started);
      } else {
        run.startedAt = at(started);
        run.createdAt = at(started - 5 * SECOND);
      }
      run.lifecycle = {
        expectedBy: at(started + 10 * MINUTE),
        staleAfter: at(started + HOUR),
        heartbeatTimeoutS: null,
      };
      run.freshness = { state: 'fresh', evaluatedAt: at(0) };
    } else if (roll < 0.9) {
      run.startedAt = at(-20 * MINUTE);
      run.createdAt = at(-21 * MINUTE);
      run.lifecycle = {
        expectedBy: at(-10 * MINUTE),
        staleAfter: at(40 * MINUTE),
        heartbeatTimeoutS: null,
      };
      run.freshness = { state: 'past_expected', evaluatedAt: at(0) };
    } else if (roll < 0.96) {
      const byHeartbeat = random() < 0.5;
      run.startedAt = at(-90 * MINUTE);
      run.createdAt = at(-91 * MINUTE);
      run.lastHeartbeatAt = at(byHeartbeat ? -10 * MINUTE : -40 * MINUTE);
      run.lifecycle = byHeartbeat
        ? { expectedBy: at(-80 * MINUTE), staleAfter: at(30 * MINUTE), heartbeatTimeoutS: 120 }
        : { expectedBy: at(-80 * MINUTE), staleAfter: at(-30 * MINUTE), heartbeatTimeoutS: null };
      run.freshness = { state: 'likely_stale', evaluatedAt: at(0) };
    } else {
      const shift = -Math.floor(random() * 12 * HOUR);
      run.status = 'completed';
      run.outcome = 'failed';
      run.createdAt = at(shift - 3 * HOUR);
      run.startedAt = at(shift - 3 * HOUR + 5 * SECOND);
      run.completedAt = at(shift);
      run.lastHeartbeatAt = at(shift - 2 * HOUR);
      run.reconciliation = {
        reconciledAt: at(shift),
        reason: 'stale_timeout',
        previousStatus: 'running',
      };
      run.failure = { reasonCode: 'reconciled_stale', message: 'Force-failed by the reconciler.' };
    }
    runs.push(run);
  }
  return runs;
}
