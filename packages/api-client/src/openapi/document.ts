/**
 * The OpenAPI 3.1 document of the contract (api.md). Its schemas are generated from the client's
 * valibot schemas (contract.ts) with `@valibot/to-json-schema`; its parameters, headers and
 * answers are written here once. scripts/openapi.ts writes it to `openapi.json`;
 * test/openapi.test.ts fails when that file and this builder disagree.
 */
import { toJsonSchemaDefs } from '@valibot/to-json-schema';
import { finiteNumber, timestamp } from '../schemas.js';
import {
  COMPONENT_SCHEMAS,
  FRESHNESS_VALUES,
  INSTANT_RANGE,
  LIMIT,
  PROBLEM_VALUES,
  RUN_FIELDS,
  SORT_VALUES,
  STATUS_VALUES,
  summarySchema,
} from './contract.js';

/** The version of the contract the document describes (not the package's). */
export const CONTRACT_VERSION = '1.1.0';

export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

const ref = (kind: string, name: string): JsonObject => ({
  $ref: `#/components/${kind}/${name}`,
});
const schemaRef = (name: string) => ref('schemas', name);

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const asObject = (value: JsonValue | undefined): JsonObject => {
  if (!isObject(value)) throw new Error('openapi: expected an object in the generated schema');
  return value;
};

/**
 * The converter's output in the document's shorter forms (the same schema either way): a union
 * of bare types (`anyOf: [{ type: 'string' }, { type: 'null' }]`) as a list of types
 * (`type: ['string', 'null']`), and no `required: []` on an object whose fields are all optional.
 */
function tidy(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(tidy);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'required' && Array.isArray(item) && item.length === 0) continue;
    const types =
      key === 'anyOf' && Array.isArray(item) && !('type' in value)
        ? item.map((member) =>
            isObject(member) && Object.keys(member).length === 1 ? member.type : undefined,
          )
        : [];
    if (types.length > 0 && types.every((type) => typeof type === 'string')) {
      out.type = types;
    } else out[key] = tidy(item);
  }
  return out;
}

/** valibot → JSON Schema 2020-12 (the dialect of OpenAPI 3.1) for every component schema. */
export function componentSchemas(): JsonObject {
  const count = summarySchema.entries.active;
  const generated = toJsonSchemaDefs(
    Object.fromEntries(COMPONENT_SCHEMAS.map((c) => [c.id, c.schema])),
    {
      target: 'draft-2020-12',
      // A pipe from its last schema: `plainObject`'s kind check (an array is no object) is the
      // `object` JSON Schema's own `type`.
      typeMode: 'output',
      errorMode: 'throw',
      overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
      // What a check written in JavaScript checks, said in JSON Schema (by identity of the action).
      overrideAction: ({ valibotAction, jsonSchema }) => {
        if (valibotAction === timestamp.pipe[1]) return { ...jsonSchema, format: 'date-time' };
        if (valibotAction === count.pipe[1]) return { ...jsonSchema, type: 'integer', minimum: 0 };
        // A JSON number is finite.
        if (valibotAction === finiteNumber.pipe[1]) return jsonSchema;
        return undefined;
      },
    },
  ) as unknown as Record<string, JsonObject>;

  const schemas: JsonObject = {};
  for (const c of COMPONENT_SCHEMAS) {
    schemas[c.id] = { ...asObject(tidy(asObject(generated[c.id]))), description: c.description };
  }
  // Run: a description for every field.
  const runProps = asObject(asObject(schemas.Run).properties);
  for (const [field, text] of Object.entries(RUN_FIELDS)) {
    runProps[field] = { ...asObject(runProps[field]), description: text };
  }
  // RunDetail: written as the run plus its extras (the converter inlines the run's fields).
  const detail = asObject(schemas.RunDetail);
  const detailProps = Object.keys(asObject(detail.properties)).sort();
  const expected = [
    ...Object.keys(runProps),
    ...Object.keys(asObject(asObject(schemas.RunDetailExtras).properties)),
  ].sort();
  if (JSON.stringify(detailProps) !== JSON.stringify(expected)) {
    throw new Error('openapi: RunDetail is not Run plus RunDetailExtras');
  }
  schemas.RunDetail = {
    description: detail.description ?? null,
    allOf: [schemaRef('Run'), schemaRef('RunDetailExtras')],
  };
  return schemas;
}

const listParam = (name: string, values: readonly string[], description: string): JsonObject => ({
  name,
  in: 'query',
  required: false,
  description,
  style: 'form',
  explode: false,
  schema: { type: 'array', minItems: 1, items: { type: 'string', enum: [...values] } },
});

