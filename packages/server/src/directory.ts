/**
 * Which workspaces and tenants exist (api.md: an unknown workspace or tenant is a 404, exactly
 * like one the caller may not see). Read from the configured relations (relations.ts):
 *
 * - a workspaces view / tenants view, when configured (the own tables in own mode): cached in
 *   memory — they are few and rarely change; a lookup that misses reloads them (at most once a
 *   second), and they are reloaded every 30 s anyway;
 * - else the runs view: a workspace exists when it has a run, a tenant when it has a run in the
 *   workspace (one index probe each, `EXISTS`).
 *
 * Tenant names come with each run (the runs view's `tenant_name`), not from here.
 */
import type { Queryable } from './db.js';
import { OWN_RELATIONS, type Relations } from './relations.js';

interface Snapshot {
  /** workspace id → its tenant ids (null: not known from a tenants view). */
  workspaces: Map<string, Set<string>>;
  at: number;
}

export class Directory {
  readonly #db: Queryable;
  readonly #relations: Relations;
  readonly #maxAgeMs: number;
  #snapshot: Snapshot | null = null;
  #loading: Promise<Snapshot> | null = null;
  #lastMissReload = 0;

  constructor(db: Queryable, opts: { maxAgeMs?: number; relations?: Relations } = {}) {
    this.#db = db;
    this.#relations = opts.relations ?? OWN_RELATIONS;
    this.#maxAgeMs = opts.maxAgeMs ?? 30_000;
  }

  async #load(): Promise<Snapshot> {
    const { workspaces: wsRel, tenants: tRel } = this.#relations;
    this.#loading ??= (async () => {
      try {
        const workspaces = new Map<string, Set<string>>();
        if (wsRel !== null) {
          const ws = await this.#db.query<{ id: string }>(`SELECT id FROM ${wsRel}`);
          for (const w of ws.rows) workspaces.set(w.id, new Set());
        }
        if (tRel !== null) {
          const ts = await this.#db.query<{ id: string; workspace_id: string }>(
            `SELECT id, workspace_id FROM ${tRel}`,
          );
          for (const t of ts.rows) {
            const set = workspaces.get(t.workspace_id);
            if (set !== undefined) set.add(t.id);
            else if (wsRel === null) workspaces.set(t.workspace_id, new Set([t.id]));
          }
        }
        this.#snapshot = { workspaces, at: Date.now() };
        return this.#snapshot;
      } finally {
        this.#loading = null;
      }
    })();
    return this.#loading;
  }

  /** The cached snapshot, reloaded when old or when `id` misses (at most once a second). */
  async #lookup(id: string): Promise<Snapshot> {
    let s = this.#snapshot;
    if (s === null || Date.now() - s.at > this.#maxAgeMs) s = await this.#load();
    if (!s.workspaces.has(id) && Date.now() - this.#lastMissReload > 1000) {
      this.#lastMissReload = Date.now();
      s = await this.#load();
    }
    return s;
  }

  async #hasRun(workspace: string, tenant: string | null): Promise<boolean> {
    const res = await this.#db.query<{ found: boolean }>(
      tenant === null
        ? `SELECT EXISTS (SELECT 1 FROM ${this.#relations.runs} WHERE workspace_id = $1) AS found`
        : `SELECT EXISTS (SELECT 1 FROM ${this.#relations.runs} WHERE workspace_id = $1 AND tenant_id = $2) AS found`,
      tenant === null ? [workspace] : [workspace, tenant],
    );
    return res.rows[0]?.found === true;
  }

  /** Whether the workspace exists. */
  async workspace(id: string): Promise<boolean> {
    const { workspaces, tenants } = this.#relations;
    if (workspaces === null && tenants === null) return this.#hasRun(id, null);
    if ((await this.#lookup(id)).workspaces.has(id)) return true;
    // a tenants view without a workspaces view names only the workspaces that have tenants
    return workspaces === null && this.#hasRun(id, null);
  }

  /** Whether the tenant exists in the (existing) workspace. */
  async tenant(workspace: string, id: string): Promise<boolean> {
    if (this.#relations.tenants === null) return this.#hasRun(workspace, id);
    let s = await this.#lookup(workspace);
    if (s.workspaces.get(workspace)?.has(id) !== true && Date.now() - this.#lastMissReload > 1000) {
      this.#lastMissReload = Date.now();
      s = await this.#load();
    }
    return s.workspaces.get(workspace)?.has(id) === true;
  }

  /** Forget the cache (after inserting workspaces or tenants). */
  invalidate(): void {
    this.#snapshot = null;
  }
}
