/**
 * Messages of <run-detail>: part of the ONE catalog, shipped with the element (English; German in
 * run-detail.messages.de.ts, loaded with the German catalog). Add keys to `runDetailEn` (as const)
 * and the same keys to `runDetailDe` (tsc fails on a missing or extra key). Prefix keys:
 * 'detail.…'.
 */

export const runDetailEn = {
  'detail.loading': 'Loading operation…',
  'detail.back': 'Back to operations',
  'detail.id': 'ID',
  'detail.type': 'Type',
  'detail.tenant': 'Tenant',
  'detail.initiator': 'Started by',
  'detail.stale_title': 'Likely stale operation',
  'detail.stale_past': (p: { duration: string }) =>
    `It has been past its lifecycle window for ${p.duration} without finishing.`,
  'detail.stale_early':
    'Its worker appears to have stopped before the end of its lifecycle window.',
  'detail.expected_finish': 'Expected to finish by',
  'detail.expected_start': 'Expected to start by',
  'detail.stale_since': 'Past its lifecycle window since',
  'detail.last_heartbeat': 'Last heartbeat',
  'detail.no_heartbeat': 'No heartbeat received',
  'detail.stale_next':
    'What happens next: the backend reconciles it automatically and marks it as failed, unless it reports again first. Nothing needs to be done here.',
  'detail.past_title_running': 'Running longer than expected',
  'detail.past_title_queued': 'Waiting to start longer than expected',
  'detail.past_body': (p: { time: string; relative: string }) =>
    `No action needed yet. It will be considered likely stale at ${p.time} (${p.relative}) if it has not finished by then.`,
  'detail.reconciled_title': 'Reconciled failed',
  'detail.reconciled_body':
    'Marked as failed automatically after it exceeded its lifecycle window.',
  'detail.reconciled_at': 'Reconciled',
  'detail.reconciled_reason': 'Reason',
  'detail.reconciled_previous': 'Status before',
  'detail.timeline': 'Timeline',
  'detail.tl_created': 'Created',
  'detail.tl_started': 'Started',
  'detail.tl_expected_by': 'Expected by',
  'detail.tl_stale_after': 'Stale after',
  'detail.tl_last_heartbeat': 'Last heartbeat',
  'detail.tl_completed': 'Completed',
  'detail.tl_reconciled': 'Reconciled',
  'detail.progress': 'Progress',
  'detail.processed': 'Processed',
  'detail.total': 'Total',
  'detail.succeeded': 'Succeeded',
  'detail.failed': 'Failed',
  'detail.total_unknown': 'unknown',
  'detail.no_progress': 'No progress reported.',
  'detail.failure': 'Failure',
  'detail.failure_code': 'Reason code',
  'detail.failure_message': 'Message',
  'detail.context': 'Context',
  'detail.context_empty': 'No context values.',
  'detail.events': 'Events',
  'detail.events_empty': 'No events recorded.',
  'detail.event_queued': 'Queued',
  'detail.event_started': 'Started',
  'detail.event_heartbeat': 'Heartbeat',
  'detail.event_progress': 'Progress',
  'detail.event_completed': 'Completed',
  'detail.event_reconciled': 'Reconciled',
  'detail.event_note': 'Note',
  'detail.event_other': (p: { kind: string }) => `Other (${p.kind})`,
  'detail.invalid_events': (p: { count: number; formatted: string }) =>
    p.count === 1
      ? '1 event could not be read and is not shown.'
      : `${p.formatted} events could not be read and are not shown.`,
  'detail.events_hidden': (p: {
    shown: string;
    total: string;
    hidden: number;
    hiddenFormatted: string;
  }) =>
    `Showing the newest ${p.shown} of ${p.total} events. ${
      p.hidden === 1
        ? '1 earlier event is hidden.'
        : `${p.hiddenFormatted} earlier events are hidden.`
    }`,
  'detail.show_earlier': 'Show earlier events',
  'detail.status_unknown': (p: { status: string }) =>
    `Status "${p.status}" is not recognised by this version.`,
} as const;
