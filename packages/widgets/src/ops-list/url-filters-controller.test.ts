import { assert, waitUntil } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { filtersFromAttributes, type OpsListFilters } from './filters.js';
import { UrlFiltersController } from './url-filters-controller.js';

/** A bare controller host: collects the controllers and connects them on demand. */
function fakeHost(): ReactiveControllerHost & { connect(): void; disconnect(): void } {
  const controllers: ReactiveController[] = [];
  return {
    addController: (c) => void controllers.push(c),
    removeController: () => undefined,
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
    connect: () => controllers.forEach((c) => c.hostConnected?.()),
    disconnect: () => controllers.forEach((c) => c.hostDisconnected?.()),
  };
}

describe('UrlFiltersController', () => {
  const saved = `${location.pathname}${location.search}${location.hash}`;
  afterEach(() => history.replaceState(null, '', saved));

  function setup(enabled = true, tenant: string | null = null) {
    const host = fakeHost();
    let current: OpsListFilters = filtersFromAttributes({});
    const navigated: OpsListFilters[] = [];
    const url = new UrlFiltersController(host, {
      enabled: () => enabled,
      defaults: () => filtersFromAttributes({}),
      fixedTenant: () => tenant,
      current: () => current,
      onNavigate: (next) => {
        navigated.push(next);
        current = next;
      },
    });
    return { host, url, navigated, setCurrent: (f: OpsListFilters) => (current = f) };
  }

  it('reads the filters from the query of a hash route; a fixed tenant wins', () => {
    history.replaceState(null, '', `${location.pathname}#/ops?status=active&tenant=t_9`);
    const { url } = setup(true, 't_1');
    const f = url.read();
    assert.deepEqual(f.status, ['active']);
    assert.equal(f.tenant, 't_1');
  });

  it('pushes one history entry per new filter on its own route, none elsewhere or when off', () => {
    history.replaceState(null, '', `${location.pathname}#/ops`);
    const { url } = setup();
    // Entries counted by their pushState calls: `history.length` stops at 50 in Chromium, which a
    // test page that earlier test files navigated reaches.
    const pushState = history.pushState.bind(history);
    let pushed = 0;
    history.pushState = (...args: Parameters<History['pushState']>) => {
      pushed++;
      pushState(...args);
    };
    try {
      const active = { ...filtersFromAttributes({}), status: ['active'] };
      url.push(active);
      assert.equal(pushed, 0, 'no route claimed yet: nothing written');
      url.claimRoute();
      url.push(active);
      assert.equal(location.hash, '#/ops?status=active');
      assert.equal(pushed, 1);
      url.push(active);
      assert.equal(pushed, 1, 'same URL: no second entry');
      history.replaceState(null, '', `${location.pathname}#/ops/run_1`);
      url.push(filtersFromAttributes({}));
      assert.equal(location.hash, '#/ops/run_1', 'another route is left alone');
      const off = setup(false).url;
      history.replaceState(null, '', `${location.pathname}#/ops`);
      off.claimRoute();
      off.push(active);
      assert.equal(location.hash, '#/ops', 'sync-url off: nothing written');
      assert.equal(pushed, 1);
    } finally {
      Reflect.deleteProperty(history, 'pushState'); // History.prototype's again
    }
  });

  it('restores filters on popstate of its route while connected, ignores other routes', async () => {
    history.replaceState(null, '', `${location.pathname}#/ops`);
    const { host, url, navigated, setCurrent } = setup();
    host.connect();
    url.claimRoute();
    const active = { ...filtersFromAttributes({}), status: ['active'] };
    url.push(active);
    setCurrent(active);
    history.back();
    await waitUntil(() => navigated.length === 1, 'popstate restored the filters');
    assert.deepEqual(navigated[0]?.status, []);

    history.pushState(null, '', `${location.pathname}#/ops/run_1`);
    history.pushState(null, '', `${location.pathname}#/ops/run_2`);
    history.back();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(navigated.length, 1, 'a run page of the host is not our route');

    host.disconnect();
    history.replaceState(null, '', `${location.pathname}#/ops?status=completed`);
    history.pushState(null, '', `${location.pathname}#/ops`);
    history.back();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(navigated.length, 1, 'no listener once disconnected');
  });
});
