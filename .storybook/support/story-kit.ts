// The story kit: every story runs the real element with the real api-client and active-state, on
// its own client, its own frozen clock and its own mocked HTTP.
//
// - Each story gets a private base URL (`/sb/<story id>/api`), so stories that share a page (the
//   Docs pages render all stories of an element at once) never see each other's handlers.
// - Each story gets `createClient({ timeSource: createManualTimeSource(FIXTURE_NOW) })`; the MSW
//   handlers answer with `meta.server_time` read from that same time source, so the client's
//   server-clock offset stays 0 and "past expected" stays past expected while someone looks.
// - The `minutesElapsed` arg (control "minutes elapsed") moves the manual time source; elements
//   re-derive when the client's clock notifies. Play functions move it with `advanceClock()`.
import type { Decorator, StoryContext } from '@storybook/web-components-vite';
import {
  createClient,
  createManualTimeSource,
  type ManualTimeSource,
  type RunsightHttpClient,
} from '@runsight/api-client';
import {
  FIXTURE_NOW_MS,
  FIXTURE_WORKSPACE,
  MINUTE,
  createRequestLog,
  errorHandlers,
  runsHandlers,
  type RequestLog,
  type RunsHandlersOptions,
} from '@runsight/api-client/fixtures';
import { getResponse, http, type HttpHandler } from 'msw';
import type { SetupWorker } from 'msw/browser';

/** What a scenario's handler factory gets: the story's base URL, clock and request log. */
export interface ScenarioApi {
  baseUrl: string;
  /** The story's (manual) now, epoch ms: use it as `serverTime`. */
  now: () => number;
  log: RequestLog;
  /** Whether the play function took the backend down (see `okUntilDown`). */
  isDown: () => boolean;
}

export type HandlerFactory = (api: ScenarioApi) => HttpHandler[];

/** `parameters.runsight` of a story. */
export interface RunsightParameters {
  /** The mocked backend of the story (in priority order). */
  handlers?: HandlerFactory;
  /** The client's per-request timeout (default 15 s; the loading story waits forever). */
  timeoutMs?: number;
  /** `dark`: a dark page and the elements' dark token defaults (see theme.ts). */
  theme?: 'light' | 'dark';
}

/** The per-story world: client, clock and request log. */
export interface StoryWorld {
  readonly id: string;
  readonly baseUrl: string;
  readonly time: ManualTimeSource;
  readonly client: RunsightHttpClient;
  readonly log: RequestLog;
  /** The `minutesElapsed` arg last applied (play functions move the clock without it). */
  appliedMinutes: number | undefined;
  /** Set by `takeBackendDown`. */
  down: boolean;
}

export const STORY_WORKSPACE = FIXTURE_WORKSPACE;

const worlds = new Map<string, StoryWorld>();

function baseUrlFor(id: string): string {
  return `/sb/${encodeURIComponent(id)}/api`;
}

function createWorld(id: string, parameters: RunsightParameters | undefined): StoryWorld {
  const time = createManualTimeSource(FIXTURE_NOW_MS);
  const baseUrl = baseUrlFor(id);
  const client = createClient({
    baseUrl,
    timeSource: time,
    ...(parameters?.timeoutMs !== undefined ? { timeoutMs: parameters.timeoutMs } : {}),
  });
  return {
    id,
    baseUrl,
    time,
    client,
    log: createRequestLog(),
    appliedMinutes: undefined,
    down: false,
  };
}

/** The world of a story (created by `runsightBeforeEach`). */
export function worldOf(context: Pick<StoryContext, 'id'>): StoryWorld {
  const world = worlds.get(context.id);
  if (!world) throw new Error(`No story world for ${context.id}: is runsightBeforeEach installed?`);
  return world;
}

/**
 * Project `beforeEach` (after msw-storybook-addon's, which provides `context.msw`): creates the
 * story's world once and installs its handlers. Re-renders (arg changes) keep the world, so a
 * moved clock does not remount or refetch anything.
 */
export async function runsightBeforeEach(
  context: StoryContext & { msw?: SetupWorker },
): Promise<void | (() => void)> {
  if (worlds.has(context.id)) return undefined;
  const parameters = context.parameters.runsight as RunsightParameters | undefined;
  const world = createWorld(context.id, parameters);
  worlds.set(context.id, world);
  const handlers =
    parameters?.handlers?.({
      baseUrl: world.baseUrl,
      now: () => world.time.now(),
      log: world.log,
      isDown: () => world.down,
    }) ?? [];
  if (handlers.length > 0) {
    if (!context.msw)
      throw new Error('MSW is not running (msw-storybook-addon beforeEach missing)');
    context.msw.use(...handlers);
  }
  return () => {
    world.client.dispose();
    worlds.delete(context.id);
  };
}

