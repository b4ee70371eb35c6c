/**
 * SIGINT/SIGTERM for a server process (the demo and the sidecar): handled from the start, so a
 * stop during a (possibly long) start-up exits at once; once the server is up, it is closed
 * first. Exit 0 after a clean close, 1 when closing fails.
 */
import type { RunsightServer } from './server.js';

/** Installs the handlers; `server()` is the running server, or null while it starts. */
export function exitOnSignals(server: () => RunsightServer | null): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`runsight: ${signal}, shutting down…`);
    const running = server();
    if (running === null) process.exit(0);
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
