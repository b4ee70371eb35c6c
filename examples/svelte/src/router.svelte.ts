// The app's router: two routes over the History API (a Svelte app without SvelteKit brings its own).
import type { RunsightNavigateEvent } from '@runsight/widgets';

export const route = $state({ pathname: location.pathname, search: location.search });

function sync(): void {
  route.pathname = location.pathname;
  route.search = location.search;
}
addEventListener('popstate', sync);

export function goto(href: string): void {
  history.pushState(null, '', href);
  sync();
}

/** Runsight's links go through the router: no page load. */
export function onNavigate(event: RunsightNavigateEvent): void {
  event.preventDefault();
  goto(event.detail.href);
}
