/** What went wrong, for code: every error the client gives has one kind. */
export type ApiErrorKind =
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'unauthorized'
  | 'not_found'
  | 'bad_request'
  | 'rate_limited'
  | 'unavailable'
  | 'server'
  | 'invalid_response';

/**
 * Default English messages, in plain words for the people who read them: `RunsightApiError`'s
 * `message`, and the English of the widgets' error catalog (other languages translate by `kind`).
 */
export const ERROR_MESSAGES: Readonly<Record<ApiErrorKind, string>> = {
  network: 'You appear to be offline, or the server cannot be reached.',
  timeout: 'The server took too long to answer.',
  aborted: 'The request was cancelled.',
  unauthorized: 'You are not signed in, or your session has expired.',
  not_found: 'Not found, or you do not have access to it.',
  bad_request: 'The request was not accepted by the server.',
  rate_limited: 'Too many requests. Trying again shortly.',
  unavailable: 'The server is unavailable right now. Trying again shortly.',
  server: 'The server ran into an error.',
  invalid_response: 'The server sent an unexpected response.',
};

export interface RunsightApiErrorInit {
  status?: number;
  code?: string;
  parameter?: string;
  retryAfterMs?: number;
  serverMessage?: string;
  message?: string;
  cause?: unknown;
}

/** The one error type of the client. `kind` is stable; `message` is English prose. */
export class RunsightApiError extends Error {
  override readonly name = 'RunsightApiError';
  readonly kind: ApiErrorKind;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** `error.code` of the server's error body. */
  readonly code?: string;
  /** The parameter a 400 names. */
  readonly parameter?: string;
  /** Minimum wait before the next attempt (429/503 Retry-After), ms. */
  readonly retryAfterMs?: number;
  /** `error.message` of the server's error body: untrusted text, never render as HTML. */
  readonly serverMessage?: string;

  constructor(kind: ApiErrorKind, init: RunsightApiErrorInit = {}) {
    super(init.message ?? defaultMessage(kind, init.parameter), { cause: init.cause });
    this.kind = kind;
    // The details the init gives (an absent one stays absent, not `undefined`).
    for (const key of ['status', 'code', 'parameter', 'retryAfterMs', 'serverMessage'] as const) {
      if (init[key] !== undefined) Object.assign(this, { [key]: init[key] });
    }
  }
}

function defaultMessage(kind: ApiErrorKind, parameter: string | undefined): string {
  if (kind === 'bad_request' && parameter) {
    return `The request was not accepted by the server: the parameter "${parameter}" is invalid.`;
  }
  return ERROR_MESSAGES[kind];
}

/**
 * Whether two errors are the same failure (kind, status and server code): a retry loop that
 * keeps failing the same way reports it once.
 */
export function sameApiError(
  a: RunsightApiError | undefined,
  b: RunsightApiError | undefined,
): boolean {
  return !!a && !!b && a.kind === b.kind && a.status === b.status && a.code === b.code;
}

export function isRunsightApiError(value: unknown): value is RunsightApiError {
  return value instanceof RunsightApiError;
}

/** The error kind of an HTTP status that is not a success. */
export function kindForStatus(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  // The contract never sends 403 (existence must not leak); treat one like 404.
  if (status === 404 || status === 403 || status === 410) return 'not_found';
  if (status === 429) return 'rate_limited';
  // The backend cannot serve now (database unreachable, starting, draining): not "too many".
  if (status === 503) return 'unavailable';
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad_request';
  return 'invalid_response';
}
