/**
 * @runsight/conformance: checks a live backend against the Runsight HTTP contract. The command
 * is `runsight-conformance` (cli.ts); this entry is the same as a library.
 */
export { cli, parseCli, HELP, type CliIo } from './cli-main.js';
export {
  runConformance,
  CHECKS,
  CHECK_IDS,
  DEFAULTS,
  type CheckResult,
  type Outcome,
  type Report,
  type RunOptions,
} from './runner.js';
export { formatText, formatJUnit, formatJson } from './report.js';
export { Contract, loadDocument, type OperationId, type ParameterSpec } from './contract.js';
export type { CheckId, Finding } from './checks/common.js';
export type { Exchange, FetchLike } from './http.js';
