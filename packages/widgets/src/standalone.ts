/**
 * Entry of the standalone bundle `dist/runsight.js` (one ES module, everything inlined) for
 * script-tag hosts:
 *
 * ```html
 * <script type="module">
 *   import { createClient, setDefaultClient } from 'https://cdn.example/runsight.js';
 *   setDefaultClient(createClient({ baseUrl: '/api', headers: () => ({ Authorization: token() }) }));
 * </script>
 * <tenant-activity workspace="ws_1" tenant="t_1"></tenant-activity>
 * ```
 *
 * Importing it defines every element.
 */
// Layout of the bundle: lit's directives next to lit, then the style sheets side by side and the
// SVG icons (similar text compresses better when it is close together), then everything else in
// import order.
import 'lit/directives/repeat.js';
import './styles/shared.styles.js';
import './tenant-activity/tenant-activity.styles.js';
import './active-run-progress/active-run-progress.styles.js';
import './workspace-recent-ops/workspace-recent-ops.styles.js';
import './ops-list/ops-list.styles.js';
import './run-detail/run-detail.styles.js';
import './internal/icons.js';
import './all.define.js';

export * from './index.js';
