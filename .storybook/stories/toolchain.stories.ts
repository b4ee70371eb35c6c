// Placeholder until the elements exist: proves the toolchain (legacy decorators with
// useDefineForClassFields: false through Vite/oxc, Lit, MSW) works in the preview.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { http, HttpResponse } from 'msw';
import { expect, waitFor } from 'storybook/test';

@customElement('sb-toolchain-check')
class SbToolchainCheck extends LitElement {
  @property() label = 'initial';
  @state() private answer = '…';

  override connectedCallback(): void {
    super.connectedCallback();
    void fetch('/sb-toolchain/ping')
      .then((r) => r.json() as Promise<{ pong: string }>)
      .then((body) => {
        this.answer = body.pong;
      });
  }

  override render() {
    return html`<p>${this.label}: ${this.answer}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-toolchain-check': SbToolchainCheck;
  }
}

const meta: Meta = {
  title: 'Internal/Toolchain check',
  tags: ['!autodocs'],
  render: () => html`<sb-toolchain-check label="decorators"></sb-toolchain-check>`,
  beforeEach: async ({ msw }) => {
    msw.use(http.get('/sb-toolchain/ping', () => HttpResponse.json({ pong: 'mocked' })));
  },
};
export default meta;

export const Works: StoryObj = {
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('sb-toolchain-check')!;
    const text = () => el.shadowRoot?.textContent?.trim();
    await waitFor(() => expect(text()).toBe('decorators: mocked'));
    // A reactive property set after first render must re-render: a class field shadowing Lit's
    // accessor (standard decorators, or define semantics) would break exactly this.
    el.label = 'updated';
    await el.updateComplete;
    await expect(text()).toBe('updated: mocked');
    await expect(Object.prototype.hasOwnProperty.call(el, 'label')).toBe(false);
  },
};
