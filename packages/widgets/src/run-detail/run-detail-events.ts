/**
 * `<run-detail>`'s events section.
 *
 * - Newest first (by time; the order the backend sent breaks ties, later first), and only the
 *   newest `EVENTS_BATCH` at first: a run with a very long history (10 000 events) stays
 *   responsive. "Show earlier events" reveals the next `EVENTS_BATCH`, and moves focus to the
 *   first event it revealed; a sentence above the list says how many earlier events are hidden.
 * - Events the client could not read are left out by the api-client and counted
 *   (`GetRunResult.meta.invalidEvents`): the section says how many, like the lists' invalid-rows
 *   notice.
 * - Unknown kinds read "Other (kind)".
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { RunEvent } from '@runsight/active-state';
import type { RunsightElement } from '../base/runsight-element.js';
import { formatDateTime, formatNumber, formatRelative } from '../internal/format.js';
import { icon } from '../internal/icons.js';

/** Events shown at first, and revealed by each "Show earlier events". */
const EVENTS_BATCH = 50;

/** The event kinds with a label of their own (`detail.event_<kind>`). */
const EVENT_KINDS: readonly string[] = [
  'queued',
  'started',
  'heartbeat',
  'progress',
  'completed',
  'reconciled',
  'note',
] satisfies EventKind[];
type EventKind =
  'queued' | 'started' | 'heartbeat' | 'progress' | 'completed' | 'reconciled' | 'note';

/** What the section needs from its element. */
export type EventsHost = Pick<
  RunsightElement,
  't' | 'resolvedLocale' | 'renderRoot' | 'addController' | 'requestUpdate'
>;

/** What one render of the section shows. */
export interface EventsView {
  /** The run the events belong to: another run starts again at the newest batch. */
  runId: string;
  /** The run's events, in the order the backend sent them. */
  events: readonly RunEvent[];
  /** How many events the client left out because they could not be read. */
  invalid: number;
  /** The element's corrected now (relative times). */
  now: number;
}

const newestFirstCache = new WeakMap<readonly RunEvent[], readonly RunEvent[]>();

/**
 * The events newest first. The contract's server sends them in time order, so this is usually
 * a reversed copy; any other order is sorted (stable: of two events at the same instant, the one
 * sent later comes first). Memoised per events array (one per fetched detail).
 */
function newestFirst(events: readonly RunEvent[]): readonly RunEvent[] {
  const cached = newestFirstCache.get(events);
  if (cached) return cached;
  const reversed = events.slice().reverse();
  const times = reversed.map((e) => e.at.getTime());
  let sorted = true;
  for (let i = 1; i < times.length && sorted; i++)
    sorted = !((times[i] ?? 0) > (times[i - 1] ?? 0));
  let out = reversed;
  if (!sorted) {
    const order = reversed.map((_, i) => i);
    order.sort((a, b) => (times[b] ?? 0) - (times[a] ?? 0) || a - b);
    out = order.map((i) => reversed[i] as RunEvent);
  }
  newestFirstCache.set(events, out);
  return out;
}

const batchesCache = new WeakMap<readonly RunEvent[], readonly (readonly RunEvent[])[]>();

/** `events` (newest first) cut into batches of `EVENTS_BATCH`, memoised per array. */
function batchesOf(events: readonly RunEvent[]): readonly (readonly RunEvent[])[] {
  let batches = batchesCache.get(events);
  if (!batches) {
    const out: (readonly RunEvent[])[] = [];
    for (let i = 0; i < events.length; i += EVENTS_BATCH) {
      out.push(events.slice(i, i + EVENTS_BATCH));
    }
    batches = out;
    batchesCache.set(events, batches);
  }
  return batches;
}

/** An event's absolute time as shown, formatted once per event and locale. */
const absoluteCache = new WeakMap<RunEvent, { locale: string; text: string; iso: string }>();

function absoluteTime(e: RunEvent, locale: string): { text: string; iso: string } {
  let entry = absoluteCache.get(e);
  if (!entry || entry.locale !== locale) {
    entry = { locale, text: formatDateTime(e.at, locale), iso: e.at.toISOString() };
    absoluteCache.set(e, entry);
  }
  return entry;
}

const MINUTE = 60_000;

/**
 * The events section as a controller: it keeps how many events are shown (per run) and where
 * focus goes after "Show earlier events".
 */
