import { WorkspaceRecentOps } from './workspace-recent-ops.js';

export { WorkspaceRecentOps };

if (!customElements.get('workspace-recent-ops')) {
  customElements.define('workspace-recent-ops', WorkspaceRecentOps);
}

declare global {
  interface HTMLElementTagNameMap {
    'workspace-recent-ops': WorkspaceRecentOps;
  }
}
