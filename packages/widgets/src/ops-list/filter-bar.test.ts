import { assert } from '@open-wc/testing';
import { filtersFromAttributes, type OpsListFilters } from './filters.js';
import { changedFilters, filterOptionsMemo, type FilterBarLocalize } from './filter-bar.js';
import type { SeenValues } from './paged-runs-controller.js';

/** Labels are the message keys: what is built, not how it reads. */
const l10n = (locale = 'en'): FilterBarLocalize =>
  ({
    t: (key: string) => key,
    resolvedLocale: locale,
    messages: {},
  }) as unknown as FilterBarLocalize;

describe('filter bar', () => {
  it('turns a select value into new filters, null when nothing changed', () => {
    const f = filtersFromAttributes({});
    assert.deepEqual(changedFilters(f, 'status', 'queued,running')?.status, ['queued', 'running']);
    assert.deepEqual(changedFilters(f, 'tenant', 't_1')?.tenant, 't_1');
    assert.equal(changedFilters(f, 'sort', 'attention')?.sort, 'attention');
    assert.equal(changedFilters(f, 'sort', 'bogus'), null, 'unknown sort is newest: unchanged');
    assert.equal(changedFilters(f, 'status', ''), null);
  });

  it('problem sets: the "Needs attention" view sorts by attention and counts follow-up from 24 h ago', () => {
    const now = Date.parse('2026-11-29T12:00:30.500Z');
    const f = filtersFromAttributes({});
    const view = changedFilters(f, 'problem', 'needs_attention', now);
    assert.deepEqual(view?.problem, ['needs_attention']);
    assert.equal(view?.sort, 'attention');
    assert.equal(view?.completedSince, '2026-11-28T12:00:00.000Z', 'now − 24 h, to the minute');
    // A "finished since" already chosen (a card's link) is kept.
    const kept = changedFilters(
      { ...f, completedSince: '2026-11-20T00:00:00.000Z' },
      'problem',
      'terminal_follow_up',
      now,
    );
    assert.equal(kept?.completedSince, '2026-11-20T00:00:00.000Z');
    // Clearing the view keeps sort and window; choosing another set sorts by attention again.
    const cleared = changedFilters(view as OpsListFilters, 'problem', '', now);
    assert.deepEqual(cleared?.problem, []);
    assert.equal(cleared?.sort, 'attention');
    assert.equal(cleared?.completedSince, view?.completedSince);
    const newest = { ...(view as OpsListFilters), sort: 'newest' as const };
    assert.equal(changedFilters(newest, 'problem', 'terminal_follow_up', now)?.sort, 'attention');
    assert.equal(changedFilters(view as OpsListFilters, 'problem', 'needs_attention', now), null);
  });

  it('"finished since": presets are instants, an instant stays, empty is any time', () => {
    const now = Date.parse('2026-11-29T12:00:30.500Z');
    const f = filtersFromAttributes({});
    assert.equal(
      changedFilters(f, 'completedSince', '24h', now)?.completedSince,
      '2026-11-28T12:00:00.000Z',
    );
    assert.equal(
      changedFilters(f, 'completedSince', '7d', now)?.completedSince,
      '2026-11-22T12:00:00.000Z',
    );
    const since = changedFilters(f, 'completedSince', '24h', now) as OpsListFilters;
    assert.equal(changedFilters(since, 'completedSince', since.completedSince ?? '', now), null);
    assert.isNull(changedFilters(since, 'completedSince', '', now)?.completedSince);
  });

  it('offers the problem sets and the instant in effect', () => {
    const options = filterOptionsMemo();
    const seen: SeenValues = { types: new Map(), tenants: new Map(), version: 0 };
    const f: OpsListFilters = {
      ...filtersFromAttributes({}),
      problem: ['active_stale_attention', 'terminal_follow_up'],
      completedSince: '2026-11-28T12:00:00.000Z',
    };
    const o = options(l10n(), f, seen);
    assert.deepEqual(
      o.problem.map(([v]) => v),
      ['', 'needs_attention', 'terminal_follow_up', 'active_stale_attention,terminal_follow_up'],
    );
    assert.deepEqual(
      o.completedSince.map(([v]) => v),
      ['2026-11-28T12:00:00.000Z', '', '24h', '7d'],
    );
    assert.notEqual(o.completedSince[0]?.[1], '2026-11-28T12:00:00.000Z', 'a date for people');
  });

  it('builds the options once per filters, seen values, locale and catalog', () => {
    const options = filterOptionsMemo();
    const seen: SeenValues = {
      types: new Map([
        ['b', 'Beta'],
        ['a', 'Alpha'],
      ]),
      tenants: new Map(),
      version: 2,
    };
    const f = { ...filtersFromAttributes({}), freshness: ['fresh', 'likely_stale'] };
    const en = l10n();
    const first = options(en, f, seen);
    assert.deepEqual(
      first.type.map(([v]) => v),
      ['', 'a', 'b'],
      'types by label',
    );
    assert.equal(first.freshness.at(-1)?.[0], 'fresh,likely_stale', 'several values: one option');
    assert.equal(options(en, f, seen), first, 'same inputs: same options');
    seen.types.set('c', 'Gamma');
    seen.version++;
    assert.notEqual(options(en, f, seen), first, 'a new type: built again');
    const second = options(en, f, seen);
    assert.notEqual(options(l10n('de'), f, seen), second, 'another locale: built again');
  });

  it('keeps the type and tenant options on a filter change; new seen values or locale rebuild them', () => {
    const options = filterOptionsMemo();
    const seen: SeenValues = {
      types: new Map([['b', 'Beta']]),
      tenants: new Map([['t_1', 'One']]),
      version: 1,
    };
    const f = filtersFromAttributes({});
    const en = l10n();
    const first = options(en, f, seen);
    const next = options(en, { ...f, status: ['active'] }, seen);
    assert.notEqual(next, first, 'new filters: new options');
    assert.deepEqual(
      next.status.map(([v]) => v),
      ['', 'active', 'completed'],
    );
    assert.equal(next.type, first.type, 'the type options are kept');
    assert.equal(next.tenant, first.tenant, 'the tenant options are kept');
    seen.types.set('a', 'Alpha');
    seen.tenants.set('t_2', 'Two');
    seen.version++;
    const more = options(en, { ...f, status: ['active'] }, seen);
    assert.deepEqual(
      more.type.map(([v]) => v),
      ['', 'a', 'b'],
      'a new type: listed, by label',
    );
    assert.deepEqual(
      more.tenant.map(([v]) => v),
      ['', 't_1', 't_2'],
    );
    const de = options(l10n('de'), { ...f, status: ['active'] }, seen);
    assert.notEqual(de.type, more.type, 'another locale: built again');
  });
});
