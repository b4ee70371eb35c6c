import { assert } from '@open-wc/testing';
import {
  BADGES,
  GUIDANCE,
  formatHeadline,
  type BadgeKey,
  type GuidanceKey,
  type HeadlineKey,
} from '@runsight/active-state';
import { catalogs } from './catalogs.js';
import { headlineText } from './cards.messages.js';
import { catalogWith, errorMessage, languageOf, loadLanguage } from './messages.js';

describe('message catalog', () => {
  // First in this page: nothing has loaded German yet.
  it('loads the German core messages on first use; until then the catalog is English', async () => {
    assert.isUndefined(loadLanguage('en'), 'English is always there');
    assert.equal(catalogWith('de')['error.retry'], catalogs.en['error.retry']);
    const pending = loadLanguage('de');
    assert.instanceOf(pending, Promise);
    assert.strictEqual(loadLanguage('de'), pending, 'one load for every caller');
    await pending;
    assert.isUndefined(loadLanguage('de'));
    assert.equal(catalogWith('de')['error.retry'], catalogs.de['error.retry']);
    assert.notEqual(catalogs.de['error.retry'], catalogs.en['error.retry']);
    // An element's own section over the loaded core.
    const section = { en: { 'list.title': 'Operations' }, de: { 'list.title': 'Vorgänge' } };
    assert.equal(catalogWith('de', section)['list.title'], 'Vorgänge');
    assert.equal(catalogWith('de', section)['error.retry'], catalogs.de['error.retry']);
  });

  it('English badge labels are the exact labels of the spec (active-state BADGES)', () => {
    for (const key of Object.keys(BADGES) as BadgeKey[]) {
      assert.equal(catalogs.en[`badge.${key}`], BADGES[key].label, key);
    }
  });

  it('English guidance equals the spec guidance (active-state GUIDANCE)', () => {
    for (const key of Object.keys(GUIDANCE) as GuidanceKey[]) {
      assert.equal(catalogs.en[`guidance.${key}`], GUIDANCE[key], key);
    }
  });

  it('English headlines equal formatHeadline; "all" only when every active run is in that state', () => {
    const cases: HeadlineKey[] = [
      { key: 'none_active', followUp: 0 },
      { key: 'none_active', followUp: 2 },
      { key: 'all_fresh', active: 1, followUp: 0 },
      { key: 'all_fresh', active: 3, followUp: 0 },
      { key: 'all_fresh', active: 3, followUp: 1 },
      { key: 'some_stale', count: 1, total: 3 },
      { key: 'all_stale', total: 1 },
      { key: 'all_stale', total: 3 },
      { key: 'some_past_expected', count: 2, total: 5 },
      { key: 'all_past_expected', total: 2 },
      { key: 'some_unknown', count: 1, total: 2, followUp: 0 },
      { key: 'all_unknown', total: 2, followUp: 3 },
    ];
    for (const h of cases)
      assert.equal(headlineText(catalogs.en, h), formatHeadline(h), JSON.stringify(h));
    assert.equal(
      headlineText(catalogs.en, { key: 'some_stale', count: 1, total: 3 }),
      '1 of 3 active operations likely stale',
    );
    assert.equal(
      headlineText(catalogs.en, { key: 'all_fresh', active: 3, followUp: 2 }),
      '3 active operations, all on track · 2 need follow-up',
    );
    assert.equal(
      headlineText(catalogs.de, { key: 'none_active', followUp: 1 }),
      'Keine aktiven Vorgänge · 1 braucht Nacharbeit',
    );
  });

  it('German has every key, and no German string is empty', () => {
    assert.sameMembers(Object.keys(catalogs.de), Object.keys(catalogs.en));
    for (const [key, value] of Object.entries(catalogs.de)) {
      const text =
        typeof value === 'function'
          ? (value as (p: unknown) => string)({
              count: 2,
              total: 3,
              followUp: 1,
              active: 2,
              time: '10:42',
              relative: 'vor 4 Minuten',
              operation: 'X',
              tenant: 'Y',
              element: 'e',
              attribute: 'a',
              type: 't',
              processed: '1',
              percent: '1 %',
              failed: '1',
              duration: '1',
              badge: 'b',
            })
          : value;
      assert.isAbove(String(text).length, 0, key);
    }
  });

  it('error kinds read in plain words; a 404 of a run has its own sentence', () => {
    assert.equal(
      errorMessage(catalogs.en, 'not_found', 'run'),
      'Operation not found, or you do not have access to it.',
    );
    assert.match(errorMessage(catalogs.en, 'network'), /offline/);
    assert.match(errorMessage(catalogs.en, 'unauthorized'), /not signed in/);
    assert.match(errorMessage(catalogs.en, 'rate_limited'), /Too many requests/);
    assert.match(errorMessage(catalogs.en, 'unavailable'), /server is unavailable/);
    assert.match(errorMessage(catalogs.de, 'unavailable'), /nicht verfügbar/);
    assert.match(errorMessage(catalogs.en, 'server'), /server ran into an error/);
    assert.match(errorMessage(catalogs.en, 'invalid_response'), /unexpected response/);
    assert.match(errorMessage(catalogs.en, 'timeout'), /too long/);
  });

  it('maps locales to the shipped languages', () => {
    assert.equal(languageOf('de-AT'), 'de');
    assert.equal(languageOf('DE'), 'de');
    assert.equal(languageOf('en-GB'), 'en');
    assert.equal(languageOf('fr'), 'en');
    assert.equal(languageOf(undefined), 'en');
  });
});
