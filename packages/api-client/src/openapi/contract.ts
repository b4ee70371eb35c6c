/**
 * The contract's schemas for the OpenAPI document (api.md), built from the client's own wire
 * schemas (schemas.ts): the run is `wireRunSchema` itself, the summary's figures are the client's
 * `summaryEnvelopeSchema.entries.data`, every timestamp is the client's `timestamp`. What the
 * client validates loosely on purpose (list rows and events one by one, the detail's run by
 * `wireRunSchema`, error bodies with every field optional) is written out here as what a backend
 * must send; the client accepts all of it (test/openapi.test.ts holds both to the same payloads).
 *
 * Not part of the published build: scripts/openapi.ts turns it into `openapi.json`.
 */
import * as v from 'valibot';
import type { Freshness, RunStatus } from '@runsight/active-state';
import { finiteNumber, timestamp, wireRunSchema, type ParsedWireRun } from '../schemas.js';
import { summaryEnvelopeSchema } from '../summary-reader.js';
import type { ListRunsQuery, ProblemFilter } from '../types.js';

/** True when T and U are the same union: a list below that misses or adds a value fails tsc. */
type Same<T, U> = [T] extends [U] ? ([U] extends [T] ? true : false) : false;

/** `status`: the run statuses, and `active` (= queued,running). */
export const STATUS_VALUES = ['queued', 'running', 'completed', 'active'] as const;
const statusesMatch: Same<(typeof STATUS_VALUES)[number], RunStatus | 'active'> = true;
/** `freshness`: active-state's freshness without `unknown` (nothing to filter by). */
export const FRESHNESS_VALUES = [
  'fresh',
  'past_expected',
  'likely_stale',
  'reconciled_failed',
  'terminal',
] as const;
const freshnessMatch: Same<(typeof FRESHNESS_VALUES)[number], Exclude<Freshness, 'unknown'>> = true;
export const PROBLEM_VALUES = [
  'active_stale_attention',
  'terminal_follow_up',
  'needs_attention',
] as const;
const problemsMatch: Same<(typeof PROBLEM_VALUES)[number], ProblemFilter> = true;
export const SORT_VALUES = ['-created_at', 'attention'] as const;
const sortsMatch: Same<(typeof SORT_VALUES)[number], NonNullable<ListRunsQuery['sort']>> = true;
/** Every list the client's types fix is written out here exactly once. */
export const VALUE_LISTS_MATCH_CLIENT_TYPES =
  statusesMatch && freshnessMatch && problemsMatch && sortsMatch;

export const LIMIT = { min: 1, max: 200, default: 50 } as const;
/** Instants a backend must accept in `since`, `completed_since` (and cursors): api.md. */
export const INSTANT_RANGE = { min: '1970-01-01T00:00:00Z', max: '9999-12-31T23:59:59.999Z' };

/** Known values of the open string fields (api.md: unknown strings are kept, never rejected). */
export const KNOWN = {
  status: ['queued', 'running', 'completed'],
  outcome: ['pending', 'succeeded', 'partially_succeeded', 'failed', 'blocked', 'cancelled'],
  freshnessState: ['fresh', 'past_expected', 'likely_stale'],
  eventKind: ['queued', 'started', 'heartbeat', 'progress', 'completed', 'reconciled', 'note'],
} as const;

/**
 * One event of a detail: what `parseEvent` (detail.ts) accepts — `at` and `kind` required,
 * `message` a string (absent or null reads as empty).
 */
export const runEventSchema = v.object({
  at: timestamp,
  kind: v.string(),
  message: v.nullish(v.string()),
});

/** The detail's additions to a run. */
export const runDetailExtrasSchema = v.object({
  context: v.nullish(v.record(v.string(), v.union([v.string(), finiteNumber, v.boolean()]))),
  events: v.nullish(v.array(runEventSchema)),
});

/** A cursor: opaque to the client, `null` on the last page. */
export const nextCursorSchema = v.nullable(v.pipe(v.string(), v.minLength(1)));

export const listMetaSchema = v.object({ next_cursor: nextCursorSchema, server_time: timestamp });
export const listEnvelopeContract = v.object({
  data: v.array(wireRunSchema),
  meta: listMetaSchema,
});

export const serverTimeMetaSchema = v.object({ server_time: timestamp });
/** The detail's `data`: a run and its extras (the document writes it as `allOf`). */
export const runDetailSchema = v.object({
  ...wireRunSchema.entries,
  ...runDetailExtrasSchema.entries,
});
export const detailEnvelopeContract = v.object({
  data: runDetailSchema,
  meta: serverTimeMetaSchema,
});

