/**
 * One api-client per base URL for the whole page, so identical queries from several elements
 * share one request and one poll loop. A host with its own auth either passes `client` to an
 * element, or (script-tag hosts) calls `setDefaultClient()` once.
 */
import { createClient, type RunsightClient } from '@runsight/api-client';
import { defaultLinkBuilder, type LinkBuilder } from './links.js';

const DEFAULT_BASE_URL = '/api';
const shared = new Map<string, RunsightClient>();
let defaultClient: RunsightClient | null = null;
let defaultLinks: LinkBuilder = defaultLinkBuilder;

/** A stable key for a base URL: resolved against the document, no trailing slash. */
export function baseUrlKey(baseUrl: string): string {
  let resolved = baseUrl;
  try {
    resolved = new URL(baseUrl, globalThis.document?.baseURI ?? 'http://localhost/').href;
  } catch {
    // keep as given
  }
  return resolved.replace(/\/+$/, '');
}

/**
 * The page's shared client for `baseUrl` (created on first use). Without a base URL, the
 * client set by `setDefaultClient()` if any, else the one for `/api`.
 */
export function getSharedClient(baseUrl?: string | null): RunsightClient {
  if (!baseUrl && defaultClient) return defaultClient;
  const url = baseUrl || DEFAULT_BASE_URL;
  const key = baseUrlKey(url);
  let client = shared.get(key);
  if (!client) {
    client = createClient({ baseUrl: url });
    shared.set(key, client);
  }
  return client;
}

/**
 * Sets the client used by every element that has neither a `client` property nor a `base-url`
 * attribute; it also becomes the shared client for its own base URL. `null` resets.
 */
export function setDefaultClient(client: RunsightClient | null): void {
  defaultClient = client;
  if (client) shared.set(baseUrlKey(client.baseUrl), client);
}

/** Sets the link builder of every element without its own `links` property (`null` resets). */
export function setDefaultLinkBuilder(links: LinkBuilder | null): void {
  defaultLinks = links ?? defaultLinkBuilder;
}

/** The page's current default link builder. */
export function getDefaultLinkBuilder(): LinkBuilder {
  return defaultLinks;
}

/** Testing only: forgets shared clients and defaults. */
export function resetSharedClients(): void {
  shared.clear();
  defaultClient = null;
  defaultLinks = defaultLinkBuilder;
}
