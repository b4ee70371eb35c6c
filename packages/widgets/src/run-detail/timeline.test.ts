import { assert } from '@open-wc/testing';
import { buildTimeline } from './timeline.js';

const t = (min: number): Date => new Date(Date.UTC(2026, 10, 29, 10, min));
const base = {
  createdAt: t(0),
  startedAt: null,
  completedAt: null,
  lastHeartbeatAt: null,
  lifecycle: null,
  reconciliation: null,
};

describe('run-detail timeline', () => {
  it('orders an active run by time with the effective deadlines from active-state', () => {
    const entries = buildTimeline(
      { ...base, startedAt: t(1), lastHeartbeatAt: t(20) },
      { isActive: true, expectedBy: t(11), staleAfter: t(61) },
    );
    assert.deepEqual(
      entries.map((e) => e.key),
      ['created', 'started', 'expected_by', 'last_heartbeat', 'stale_after'],
    );
    assert.deepEqual(
      entries.filter((e) => e.deadline).map((e) => e.key),
      ['expected_by', 'stale_after'],
    );
  });

  it('shows a finished run with the deadlines the backend sent and its completion', () => {
    const entries = buildTimeline(
      {
        ...base,
        startedAt: t(1),
        completedAt: t(30),
        lifecycle: { expectedBy: t(11), staleAfter: null, heartbeatTimeoutS: null },
      },
      { isActive: false, expectedBy: null, staleAfter: null },
    );
    assert.deepEqual(
      entries.map((e) => e.key),
      ['created', 'started', 'expected_by', 'completed'],
    );
  });

  it('shows reconciliation instead of completion', () => {
    const entries = buildTimeline(
      {
        ...base,
        startedAt: t(1),
        completedAt: t(70),
        lifecycle: { expectedBy: t(11), staleAfter: t(61), heartbeatTimeoutS: null },
        reconciliation: { reconciledAt: t(70), reason: 'stale', previousStatus: 'running' },
      },
      { isActive: false, expectedBy: null, staleAfter: null },
    );
    assert.deepEqual(
      entries.map((e) => e.key),
      ['created', 'started', 'expected_by', 'stale_after', 'reconciled'],
    );
  });

  it('keeps lifecycle order on ties and leaves out invalid dates', () => {
    const entries = buildTimeline(
      { ...base, startedAt: t(0), lastHeartbeatAt: new Date(Number.NaN) },
      { isActive: true, expectedBy: t(10), staleAfter: t(10) },
    );
    assert.deepEqual(
      entries.map((e) => e.key),
      ['created', 'started', 'expected_by', 'stale_after'],
    );
  });
});
