/**
 * Messages of the three card elements (<tenant-activity>, <active-run-progress>,
 * <workspace-recent-ops>): part of the ONE catalog, shipped with the cards' shared base
 * (`RunsightCard`), not with every element. Headlines (`headline.*`, keyed by active-state's
 * HeadlineKey; English from `formatHeadline`), then each card's own keys. Add a key to
 * `cardsEn` and the same key to `cardsDe` (cards.messages.de.ts; tsc fails on a missing or extra
 * key).
 */
import {
  formatFollowUp,
  formatHeadlineCore,
  headlineFollowUp,
  type HeadlineKey,
} from '@runsight/active-state';
import type { Messages } from './messages.js';

/**
 * The English headline of a key: active-state's words about the active runs
 * (`formatHeadlineCore`); `headlineText` adds the follow-up part (`headline.follow_up`).
 */
const headline =
  <K extends HeadlineKey['key']>(key: K) =>
  (p: Omit<Extract<HeadlineKey, { key: K }>, 'key'>): string =>
    formatHeadlineCore({ ...p, key } as Extract<HeadlineKey, { key: K }>);

export const cardsEn = {
  // --- headlines (keyed by HeadlineKey) ---
  'headline.none_active': headline('none_active'),
  'headline.all_fresh': headline('all_fresh'),
  'headline.some_stale': headline('some_stale'),
  'headline.all_stale': headline('all_stale'),
  'headline.some_past_expected': headline('some_past_expected'),
  'headline.all_past_expected': headline('all_past_expected'),
  'headline.some_unknown': headline('some_unknown'),
  'headline.all_unknown': headline('all_unknown'),
  // Added after a middle dot when follow-up alone raises the headline's tone.
  'headline.follow_up': (p: { count: number }) => formatFollowUp(p.count),

  // --- tenant-activity ---
  'activity.title': 'Activity',
  'activity.kpis': 'Key figures',
  'activity.kpi_active': 'Active',
  'activity.kpi_past_expected': 'Past expected',
  'activity.kpi_likely_stale': 'Likely stale',
  'activity.kpi_follow_up': 'Follow-up, last 24\u00a0h',
  'activity.attention_title': 'Needs attention',
  'activity.attention_empty': 'Nothing needs attention.',
  // Accessible name of the "+N more" link (starts with its visible words, WCAG 2.5.3).
  'activity.more_label': (p: { count: number }) =>
    `+${p.count} more ${p.count === 1 ? 'operation needs' : 'operations need'} attention`,
  'activity.recent_title': 'Recent operations',
  'activity.recent_empty': 'No operations yet.',
  'activity.view_all': 'View all operations',

  // --- active-run-progress ---
  'progress.title': 'Active operations',
  'progress.empty': 'No active operations',
  // Accessible name of the "+N more" link: starts with its visible text ("+N more", WCAG 2.5.3).
  'progress.more_label': (p: { count: number }) =>
    p.count === 1 ? '1 more active operation' : `${p.count} more active operations`,

  // --- workspace-recent-ops ---
  'recent.title': 'Recent operations',
  'recent.empty': 'No operations yet.',
  'recent.summary_title': 'Across the workspace',
  'recent.summary_calm': 'Nothing needs attention across the workspace.',
  'recent.tenants_affected': (p: { count: number }) =>
    p.count === 1 ? '1 tenant affected' : `${p.count} tenants affected`,
  'recent.open': 'Open operations',
  'recent.count_fresh': (p: { count: number }) => `${p.count} on track`,
  'recent.count_past_expected': (p: { count: number }) => `${p.count} past expected`,
  'recent.count_likely_stale': (p: { count: number }) => `${p.count} likely stale`,
  'recent.count_follow_up': (p: { count: number }) =>
    `${p.count} ${p.count === 1 ? 'needs' : 'need'} follow-up in the last 24\u00a0h`,
  'recent.count_needs_attention': (p: { count: number }) =>
    `${p.count} ${p.count === 1 ? 'needs' : 'need'} attention`,
  'recent.count_unknown': (p: { count: number }) => `${p.count} unknown`,

  // --- run rows and lists of the cards ---
  'run.last_heartbeat': (p: { relative: string }) => `last heartbeat ${p.relative}`,
  'run.no_heartbeat': 'no heartbeat yet',
  'run.more': (p: { count: number }) => `+${p.count} more`,
} as const;

/**
 * Headline of an activity summary in a catalog (each message takes the key's own figures), with
 * the follow-up part when follow-up alone raises the tone (the words never contradict it).
 */
export function headlineText(catalog: Messages, h: HeadlineKey): string {
  const core = (catalog[`headline.${h.key}`] as (p: HeadlineKey) => string)(h);
  const followUp = headlineFollowUp(h);
  return followUp > 0 ? `${core} · ${catalog['headline.follow_up']({ count: followUp })}` : core;
}