export class RunEventsController implements ReactiveController {
  readonly #host: EventsHost;
  /** How many of the newest events are shown. */
  #shown = EVENTS_BATCH;
  /** The run `shown` counts for. */
  #runId: string | undefined;
  /** The index (newest first) of the event to focus after the next update: the first revealed. */
  #focusIndex: number | null = null;

  constructor(host: EventsHost) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.#focusIndex === null) return;
    const item = this.#host.renderRoot.querySelector<HTMLElement>(
      `.events > li[data-index="${this.#focusIndex}"]`,
    );
    this.#focusIndex = null;
    item?.focus();
  }

  /** "Show earlier events": the next batch, and focus on the first event of it. */
  #showEarlier(): void {
    this.#focusIndex = this.#shown;
    this.#shown += EVENTS_BATCH;
    this.#host.requestUpdate();
  }

  render(view: EventsView): TemplateResult {
    const host = this.#host;
    if (view.runId !== this.#runId) {
      this.#runId = view.runId;
      this.#shown = EVENTS_BATCH;
      this.#focusIndex = null;
    }
    const locale = host.resolvedLocale;
    const all = newestFirst(view.events);
    const batches = batchesOf(all).slice(0, Math.ceil(this.#shown / EVENTS_BATCH));
    const shownCount = Math.min(all.length, this.#shown);
    const hidden = all.length - shownCount;
    // Revealed batches render again only when their relative times can have changed (a new
    // minute, the coarse tick) or the locale changes, not on every update (a click on "Show
    // earlier events" renders the new batch, not all of them). The newest batch renders always.
    const minute = Math.floor(view.now / MINUTE);
    return html`<section class="section wide events-section" aria-labelledby="rd-events">
      <h3 id="rd-events">${host.t('detail.events')}</h3>
      ${view.invalid > 0 ? this.#renderInvalid(view.invalid, locale) : nothing}
      ${
        hidden > 0
          ? html`<p id="rd-events-hidden" class="events-hidden" data-state="events-hidden">
              ${host.t('detail.events_hidden', {
                shown: formatNumber(shownCount, locale),
                total: formatNumber(all.length, locale),
                hidden,
                hiddenFormatted: formatNumber(hidden, locale),
              })}
            </p>`
          : nothing
      }
      ${
        all.length === 0
          ? view.invalid > 0
            ? nothing
            : html`<p class="muted">${host.t('detail.events_empty')}</p>`
          : html`<ol class="events">
              ${batches.map((batch, k) => {
                const rows = () =>
                  batch.map((e, i) => this.#renderEvent(e, k * EVENTS_BATCH + i, locale, view.now));
                return k === 0 ? rows() : guard([batch, locale, minute], rows);
              })}
            </ol>`
      }
      ${
        hidden > 0
          ? html`<p class="events-more">
              <button
                type="button"
                part="show-earlier"
                aria-describedby="rd-events-hidden"
                @click=${() => this.#showEarlier()}
              >
                ${host.t('detail.show_earlier')}
              </button>
            </p>`
          : nothing
      }
    </section>`;
  }

  /** "3 events could not be read and are not shown."; `part="banner invalid-events"`. */
  #renderInvalid(count: number, locale: string): TemplateResult {
    const text = this.#host.t('detail.invalid_events', {
      count,
      formatted: formatNumber(count, locale),
    });
    return html`<p
      part="banner invalid-events"
      class="banner tone-neutral"
      data-state="invalid-events"
    >
      ${icon('info')}<span>${text}</span>
    </p>`;
  }

  /**
   * One event: time (absolute with seconds, relative), kind, message. The same markup as the
   * element's other times (`<time datetime>` with the full date as its title), formatted once.
   */
  #renderEvent(e: RunEvent, index: number, locale: string, now: number): TemplateResult {
    const known = EVENT_KINDS.includes(e.kind);
    const label = known
      ? this.#host.t(`detail.event_${e.kind as EventKind}`)
      : this.#host.t('detail.event_other', { kind: e.kind });
    const valid = e.at instanceof Date && !Number.isNaN(e.at.getTime());
    const absolute = valid ? absoluteTime(e, locale) : null;
    return html`<li data-kind=${known ? e.kind : 'other'} data-index=${index} tabindex="-1">
      <span class="ev-time"
        >${
          absolute
            ? html`<time datetime=${absolute.iso} title=${absolute.text}>${absolute.text}</time>
                <span class="muted">(${formatRelative(e.at, now, locale)})</span>`
            : nothing
        }</span
      >
      <span class="ev-kind">${label}</span>
      <span class="ev-message">${e.message}</span>
    </li>`;
  }
}
