// The Runsight demo host page: plain JavaScript, no framework. It loads the standalone widget
// bundle (/runsight.js), creates one api-client per demo user with that user's bearer token,
// and routes by hash: #/ (tenant dashboard), #/workspace, #/operations?… and #/operations/{id}
// (the routes the widgets' default link builder produces).

// The server's demo users and world (packages/server/src/auth.ts and catalog.ts).
const USERS = [
  {
    token: 'demo-admin',
    label: 'Ana Admin (everything)',
    workspaces: { ws_1: ['t_1', 't_2', 't_3'], ws_2: ['t_4', 't_5'] },
  },
  { token: 'demo-contoso', label: 'Casey (Contoso only)', workspaces: { ws_1: ['t_1'] } },
  { token: 'demo-fabrikam', label: 'Farid (Fabrikam only)', workspaces: { ws_1: ['t_2'] } },
  { token: 'demo-ws2', label: 'Sam (Staging workspace)', workspaces: { ws_2: ['t_4', 't_5'] } },
];
const WORKSPACES = { ws_1: 'Production', ws_2: 'Staging' };
const TENANTS = {
  t_1: 'Contoso',
  t_2: 'Fabrikam',
  t_3: 'Northwind',
  t_4: 'Litware',
  t_5: 'Tailspin',
};
const TAGS = [
  'tenant-activity',
  'active-run-progress',
  'workspace-recent-ops',
  'ops-list',
  'run-detail',
];
const STORAGE_KEY = 'runsight-demo';

/**
 * `?poll=<seconds>` in the page's query (before the hash: `/?poll=1#/operations`) sets every
 * element's `poll-interval` instead of the page's defaults (3–5 s); `0` turns polling off.
 * Anything that is not a number of seconds ≥ 0 is ignored.
 */
const POLL_OVERRIDE = (() => {
  const raw = new URLSearchParams(location.search).get('poll');
  if (raw === null || raw.trim() === '') return null;
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
})();

const $ = (id) => document.getElementById(id);
const userSelect = $('user-select');
const workspaceSelect = $('workspace-select');
const tenantSelect = $('tenant-select');

const saved = (() => {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
  } catch {
    return {};
  }
})();

const state = {
  runsight: null,
  client: null,
  user: USERS.find((u) => u.token === saved.token) ?? USERS[0],
  workspace: saved.workspace ?? null,
  tenant: saved.tenant ?? null,
  renderedKey: null,
};

function save() {
  try {
    localStorage.setItem(
      STORAGE_KEY,
      JSON.stringify({ token: state.user.token, workspace: state.workspace, tenant: state.tenant }),
    );
  } catch {
    // private mode: the choice just is not remembered
  }
}

function option(value, text, selected) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  o.selected = selected;
  return o;
}

/** Keeps workspace and tenant within what the user may see, and refreshes the switchers. */
function normalise() {
  const workspaces = Object.keys(state.user.workspaces);
  if (!workspaces.includes(state.workspace)) state.workspace = workspaces[0];
  const tenants = state.user.workspaces[state.workspace];
  if (!tenants.includes(state.tenant)) state.tenant = tenants[0] ?? null;
  userSelect.replaceChildren(...USERS.map((u) => option(u.token, u.label, u === state.user)));
  workspaceSelect.replaceChildren(
    ...workspaces.map((w) => option(w, `${WORKSPACES[w] ?? w} (${w})`, w === state.workspace)),
  );
  workspaceSelect.disabled = workspaces.length < 2;
  tenantSelect.replaceChildren(
    ...tenants.map((t) => option(t, TENANTS[t] ?? t, t === state.tenant)),
  );
  tenantSelect.disabled = tenants.length < 2;
  save();
}

/** A new api-client for the current user, given to every element on the page. */
function switchClient() {
  const R = state.runsight;
  state.client = R.createClient({
    baseUrl: '/api',
    headers: { Authorization: `Bearer ${state.user.token}` },
  });
  R.setDefaultClient(state.client);
  for (const el of document.querySelectorAll(TAGS.join(','))) el.client = state.client;
}

function widget(tag, attrs) {
  const el = document.createElement(tag);
  el.client = state.client;
  const all = POLL_OVERRIDE === null ? attrs : { ...attrs, 'poll-interval': POLL_OVERRIDE };
  for (const [name, value] of Object.entries(all)) {
    if (value === true) el.setAttribute(name, '');
    else if (value !== null && value !== undefined && value !== false)
      el.setAttribute(name, String(value));
  }
  return el;
}

/** A layout cell around a widget (each widget brings its own heading and landmark). */
function region(child) {
  const div = document.createElement('div');
  div.className = 'region';
  div.append(child);
  return div;
}

function parseRoute() {
  const hash = location.hash || '#/';
  const q = hash.indexOf('?');
  const path = (q === -1 ? hash.slice(1) : hash.slice(1, q)) || '/';
  const params = new URLSearchParams(q === -1 ? '' : hash.slice(q + 1));
  if (path === '/') return { view: 'dashboard', params };
  if (path === '/workspace') return { view: 'workspace', params };
  if (path === '/operations') return { view: 'operations', params };
  const m = /^\/operations\/([^/]+)$/.exec(path);
  if (m) return { view: 'run', runId: decodeURIComponent(m[1]), params };
  return { view: 'missing', params };
}

