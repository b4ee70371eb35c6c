/**
 * abortOnDisconnect: a `Task` (from `@lit/task`) does not abort by itself when its element is
 * removed; its pending run goes on and its result lands on a detached element. This tiny reactive
 * controller calls `task.abort()` in `hostDisconnected`, which aborts the `signal` the task
 * function received (pass it on to `fetch`/`client.listRuns`). The run then settles as the task
 * function decides: return `initialState` on abort to go back to INITIAL rather than ERROR.
 *
 * ```ts
 * readonly #more = abortOnDisconnect(this, new Task(this, { autoRun: false, task: … }));
 * ```
 */
import type { ReactiveControllerHost } from 'lit';
import type { Task } from '@lit/task';

/** Aborts `task`'s pending run whenever `host` disconnects; returns `task`. */
export function abortOnDisconnect<T extends Pick<Task, 'abort'>>(
  host: ReactiveControllerHost,
  task: T,
): T {
  host.addController({ hostDisconnected: () => task.abort() });
  return task;
}
