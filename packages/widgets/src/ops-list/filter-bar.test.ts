import { assert } from '@open-wc/testing';
import { filtersFromAttributes } from './filters.js';
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
});
