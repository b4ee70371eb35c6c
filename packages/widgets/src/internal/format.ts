/**
 * Locale-aware formatting with `Intl` (formatters cached per locale). Every date a person reads
 * goes through here; `now` is always the server-corrected clock of the element.
 */

const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();

export function cached<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(
  key: string,
  make: () => T,
): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "2:51 PM" / "14:51" (within 12 h of `now`) or "Nov 28, 2:51 PM" style, in the locale. */
export function formatTime(date: Date | number, locale: string, now?: number): string {
  const d = typeof date === 'number' ? new Date(date) : date;
  const sameDay = now !== undefined && Math.abs(now - d.getTime()) < 12 * HOUR;
  const opts: Intl.DateTimeFormatOptions = sameDay
    ? { hour: 'numeric', minute: '2-digit' }
    : { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };
  return cached(
    `dt:${locale}:${sameDay ? 't' : 'dt'}`,
    () => new Intl.DateTimeFormat(locale, opts),
  ).format(d);
}

/**
 * Full date and time with seconds ("Nov 28, 2025, 2:55:07 PM"): run-detail's timeline, events and
 * banners (a run's whole life can fit in a minute), tooltips of `<time>` elements.
 */
export function formatDateTime(date: Date | number, locale: string): string {
  return cached(
    `dt:${locale}:full`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }),
  ).format(typeof date === 'number' ? new Date(date) : date);
}

/**
 * The relative time of `date` against `now`, never "now": "9 seconds ago", "in 9 seconds",
 * "4 minutes ago", "in 2 hours", "3 days ago" (numeric always, so no "yesterday" for 30 hours).
 * Rounded to the nearest whole unit, the unit chosen after rounding: 59.6 s → "1 minute",
 * 119 min → "2 hours", 90 min → "2 hours", 23.6 h → "1 day". Past instants within half a second
 * read "0 seconds ago"; future ones at least "in 1 second".
 */
export function formatRelative(date: Date | number, now: number, locale: string): string {
  const diff = (typeof date === 'number' ? date : date.getTime()) - now;
  const abs = Math.abs(diff);
  const sign = diff > 0 ? 1 : -1;
  const rtf = cached(
    `rt:${locale}`,
    () => new Intl.RelativeTimeFormat(locale, { numeric: 'always', style: 'long' }),
  );
  const seconds = Math.round(abs / 1000);
  if (seconds < 60) return rtf.format(sign > 0 ? Math.max(1, seconds) : -seconds, 'second');
  const minutes = Math.round(abs / MINUTE);
  if (minutes < 60) return rtf.format(sign * minutes, 'minute');
  const hours = Math.round(abs / HOUR);
  if (hours < 24) return rtf.format(sign * hours, 'hour');
  return rtf.format(sign * Math.round(abs / DAY), 'day');
}

function unit(value: number, u: 'second' | 'minute' | 'hour' | 'day', locale: string): string {
  return cached(
    `u:${locale}:${u}`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'long' }),
  ).format(value);
}

/** A coarse duration: "40 sec", "12 min", "3 hr 5 min", "2 days 4 hr". */
export function formatDuration(ms: number, locale: string): string {
  const abs = Math.max(0, ms);
  if (abs < MINUTE) return unit(Math.floor(abs / 1000), 'second', locale);
  if (abs < HOUR) return unit(Math.floor(abs / MINUTE), 'minute', locale);
  // Whole units of `big`, then the rest in `small` units unless there is none.
  const two = (
    big: number,
    bigUnit: 'hour' | 'day',
    small: number,
    smallUnit: 'minute' | 'hour',
  ) => {
    const n = Math.floor(abs / big);
    const rest = Math.floor((abs % big) / small);
    const head = unit(n, bigUnit, locale);
    return rest === 0 ? head : `${head} ${unit(rest, smallUnit, locale)}`;
  };
  return abs < DAY ? two(HOUR, 'hour', MINUTE, 'minute') : two(DAY, 'day', HOUR, 'hour');
}

/** An integer in the locale ("1,204"). */
export function formatNumber(value: number, locale: string): string {
  return cached(`n:${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}
