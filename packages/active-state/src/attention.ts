/**
 * Attention order: most urgent first (the lists and cards that sort by it), apart from the
 * derivation itself (derive.ts) and the summary cards' headline (summary.ts).
 */
import { deriveAt, toEpochMs } from './derive.js';
import type { ActiveState, DeriveOptions, OperationRun } from './types.js';

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
 * A new array of the same runs in attention order: likely stale, then past expected, then
 * follow-up, then the rest; oldest first (`createdAt` ascending) within each group, runs with a
 * missing or invalid `createdAt` last in their group; otherwise stable. Every list that says
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
  const created = new Float64Array(n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const run = runs[i] as T;
    rank[i] = attentionRank(deriveAt(run, now, policies));
    let c = NaN;
    try {
      const v: unknown = run !== null && typeof run === 'object' ? run.createdAt : undefined;
      c = v instanceof Date ? v.getTime() : NaN;
    } catch {
      c = NaN;
    }
    created[i] = c === c ? c : Infinity;
    order[i] = i;
  }
  order.sort((a, b) => {
    const r = (rank[a] as number) - (rank[b] as number);
    if (r !== 0) return r;
    const ca = created[a] as number;
    const cb = created[b] as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    return a - b;
  });
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = runs[order[i] as number] as T;
  return out;
}
