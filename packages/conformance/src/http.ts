/**
 * The only way the checks reach the backend: GET (and one CORS preflight) within a request
 * budget and a time budget, every exchange recorded for the report. 429 and 503 are waited out
 * (their `Retry-After`, capped) and retried a few times; each is remembered for the
 * rate-limit check.
 */
export type Query = readonly (readonly [string, string])[];

export interface Exchange {
  method: 'GET' | 'OPTIONS';
  /** Path and query below the base URL, as the report shows it. */
  target: string;
  url: string;
  /** Request headers other than credentials. */
  requestHeaders: Record<string, string>;
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; undefined when it is empty or not JSON. */
  json: unknown;
  /** Local clock when the request was sent and when the answer arrived (epoch ms). */
  sentAt: number;
  receivedAt: number;
}

/** Thrown when the request or time budget is spent: the check stops and is reported skipped. */
export class BudgetExhausted extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetExhausted';
  }
}

/** Thrown when the backend cannot be reached or does not answer in time. */
export class NetworkError extends Error {
  constructor(
    readonly target: string,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** Thrown when the backend still answers 429/503 after the retries. */
export class Throttled extends Error {
  constructor(readonly exchange: Exchange) {
    super(`the backend kept answering ${exchange.status} to ${exchange.target}`);
    this.name = 'Throttled';
  }
}

export class Budget {
  readonly maxRequests: number;
  readonly deadline: number;
  used = 0;

  constructor(maxRequests: number, timeLimitMs: number, now = Date.now()) {
    this.maxRequests = maxRequests;
    this.deadline = now + timeLimitMs;
  }

  get left(): number {
    return this.maxRequests - this.used;
  }

  take(): void {
    if (this.used >= this.maxRequests) {
      throw new BudgetExhausted(`the request budget (${this.maxRequests}) is spent`);
    }
    if (Date.now() > this.deadline) throw new BudgetExhausted('the time budget is spent');
    this.used++;
  }
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpOptions {
  baseUrl: string;
  /** Credentials and other headers sent with every request (never shown in a report). */
  authHeaders: Record<string, string>;
  budget: Budget;
  /** Every exchange of the run, in order (shared by all clients). */
  log: Exchange[];
  /** 429/503 answers seen (also those that a retry then got past). */
  throttled: Exchange[];
  fetch?: FetchLike;
  requestTimeoutMs?: number;
  /** Longest wait for one `Retry-After`; longer ones end the retries. Default 30 s. */
  maxWaitMs?: number;
  /** Wait before retrying a 429/503 that has no usable `Retry-After`. Default 1000 ms. */
  fallbackWaitMs?: number;
  retries?: number;
}

/** `a,b` stays a literal comma list; everything else is percent-encoded. */
const encodeValue = (value: string) => value.split(',').map(encodeURIComponent).join(',');

export function queryString(query: Query): string {
  return query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeValue(v)}`).join('&');
}

/** Seconds of a `Retry-After` (delta-seconds or an HTTP date), or null when unusable. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (/[a-z]/i.test(text) && Number.isFinite(at)) return Math.max(0, Math.ceil((at - now) / 1000));
  return null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Http {
  readonly #o: HttpOptions;
  readonly #base: string;

  constructor(options: HttpOptions) {
    this.#o = options;
    this.#base = options.baseUrl.replace(/\/+$/, '');
  }

  get baseUrl(): string {
    return this.#base;
  }

  /** Whether requests carry credentials (a token or host headers). */
  get hasCredentials(): boolean {
    return Object.keys(this.#o.authHeaders).length > 0;
  }

  /** GET `path?query`; a 429/503 is waited out and retried unless `raw`. */
  async get(
    path: string,
    query: Query = [],
    headers: Record<string, string> = {},
    opts: { raw?: boolean } = {},
  ): Promise<Exchange> {
    const qs = queryString(query);
    const target = qs === '' ? path : `${path}?${qs}`;
    const retries = this.#o.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      const ex = await this.send('GET', target, headers);
      if ((ex.status !== 429 && ex.status !== 503) || opts.raw === true) return ex;
      this.#o.throttled.push(ex);
      const s = retryAfterSeconds(ex.headers.get('retry-after'));
      const wait = s === null ? (this.#o.fallbackWaitMs ?? 1000) : s * 1000;
      if (attempt >= retries || wait > (this.#o.maxWaitMs ?? 30_000)) throw new Throttled(ex);
      if (Date.now() + wait > this.#o.budget.deadline) throw new Throttled(ex);
      await sleep(wait);
    }
  }

  /** One request, recorded; no retry. */
  async send(
    method: 'GET' | 'OPTIONS',
    target: string,
    headers: Record<string, string> = {},
    opts: { credentials?: boolean } = {},
  ): Promise<Exchange> {
    this.#o.budget.take();
    const url = `${this.#base}${target}`;
    const all = { Accept: 'application/json', ...headers };
    const init: RequestInit = {
      method,
      headers: opts.credentials === false ? all : { ...all, ...this.#o.authHeaders },
      redirect: 'manual',
      signal: AbortSignal.timeout(this.#o.requestTimeoutMs ?? 15_000),
    };
    const sentAt = Date.now();
    let res: Response;
    let text: string;
    try {
      res = await (this.#o.fetch ?? fetch)(url, init);
      text = await res.text();
    } catch (err) {
      const why = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw new NetworkError(target, `${method} ${target} failed: ${why}`);
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const ex: Exchange = {
      method,
      target,
      url,
      requestHeaders: all,
      status: res.status,
      headers: res.headers,
      text,
      json,
      sentAt,
      receivedAt: Date.now(),
    };
    this.#o.log.push(ex);
    return ex;
  }
}

/** `GET /path?query` and the answer's status, for a report. */
export function describeExchange(ex: Exchange, bodyChars = 300): string {
  const extra = Object.entries(ex.requestHeaders)
    .filter(([k]) => k !== 'Accept')
    .map(([k, v]) => ` [${k}: ${v}]`)
    .join('');
  const body = ex.text.length > bodyChars ? `${ex.text.slice(0, bodyChars)}…` : ex.text;
  return `${ex.method} ${ex.target}${extra} → ${ex.status}${body === '' ? '' : ` ${body}`}`;
}
