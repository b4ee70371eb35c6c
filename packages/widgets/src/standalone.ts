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
import './all.define.js';

export * from './index.js';
