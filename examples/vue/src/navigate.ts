import { useRouter } from 'vue-router';
import type { RunsightNavigateEvent } from '@runsight/widgets';

/** Runsight's links go through the router: no page load. */
export function useRunsightNavigate(): (event: RunsightNavigateEvent) => void {
  const router = useRouter();
  return (event) => {
    event.preventDefault();
    void router.push(event.detail.href);
  };
}
