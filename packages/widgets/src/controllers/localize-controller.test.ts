/**
 * The element's locale is resolved once per update (walking up the tree for `lang` and
 * canonicalising the tag), not on every message: a render with many `t()` calls resolves once,
 * messages read between updates resolve none. It still follows what changes it: an ancestor's
 * `lang` on the next update, the `locale` property at once, another tree on reconnect.
 */
import { assert, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { createClient, type RunsightHttpClient } from '@runsight/api-client';
import { RunsightElement } from '../base/runsight-element.js';
import { de } from '../i18n/messages.de.js';
import { coreEn } from '../i18n/messages.js';

class LocalizedProbe extends RunsightElement {
  protected readonly tagLabel = 'runsight-localized-probe';

  protected override render(): unknown {
    // Several messages per render, as every element has.
    return html`<p>${this.t('state.loading')}</p>
      <p>${this.t('error.retry')}</p>
      <p>${this.t('run.workspace')}</p>
      <p>${this.t('error.earlier_data')}</p>
      <p>${this.t('state.announce_stale_many', { count: 2 })}</p>`;
  }
}
customElements.define('runsight-localized-probe', LocalizedProbe);

const firstLine = (el: Element) => el.shadowRoot?.querySelector('p')?.textContent ?? '';

describe('LocalizeController', () => {
  let client: RunsightHttpClient;
  let canonical: sinon.SinonSpy;

  beforeEach(() => {
    client = createClient({ baseUrl: '/api' });
    canonical = sinon.spy(Intl, 'getCanonicalLocales');
  });

  afterEach(() => {
    canonical.restore();
    client.dispose();
  });

  async function mount(lang: string): Promise<{ root: HTMLElement; el: LocalizedProbe }> {
    const root = await fixture<HTMLElement>(
      html`<div lang=${lang}>
        <runsight-localized-probe .client=${client}></runsight-localized-probe>
      </div>`,
    );
    const el = root.querySelector('runsight-localized-probe') as LocalizedProbe;
    await el.updateComplete;
    return { root, el };
  }

  it('resolves the locale once per update, not once per message', async () => {
    const { el } = await mount('en');
    assert.equal(firstLine(el), coreEn['state.loading']);
    canonical.resetHistory();
    el.requestUpdate();
    await el.updateComplete;
    assert.equal(canonical.callCount, 1, 'one resolution for a render of five messages');
    canonical.resetHistory();
    el.t('state.loading');
    el.t('error.retry');
    assert.equal(el.resolvedLocale, 'en');
    assert.equal(canonical.callCount, 0, 'messages between updates read the resolved locale');
  });

  it("follows an ancestor's lang on the next update", async () => {
    const { root, el } = await mount('en');
    assert.equal(firstLine(el), coreEn['state.loading']);
    root.setAttribute('lang', 'de');
    el.requestUpdate();
    await el.updateComplete;
    assert.equal(el.resolvedLocale, 'de');
    assert.equal(firstLine(el), de['state.loading']);
    root.setAttribute('lang', 'en-GB');
    el.requestUpdate();
    await el.updateComplete;
    assert.equal(el.resolvedLocale, 'en-GB');
    assert.equal(firstLine(el), coreEn['state.loading']);
  });

  it('reads a new locale property at once, and renders in it', async () => {
    const { el } = await mount('en');
    el.locale = 'de-AT';
    assert.equal(el.resolvedLocale, 'de-AT');
    await el.updateComplete;
    assert.equal(firstLine(el), de['state.loading']);
    el.locale = undefined;
    assert.equal(el.resolvedLocale, 'en');
  });

  it("resolves again when connected elsewhere: the new tree's lang", async () => {
    const { root, el } = await mount('en');
    assert.equal(el.resolvedLocale, 'en');
    const other = document.createElement('section');
    other.lang = 'de';
    root.after(other);
    try {
      other.append(el);
      assert.equal(el.resolvedLocale, 'de');
    } finally {
      other.remove();
    }
  });
});
