import { TenantActivity } from './tenant-activity.js';

export { TenantActivity };

if (!customElements.get('tenant-activity')) {
  customElements.define('tenant-activity', TenantActivity);
}

declare global {
  interface HTMLElementTagNameMap {
    'tenant-activity': TenantActivity;
  }
}
