/**
 * The workspaces and tenants, cached in memory: they are few and rarely change, and every list
 * request needs them (does the workspace exist? the tenant? what is its name?). A lookup that
 * misses reloads them (at most once a second), and they are reloaded every 30 s anyway.
 */
import type { Queryable } from './db.js';

interface Snapshot {
  workspaces: Map<string, Map<string, string>>;
  tenantNames: Map<string, string>;
  at: number;
}

export class Directory {
  readonly #db: Queryable;
  readonly #maxAgeMs: number;
  #snapshot: Snapshot | null = null;
  #loading: Promise<Snapshot> | null = null;
  #lastMissReload = 0;

  constructor(db: Queryable, opts: { maxAgeMs?: number } = {}) {
    this.#db = db;
    this.#maxAgeMs = opts.maxAgeMs ?? 30_000;
  }

  async #load(): Promise<Snapshot> {
    this.#loading ??= (async () => {
      try {
        const ws = await this.#db.query<{ id: string }>('SELECT id FROM workspaces');
        const ts = await this.#db.query<{ id: string; workspace_id: string; name: string }>(
          'SELECT id, workspace_id, name FROM tenants',
        );
        const workspaces = new Map<string, Map<string, string>>();
        for (const w of ws.rows) workspaces.set(w.id, new Map());
        const tenantNames = new Map<string, string>();
        for (const t of ts.rows) {
          workspaces.get(t.workspace_id)?.set(t.id, t.name);
          tenantNames.set(t.id, t.name);
        }
        this.#snapshot = { workspaces, tenantNames, at: Date.now() };
        return this.#snapshot;
      } finally {
        this.#loading = null;
      }
    })();
    return this.#loading;
  }

  async #current(): Promise<Snapshot> {
    const s = this.#snapshot;
    if (s === null || Date.now() - s.at > this.#maxAgeMs) return this.#load();
    return s;
  }

  /** The tenants (id → name) of a workspace, or null when it does not exist. */
  async workspace(id: string): Promise<Map<string, string> | null> {
    let s = await this.#current();
    if (!s.workspaces.has(id) && Date.now() - this.#lastMissReload > 1000) {
      this.#lastMissReload = Date.now();
      s = await this.#load();
    }
    return s.workspaces.get(id) ?? null;
  }

  /** A tenant's name (from the last load). */
  tenantName(id: string | null): string | null {
    return id === null ? null : (this.#snapshot?.tenantNames.get(id) ?? null);
  }

  /** Forget the cache (after inserting workspaces or tenants). */
  invalidate(): void {
    this.#snapshot = null;
  }
}
