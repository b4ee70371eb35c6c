import { RunDetailElement } from './run-detail.js';

export { RunDetailElement };

if (!customElements.get('run-detail')) {
  customElements.define('run-detail', RunDetailElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'run-detail': RunDetailElement;
  }
}
