import { assert } from '@open-wc/testing';
import { formatDateTime, formatRelative, formatTime } from './format.js';

const NOW = Date.UTC(2025, 10, 28, 14, 56, 0);
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
/** Some ICU versions put a narrow no-break space before AM/PM. */
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('formatRelative', () => {
  const rel = (offset: number, locale = 'en') => formatRelative(NOW + offset, NOW, locale);

  it('never says "now": seconds in both directions', () => {
    assert.equal(rel(9 * S), 'in 9 seconds');
    assert.equal(rel(-9 * S), '9 seconds ago');
    assert.equal(rel(-1 * S), '1 second ago');
    assert.equal(rel(200), 'in 1 second');
    assert.equal(rel(0), '0 seconds ago');
    assert.equal(rel(-40 * S), '40 seconds ago');
    assert.equal(rel(9 * S, 'de'), 'in 9 Sekunden');
    assert.equal(rel(-9 * S, 'de'), 'vor 9 Sekunden');
    for (const offset of [0, 100, -100, 4 * S, -4 * S, 9 * S, -9 * S]) {
      assert.notMatch(rel(offset), /now/i);
      assert.notMatch(rel(offset, 'de'), /jetzt/i);
    }
  });

  it('rounds to the nearest unit, chosen after rounding', () => {
    assert.equal(rel(-59.4 * S), '59 seconds ago');
    assert.equal(rel(-59.6 * S), '1 minute ago');
    assert.equal(rel(-4 * MIN - 40 * S), '5 minutes ago');
    assert.equal(rel(-119 * MIN), '2 hours ago');
    assert.equal(rel(-89 * MIN), '1 hour ago');
    assert.equal(rel(-90 * MIN), '2 hours ago');
    assert.equal(rel(3 * H + 10 * MIN), 'in 3 hours');
    assert.equal(rel(-30 * H), '1 day ago');
    assert.equal(rel(-40 * H), '2 days ago');
  });
});

describe('formatTime / formatDateTime', () => {
  it('uses a numeric hour', () => {
    const at = new Date(2025, 10, 28, 14, 51, 7);
    assert.equal(plain(formatTime(at, 'en-US', at.getTime())), '2:51 PM');
    assert.equal(plain(formatTime(at, 'de', at.getTime())), '14:51');
    const morning = new Date(2025, 10, 28, 9, 5, 0);
    assert.equal(plain(formatTime(morning, 'en-US', morning.getTime())), '9:05 AM');
    assert.equal(
      plain(formatTime(morning, 'en-US', morning.getTime() + 2 * 24 * H)),
      'Nov 28, 9:05 AM',
    );
  });

  it('shows seconds in the full date and time', () => {
    const at = new Date(2025, 10, 28, 14, 55, 7);
    assert.equal(plain(formatDateTime(at, 'en-US')), 'Nov 28, 2025, 2:55:07 PM');
    assert.equal(plain(formatDateTime(at, 'de')), '28.11.2025, 14:55:07');
  });
});
