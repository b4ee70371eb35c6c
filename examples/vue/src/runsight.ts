// What every view of this host gives the elements: one client (the host's auth) and path links.
import { createClient, defaultLinkBuilder, type LinkBuilder } from '@runsight/widgets';

export const WORKSPACE = 'ws_1';
export const TENANT = 't_1';

/**
 * The host's auth. Here a demo token of the reference server; a real host reads its own session.
 * `X-Runsight-Host` names the host in its backend's logs.
 */
export const client = createClient({
  baseUrl: '/api',
  headers: () => ({ Authorization: 'Bearer demo-admin', 'X-Runsight-Host': 'vue' }),
});

/** Path routes of this app: /operations?workspace=… and /operations/:runId?workspace=… */
export const links: LinkBuilder = {
  run: (runId, { workspace }) =>
    `/operations/${encodeURIComponent(runId)}?workspace=${encodeURIComponent(workspace)}`,
  list: (filters) => defaultLinkBuilder.list(filters).replace(/^#/, ''),
};
