// @ts-check
// The page's one script (the CSP allows no inline script). The browser sends the session cookie
// with every same-origin request; the client adds the CSRF token the server rendered, which the
// server's /api proxy checks before it adds the backend's bearer token.
import { createClient, defaultLinkBuilder } from '/runsight/runsight.js';

const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
const client = createClient({ baseUrl: '/api', headers: { 'X-CSRF-Token': csrf } });

/**
 * The server's routes: /operations?workspace=… and /operations/:runId?workspace=… The browser
 * follows them (a page load): no `runsight-navigate` listener is needed.
 * @type {import('@runsight/widgets').LinkBuilder}
 */
const links = {
  run: (runId, { workspace }) =>
    `/operations/${encodeURIComponent(runId)}?workspace=${encodeURIComponent(workspace)}`,
  list: (filters) => defaultLinkBuilder.list(filters).replace(/^#/, ''),
};

/** @type {NodeListOf<import('@runsight/widgets').RunsightElement>} */
const elements = document.querySelectorAll(
  'tenant-activity, active-run-progress, workspace-recent-ops, ops-list, run-detail',
);
for (const element of elements) {
  element.client = client;
  element.links = links;
}

const recent = document.querySelector('workspace-recent-ops');
const limit = document.querySelector('select[name="limit"]');
if (recent && limit instanceof HTMLSelectElement)
  limit.addEventListener('change', () => recent.setAttribute('limit', limit.value));
