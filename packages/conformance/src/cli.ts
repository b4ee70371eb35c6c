#!/usr/bin/env node
/** The `runsight-conformance` command (see cli-main.ts and `--help`). */
import { cli } from './cli-main.js';

const { status } = await cli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
});
process.exitCode = status;
