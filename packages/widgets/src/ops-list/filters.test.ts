import { assert } from '@open-wc/testing';
import {
  buildLocationUrl,
  filtersFromAttributes,
  normalizeStatus,
  parseFilters,
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
        type: ['t'],
        tenant: 'a',
        sort: 'attention',
      }),
      {
        status: ['active'],
        freshness: ['fresh'],
        type: ['t'],
        tenant: 'a',
        sort: 'attention',
      },
    );
  });
});
