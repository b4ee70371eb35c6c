/** Registers every Runsight element (side effect). */
import './active-run-progress/active-run-progress.define.js';
