// The one MSW worker of the Storybook preview.
//
// msw 3 renamed the unhandled-request option: it is `onUnhandledFrame` now (the addon's default
// setup still passes the old `onUnhandledRequest`, which msw 3 silently ignores), so the preview
// starts the worker itself and hands this setup to msw-storybook-addon.
import type { SetupWorker } from 'msw/browser';
import { setupWorker } from 'msw/browser';

let started: Promise<SetupWorker> | undefined;

/** Start the worker once per preview; later calls get the same worker. */
export function startWorker(): Promise<SetupWorker> {
  started ??= (async () => {
    const worker = setupWorker();
    await worker.start({
      quiet: true,
      // Storybook's own modules and assets go to the network; only story APIs are mocked.
      onUnhandledFrame: 'bypass',
      // Relative, so a static Storybook also works when it is published below a sub-path.
      serviceWorker: { url: new URL('mockServiceWorker.js', document.baseURI).pathname },
    });
    return worker;
  })();
  return started;
}
