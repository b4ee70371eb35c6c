// @ts-check
/**
 * A server-rendered host, the way a Laravel Blade, Django or Rails view embeds Runsight: the
 * server renders HTML with the elements' tags, the page loads the package's standalone bundle
 * (`runsight.js`) with a script tag, and auth is the host's session cookie. The browser never
 * sees the backend's token: `/api/*` is proxied to the Runsight backend by this server, which
 * checks the session and its CSRF token and adds the bearer token. Every page is served under a
 * strict Content-Security-Policy. Node's http module only, no framework.
 *
 *   RUNSIGHT_API_URL=http://127.0.0.1:8080/api PORT=3000 node server.js
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const API_URL = (process.env.RUNSIGHT_API_URL ?? 'http://127.0.0.1:8080/api').replace(/\/$/, '');
const PORT = Number(process.env.PORT ?? 3000);
/** The backend token this host holds for its users (the reference server's demo token). */
const API_TOKEN = process.env.RUNSIGHT_API_TOKEN ?? 'demo-admin';
const WORKSPACE = 'ws_1';
const TENANT = 't_1';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The package's standalone bundle: runsight.js and its sibling runsight.*.js modules. */
const BUNDLE_DIR = path.dirname(
  fileURLToPath(import.meta.resolve('@runsight/widgets/runsight.js')),
);

/** @type {Map<string, { csrf: string }>} session id -> session (in memory: a demo) */
const sessions = new Map();

/** @param {string} text */
const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** @param {http.IncomingMessage} req */
function sessionOf(req) {
  const id = /(?:^|;\s*)session=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
  return id === undefined ? undefined : sessions.get(id);
}

/**
 * @param {string} title
 * @param {string} csrf
 * @param {string} body
 */
const layout = (title, csrf, body) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="csrf-token" content="${escape(csrf)}" />
    <title>${escape(title)} · server-rendered host</title>
    <link rel="stylesheet" href="/static/app.css" />
    <script type="module" src="/static/app.js"></script>
  </head>
  <body>
    <main>${body}</main>
  </body>
</html>
`;

const operationsPage = () => `
      <h1>Operations</h1>
      <label>
        Recent runs
        <select name="limit">
          <option>5</option>
          <option>10</option>
        </select>
      </label>
      <tenant-activity workspace="${WORKSPACE}" tenant="${TENANT}"></tenant-activity>
      <active-run-progress workspace="${WORKSPACE}" tenant="${TENANT}"></active-run-progress>
      <workspace-recent-ops workspace="${WORKSPACE}" limit="5"></workspace-recent-ops>
      <ops-list workspace="${WORKSPACE}" page-size="25"></ops-list>`;

/**
 * @param {string} runId
 * @param {string} workspace
 */
const runPage = (runId, workspace) => `
      <a href="/operations">All operations</a>
      <run-detail workspace="${escape(workspace)}" run-id="${escape(runId)}"></run-detail>`;

const signInPage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Sign in · server-rendered host</title>
    <link rel="stylesheet" href="/static/app.css" />
  </head>
  <body>
    <main>
      <form method="post" action="/sign-in"><button>Sign in</button></form>
    </main>
  </body>
</html>
`;

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {Record<string, string>} headers
 * @param {string | Buffer} [body]
 */
function send(res, status, headers, body) {
  res.writeHead(status, {
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

/** Headers of the backend's answer that the browser gets. */
const PASSED = ['content-type', 'cache-control', 'etag', 'date', 'retry-after', 'vary'];

/**
 * `/api/*` for a signed-in page: the backend's answer to the same path with the host's token.
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {string} rest the path and query after /api
 */
async function proxy(req, res, rest) {
  const session = sessionOf(req);
  const json = { 'Content-Type': 'application/json' };
  if (!session) return send(res, 401, json, '{"error":{"code":"unauthorized"}}');
  if (req.headers['x-csrf-token'] !== session.csrf)
    return send(res, 403, json, '{"error":{"code":"forbidden"}}');
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json', Authorization: `Bearer ${API_TOKEN}` };
  const etag = req.headers['if-none-match'];
  if (etag) headers['If-None-Match'] = etag;
  const answer = await fetch(`${API_URL}${rest}`, { headers });
  /** @type {Record<string, string>} */
  const passed = {};
  for (const name of PASSED) {
    const value = answer.headers.get(name);
    if (value !== null) passed[name] = value;
  }
  send(res, answer.status, passed, Buffer.from(await answer.arrayBuffer()));
}

/**
 * @param {http.ServerResponse} res
 * @param {string} file
 */
async function sendFile(res, file) {
  const type = file.endsWith('.css') ? 'text/css' : 'text/javascript';
  try {
    send(res, 200, { 'Content-Type': `${type}; charset=utf-8` }, await readFile(file));
  } catch {
    send(res, 404, { 'Content-Type': 'text/plain' }, 'not found');
  }
}

/**
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 */
async function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://host');
  const html = { 'Content-Type': 'text/html; charset=utf-8' };
  const { pathname } = url;
  if (pathname.startsWith('/api/')) return proxy(req, res, `${pathname.slice(4)}${url.search}`);
  if (/^\/static\/app\.(js|css)$/.test(pathname))
    return sendFile(res, path.join(HERE, 'public', path.basename(pathname)));
  if (/^\/runsight\/runsight(\.[\w-]+)?\.js$/.test(pathname))
    return sendFile(res, path.join(BUNDLE_DIR, path.basename(pathname)));
  if (pathname === '/favicon.ico') return send(res, 204, {});
  if (pathname === '/sign-in' && req.method === 'POST') {
    const id = randomBytes(18).toString('base64url');
    sessions.set(id, { csrf: randomBytes(18).toString('base64url') });
    // Add `Secure` when served over HTTPS.
    return send(res, 303, {
      'Set-Cookie': `session=${id}; Path=/; HttpOnly; SameSite=Lax`,
      Location: '/operations',
    });
  }
  if (pathname === '/sign-in') return send(res, 200, html, signInPage);
  const session = sessionOf(req);
  if (!session) return send(res, 303, { Location: '/sign-in' });
  if (pathname === '/' || pathname === '/operations')
    return pathname === '/'
      ? send(res, 303, { Location: '/operations' })
      : send(res, 200, html, layout('Operations', session.csrf, operationsPage()));
  const run = /^\/operations\/([^/]+)$/.exec(pathname);
  if (run?.[1]) {
    const runId = decodeURIComponent(run[1]);
    const workspace = url.searchParams.get('workspace') ?? WORKSPACE;
    return send(res, 200, html, layout(runId, session.csrf, runPage(runId, workspace)));
  }
  send(res, 404, { 'Content-Type': 'text/plain' }, 'not found');
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((/** @type {unknown} */ error) => {
    console.error(error);
    if (!res.headersSent) send(res, 502, { 'Content-Type': 'text/plain' }, 'bad gateway');
    else res.destroy();
  });
});
server.listen(PORT, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : PORT;
  console.log(`runsight example: listening on http://127.0.0.1:${port}`);
});
