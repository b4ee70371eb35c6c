/**
 * Bearer tokens mapped to users who may see some workspaces and, within a workspace, either
 * everything (`'*'`: every tenant and the workspace-level runs) or only some tenants.
 */
export type WorkspaceGrant = '*' | string[];

export interface UserGrant {
  /** Display name (logs, demo page). */
  name: string;
  /** `'*'`: every workspace, fully. Else workspace id → grant. */
  workspaces: '*' | Record<string, WorkspaceGrant>;
}

export type TokenMap = Record<string, UserGrant>;

/**
 * Who a bearer token belongs to: its grant, or null when the token is not valid (401
 * `invalid_token`). Never rejects for a bad token: a rejection is a server fault.
 */
export type Authenticator = (token: string) => Promise<UserGrant | null>;

/** The authenticator of a fixed token map (the demo's users, `RUNSIGHT_TOKENS`). */
export function tokenMapAuthenticator(tokens: TokenMap): Authenticator {
  return (token) => Promise.resolve(Object.hasOwn(tokens, token) ? (tokens[token] ?? null) : null);
}

/** The demo's users (documented in the README; the demo page's switcher uses them). */
export const DEMO_TOKENS: TokenMap = {
  'demo-admin': { name: 'Ana Admin (everything)', workspaces: '*' },
  'demo-contoso': { name: 'Casey — Contoso only', workspaces: { ws_1: ['t_1'] } },
  'demo-fabrikam': { name: 'Farid — Fabrikam only', workspaces: { ws_1: ['t_2'] } },
  'demo-ws2': { name: 'Sam — Staging workspace', workspaces: { ws_2: '*' } },
};

/** Parses and checks a token map (e.g. env `RUNSIGHT_TOKENS`). Throws a readable Error. */
export function parseTokens(json: string): TokenMap {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('RUNSIGHT_TOKENS is not valid JSON');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error('RUNSIGHT_TOKENS must be an object of token → {name, workspaces}');
  }
  const out: TokenMap = {};
  for (const [token, grant] of Object.entries(raw as Record<string, unknown>)) {
    const where = `RUNSIGHT_TOKENS[${JSON.stringify(token)}]`;
    if (token.length < 1 || /\s/.test(token))
      throw new Error(`${where}: a token has no whitespace`);
    if (grant === null || typeof grant !== 'object') throw new Error(`${where} must be an object`);
    const { name, workspaces } = grant as Record<string, unknown>;
    if (workspaces === '*') {
      out[token] = { name: typeof name === 'string' ? name : token, workspaces: '*' };
      continue;
    }
    if (workspaces === null || typeof workspaces !== 'object' || Array.isArray(workspaces)) {
      throw new Error(`${where}.workspaces must be "*" or an object`);
    }
    const ws: Record<string, WorkspaceGrant> = {};
    for (const [id, g] of Object.entries(workspaces as Record<string, unknown>)) {
      if (g === '*') ws[id] = '*';
      else if (Array.isArray(g) && g.every((t) => typeof t === 'string'))
        ws[id] = [...(g as string[])];
      else throw new Error(`${where}.workspaces.${id} must be "*" or an array of tenant ids`);
    }
    out[token] = { name: typeof name === 'string' ? name : token, workspaces: ws };
  }
  return out;
}

/** What a user may see in one workspace: null → nothing (404). */
export function workspaceGrant(user: UserGrant, workspace: string): WorkspaceGrant | null {
  if (user.workspaces === '*') return '*';
  return Object.hasOwn(user.workspaces, workspace) ? (user.workspaces[workspace] ?? null) : null;
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return m ? (m[1] as string) : null;
}
