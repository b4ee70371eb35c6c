import { ActiveRunProgress } from './active-run-progress.js';

export { ActiveRunProgress };

if (!customElements.get('active-run-progress')) {
  customElements.define('active-run-progress', ActiveRunProgress);
}

declare global {
  interface HTMLElementTagNameMap {
    'active-run-progress': ActiveRunProgress;
  }
}
