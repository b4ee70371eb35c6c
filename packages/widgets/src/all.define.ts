/** Registers every Runsight element (side effect). */
import './tenant-activity/tenant-activity.define.js';
import './active-run-progress/active-run-progress.define.js';
import './workspace-recent-ops/workspace-recent-ops.define.js';
import './ops-list/ops-list.define.js';
import './run-detail/run-detail.define.js';
