/**
 * Reading the list origin `<ops-list>` remembers (`LIST_ORIGIN_KEY`, `ListOrigin` in
 * internal/links.ts). Only `<run-detail>` reads it, so it lives with the element rather than in
 * links.ts, which every element loads (the bundle's fixed cost).
 */
import { LIST_ORIGIN_KEY, type ListOrigin } from '../internal/links.js';

/**
 * The list origin `<ops-list>` remembered in this tab, if it was written for `runId`; null when
 * there is none, it belongs to another run (or has no run id: an older version wrote it), the
 * storage is unavailable or the value is not ours. The caller still checks href, workspace and
 * tenant.
 */
export function readListOrigin(runId: string): Partial<ListOrigin> | null {
  try {
    const raw = sessionStorage.getItem(LIST_ORIGIN_KEY);
    const origin: unknown = raw ? JSON.parse(raw) : null;
    if (!origin || typeof origin !== 'object') return null;
    return (origin as Partial<ListOrigin>).runId === runId ? (origin as Partial<ListOrigin>) : null;
  } catch {
    // no storage, or not ours: the back link falls back to the plain list
    return null;
  }
}
