/**
 * The queries the compact elements share. Elements on one page that use the same function with
 * the same arguments make ONE request per poll cycle (the api-client's store keys on the query).
 */
import type { ListRunsQuery } from '@runsight/api-client';

/** Page size of the active-runs query (the API maximum, so the set is complete in practice). */
export const ACTIVE_LIMIT = 200;
/** Page size of the recent-runs queries. */
export const RECENT_LIMIT = 50;

/** Every active run of a tenant: `<active-run-progress>`. */
export function activeRunsQuery(workspace: string, tenant: string): ListRunsQuery {
  return { workspace, tenant, status: ['active'], limit: ACTIVE_LIMIT };
}

/**
 * The most recent runs of a tenant, newest first: `<tenant-activity>`. A full page (the API's
 * default size), so that it is the same query as the first page of an `<ops-list>` of the tenant
 * on the same page, and the card holds the active runs among them to carry its figures with.
 */
export function recentTenantRunsQuery(workspace: string, tenant: string): ListRunsQuery {
  return { workspace, tenant, limit: RECENT_LIMIT };
}

/**
 * The most recent runs of the workspace, newest first: `<workspace-recent-ops>`. At least
 * RECENT_LIMIT rows (the same query as an `<ops-list>` of the workspace's first page; the card
 * carries its figures with the active runs among them), so every `limit` up to 50 shares one
 * query.
 */
export function recentWorkspaceRunsQuery(workspace: string, limit: number): ListRunsQuery {
  return { workspace, limit: Math.min(ACTIVE_LIMIT, Math.max(RECENT_LIMIT, limit)) };
}
