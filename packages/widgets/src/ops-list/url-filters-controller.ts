/**
 * The URL side of `<ops-list sync-url>` (a reactive controller): which route of the page holds
 * the list's filters, reading them from its query string, one history entry per change the reader
 * makes, and `popstate` (Back/Forward) restoring them.
 *
 * The codec (parameter names, defaults left out, hash-routed hosts) is `filters.ts`; this
 * controller only knows the page's `location` and `history`. History changes of another route of
 * the host (e.g. a run's page while the list stays mounted) are not ours and are ignored.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  buildLocationUrl,
  parseFilters,
  readLocationParams,
  routeOf,
  sameFilters,
  writeFilters,
  type OpsListFilters,
} from './filters.js';

export interface UrlFiltersOptions {
  /** Whether the filters live in the URL (`sync-url`). */
  enabled(): boolean;
  /** The filters of the attributes: the URL only holds the differences from them. */
  defaults(): OpsListFilters;
  /** The fixed tenant (the `tenant` attribute), which always wins over the URL; else null. */
  fixedTenant(): string | null;
  /** The filters in effect. */
  current(): OpsListFilters;
  /** History moved to other filters on our route (`popstate`). */
  onNavigate(next: OpsListFilters): void;
}

export class UrlFiltersController implements ReactiveController {
  readonly #options: UrlFiltersOptions;
  /** The route (hash path or pathname) whose query holds our filters. */
  #route: string | null = null;

  constructor(host: ReactiveControllerHost, options: UrlFiltersOptions) {
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.#onPopState);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.#onPopState);
  }

  /** The route the page is on now is ours (called when `sync-url` turns on). */
  claimRoute(): void {
    this.#route = routeOf(window.location);
  }

  /** The page is on our route. */
  get onRoute(): boolean {
    return this.#route !== null && routeOf(window.location) === this.#route;
  }

  /** The filters the page's URL asks for, over the defaults (the fixed tenant wins). */
  read(): OpsListFilters {
    const o = this.#options;
    return parseFilters(readLocationParams(window.location), o.defaults(), o.fixedTenant());
  }

  /** Filters the reader chose: one history entry (`pushState`), on our route and when it differs. */
  push(next: OpsListFilters): void {
    const o = this.#options;
    if (!o.enabled() || !this.onRoute) return;
    const params = writeFilters(
      readLocationParams(window.location),
      next,
      o.defaults(),
      o.fixedTenant(),
    );
    const url = buildLocationUrl(window.location, params);
    const current = `${location.pathname}${location.search}${location.hash}`;
    if (url !== current) history.pushState(history.state, '', url);
  }

  readonly #onPopState = (): void => {
    // Another route of the host (e.g. a run's page while the list stays mounted): not ours.
    if (!this.#options.enabled() || !this.onRoute) return;
    const next = this.read();
    if (!sameFilters(next, this.#options.current())) this.#options.onNavigate(next);
  };
}
