/** A hand-made set of runs around T0, one per interesting state (policies at time scale 1). */
import { at, run } from './helpers.js';
import type { NewRun } from '../src/index.js';

const running = (startS: number, hbS: number | null) => ({
  status: 'running',
  outcome: 'pending',
  startedAt: at(startS),
  completedAt: null,
  lastHeartbeatAt: hbS === null ? null : at(hbS),
  progress: { total: 100, processed: 40, succeeded: 38, failed: 2 },
});
const queued = {
  status: 'queued',
  outcome: 'pending',
  startedAt: null,
  completedAt: null,
  lastHeartbeatAt: null,
  progress: null,
};

export const FIXTURE: NewRun[] = [
  // ws_1, active
  run('a_fresh_running', { createdAt: at(-100), ...running(-90, -20) }),
  run('a_past_running', {
    type: 'backup.run',
    typeLabel: 'Backup',
    createdAt: at(-1000),
    ...running(-990, -30),
  }),
  run('a_stale_hb', { tenantId: 't_2', createdAt: at(-500), ...running(-490, -400) }),
  run('a_stale_queued', {
    tenantId: 't_3',
    type: 'restore.run',
    typeLabel: 'Restore',
    createdAt: at(-1000),
    ...queued,
  }),
  run('a_fresh_queued', {
    type: 'policy.compare',
    typeLabel: 'Policy compare',
    createdAt: at(-30),
    ...queued,
  }),
  run('a_past_queued', {
    tenantId: 't_2',
    type: 'report.export',
    typeLabel: 'Report export',
    createdAt: at(-200),
    ...queued,
  }),
  run('a_explicit', {
    tenantId: 't_3',
    type: 'policy.compare',
    typeLabel: 'Policy compare',
    createdAt: at(-60),
    ...running(-50, -10),
    lifecycle: { expectedBy: at(-5), staleAfter: null, heartbeatTimeoutS: null },
  }),
  run('a_ws_level', {
    tenantId: null,
    type: 'directory.sync',
    typeLabel: 'Directory sync',
    createdAt: at(-40),
    ...running(-35, -5),
  }),
  // ws_1, finished
  run('c_ok', { createdAt: at(-3600) }),
  run('c_failed', {
    tenantId: 't_2',
    outcome: 'failed',
    createdAt: at(-3500),
    failure: { reasonCode: 'upstream_unavailable', message: 'The upstream API answered 503.' },
  }),
  run('c_partial', { outcome: 'partially_succeeded', createdAt: at(-3400) }),
  run('c_blocked', { tenantId: 't_3', outcome: 'blocked', createdAt: at(-3300) }),
  run('c_cancelled', { outcome: 'cancelled', createdAt: at(-3200) }),
  run('c_reconciled', {
    outcome: 'failed',
    createdAt: at(-3100),
    startedAt: at(-3090),
    completedAt: at(-300),
    lastHeartbeatAt: at(-3000),
    reconciliation: {
      reconciledAt: at(-300),
      reason: 'No heartbeat since 09:10:00 UTC.',
      previousStatus: 'running',
    },
    failure: {
      reasonCode: 'lifecycle_exceeded',
      message: 'Marked as failed by the lifecycle reconciler.',
    },
  }),
  run('c_old', {
    createdAt: at(-2 * 86400),
    startedAt: at(-2 * 86400 + 5),
    completedAt: at(-2 * 86400 + 60),
  }),
  run('c_ws_level_done', {
    tenantId: null,
    type: 'directory.sync',
    typeLabel: 'Directory sync',
    createdAt: at(-3000),
  }),
  // ws_2
  run('w2_running', {
    workspaceId: 'ws_2',
    tenantId: 't_4',
    createdAt: at(-50),
    ...running(-45, -5),
  }),
  run('w2_done', { workspaceId: 'ws_2', tenantId: 't_5', createdAt: at(-2000) }),
];

export const WS1 = FIXTURE.filter((r) => r.workspaceId === 'ws_1').map((r) => r.id);

export const EXPECTED = {
  fresh: ['a_fresh_running', 'a_fresh_queued', 'a_ws_level'],
  past_expected: ['a_past_running', 'a_past_queued', 'a_explicit'],
  likely_stale: ['a_stale_hb', 'a_stale_queued'],
  reconciled_failed: ['c_reconciled'],
  terminal: [
    'c_ok',
    'c_failed',
    'c_partial',
    'c_blocked',
    'c_cancelled',
    'c_old',
    'c_ws_level_done',
  ],
  terminal_follow_up: ['c_failed', 'c_partial', 'c_blocked', 'c_reconciled'],
};
