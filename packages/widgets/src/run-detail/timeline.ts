/**
 * The timeline of `<run-detail>` (pure): which instants a run shows, in which order.
 *
 * Entries: created, started, expected by, stale after, last heartbeat, and completed or
 * reconciled. Deadlines of an active run are the effective ones from active-state (the run's
 * lifecycle, else the lifecycle policy); a finished run shows the deadlines the backend sent, if
 * any (useful to see that it finished late). Entries are in time order; deadlines still ahead sort
 * after the instants that happened, as they would on a real time axis. Ties keep the lifecycle
 * order below. No entry is judged "late" here: the freshness is active-state's alone.
 */
import type { ActiveState, RunDetail } from '@runsight/active-state';

export type TimelineKey =
  | 'created'
  | 'started'
  | 'expected_by'
  | 'stale_after'
  | 'last_heartbeat'
  | 'completed'
  | 'reconciled';

export interface TimelineEntry {
  key: TimelineKey;
  at: Date;
  /** A deadline (expected by, stale after) rather than something that happened. */
  deadline: boolean;
}

const ORDER: readonly TimelineKey[] = [
  'created',
  'started',
  'last_heartbeat',
  'expected_by',
  'stale_after',
  'reconciled',
  'completed',
];

const valid = (d: Date | null | undefined): d is Date =>
  d instanceof Date && !Number.isNaN(d.getTime());

type TimelineRun = Pick<
  RunDetail,
  'createdAt' | 'startedAt' | 'completedAt' | 'lastHeartbeatAt' | 'lifecycle' | 'reconciliation'
>;
type TimelineState = Pick<ActiveState, 'isActive' | 'expectedBy' | 'staleAfter'>;

export function buildTimeline(run: TimelineRun, state: TimelineState): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const add = (key: TimelineKey, at: Date | null | undefined, deadline = false): void => {
    if (valid(at)) entries.push({ key, at, deadline });
  };
  add('created', run.createdAt);
  add('started', run.startedAt);
  add('last_heartbeat', run.lastHeartbeatAt);
  if (state.isActive) {
    add('expected_by', state.expectedBy, true);
    add('stale_after', state.staleAfter, true);
  } else {
    add('expected_by', run.lifecycle?.expectedBy, true);
    add('stale_after', run.lifecycle?.staleAfter, true);
  }
  if (run.reconciliation) add('reconciled', run.reconciliation.reconciledAt);
  else add('completed', run.completedAt);
  return entries
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        a.e.at.getTime() - b.e.at.getTime() ||
        ORDER.indexOf(a.e.key) - ORDER.indexOf(b.e.key) ||
        a.i - b.i,
    )
    .map(({ e }) => e);
}