/** Applies the `minutesElapsed` arg to the story's manual clock when the arg changed. */
export const withStoryClock: Decorator = (story, context) => {
  const world = worlds.get(context.id);
  const minutes = Number(context.args.minutesElapsed ?? 0);
  if (world && Number.isFinite(minutes) && world.appliedMinutes !== minutes) {
    world.appliedMinutes = minutes;
    world.time.set(FIXTURE_NOW_MS + minutes * MINUTE);
  }
  return story();
};

/**
 * Moves a story's clock forward (play functions). The `minutesElapsed` control keeps its value
 * until it is moved again, which then sets the clock to fixture time + its minutes.
 */
export function advanceClock(context: Pick<StoryContext, 'id'>, minutes: number): void {
  worldOf(context).time.advance(minutes * MINUTE);
}

/** The shared `argTypes` entry of the story clock. */
export const clockArgTypes = {
  minutesElapsed: {
    name: 'minutes elapsed',
    description:
      'Moves the story clock (a manual time source of the story’s client) forward from the fixture time, 2026-11-29 12:00 UTC. Elements re-derive freshness at once.',
    control: { type: 'range', min: 0, max: 240, step: 1 },
    table: { category: 'Story clock', type: { summary: 'minutes' } },
  },
} as const;

// --- handler factories ------------------------------------------------------------------------

/** The contract over fixture rows (`runsHandlers`), answering on the story's clock. */
export function serve(
  runs: RunsHandlersOptions['runs'],
  options: Omit<RunsHandlersOptions, 'runs' | 'baseUrl' | 'serverTime' | 'log'> = {},
): HandlerFactory {
  return ({ baseUrl, now, log }) =>
    runsHandlers({ ...options, runs, baseUrl, serverTime: now, log });
}

export type FailureKind =
  | 'offline'
  | 'unauthorized'
  | 'notFound'
  | 'rateLimited'
  | 'serverError'
  | 'unavailable'
  | 'nonJson'
  | 'badEnvelope'
  | 'hang';

/**
 * Like `serve`, but the backend ignores some query parameters (a newer or faulty backend): the
 * request reaches the fixture handlers with those parameters removed.
 */
export function serveIgnoring(
  ignored: string[],
  runs: RunsHandlersOptions['runs'],
  options: Omit<RunsHandlersOptions, 'runs' | 'baseUrl' | 'serverTime' | 'log'> = {},
): HandlerFactory {
  return (api) => {
    const inner = serve(runs, options)(api);
    return [
      http.get(`${api.baseUrl}/operation-runs`, ({ request }) => {
        const url = new URL(request.url);
        for (const name of ignored) url.searchParams.delete(name);
        return getResponse(inner, new Request(url, { headers: request.headers }));
      }),
      ...inner,
    ];
  };
}

/** One of the fixture failure handlers, on the story's base URL. */
export function fail(
  kind: FailureKind,
  endpoint: 'list' | 'detail' | 'both' = 'both',
): HandlerFactory {
  return ({ baseUrl, log }) => {
    const o = { baseUrl, endpoint, log };
    switch (kind) {
      case 'offline':
        return errorHandlers.networkError(o);
      case 'unauthorized':
        return errorHandlers.unauthorized(o);
      case 'notFound':
        return errorHandlers.notFound(o);
      case 'rateLimited':
        return errorHandlers.rateLimited({ ...o, retryAfter: 30 });
      case 'serverError':
        return errorHandlers.serverError(o);
      case 'unavailable':
        return errorHandlers.unavailable({ ...o, retryAfter: 30 });
      case 'nonJson':
        return errorHandlers.nonJson(o);
      case 'badEnvelope':
        return errorHandlers.badEnvelope(o);
      case 'hang':
        return errorHandlers.hang(o);
    }
  };
}

/**
 * `ok`'s answers until the play function takes the backend down (`takeBackendDown`), then
 * `failure`'s: "data, then the backend went away". Uses msw's `getResponse` to answer from the
 * fixture failure handlers.
 */
export function okUntilDown(ok: HandlerFactory, failure: HandlerFactory): HandlerFactory {
  return (api) => {
    const failing = failure(api);
    const gate = http.get(`${api.baseUrl}/*`, ({ request }) =>
      api.isDown() ? getResponse(failing, request) : undefined,
    );
    return [gate, ...ok(api)];
  };
}

/** From now on, the story's `okUntilDown` backend fails. */
export function takeBackendDown(context: Pick<StoryContext, 'id'>): void {
  worldOf(context).down = true;
}

/** Several factories, earlier ones first. */
export function all(...factories: HandlerFactory[]): HandlerFactory {
  return (api) => factories.flatMap((f) => f(api));
}

/** Common element attributes of a story, with the story's client. */
export function storyClient(context: Pick<StoryContext, 'id'>): RunsightHttpClient {
  return worldOf(context).client;
}