const instantParam = (name: string, description: string): JsonObject => ({
  name,
  in: 'query',
  required: false,
  description: `${description} From ${INSTANT_RANGE.min} to ${INSTANT_RANGE.max}; anything else is a 400 naming \`${name}\`.`,
  schema: { type: 'string', format: 'date-time' },
});

function parameters(): JsonObject {
  return {
    workspace: {
      name: 'workspace',
      in: 'query',
      required: true,
      description: 'The workspace id. Missing: 400 naming `workspace`; not visible: 404.',
      schema: { type: 'string', minLength: 1 },
    },
    tenant: {
      name: 'tenant',
      in: 'query',
      required: false,
      description:
        "Only this tenant's runs. A tenant the caller may not see is answered like one that does not exist (404).",
      schema: { type: 'string', minLength: 1 },
    },
    status: listParam(
      'status',
      STATUS_VALUES,
      'Comma list of statuses; `active` is shorthand for `queued,running`.',
    ),
    freshness: listParam(
      'freshness',
      FRESHNESS_VALUES,
      'Comma list; the backend evaluates each run with its own truth at request time (`server_time`).',
    ),
    problem: listParam(
      'problem',
      PROBLEM_VALUES,
      'Comma list (a union): `active_stale_attention` (likely stale), `terminal_follow_up` (finished, needs follow-up), `needs_attention` (likely stale, past expected, or follow-up).',
    ),
    completed_since: instantParam(
      'completed_since',
      'Finished runs completed (or reconciled) at or after it; active runs are not affected. List default: none (all history). Summary default: `server_time` − 24 h.',
    ),
    type: {
      name: 'type',
      in: 'query',
      required: false,
      description: 'Comma list of operation type keys.',
      style: 'form',
      explode: false,
      schema: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    },
    since: instantParam('since', 'Runs created at or after it.'),
    sort: {
      name: 'sort',
      in: 'query',
      required: false,
      description:
        "`-created_at`: newest first. `attention`: the order of active-state's `sortByAttention` (likely stale, past expected, follow-up by severity, the rest).",
      schema: { type: 'string', enum: [...SORT_VALUES], default: SORT_VALUES[0] },
    },
    limit: {
      name: 'limit',
      in: 'query',
      required: false,
      description: `Page size, ${LIMIT.min}–${LIMIT.max}.`,
      schema: { type: 'integer', minimum: LIMIT.min, maximum: LIMIT.max, default: LIMIT.default },
    },
    cursor: {
      name: 'cursor',
      in: 'query',
      required: false,
      description:
        "Opaque: the previous page's `meta.next_cursor`, with the same other parameters. A malformed cursor is a 400 naming `cursor`.",
      schema: { type: 'string', minLength: 1 },
    },
    runId: {
      name: 'id',
      in: 'path',
      required: true,
      description: 'The run id.',
      schema: { type: 'string', minLength: 1 },
    },
    ifNoneMatch: {
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'The `ETag` of a previous answer: 304 without a body while nothing changed.',
      schema: { type: 'string' },
    },
  };
}

function headers(): JsonObject {
  return {
    ETag: {
      description:
        'On every 200 (and 304). `server_time` and `freshness.evaluated_at` move with each request and are left out of it.',
      required: true,
      schema: { type: 'string' },
    },
    RetryAfter: {
      description: 'Seconds to wait before the next request.',
      required: true,
      schema: { type: 'integer', minimum: 0 },
    },
    Date: {
      description:
        "The server's clock (with `meta.server_time`, the client's estimate of its clock offset).",
      required: false,
      schema: { type: 'string' },
    },
    AccessControlExposeHeaders: {
      description:
        'A backend that serves widgets on another origin sends CORS headers exposing `ETag, Retry-After, Date`.',
      required: false,
      schema: { type: 'string' },
    },
  };
}

const json = (schema: string): JsonObject => ({
  'application/json': { schema: schemaRef(schema) },
});

const errorResponse = (description: string, extraHeaders: JsonObject = {}): JsonObject => ({
  description,
  headers: extraHeaders,
  content: json('Error'),
});

