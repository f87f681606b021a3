#!/usr/bin/env node
/**
 * The `govchain` command: see README.md for commands and exit codes.
 */
import { runCli } from './cli/program';

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: UNEXPECTED: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
