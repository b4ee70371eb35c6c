/**
 * Attention order: most urgent first (the lists and cards that sort by it), apart from the
 * derivation itself (derive.ts) and the summary cards' headline (summary.ts).
 */
import { deriveAt, toEpochMs } from './derive.js';
import type { ActiveState, BadgeKey, DeriveOptions, OperationRun } from './types.js';

/**
 * The attention group of a derived state: 0 likely stale, 1 past expected,
 * 2 follow-up (`terminal_follow_up`, including reconciled failed), 3 everything else.
 */
export function attentionRank(state: ActiveState): 0 | 1 | 2 | 3 {
  if (state.freshness === 'likely_stale') return 0;
  if (state.freshness === 'past_expected') return 1;
  if (state.problemClass === 'terminal_follow_up') return 2;
  return 3;
}

/**
 * Severity order of follow-up within its group: reconciled failed, failed, blocked, partially
 * succeeded (the badge says which); anything else follow-up may hold comes last.
 */
const FOLLOW_UP_SEVERITY: Readonly<Partial<Record<BadgeKey, number>>> = {
  reconciled_failed: 0,
  failed: 1,
  blocked: 2,
  partially_succeeded: 3,
};

/** Epoch ms of a Date-valued field read defensively (hostile input); NaN when absent or invalid. */
function timeOfField(read: () => unknown): number {
  try {
    const v = read();
    return v instanceof Date ? v.getTime() : NaN;
  } catch {
    return NaN;
  }
}

/**
 * A new array of the same runs in attention order: likely stale, then past expected (oldest
 * first, `createdAt` ascending: the longest stuck on top), then follow-up by severity
 * (reconciled failed, failed, blocked, partially succeeded) and within one severity the newest
 * completion first (what just went wrong on top), then the rest (oldest first). Runs with a
 * missing or invalid timestamp come last in their group; otherwise stable. Every list that says
 * "needs attention" uses it.
 */
export function sortByAttention<T extends OperationRun>(
  runs: readonly T[],
  opts: DeriveOptions,
): T[] {
  const now = toEpochMs(opts.now);
  const policies = opts.policies;
  const n = runs.length;
  const rank = new Uint8Array(n);
  const severity = new Uint8Array(n);
  // Ascending sort key within a group: createdAt, or minus the completion time for follow-up.
  const key = new Float64Array(n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const run = runs[i] as T;
    const state = deriveAt(run, now, policies);
    const r = attentionRank(state);
    rank[i] = r;
    const object = run !== null && typeof run === 'object';
    let k: number;
    if (r === 2) {
      severity[i] = FOLLOW_UP_SEVERITY[state.badge.key] ?? 4;
      const done = object
        ? timeOfField(() => run.completedAt ?? run.reconciliation?.reconciledAt)
        : NaN;
      k = -done;
    } else {
      k = object ? timeOfField(() => run.createdAt) : NaN;
    }
    key[i] = k === k ? k : Infinity;
    order[i] = i;
  }
  order.sort((a, b) => {
    const r = (rank[a] as number) - (rank[b] as number);
    if (r !== 0) return r;
    const s = (severity[a] as number) - (severity[b] as number);
    if (s !== 0) return s;
    const ka = key[a] as number;
    const kb = key[b] as number;
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a - b;
  });
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = runs[order[i] as number] as T;
  return out;
}
