import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import { VERSION } from '@runsight/active-state';

describe('smoke', () => {
  it('msw intercepts', async () => {
    const worker = setupWorker(http.get('/api/x', () => HttpResponse.json({ ok: VERSION })));
    await worker.start({ quiet: true, onUnhandledFrame: 'error' });
    const r = await fetch('/api/x');
    expect(await r.json()).to.deep.equal({ ok: '0.1.0' });
    worker.stop();
  });
});
