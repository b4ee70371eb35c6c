/** Node tests of the run detail's parser (detail.ts): events are read one by one, fast. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as v from 'valibot';
import { parseEvent, parseRunDetail } from '../src/detail.js';
import { optString, timestamp } from '../src/schemas.js';

/** The event schema of api.md as a valibot object: what `parseEvent` must accept, exactly. */
const reference = v.object({ at: timestamp, kind: v.string(), message: optString });

const run = {
  id: 'r',
  type: 't',
  workspace_id: 'w',
  status: 'completed',
  outcome: 'succeeded',
  created_at: '2026-11-29T10:00:00Z',
};

const timestamps = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-11-29T10:00:00Z',
    '2026-11-29T10:00:00.123+01:00',
    '2026-11-29T10:00+0100',
    '2026-11-29T10:00:00', // no offset
    '2026-02-30T10:00:00Z', // not a day
    '2026-11-29T25:00:00Z',
    'yesterday at noon',
    '',
  ),
  fc.string(),
);
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
const events = fc.oneof(
  fc.record(
    {
      at: fc.oneof(timestamps, anyValue),
      kind: fc.oneof(fc.constantFrom('progress', 'note', '', 'Other kind'), anyValue),
      message: fc.oneof(fc.string(), anyValue),
      extra: anyValue,
    },
    { requiredKeys: [] },
  ),
  anyValue,
);

describe('parseEvent', () => {
  it('accepts and maps exactly what the valibot event schema accepts', () => {
    fc.assert(
      fc.property(events, (event) => {
        const expected = v.safeParse(reference, event);
        const actual = parseEvent(event);
        if (!expected.success) {
          assert.equal(actual, null);
          return;
        }
        assert.deepEqual(actual, {
          at: new Date(expected.output.at),
          kind: expected.output.kind,
          message: expected.output.message ?? '',
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a good event and leaves out the bad ones of a detail, counting them', () => {
    const detail = parseRunDetail({
      ...run,
      events: [
        { at: '2026-11-29T11:00:00Z', kind: 'note', message: 'fine', extra: 1 },
        { at: '2026-11-29T11:00:01Z', kind: 'surprise' },
        { at: '2026-11-29T11:00:02Z', kind: 'note', message: null },
        { at: 'not a time', kind: 'note', message: 'bad time' },
        { at: '2026-11-29T11:00:03Z', kind: 5, message: 'bad kind' },
        { at: '2026-11-29T11:00:04Z', kind: 'note', message: 7 },
        ['2026-11-29T11:00:05Z', 'note'],
        null,
      ],
    });
    assert.ok(detail);
    assert.deepEqual(
      detail.run.events.map((e) => [e.at.toISOString(), e.kind, e.message]),
      [
        ['2026-11-29T11:00:00.000Z', 'note', 'fine'],
        ['2026-11-29T11:00:01.000Z', 'surprise', ''],
        ['2026-11-29T11:00:02.000Z', 'note', ''],
      ],
    );
    assert.equal(detail.invalidEvents, 5);
  });

  it('reads a 10 000-event history', () => {
    const events = Array.from({ length: 10_000 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 10, 20) + i * 60_000).toISOString(),
      kind: 'progress',
      message: `Processed ${i * 40} items.`,
    }));
    const detail = parseRunDetail({ ...run, events });
    assert.equal(detail?.run.events.length, 10_000);
    assert.equal(detail?.invalidEvents, 0);
  });
});
