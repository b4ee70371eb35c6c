/**
 * AnnouncerController: a polite live region inside the host's shadow root (visually hidden).
 *
 * `announceStale(derived, describe)` announces runs that TURN likely stale while the element
 * watches them: each run's freshness is remembered from the first time it is seen, and only a
 * transition into `likely_stale` observed afterwards is announced — once per run id on the page
 * (two elements showing the same run do not both speak). Runs already stale when first seen are
 * not announced: the visible content (badge, headline) states it, and reading out a list of
 * old problems on page load would be noise.
 *
 * `announce(text)` makes any other one-off announcement ("3 new operations").
 */
import {
  html,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import type { Freshness } from '@runsight/active-state';
import type { DerivedRun } from '../internal/derive.js';

const announcedOnPage = new Set<string>();

/** Testing only: forget the page-wide set of announced runs. */
export function resetAnnouncements(): void {
  announcedOnPage.clear();
}

export class AnnouncerController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #seen = new Map<string, Freshness>();
  #message = '';
  /** The text the last render put in the live region. */
  #shown = '';
  #clearTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Puts `text` in the live region (cleared again after a while so a repeat is read again). */
  announce(text: string): void {
    if (!text) return;
    // The sentence already in the region gets a trailing no-break space: the text changes, so
    // it is read again.
    this.#message = text === this.#shown ? `${text}\u00a0` : text;
    if (this.#clearTimer !== null) clearTimeout(this.#clearTimer);
    // Cleared without a render of its own (an element must not render again 10 s after every
    // announcement: idle-minute budget); the next render empties the region.
    this.#clearTimer = setTimeout(() => {
      this.#clearTimer = null;
      this.#message = '';
    }, 10_000);
    this.#host.requestUpdate();
  }

  /**
   * Records the freshness of `derived` runs and announces transitions into likely stale.
   * `scope` namespaces run ids on the page (e.g. the base URL); `text` builds the sentence for
   * one run, `many` for several at once. Returns the announced runs.
   */
  announceStale(
    derived: readonly DerivedRun[],
    scope: string,
    text: (d: DerivedRun) => string,
    many: (count: number) => string,
  ): DerivedRun[] {
    const turned: DerivedRun[] = [];
    for (const d of derived) {
      const previous = this.#seen.get(d.run.id);
      const current = d.state.freshness;
      this.#seen.set(d.run.id, current);
      const pageKey = `${scope}|${d.run.id}`;
      if (previous !== undefined && previous !== 'likely_stale' && current === 'likely_stale') {
        if (!announcedOnPage.has(pageKey)) {
          announcedOnPage.add(pageKey);
          turned.push(d);
        }
      } else if (previous === undefined && current === 'likely_stale') {
        // Already stale when first seen: remember it as announced-by-sight.
        announcedOnPage.add(pageKey);
      }
    }
    const [first] = turned;
    if (first) this.announce(turned.length === 1 ? text(first) : many(turned.length));
    return turned;
  }

  hostDisconnected(): void {
    if (this.#clearTimer !== null) clearTimeout(this.#clearTimer);
    this.#clearTimer = null;
    this.#message = '';
    this.#seen.clear();
  }

  /** The live region; render it in every state so it exists before it speaks. */
  render(): TemplateResult {
    this.#shown = this.#message;
    return html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      ${this.#message}
    </div>`;
  }
}
