/** Errors of the HTTP contract: `{"error": {"code", "message", "parameter"?}}`. */
export type ErrorCode =
  | 'invalid_parameter'
  | 'missing_parameter'
  | 'unauthorized'
  | 'not_found'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export class ApiError extends Error {
  readonly status: 400 | 401 | 404 | 429 | 500 | 503;
  readonly code: ErrorCode;
  readonly parameter: string | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: ApiError['status'],
    code: ErrorCode,
    message: string,
    opts: { parameter?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.parameter = opts.parameter;
    this.headers = opts.headers ?? {};
  }

  toBody(): { error: { code: string; message: string; parameter?: string } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.parameter === undefined ? {} : { parameter: this.parameter }),
      },
    };
  }
}

export const badParameter = (parameter: string, message: string): ApiError =>
  new ApiError(400, 'invalid_parameter', message, { parameter });

/**
 * The one 404 for "does not exist" AND "you may not see it": same status, same body, so that
 * existence does not leak.
 */
export const notFound = (what: 'workspace' | 'tenant' | 'run'): ApiError =>
  new ApiError(
    404,
    'not_found',
    what === 'run'
      ? 'Operation run not found, or you do not have access to it.'
      : what === 'tenant'
        ? 'Tenant not found, or you do not have access to it.'
        : 'Workspace not found, or you do not have access to it.',
  );
