// In-page measurement helpers (bundled into the bench pages).

/** Resolves after the next frame has been produced (rAF, then a task after it). */
export function nextPaint() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    });
  });
}

export const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** Collects garbage when Chromium runs with --js-flags=--expose-gc. */
export async function settle() {
  globalThis.gc?.();
  await nextPaint();
  await nextPaint();
}

/** Long tasks (PerformanceObserver 'longtask') between start() and stop(). */
export function longTasks() {
  const tasks = [];
  let observer = null;
  return {
    start() {
      tasks.length = 0;
      try {
        observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) tasks.push(e.duration);
        });
        observer.observe({ type: 'longtask' });
      } catch {
        observer = null;
      }
    },
    stop() {
      observer?.takeRecords().forEach((e) => tasks.push(e.duration));
      observer?.disconnect();
      return { count: tasks.length, maxMs: tasks.length ? Math.max(...tasks) : 0 };
    },
  };
}

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Every element (depth first) under `root`, crossing open shadow roots. */
export function* deepElements(root) {
  const stack = [root];
  while (stack.length) {
    const node = stack.pop();
    if (node.shadowRoot) stack.push(node.shadowRoot);
    for (let c = node.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
    if (node.nodeType === 1) yield node;
  }
}

export function deepQueryAll(root, selector) {
  const out = [];
  for (const el of deepElements(root)) if (el.matches(selector)) out.push(el);
  return out;
}
