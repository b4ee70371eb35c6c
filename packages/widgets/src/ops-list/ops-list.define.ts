import { OpsList } from './ops-list.js';

export { OpsList };

if (!customElements.get('ops-list')) {
  customElements.define('ops-list', OpsList);
}

declare global {
  interface HTMLElementTagNameMap {
    'ops-list': OpsList;
  }
}
