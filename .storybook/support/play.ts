// Helpers for play functions. The elements render into shadow DOM, so every query goes through
// the element's `shadowRoot` (testing-library's `within` accepts it as a container).
import { expect, waitFor, within } from 'storybook/test';
import { catalogs } from '../../packages/widgets/src/i18n/catalogs.js';

export { catalogs };

type AnyElement = HTMLElement & { updateComplete?: Promise<unknown> };

/** The first `tag` element in the story canvas, after its first update. */
export async function elementIn<K extends keyof HTMLElementTagNameMap>(
  canvasElement: HTMLElement,
  tag: K,
): Promise<HTMLElementTagNameMap[K]> {
  const el = await waitFor(() => {
    const found = canvasElement.querySelector(tag);
    if (!found) throw new Error(`<${tag}> not in the story`);
    return found;
  });
  await (el as AnyElement).updateComplete;
  return el;
}

/** The element's shadow root, typed for testing-library's `within`. */
export function shadowOf(el: Element): HTMLElement {
  if (!el.shadowRoot) throw new Error(`<${el.localName}> has no shadow root`);
  return el.shadowRoot as unknown as HTMLElement;
}

/** testing-library queries inside the element's shadow root. */
export function inShadow(el: Element) {
  return within(shadowOf(el));
}

/** The visible text of the element's shadow root, whitespace collapsed. */
export function textOf(el: Element): string {
  return (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until the element has left the loading state (no `aria-busy` skeleton). */
export async function settled(el: Element, timeout = 5000): Promise<void> {
  await waitFor(
    () => {
      const root = el.shadowRoot;
      if (!root || (root.childElementCount === 0 && !(el as Element).hasAttribute('data-empty'))) {
        throw new Error('not rendered yet');
      }
      if (root.querySelector('[aria-busy="true"]')) throw new Error('still loading');
    },
    { timeout },
  );
  await (el as AnyElement).updateComplete;
}

/** The badge texts in render order. */
export function badgeTexts(el: Element): string[] {
  return [...(el.shadowRoot?.querySelectorAll('[part~="badge"]') ?? [])].map((b) =>
    (b.textContent ?? '').replace(/\s+/g, ' ').trim(),
  );
}

/** Asserts the element shows the plain-words error message and a working Retry button. */
export async function expectErrorWithRetry(
  el: Element,
  message: string,
  retryLabel: RegExp = /^(Retry|Retrying…|Erneut versuchen|Neuer Versuch…)$/,
): Promise<HTMLButtonElement> {
  const shadow = inShadow(el);
  const alert = await shadow.findByRole('alert', {}, { timeout: 5000 });
  await expect(alert).toHaveTextContent(message);
  const button = await within(alert).findByRole('button', { name: retryLabel });
  return button as HTMLButtonElement;
}

/** No element and no attribute in the shadow root came from hostile strings of the data. */
export async function expectNoInjectedMarkup(el: Element): Promise<void> {
  const root = el.shadowRoot!;
  await expect(root.querySelector('script')).toBeNull();
  await expect(root.querySelector('img')).toBeNull();
  for (const node of root.querySelectorAll('*')) {
    for (const attr of node.attributes) {
      await expect(attr.name.startsWith('on')).toBe(false);
      if (attr.name === 'href') await expect(attr.value).not.toMatch(/^\s*javascript:/i);
    }
  }
}

/** The element renders with the dark theme: light text on its dark surface. */
export async function expectDarkTheme(el: Element): Promise<void> {
  const [r = 0, g = 0, b = 0] = (getComputedStyle(el).color.match(/\d+/g) ?? []).map(Number);
  const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  await expect(luminance).toBeGreaterThan(0.6);
}
