/**
 * The example hosts in examples/ (docs/hosts.md links each as its host's worked setup): how each
 * is checked, built and served. Shared by scripts/examples.ts (install, check, build) and
 * host.test.ts (the browser test).
 */
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const EXAMPLES_DIR = path.join(ROOT, 'examples');

export interface Example {
  name: string;
  /** Folder under examples/. */
  dir: string;
  /**
   * `spa`: a single-page app whose build (`served`, under the example's folder) the test serves
   * with /api proxied to the reference server; `server`: the example is its own server
   * (`served` is its entry, started with `node`).
   */
  kind: 'spa' | 'server';
  served: string;
}

export const EXAMPLES: readonly Example[] = [
  { name: 'react', dir: 'react', kind: 'spa', served: 'dist' },
  { name: 'vue', dir: 'vue', kind: 'spa', served: 'dist' },
  { name: 'svelte', dir: 'svelte', kind: 'spa', served: 'dist' },
  { name: 'angular', dir: 'angular', kind: 'spa', served: 'dist/browser' },
  { name: 'server-rendered', dir: 'server-rendered', kind: 'server', served: 'server.js' },
];

/** The examples named in `names` (all when empty); throws on an unknown name. */
export function selectExamples(names: readonly string[]): Example[] {
  if (names.length === 0) return [...EXAMPLES];
  return names.map((name) => {
    const found = EXAMPLES.find((e) => e.name === name);
    if (!found)
      throw new Error(`no example "${name}" (examples: ${EXAMPLES.map((e) => e.name).join(', ')})`);
    return found;
  });
}
