import { deriveAt, toEpochMs } from './derive.js';
import type {
  ActivitySummary,
  DeriveOptions,
  HeadlineKey,
  OperationRun,
  SummaryTone,
} from './types.js';

/** The follow-up figure a headline names, if any (see {@link HeadlineKey}). */
export function headlineFollowUp(h: HeadlineKey): number {
  return 'followUp' in h ? h.followUp : 0;
}

/** English words for the follow-up part of a headline. */
export function formatFollowUp(count: number): string {
  return count === 1 ? '1 needs follow-up' : `${count} need follow-up`;
}

/**
 * The English headline for a structured {@link HeadlineKey} (message catalogs translate the
 * key instead). The stale / past-expected / unknown count is always named against the total;
 * "All" appears only when every active run (two or more) is in that state. When follow-up alone
 * raises the tone, the headline says so after a middle dot.
 */
export function formatHeadline(h: HeadlineKey): string {
  const followUp = headlineFollowUp(h);
  const core = formatHeadlineCore(h);
  return followUp > 0 ? `${core} · ${formatFollowUp(followUp)}` : core;
}

/** The headline's words about the active runs, without the follow-up part. */
export function formatHeadlineCore(h: HeadlineKey): string {
  switch (h.key) {
    case 'none_active':
      return 'No active operations';
    case 'all_fresh':
      return h.active === 1
        ? '1 active operation, on track'
        : `${h.active} active operations, all on track`;
    case 'some_stale':
      return `${h.count} of ${h.total} active operations likely stale`;
    case 'all_stale':
      return h.total === 1
        ? '1 active operation likely stale'
        : `All ${h.total} active operations likely stale`;
    case 'some_past_expected':
      return `${h.count} of ${h.total} active operations past expected`;
    case 'all_past_expected':
      return h.total === 1
        ? '1 active operation past expected'
        : `All ${h.total} active operations past expected`;
    case 'some_unknown':
      return `${h.count} of ${h.total} active operations in an unknown state`;
    case 'all_unknown':
      return h.total === 1
        ? '1 active operation in an unknown state'
        : `All ${h.total} active operations in an unknown state`;
  }
}

/**
 * Turns a set of runs into the figures compact surfaces show, so that they all agree.
 * Every run is derived with {@link deriveActiveState} at the same `now`.
 *
 * - `active`: runs with an active status (queued or running); the headline's total.
 * - `fresh` / `pastExpected` / `likelyStale`: active runs in that state.
 * - `followUp`: `terminal_follow_up` runs (a separate figure, not in the headline).
 * - `unknown`: runs whose freshness is unknown (unknown status, or an active run whose timing
 *   cannot be derived).
 * - `tone`: critical when any run is likely stale; attention when any is past expected or
 *   needs follow-up; else calm.
 * - `headline` / `headlineKey`: the most severe active state, named against the total; when
 *   follow-up alone raises the tone, the follow-up count too.
 */
export function summarizeActivity(
  runs: Iterable<OperationRun>,
  opts: DeriveOptions,
): ActivitySummary {
  const now = toEpochMs(opts.now);
  const policies = opts.policies;
  let active = 0;
  let fresh = 0;
  let pastExpected = 0;
  let likelyStale = 0;
  let followUp = 0;
  let unknown = 0;
  let activeUnknown = 0;
  if (runs !== null && runs !== undefined) {
    for (const run of runs) {
      const s = deriveAt(run, now, policies);
      if (s.isActive) active++;
      switch (s.freshness) {
        case 'fresh':
          fresh++;
          break;
        case 'past_expected':
          pastExpected++;
          break;
        case 'likely_stale':
          likelyStale++;
          break;
        case 'unknown':
          unknown++;
          if (s.isActive) activeUnknown++;
          break;
        default:
          break;
      }
      if (s.problemClass === 'terminal_follow_up') followUp++;
    }
  }
  return summarizeCounts({
    active,
    fresh,
    pastExpected,
    likelyStale,
    followUp,
    unknown,
    activeUnknown,
  });
}

/** The figures a summary is made of (see {@link summarizeActivity}). */
export interface ActivityCounts {
  active: number;
  fresh: number;
  pastExpected: number;
  likelyStale: number;
  followUp: number;
  unknown: number;
  /** Active runs among `unknown` (the headline's); default `unknown`. */
  activeUnknown?: number;
}

/**
 * The tone and headline of figures counted elsewhere (e.g. a backend's summary endpoint), by the
 * same rules as {@link summarizeActivity}: a card that shows a backend's exact figures says the
 * same words about them as one that counted the runs itself.
 */
export function summarizeCounts(counts: ActivityCounts): ActivitySummary {
  const { active, fresh, pastExpected, likelyStale, followUp, unknown } = counts;
  const activeUnknown = counts.activeUnknown ?? unknown;
  const tone: SummaryTone =
    likelyStale > 0 ? 'critical' : pastExpected > 0 || followUp > 0 ? 'attention' : 'calm';

  let headlineKey: HeadlineKey;
  if (active === 0) headlineKey = { key: 'none_active', followUp };
  else if (likelyStale > 0)
    headlineKey =
      likelyStale === active
        ? { key: 'all_stale', total: active }
        : { key: 'some_stale', count: likelyStale, total: active };
  else if (pastExpected > 0)
    headlineKey =
      pastExpected === active
        ? { key: 'all_past_expected', total: active }
        : { key: 'some_past_expected', count: pastExpected, total: active };
  else if (activeUnknown > 0)
    headlineKey =
      activeUnknown === active
        ? { key: 'all_unknown', total: active, followUp }
        : { key: 'some_unknown', count: activeUnknown, total: active, followUp };
  else headlineKey = { key: 'all_fresh', active, followUp };

  return {
    active,
    fresh,
    pastExpected,
    likelyStale,
    followUp,
    unknown,
    tone,
    headline: formatHeadline(headlineKey),
    headlineKey,
  };
}