function render(focus) {
  if (!state.runsight) return;
  const route = parseRoute();
  // A link may name a workspace or tenant (drill-through): follow it when the user may see it.
  const ws = route.params.get('workspace');
  if (ws && state.user.workspaces[ws]) state.workspace = ws;
  const tenant = route.params.get('tenant');
  if (
    route.view === 'dashboard' &&
    tenant &&
    state.user.workspaces[state.workspace].includes(tenant)
  ) {
    state.tenant = tenant;
  }
  normalise();

  const key = JSON.stringify([
    route.view,
    route.runId,
    state.user.token,
    state.workspace,
    route.view === 'dashboard' ? state.tenant : null,
  ]);
  for (const a of document.querySelectorAll('nav a[data-view]')) {
    const current =
      a.dataset.view === route.view || (route.view === 'run' && a.dataset.view === 'operations');
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (key === state.renderedKey) return; // same view: the widgets follow the URL themselves
  state.renderedKey = key;

  const view = $('view');
  const title = $('page-title');
  const intro = $('page-intro');
  const workspace = state.workspace;
  const wsName = WORKSPACES[workspace] ?? workspace;
  const common = { workspace, 'base-url': '/api' };

  switch (route.view) {
    case 'dashboard': {
      const tenantName = TENANTS[state.tenant] ?? state.tenant;
      title.textContent = `${tenantName}: tenant dashboard`;
      intro.textContent = `What is running for ${tenantName} in ${wsName}, and what needs attention.`;
      view.replaceChildren(
        region(widget('tenant-activity', { ...common, tenant: state.tenant, 'poll-interval': 5 })),
        region(
          widget('active-run-progress', {
            ...common,
            tenant: state.tenant,
            'max-visible': 4,
            'show-empty': true,
            'poll-interval': 3,
          }),
        ),
      );
      view.className = 'view two-columns';
      break;
    }
    case 'workspace':
      title.textContent = `${wsName}: workspace overview`;
      intro.textContent =
        'Recent operations across every tenant of the workspace that you may see.';
      view.replaceChildren(
        region(widget('workspace-recent-ops', { ...common, limit: 10, 'poll-interval': 5 })),
      );
      view.className = 'view';
      break;
    case 'operations':
      title.textContent = 'Operations';
      intro.textContent = `Every operation run in ${wsName} that you may see. Filters live in the address, so Back works and links can be shared.`;
      view.replaceChildren(
        widget('ops-list', { ...common, 'sync-url': true, 'page-size': 50, 'poll-interval': 5 }),
      );
      view.className = 'view';
      break;
    case 'run': {
      title.textContent = 'Operation run';
      intro.textContent = '';
      // run-detail brings its own link back to the list (with the filters it came from)
      view.replaceChildren(
        widget('run-detail', { ...common, 'run-id': route.runId, 'poll-interval': 3 }),
      );
      view.className = 'view';
      break;
    }
    default:
      title.textContent = 'Page not found';
      intro.textContent = '';
      {
        const link = Object.assign(document.createElement('a'), {
          href: '#/',
          textContent: 'Go to the tenant dashboard',
        });
        const p = document.createElement('p');
        p.append(link);
        view.replaceChildren(p);
      }
      view.className = 'view';
  }
  document.title = `${title.textContent} · Runsight demo`;
  if (focus) $('main').focus({ preventScroll: false });
}

async function loadRunsight() {
  let mod = null;
  try {
    mod = await import('/runsight.js');
  } catch {
    mod = null;
  }
  const R = mod && typeof mod.createClient === 'function' ? mod : window.Runsight;
  if (R && typeof R.createClient === 'function') return R;
  let detail = '';
  try {
    const res = await fetch('/runsight.js', { cache: 'no-store' });
    if (!res.ok) detail = ` (HTTP ${res.status}: ${(await res.text()).slice(0, 300)})`;
  } catch {
    detail = ' (the server did not answer)';
  }
  throw new Error(`The Runsight widget bundle could not be loaded${detail}`);
}

async function showTimeScale() {
  try {
    const info = await (await fetch('/healthz')).json();
    if (typeof info.time_scale === 'number' && info.time_scale !== 1) {
      $('about').textContent =
        `The runs on this page are simulated by the reference server ${info.time_scale}× faster than real life: ` +
        'within a few minutes you see work go from fresh to past expected, to likely stale, and to reconciled failed.';
    }
  } catch {
    // keep the generic text
  }
}

// The switcher is a form for its labels and grouping; it never submits (no inline handler:
// the page runs under a Content-Security-Policy without 'unsafe-inline').
document
  .querySelector('form.switcher')
  .addEventListener('submit', (event) => event.preventDefault());
userSelect.addEventListener('change', () => {
  state.user = USERS.find((u) => u.token === userSelect.value) ?? USERS[0];
  normalise();
  switchClient();
  render(false);
});
workspaceSelect.addEventListener('change', () => {
  state.workspace = workspaceSelect.value;
  normalise();
  // a list or run of the previous workspace makes no sense in the new one
  if (parseRoute().view === 'run' || parseRoute().view === 'operations')
    location.hash = '#/operations';
  else render(false);
});
tenantSelect.addEventListener('change', () => {
  state.tenant = tenantSelect.value;
  normalise();
  if (parseRoute().view !== 'dashboard') location.hash = '#/';
  else render(false);
});
window.addEventListener('hashchange', () => render(true));

normalise();
void showTimeScale();
loadRunsight().then(
  (R) => {
    state.runsight = R;
    switchClient();
    render(false);
  },
  (err) => {
    const notice = $('notice');
    notice.hidden = false;
    notice.textContent = `${err.message}. Build the widgets (npm run build at the repository root), then reload this page.`;
    $('view').replaceChildren();
  },
);