export const summarySchema = summaryEnvelopeSchema.entries.data;
export const summaryMetaSchema = v.object({ server_time: timestamp, completed_since: timestamp });
export const summaryEnvelopeContract = v.object({ data: summarySchema, meta: summaryMetaSchema });

export const errorContract = v.object({
  error: v.object({
    code: v.string(),
    message: v.string(),
    parameter: v.optional(v.string()),
  }),
});

/** Descriptions of every field of a run: a field added to `wireRunSchema` needs one here. */
export const RUN_FIELDS: Readonly<Record<keyof ParsedWireRun, string>> = {
  id: 'The run id (non-empty, unique in its workspace).',
  type: 'Operation type key, e.g. `inventory.sync`.',
  type_label: 'Human label of the type, e.g. "Inventory sync".',
  workspace_id: 'The workspace the run belongs to.',
  tenant_id: 'The tenant; null for a workspace-level run.',
  tenant_name: "The tenant's display name.",
  status: `\`${KNOWN.status.join('`, `')}\`, or a newer backend's status (the client keeps an unknown string and shows it as unknown).`,
  outcome: `\`${KNOWN.outcome.join('`, `')}\`, or newer (kept as unknown).`,
  created_at: 'When the run was created.',
  started_at: 'When a worker started it.',
  completed_at: 'When it finished.',
  last_heartbeat_at: "The worker's last sign of life.",
  progress: '`total` null means indeterminate.',
  lifecycle:
    'The deadlines the backend judges the run by: expected by, stale after, and a heartbeat timeout in seconds.',
  freshness: `The backend's verdict at \`evaluated_at\`: \`${KNOWN.freshnessState.join('`, `')}\`, or newer. The client never shows a run calmer than this verdict.`,
  reconciliation: "Present when the backend's reconciler force-failed the run.",
  initiator: 'Who started the run.',
  failure: 'Why the run failed.',
};

export interface ComponentSchema {
  id: string;
  schema: v.GenericSchema;
  description: string;
}

/** Schemas of the document's `components/schemas`, by name, with their descriptions. */
export const COMPONENT_SCHEMAS: readonly ComponentSchema[] = [
  {
    id: 'Timestamp',
    schema: timestamp,
    description:
      'An RFC 3339 / ISO-8601 date-time with an explicit offset (`Z` or `±hh:mm`) that denotes a real instant.',
  },
  {
    id: 'Run',
    schema: wireRunSchema,
    description:
      'One operation run. Required: `id`, `type`, `workspace_id`, `status`, `outcome`, `created_at`; every other field may be absent or null. Unknown fields are ignored by the client.',
  },
  {
    id: 'RunEvent',
    schema: runEventSchema,
    description: `A timeline entry of a run detail; \`kind\` is \`${KNOWN.eventKind.join('`, `')}\`, or newer (kept as unknown).`,
  },
  {
    id: 'RunDetailExtras',
    schema: runDetailExtrasSchema,
    description:
      'What a detail adds to a run: `context` (string → string, number or boolean) and `events` (oldest first).',
  },
  {
    id: 'ListMeta',
    schema: listMetaSchema,
    description:
      '`next_cursor`: pass it as `cursor` for the next page; null on the last page. `server_time`: the instant the page was evaluated at.',
  },
  {
    id: 'RunsSummary',
    schema: summarySchema,
    description:
      "Exact counts in the caller's scope at `server_time`: `active` (queued or running), `fresh`, `past_expected`, `likely_stale`, `unknown` (active, timing unknown), `follow_up` (finished runs needing follow-up completed at or after `completed_since`), `needs_attention` (= likely_stale + past_expected + follow_up), `tenants_affected` (tenants with a needs-attention run). Each equals the row count of the matching list filter at the same instant.",
  },
  {
    id: 'SummaryMeta',
    schema: summaryMetaSchema,
    description:
      '`completed_since`: the start of the follow-up window (default `server_time` − 24 h).',
  },
  {
    id: 'RunDetail',
    schema: runDetailSchema,
    description: 'A run with its diagnostic detail.',
  },
  { id: 'RunList', schema: listEnvelopeContract, description: 'A page of runs.' },
  {
    id: 'RunDetailEnvelope',
    schema: detailEnvelopeContract,
    description: 'One run with its detail.',
  },
  {
    id: 'RunsSummaryEnvelope',
    schema: summaryEnvelopeContract,
    description: "A card's figures.",
  },
  {
    id: 'Error',
    schema: errorContract,
    description:
      'Every error answer. `parameter` names the parameter of a 400. A 404 says the same whether the thing does not exist or the caller may not see it.',
  },
];
