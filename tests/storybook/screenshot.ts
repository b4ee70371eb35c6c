// Screenshots of stories, for looking at them as a reviewer would:
//
//   node --conditions=source --import tsx tests/storybook/screenshot.ts [--light] <story id>…
//
// Builds the static Storybook (or uses STORYBOOK_STATIC_DIR), waits for each story to finish
// (play function included) and writes screenshots/<story id>.png (full page). Stories tagged
// `dark-scheme` are taken with `prefers-color-scheme: dark`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildStorybook,
  launchChromium,
  readIndex,
  recordChannelEvents,
  root,
  serve,
  storyUrl,
} from './harness.js';

// --light: never emulate dark (dark stories then show the host-token fallback of theme.ts).
const light = process.argv.includes('--light');
const ids = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (ids.length === 0) {
  console.error('usage: screenshot.ts <story id>…  (ids as in index.json)');
  process.exit(2);
}
const built = buildStorybook();
const entries = new Map(readIndex(built.dir).map((e) => [e.id, e]));
const { server, origin } = await serve(built.dir);
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const out = join(root, 'screenshots');
mkdirSync(out, { recursive: true });
try {
  for (const id of ids) {
    const entry = entries.get(id);
    if (!entry) {
      console.error(`unknown story ${id}`);
      process.exitCode = 1;
      continue;
    }
    const page = await context.newPage();
    if (!light && entry.tags?.includes('dark-scheme'))
      await page.emulateMedia({ colorScheme: 'dark' });
    const docs = entry.type === 'docs';
    const done = docs ? 'docsRendered' : 'storyFinished';
    await page.addInitScript({ content: recordChannelEvents([done]) });
    await page.goto(storyUrl(origin, id, docs ? 'docs' : 'story'));
    await page.waitForFunction(
      `(globalThis.__smoke ?? []).some((r) => r.event === '${done}')`,
      undefined,
      { timeout: 30_000 },
    );
    if (docs) await page.waitForTimeout(3000); // the docs page's stories load and play
    const file = join(out, `${id}${light ? '.light' : ''}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
    // Pages stay open until the end: mockServiceWorker.js unregisters itself when its last
    // client closes (see smoke.test.ts).
  }
} finally {
  await browser.close();
  server.close();
  built.cleanup();
}
