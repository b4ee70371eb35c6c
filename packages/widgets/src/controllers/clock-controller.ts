/**
 * ClockController: when the host must re-render because time passed.
 *
 * - `now()`: the client's server-corrected clock (`client.clock.now()`).
 * - `scheduleAt(instant)`: one timer at the earliest `nextChangeAt` among the runs on screen
 *   (the host calls it after each render, or `scheduleFor(derived)`); a later call replaces
 *   the timer. Freshness thus changes exactly on time with no per-second rendering.
 * - A coarse shared tick (60 s, ONE `setInterval` for every element on the page, started by the
 *   first subscriber and stopped when the last leaves) refreshes relative times ("4 min ago") and
 *   re-checks `isOutdated()`.
 * - `client.clock.subscribe`: the offset estimate or a manual time source moved → re-render.
 * - Everything is cleared on disconnect.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RunsightClient } from '@runsight/api-client';
import { earliestChange, type DerivedRun } from '../internal/derive.js';

/** Period of the shared coarse tick. */
export const TICK_MS = 60_000;
/** setTimeout's maximum delay; later instants are re-scheduled on the way. */
const MAX_DELAY = 2 ** 31 - 1;

const tickListeners = new Set<() => void>();
let tickTimer: ReturnType<typeof setInterval> | null = null;

function subscribeTick(listener: () => void): () => void {
  tickListeners.add(listener);
  if (tickTimer === null) {
    tickTimer = setInterval(() => {
      for (const l of [...tickListeners]) l();
    }, TICK_MS);
  }
  return () => {
    tickListeners.delete(listener);
    if (tickListeners.size === 0 && tickTimer !== null) {
      clearInterval(tickTimer);
      tickTimer = null;
    }
  };
}

/** Testing/diagnostics: how many elements listen to the shared tick, and whether it runs. */
export function sharedTickState(): { listeners: number; running: boolean } {
  return { listeners: tickListeners.size, running: tickTimer !== null };
}

export class ClockController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #getClient: () => RunsightClient | null;
  #client: RunsightClient | null = null;
  #unsubscribeClock: (() => void) | null = null;
  #unsubscribeTick: (() => void) | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #timerAt: number | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, getClient: () => RunsightClient | null) {
    this.#host = host;
    this.#getClient = getClient;
    host.addController(this);
  }

  /** Server-corrected epoch ms (falls back to Date.now() without a client). */
  now(): number {
    return (this.#client ?? this.#getClient())?.clock.now() ?? Date.now();
  }

  /** Re-render the host when the first of the `derived` runs changes state (`nextChangeAt`). */
  scheduleFor(derived: readonly DerivedRun[]): void {
    this.scheduleAt(earliestChange(derived));
  }

  /**
   * Re-render the host at `instant` (epoch ms or Date; null clears). Only one timer: the
   * earliest pending instant wins until it fires.
   */
  scheduleAt(instant: number | Date | null): void {
    const at = instant instanceof Date ? instant.getTime() : instant;
    if (at === this.#timerAt) return;
    this.#clearTimer();
    if (at === null || !Number.isFinite(at) || !this.#host.isConnected) return;
    const delay = Math.min(Math.max(at - this.now(), 0), MAX_DELAY);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#timerAt = null;
      this.#host.requestUpdate();
    }, delay);
  }

  hostConnected(): void {
    this.#unsubscribeTick ??= subscribeTick(() => this.#host.requestUpdate());
    this.#syncClient();
  }

  hostUpdate(): void {
    this.#syncClient();
  }

  hostDisconnected(): void {
    this.#unsubscribeTick?.();
    this.#unsubscribeTick = null;
    this.#unsubscribeClock?.();
    this.#unsubscribeClock = null;
    this.#client = null;
    this.#clearTimer();
  }

  #syncClient(): void {
    if (!this.#host.isConnected) return;
    const client = this.#getClient();
    if (client === this.#client) return;
    this.#unsubscribeClock?.();
    this.#unsubscribeClock = null;
    this.#client = client;
    this.#clearTimer();
    if (client) {
      this.#unsubscribeClock = client.clock.subscribe(() => {
        // The clock jumped: deadlines may have passed or moved. Re-derive now.
        this.#clearTimer();
        this.#host.requestUpdate();
      });
    }
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#timerAt = null;
  }
}
