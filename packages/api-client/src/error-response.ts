/**
 * Reading an error answer (a status outside 2xx) into a `RunsightApiError`: its kind by status,
 * the contract's error body (code, message, parameter) and `Retry-After`. A module of its own,
 * loaded with the first error answer the client reads, so a page whose requests succeed never
 * downloads it.
 */
import * as v from 'valibot';
import { RunsightApiError, kindForStatus } from './errors.js';

// `error` is not checked for being an array: `"error": []` reads as no code, message or
// parameter, exactly as an envelope that breaks the schema does.
const optionalString = v.optional(v.string());
const errorEnvelopeSchema = v.object({
  error: v.object({
    code: optionalString,
    message: optionalString,
    parameter: optionalString,
  }),
});

/**
 * The error of a non-2xx `response` whose body is `text`. `Retry-After` is judged against the
 * response's `Date` header when there is one, else against `nowMs` (the corrected clock).
 */
export function errorFromResponse(
  response: Response,
  text: string,
  nowMs: number,
): RunsightApiError {
  const { status } = response;
  const kind = kindForStatus(status);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const parsed = v.safeParse(errorEnvelopeSchema, body);
  const error = parsed.success ? parsed.output.error : undefined;
  const dateHeader = Date.parse(response.headers.get('Date') ?? '');
  const retryAfterMs = parseRetryAfter(
    response.headers.get('Retry-After'),
    Number.isNaN(dateHeader) ? nowMs : dateHeader,
  );
  return new RunsightApiError(kind, {
    status,
    code: error?.code,
    parameter: kind === 'bad_request' ? error?.parameter : undefined,
    retryAfterMs,
    serverMessage: error?.message,
  });
}

// IMF-fixdate and the obsolete RFC 850 / asctime forms all start with a day name.
const HTTP_DATE = /^[A-Za-z]{3,9},? /;

/**
 * Parses a `Retry-After` header: delta-seconds, or an HTTP-date judged against `nowMs`
 * (pass the response's `Date` header when there is one, so both instants come from the server).
 * Returns ms ≥ 0, or undefined for an absent or unreadable value.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!HTTP_DATE.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
