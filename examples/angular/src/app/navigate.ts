import { inject } from '@angular/core';
import { Router } from '@angular/router';
import type { RunsightNavigateEvent } from '@runsight/widgets';

/** Runsight's links go through the router: no page load. Call in an injection context. */
export function runsightNavigate(): (event: RunsightNavigateEvent) => void {
  const router = inject(Router);
  return (event) => {
    event.preventDefault();
    void router.navigateByUrl(event.detail.href);
  };
}
