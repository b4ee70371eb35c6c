/**
 * `openapi.json` is what src/openapi generates from the client's valibot schemas (regenerate with
 * `npm run openapi`), and the generator keeps the client's shapes: the run's fields and required
 * fields are the client's, every filter value list is the client's type (tsc checks that).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import * as v from 'valibot';
import { VALUE_LISTS_MATCH_CLIENT_TYPES } from '../src/openapi/contract.js';
import { buildOpenApiDocument, type JsonObject } from '../src/openapi/document.js';
import { wireRunSchema } from '../src/schemas.js';

const file = createRequire(import.meta.url).resolve('@runsight/api-client/openapi.json');
const committed = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;

describe('openapi.json', () => {
  it('is exported as @runsight/api-client/openapi.json and is what the generator writes', () => {
    assert.deepEqual(
      committed,
      buildOpenApiDocument(),
      'openapi.json is out of date: run `npm run openapi` and commit it',
    );
  });

  it("states the client's run: the same fields, the same required fields", () => {
    const run = (committed.components as { schemas: { Run: JsonObject } }).schemas.Run;
    assert.deepEqual(
      Object.keys(run.properties as JsonObject).sort(),
      Object.keys(wireRunSchema.entries).sort(),
    );
    const required = Object.entries(wireRunSchema.entries)
      .filter(([, s]) => !v.safeParse(s, undefined).success)
      .map(([k]) => k)
      .sort();
    assert.deepEqual([...(run.required as string[])].sort(), required);
    assert.deepEqual(required, ['created_at', 'id', 'outcome', 'status', 'type', 'workspace_id']);
    assert.equal(VALUE_LISTS_MATCH_CLIENT_TYPES, true);
  });
});
