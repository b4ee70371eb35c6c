/**
 * `<run-detail>`'s events section: the run's events (`<ol>`; unknown kinds read "Other (kind)"),
 * and how many events could not be read (the api-client leaves them out and counts them,
 * `GetRunResult.meta.invalidEvents`), shown like the other elements' invalid-rows notice.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { RunEvent } from '@runsight/active-state';
import type { RunsightElement } from '../base/runsight-element.js';
import { formatNumber } from '../internal/format.js';
import { icon } from '../internal/icons.js';

const EVENT_LABEL = {
  queued: 'detail.event_queued',
  started: 'detail.event_started',
  heartbeat: 'detail.event_heartbeat',
  progress: 'detail.event_progress',
  completed: 'detail.event_completed',
  reconciled: 'detail.event_reconciled',
  note: 'detail.event_note',
} as const;

/** What the section needs from its element. */
export interface EventsHost {
  t: RunsightElement['t'];
  readonly resolvedLocale: string;
}

const valid = (d: Date | null | undefined): d is Date =>
  d instanceof Date && !Number.isNaN(d.getTime());

/**
 * The events section. `time` renders an instant as the element does everywhere (absolute and
 * relative); `invalid` is the number of events the client left out.
 */
export function renderEvents(
  host: EventsHost,
  events: readonly RunEvent[],
  invalid: number,
  time: (date: Date) => TemplateResult,
): TemplateResult {
  return html`<section class="section wide events-section" aria-labelledby="rd-events">
    <h3 id="rd-events">${host.t('detail.events')}</h3>
    ${invalid > 0 ? renderInvalidEvents(host, invalid) : nothing}
    ${
      events.length === 0
        ? invalid > 0
          ? nothing
          : html`<p class="muted">${host.t('detail.events_empty')}</p>`
        : html`<ol class="events">
            ${events.map((e) => renderEvent(host, e, time))}
          </ol>`
    }
  </section>`;
}

/** "3 events could not be read and are not shown."; `part="banner invalid-events"`. */
function renderInvalidEvents(host: EventsHost, count: number): TemplateResult {
  const text = host.t('detail.invalid_events', {
    count,
    formatted: formatNumber(count, host.resolvedLocale),
  });
  return html`<p
    part="banner invalid-events"
    class="banner tone-neutral"
    data-state="invalid-events"
  >
    ${icon('info')}<span>${text}</span>
  </p>`;
}

function renderEvent(
  host: EventsHost,
  e: RunEvent,
  time: (date: Date) => TemplateResult,
): TemplateResult {
  const known = Object.prototype.hasOwnProperty.call(EVENT_LABEL, e.kind);
  const label = known
    ? host.t(EVENT_LABEL[e.kind as keyof typeof EVENT_LABEL])
    : host.t('detail.event_other', { kind: e.kind });
  return html`<li data-kind=${known ? e.kind : 'other'}>
    <span class="ev-time">${valid(e.at) ? time(e.at) : nothing}</span>
    <span class="ev-kind">${label}</span>
    <span class="ev-message">${e.message}</span>
  </li>`;
}
