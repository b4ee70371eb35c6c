/**
 * The contract's OpenAPI document (`@runsight/api-client/openapi.json`) as the checks use it:
 * JSON Schema validators for its component schemas (ajv, draft 2020-12, unknown fields
 * tolerated as the document says), the schema of each operation's answer, and its parameters.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIsoTimestamp } from '@runsight/api-client';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';

export type OperationId = 'listOperationRuns' | 'getOperationRunsSummary' | 'getOperationRun';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A parameter of an operation, as the document states it. */
export interface ParameterSpec {
  name: string;
  in: 'query' | 'header' | 'path';
  required: boolean;
  /** Allowed values of a (comma-list) parameter with an enum. */
  values: string[] | null;
  /** Whether the value is a comma list. */
  list: boolean;
  type: 'string' | 'integer' | 'array';
  format: string | null;
  minimum: number | null;
  maximum: number | null;
  default: unknown;
}

/** Reads the document shipped with the api-client. */
export function loadDocument(file?: string): Json {
  const path = file ?? createRequire(import.meta.url).resolve('@runsight/api-client/openapi.json');
  const doc: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isObject(doc) || typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.1')) {
    throw new Error(`${path} is not an OpenAPI 3.1 document`);
  }
  return doc;
}

const SCHEMA_ID = 'runsight:contract';

export class Contract {
  readonly document: Json;
  readonly #ajv: Ajv2020;
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(document: Json = loadDocument()) {
    this.document = document;
    // allErrors: a report names every broken field, not only the first
    this.#ajv = new Ajv2020({ strict: false, allErrors: true });
    // `format: date-time` is the client's own timestamp rule (an offset is required).
    this.#ajv.addFormat('date-time', { type: 'string', validate: isIsoTimestamp });
    const components = isObject(document.components) ? document.components : {};
    this.#ajv.addSchema({ $id: SCHEMA_ID, components: { schemas: components.schemas ?? {} } });
  }

  get version(): string {
    const info = this.document.info;
    return isObject(info) && typeof info.version === 'string' ? info.version : 'unknown';
  }

  /** Problems of `value` against a component schema (empty: valid). At most `max` messages. */
  validate(schema: string, value: unknown, max = 6): string[] {
    let fn = this.#validators.get(schema);
    if (fn === undefined) {
      const found = this.#ajv.getSchema(`${SCHEMA_ID}#/components/schemas/${schema}`);
      if (found === undefined) throw new Error(`the document has no schema ${schema}`);
      fn = found;
      this.#validators.set(schema, fn);
    }
    if (fn(value)) return [];
    return usefulErrors(fn.errors ?? [])
      .slice(0, max)
      .map(describeError);
  }

  #operation(operationId: OperationId): Json {
    const paths = isObject(this.document.paths) ? this.document.paths : {};
    for (const item of Object.values(paths)) {
      if (isObject(item) && isObject(item.get) && item.get.operationId === operationId) {
        return item.get;
      }
    }
    throw new Error(`the document has no operation ${operationId}`);
  }

  #resolve(value: unknown): Json {
    if (isObject(value) && typeof value.$ref === 'string') {
      const parts = value.$ref.replace(/^#\//, '').split('/');
      let node: unknown = this.document;
      for (const part of parts) node = isObject(node) ? node[part] : undefined;
      if (!isObject(node)) throw new Error(`unresolved ${value.$ref}`);
      return node;
    }
    return isObject(value) ? value : {};
  }

  /** The component schema of the JSON body an operation answers with `status`, or null. */
  responseSchema(operationId: OperationId, status: number): string | null {
    const responses = this.#resolve(this.#operation(operationId).responses);
    if (!(String(status) in responses)) return null;
    const response = this.#resolve(responses[String(status)]);
    const content = this.#resolve(response.content);
    const schema = this.#resolve(content['application/json']).schema;
    if (!isObject(schema) || typeof schema.$ref !== 'string') return null;
    return schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1);
  }

  /** The statuses an operation documents. */
  statuses(operationId: OperationId): number[] {
    return Object.keys(this.#resolve(this.#operation(operationId).responses)).map(Number);
  }

  parameters(operationId: OperationId): ParameterSpec[] {
    const list = this.#operation(operationId).parameters;
    return (Array.isArray(list) ? list : []).map((p) => {
      const param = this.#resolve(p);
      const schema = this.#resolve(param.schema);
      const items = isObject(schema.items) ? schema.items : null;
      const enumOf = (s: Json | null) =>
        s !== null && Array.isArray(s.enum) ? s.enum.filter((v) => typeof v === 'string') : null;
      const type = schema.type === 'integer' || schema.type === 'array' ? schema.type : 'string';
      return {
        name: String(param.name),
        in: param.in === 'header' || param.in === 'path' ? param.in : 'query',
        required: param.required === true,
        values: enumOf(items) ?? enumOf(schema),
        list: type === 'array',
        type,
        format: typeof schema.format === 'string' ? schema.format : null,
        minimum: typeof schema.minimum === 'number' ? schema.minimum : null,
        maximum: typeof schema.maximum === 'number' ? schema.maximum : null,
        default: schema.default,
      };
    });
  }
}

const isNullAlternative = (e: ErrorObject) =>
  e.keyword === 'type' && isObject(e.params) && e.params.type === 'null';

/**
 * A nullable field (`anyOf: [X, null]`) that breaks X also reports "must be null" and "must match
 * a schema in anyOf": only X's complaint says what is wrong.
 */
function usefulErrors(errors: ErrorObject[]): ErrorObject[] {
  const real = errors.filter((e) => e.keyword !== 'anyOf' && !isNullAlternative(e));
  return errors.filter(
    (e) =>
      e.keyword !== 'anyOf' &&
      (!isNullAlternative(e) || !real.some((r) => r.instancePath.startsWith(e.instancePath))),
  );
}

function describeError(e: ErrorObject): string {
  const at = e.instancePath === '' ? 'the body' : e.instancePath;
  if (e.keyword === 'required' && isObject(e.params)) {
    return `${at}: missing required field "${String(e.params.missingProperty)}"`;
  }
  return `${at} ${e.message ?? 'is invalid'}`;
}
