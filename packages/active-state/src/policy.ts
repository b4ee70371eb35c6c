import type { LifecyclePolicies, LifecyclePolicy } from './types.js';

/**
 * The built-in lifecycle policy, used where the host gives none:
 * queued 120 s / 900 s; running 600 s / 3600 s; no heartbeat timeout.
 */
export const DEFAULT_POLICY: Readonly<LifecyclePolicy> = Object.freeze({
  queued: Object.freeze({ expectedAfterS: 120, staleAfterS: 900 }),
  running: Object.freeze({ expectedAfterS: 600, staleAfterS: 3600, heartbeatTimeoutS: null }),
});

/**
 * The lifecycle policy for an operation type: `byType[type] ?? default ?? DEFAULT_POLICY`.
 * Only own properties of `byType` count (a type named "constructor" never finds
 * `Object.prototype.constructor`).
 */
export function resolvePolicy(type: string, policies?: LifecyclePolicies | null): LifecyclePolicy {
  if (policies !== null && policies !== undefined && typeof policies === 'object') {
    const byType = policies.byType;
    if (
      typeof type === 'string' &&
      byType !== null &&
      typeof byType === 'object' &&
      Object.hasOwn(byType, type)
    ) {
      const p = byType[type];
      if (p !== null && p !== undefined) return p;
    }
    const d = policies.default;
    if (d !== null && d !== undefined) return d;
  }
  return DEFAULT_POLICY;
}
