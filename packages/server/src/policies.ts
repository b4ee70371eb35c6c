/**
 * The server's own lifecycle policies per operation type, and time acceleration.
 *
 * The server clock is never warped (widgets estimate their offset from `server_time`, which must
 * be real wall time). Instead the demo is accelerated by SCALING: every policy window, the
 * reconciler's grace period and every simulated duration is divided by `timeScale`. At the demo
 * scale (20) a running run is expected within 20–40 s, likely stale after 60–90 s or 15 s
 * without a heartbeat, and reconciled 30 s later.
 */
import type { LifecyclePolicies, LifecyclePolicy } from '@runsight/active-state';
import { OPERATION_TYPES, type OperationTypeDef } from './catalog.js';

/** The demo's time scale: 20× faster than real-world policies. */
export const DEMO_TIME_SCALE = 20;

/** The reconciler's grace period at time scale 1: 10 minutes likely stale before it force-fails. */
export const BASE_RECONCILE_GRACE_S = 600;

function scale(seconds: number, timeScale: number): number {
  return Math.round((seconds / timeScale) * 1000) / 1000;
}

export function scalePolicy(policy: LifecyclePolicy, timeScale: number): LifecyclePolicy {
  const hb = policy.running.heartbeatTimeoutS;
  return {
    queued: {
      expectedAfterS: scale(policy.queued.expectedAfterS, timeScale),
      staleAfterS: scale(policy.queued.staleAfterS, timeScale),
    },
    running: {
      expectedAfterS: scale(policy.running.expectedAfterS, timeScale),
      staleAfterS: scale(policy.running.staleAfterS, timeScale),
      heartbeatTimeoutS: hb === null || hb === undefined ? null : scale(hb, timeScale),
    },
  };
}

/** The policies for every known operation type at `timeScale` (1 = real-world windows). */
export function scaledPolicies(
  timeScale: number,
  types: readonly OperationTypeDef[] = OPERATION_TYPES,
): LifecyclePolicies {
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error('timeScale must be > 0');
  const byType: Record<string, LifecyclePolicy> = {};
  for (const t of types) byType[t.key] = scalePolicy(t.policy, timeScale);
  return {
    default: scalePolicy(
      {
        queued: { expectedAfterS: 120, staleAfterS: 900 },
        running: { expectedAfterS: 600, staleAfterS: 1800, heartbeatTimeoutS: 300 },
      },
      timeScale,
    ),
    byType,
  };
}

export function reconcileGraceS(timeScale: number): number {
  return scale(BASE_RECONCILE_GRACE_S, timeScale);
}