function responses(): JsonObject {
  return {
    NotModified: {
      description: 'Nothing changed since the `If-None-Match` ETag; no body.',
      headers: { ETag: ref('headers', 'ETag') },
    },
    BadRequest: errorResponse(
      'A malformed, unknown or out-of-range parameter (including prototype names such as `constructor` or `__proto__`): `error.parameter` names it. Never a 5xx for bad input.',
    ),
    Unauthorized: errorResponse('No or invalid credentials.'),
    NotFound: errorResponse(
      'The workspace, tenant or run does not exist, or the caller may not see it: the same status and body either way, never 403.',
    ),
    TooManyRequests: errorResponse('Too many requests.', {
      'Retry-After': ref('headers', 'RetryAfter'),
    }),
    Unavailable: errorResponse(
      'The backend cannot serve now (database unreachable, starting, draining).',
      { 'Retry-After': ref('headers', 'RetryAfter') },
    ),
  };
}

const ok = (description: string, schema: string): JsonObject => ({
  description,
  headers: {
    ETag: ref('headers', 'ETag'),
    Date: ref('headers', 'Date'),
    'Access-Control-Expose-Headers': ref('headers', 'AccessControlExposeHeaders'),
  },
  content: json(schema),
});

const answers = (success: JsonObject): JsonObject => ({
  '200': success,
  '304': ref('responses', 'NotModified'),
  '400': ref('responses', 'BadRequest'),
  '401': ref('responses', 'Unauthorized'),
  '404': ref('responses', 'NotFound'),
  '429': ref('responses', 'TooManyRequests'),
  '503': ref('responses', 'Unavailable'),
});

const params = (...names: string[]): JsonObject[] => names.map((n) => ref('parameters', n));

const DESCRIPTION = `The HTTP contract between the Runsight widgets and a host's backend. JSON, UTF-8, snake_case.

- **Scope.** Every answer holds only what the caller may see. A workspace, tenant or run it may not see is answered exactly like one that does not exist: 404, never 403.
- **Caching.** Every 200 carries an \`ETag\`; a request with a matching \`If-None-Match\` gets 304 and no body.
- **Time.** \`meta.server_time\` (and the \`Date\` header) let the client correct its clock; the backend evaluates freshness with its own truth at that instant.
- **CORS.** A backend that serves widgets on another origin exposes \`ETag, Retry-After, Date\`.
- **Bad input** is a 400 naming the parameter, never a 5xx. Unknown parameters are ignored.
- **Tolerance.** Unknown \`status\`, \`outcome\`, \`freshness.state\` and event \`kind\` strings, and unknown fields, are kept or ignored by the client: a newer backend does not break an older widget.

\`npx runsight-conformance\` checks a backend against this document.`;

/** The whole document. */
export function buildOpenApiDocument(): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Runsight operation runs',
      version: CONTRACT_VERSION,
      summary: 'What a backend serves to the Runsight widgets.',
      description: DESCRIPTION,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/api', description: 'The base URL the widgets are given (default /api).' }],
    security: [{ bearerAuth: [] }],
    tags: [{ name: 'operation-runs', description: 'Background operation runs and their state.' }],
    paths: {
      '/operation-runs': {
        get: {
          operationId: 'listOperationRuns',
          tags: ['operation-runs'],
          summary: 'List runs',
          description:
            "A page of runs in the caller's scope, filtered and sorted; follow `meta.next_cursor` for the next page (no duplicates, no gaps, and the walk ends).",
          parameters: params(
            'workspace',
            'tenant',
            'status',
            'freshness',
            'problem',
            'completed_since',
            'type',
            'since',
            'sort',
            'limit',
            'cursor',
            'ifNoneMatch',
          ),
          responses: answers(ok('A page of runs.', 'RunList')),
        },
      },
      '/operation-runs/summary': {
        get: {
          operationId: 'getOperationRunsSummary',
          tags: ['operation-runs'],
          summary: 'Summary counts',
          description:
            "Exact counts for a card's figures, in the caller's scope (a tenant-restricted caller asking for the workspace gets its visible tenants' counts).",
          parameters: params('workspace', 'tenant', 'completed_since', 'ifNoneMatch'),
          responses: answers(ok('The figures.', 'RunsSummaryEnvelope')),
        },
      },
      '/operation-runs/{id}': {
        get: {
          operationId: 'getOperationRun',
          tags: ['operation-runs'],
          summary: 'One run with its detail',
          description:
            "A run outside the caller's scope is answered exactly like a run that does not exist (404, same body).",
          parameters: params('runId', 'workspace', 'ifNoneMatch'),
          responses: answers(ok('The run.', 'RunDetailEnvelope')),
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'The reference server takes a bearer token; a host may authenticate its own way (cookies, a proxy) as long as 401 means "no or invalid credentials".',
        },
      },
      parameters: parameters(),
      headers: headers(),
      responses: responses(),
      schemas: componentSchemas(),
    },
  };
}
