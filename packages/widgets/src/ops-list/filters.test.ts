import { assert } from '@open-wc/testing';
import {
  buildLocationUrl,
  filtersFromAttributes,
  normalizeProblem,
  normalizeStatus,
  parseFilters,
  parseInstant,
  readLocationParams,
  routeOf,
  sameFilters,
  toQueryFields,
  writeFilters,
} from './filters.js';

const none = filtersFromAttributes({});

describe('ops-list filters codec', () => {
  it('reads attributes', () => {
    assert.deepEqual(none, {
      status: [],
      freshness: [],
      problem: [],
      completedSince: null,
      type: [],
      tenant: null,
      sort: 'newest',
    });
    assert.deepEqual(
      filtersFromAttributes({
        status: 'active',
        freshness: 'likely_stale, past_expected',
        type: 'inventory.sync',
        tenant: 't_1',
        sort: 'attention',
      }),
      {
        status: ['active'],
        freshness: ['past_expected', 'likely_stale'],
        problem: [],
        completedSince: null,
        type: ['inventory.sync'],
        tenant: 't_1',
        sort: 'attention',
      },
    );
  });

  it('normalises status lists', () => {
    assert.deepEqual(normalizeStatus(['queued', 'running']), ['active']);
    assert.deepEqual(normalizeStatus(['finished']), ['completed']);
    assert.deepEqual(normalizeStatus(['active', 'completed']), []);
    assert.deepEqual(normalizeStatus(['running', 'bogus']), ['running']);
  });

  it('parses a drill-through query and falls back to the defaults', () => {
    const p = new URLSearchParams('workspace=ws_1&tenant=t_1&freshness=likely_stale');
    assert.deepEqual(parseFilters(p, none), {
      status: [],
      freshness: ['likely_stale'],
      problem: [],
      completedSince: null,
      type: [],
      tenant: 't_1',
      sort: 'newest',
    });
    const defaults = filtersFromAttributes({ status: 'active' });
    assert.deepEqual(parseFilters(new URLSearchParams(''), defaults).status, ['active']);
    assert.deepEqual(parseFilters(new URLSearchParams('status=all'), defaults).status, []);
    assert.deepEqual(parseFilters(new URLSearchParams('status=nonsense'), defaults).status, [
      'active',
    ]);
    assert.deepEqual(parseFilters(new URLSearchParams('type=a&type=b,c'), none).type, [
      'a',
      'b',
      'c',
    ]);
  });

  it('never lets the query override a fixed tenant', () => {
    const p = new URLSearchParams('tenant=t_2');
    assert.deepEqual(
      parseFilters(p, filtersFromAttributes({ tenant: 't_1' }), 't_1').tenant,
      't_1',
    );
  });

  it('writes only differences and keeps foreign parameters', () => {
    const defaults = filtersFromAttributes({ status: 'active' });
    const params = new URLSearchParams('workspace=ws_1&page=ops&status=completed');
    const out = writeFilters(
      params,
      { ...defaults, status: [], freshness: ['likely_stale'], sort: 'attention' },
      defaults,
    );
    assert.deepEqual(
      out.toString(),
      'workspace=ws_1&page=ops&status=all&freshness=likely_stale&sort=attention',
    );
    const back = writeFilters(out, defaults, defaults);
    assert.deepEqual(back.toString(), 'workspace=ws_1&page=ops');
    // round trip
    const f = { ...defaults, type: ['x.y', 'z'], tenant: 't_9' };
    assert.deepEqual(
      sameFilters(parseFilters(writeFilters(params, f, defaults), defaults), f),
      true,
    );
  });

  it('uses the hash query in hash-routed hosts and the search otherwise', () => {
    const hashLoc = { pathname: '/admin', search: '?x=1', hash: '#/operations?status=active' };
    assert.deepEqual(readLocationParams(hashLoc).get('status'), 'active');
    assert.deepEqual(
      buildLocationUrl(hashLoc, new URLSearchParams('status=completed')),
      '/admin?x=1#/operations?status=completed',
    );
    assert.deepEqual(
      buildLocationUrl({ ...hashLoc, hash: '#/operations' }, new URLSearchParams('')),
      '/admin?x=1#/operations',
    );
    const plain = { pathname: '/ops', search: '?status=active', hash: '#top' };
    assert.deepEqual(readLocationParams(plain).get('status'), 'active');
    assert.deepEqual(
      buildLocationUrl(plain, new URLSearchParams('sort=attention')),
      '/ops?sort=attention#top',
    );
  });

  it('names the route the filters belong to', () => {
    assert.equal(routeOf({ pathname: '/a', search: '', hash: '#/operations?x=1' }), '#/operations');
    assert.equal(
      routeOf({ pathname: '/a', search: '', hash: '#/operations/r1?x=1' }),
      '#/operations/r1',
    );
    assert.equal(routeOf({ pathname: '/ops', search: '?x', hash: '#top' }), '/ops');
  });

  it('maps to the list query', () => {
    assert.deepEqual(toQueryFields(none), { sort: '-created_at' });
    assert.deepEqual(
      toQueryFields({
        status: ['active'],
        freshness: ['fresh'],
        problem: ['needs_attention'],
        completedSince: '2026-11-28T12:00:00.000Z',
        type: ['t'],
        tenant: 'a',
        sort: 'attention',
      }),
      {
        status: ['active'],
        freshness: ['fresh'],
        problem: ['needs_attention'],
        completedSince: '2026-11-28T12:00:00.000Z',
        type: ['t'],
        tenant: 'a',
        sort: 'attention',
      },
    );
  });

  it("reads problem and completed_since from attributes and from a card's link", () => {
    assert.deepEqual(
      filtersFromAttributes({
        problem: 'terminal_follow_up, bogus',
        completedSince: '2026-11-28T13:00:00+01:00',
      }),
      {
        ...none,
        problem: ['terminal_follow_up'],
        completedSince: '2026-11-28T12:00:00.000Z',
      },
    );
    // The "+N more" link of a card, as the default link builder writes it.
    const href =
      '#/operations?workspace=ws_1&tenant=t_1&problem=needs_attention' +
      '&completed_since=2026-11-28T12:00:00.000Z&sort=attention';
    const f = parseFilters(readLocationParams({ pathname: '/', search: '', hash: href }), none);
    assert.deepEqual(f, {
      ...none,
      tenant: 't_1',
      problem: ['needs_attention'],
      completedSince: '2026-11-28T12:00:00.000Z',
      sort: 'attention',
    });
  });

  it('normalises problem sets: needs_attention holds the others; unknown values are ignored', () => {
    assert.deepEqual(normalizeProblem(['terminal_follow_up', 'needs_attention']), [
      'needs_attention',
    ]);
    assert.deepEqual(normalizeProblem(['TERMINAL_FOLLOW_UP', 'active_stale_attention']), [
      'active_stale_attention',
      'terminal_follow_up',
    ]);
    const defaults = filtersFromAttributes({ problem: 'terminal_follow_up' });
    assert.deepEqual(parseFilters(new URLSearchParams('problem=nonsense'), defaults).problem, [
      'terminal_follow_up',
    ]);
    assert.deepEqual(parseFilters(new URLSearchParams('problem=all'), defaults).problem, []);
  });

  it("reads completed_since only as an instant with an offset, within the API's range", () => {
    for (const [value, expected] of [
      ['2026-11-28T12:00:00Z', '2026-11-28T12:00:00.000Z'],
      ['2026-11-28T12:00:00.5+00:00', '2026-11-28T12:00:00.500Z'],
      ['2026-11-28t13:00:00+0100', '2026-11-28T12:00:00.000Z'],
      ['2026-11-28T12:00:00', null],
      ['2026-11-28', null],
      ['yesterday', null],
      ['2026-13-45T12:00:00Z', null],
      ['1969-12-31T23:59:59Z', null],
      ['', null],
    ] as const) {
      assert.equal(parseInstant(value), expected, value);
    }
    const defaults = filtersFromAttributes({ completedSince: '2026-01-01T00:00:00Z' });
    const read = (q: string) => parseFilters(new URLSearchParams(q), defaults).completedSince;
    assert.equal(read(''), '2026-01-01T00:00:00.000Z', 'absent: the default');
    assert.equal(read('completed_since=all'), null, 'all: any time');
    assert.equal(
      read('completed_since=garbage'),
      '2026-01-01T00:00:00.000Z',
      'unreadable: ignored',
    );
    // An unencoded `+` offset arrives as a space.
    assert.equal(read('completed_since=2026-11-28T13:00:00+01:00'), '2026-11-28T12:00:00.000Z');
  });

  it('writes problem and completed_since, and reads back what it wrote', () => {
    const defaults = filtersFromAttributes({});
    const f = {
      ...defaults,
      problem: ['needs_attention' as const],
      completedSince: '2026-11-28T12:00:00.000Z',
      sort: 'attention' as const,
    };
    const out = writeFilters(new URLSearchParams('workspace=ws_1'), f, defaults);
    assert.equal(
      out.toString(),
      'workspace=ws_1&problem=needs_attention&completed_since=2026-11-28T12%3A00%3A00.000Z&sort=attention',
    );
    assert.isTrue(sameFilters(parseFilters(out, defaults), f));
    assert.isFalse(sameFilters(f, { ...f, completedSince: null }));
    assert.isFalse(sameFilters(f, { ...f, problem: [] }));
    // A default set by attribute and cleared by the reader: `all`.
    const withDefault = filtersFromAttributes({
      problem: 'needs_attention',
      completedSince: '2026-11-28T12:00:00Z',
    });
    const cleared = writeFilters(
      new URLSearchParams(),
      { ...withDefault, problem: [], completedSince: null },
      withDefault,
    );
    assert.equal(cleared.toString(), 'problem=all&completed_since=all');
    assert.isTrue(
      sameFilters(parseFilters(cleared, withDefault), {
        ...withDefault,
        problem: [],
        completedSince: null,
      }),
    );
  });
});
