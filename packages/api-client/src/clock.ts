/** Time sources and the server-clock estimate (api.md, "Caching and time"). */
import type { ServerClock, TimeSource } from './types.js';

type Listener = () => void;

function emit(listeners: Set<Listener>): void {
  for (const listener of [...listeners]) {
    try {
      listener();
    } catch (error) {
      // A faulty listener must not stop the others.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

/** The default time source: the machine's clock. */
export const systemTimeSource: TimeSource = { now: () => Date.now() };

export interface ManualTimeSource extends TimeSource {
  now(): number;
  /** Jump to an instant; notifies subscribers. */
  set(time: Date | number): void;
  /** Move forward (or back, with a negative value) by `ms`; notifies subscribers. */
  advance(ms: number): void;
  subscribe(listener: () => void): () => void;
}

/** A time source that only moves when told to: stories and tests freeze or move time with it. */
export function createManualTimeSource(start: Date | number): ManualTimeSource {
  let current = +start;
  const listeners = new Set<Listener>();
  return {
    now: () => current,
    set(time) {
      current = +time;
      emit(listeners);
    },
    advance(ms) {
      current += ms;
      emit(listeners);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export interface ServerClockOptions {
  timeSource?: TimeSource;
  /** How many recent samples the estimate chooses from (default 8). */
  samples?: number;
  /** Offset changes larger than this notify subscribers (default 1000 ms). */
  notifyThresholdMs?: number;
}

interface Sample {
  offset: number;
  roundTrip: number;
}

export interface ServerClockImpl extends ServerClock {
  /** Number of observations so far. */
  readonly observations: number;
  /** Stops listening to the time source. */
  dispose(): void;
}

/**
 * Estimates server − local time. Each observation gives offset = serverTime − midpoint(sent,
 * received), uncertain by ± half its round trip; the estimate is the sample with the smallest
 * round trip among the last N (a slow response does not drag it), and the first sample is adopted
 * as is. Subscribers hear about changes beyond the threshold and about jumps of the time source.
 */
export function createServerClock(options: ServerClockOptions = {}): ServerClockImpl {
  const timeSource = options.timeSource ?? systemTimeSource;
  const maxSamples = Math.max(1, options.samples ?? 8);
  const threshold = options.notifyThresholdMs ?? 1000;
  const listeners = new Set<Listener>();
  const samples: Sample[] = [];
  let offsetMs = 0;
  let observations = 0;
  let unsubscribeSource: (() => void) | undefined;

  const startSourceListener = () => {
    if (!unsubscribeSource && timeSource.subscribe) {
      unsubscribeSource = timeSource.subscribe(() => emit(listeners));
    }
  };

  return {
    now: () => timeSource.now() + offsetMs,
    get offsetMs() {
      return offsetMs;
    },
    get observations() {
      return observations;
    },
    observe(serverTime, sentAt, receivedAt) {
      const server = +serverTime;
      if (!Number.isFinite(server) || !Number.isFinite(sentAt) || !Number.isFinite(receivedAt)) {
        return;
      }
      const roundTrip = Math.max(0, receivedAt - sentAt);
      samples.push({ offset: server - (sentAt + roundTrip / 2), roundTrip });
      if (samples.length > maxSamples) samples.shift();
      observations++;
      let best = samples[0] as Sample;
      for (const sample of samples) if (sample.roundTrip < best.roundTrip) best = sample;
      const previous = offsetMs;
      offsetMs = Math.round(best.offset);
      if (Math.abs(offsetMs - previous) > threshold) {
        emit(listeners);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      startSourceListener();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && unsubscribeSource) {
          unsubscribeSource();
          unsubscribeSource = undefined;
        }
      };
    },
    dispose() {
      listeners.clear();
      unsubscribeSource?.();
      unsubscribeSource = undefined;
    },
  };
}
