/**
 * Running the service's own command from another program — the integration tests and the benchmark start
 * department services as a department does, as processes of `npm run service`'s script, and stop only
 * the processes they started.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The script `npm run service` runs. */
export const SERVICE_CLI = path.join(__dirname, 'cli.js');

/**
 * Runs one command of the service's script (`keys add`, `callers add`) and waits for it.
 *
 * @param args - the command and its options
 * @returns its standard output, trimmed (e.g. the new API key)
 * @throws the child's failure, with its standard error
 */
export function runServiceCommand(args: readonly string[]): string {
  return execFileSync(process.execPath, [SERVICE_CLI, ...args], {
    encoding: 'utf8',
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/**
 * Starts a service (the script with `args`) logging to `logFile`, and waits until `healthy` says so.
 *
 * @param args - the service's options, e.g. `['--department', 'tax']`
 * @param logFile - appended with its standard output and error
 * @param healthy - asked every 200 ms; a throw counts as not yet
 * @returns the running process
 * @throws when it exits, or is not healthy within 30 s (then it is stopped)
 */
export async function startServiceProcess(
  args: readonly string[],
  logFile: string,
  healthy: () => Promise<boolean>,
): Promise<ChildProcess> {
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [SERVICE_CLI, ...args], { stdio: ['ignore', log, log], env: process.env });
  for (let i = 0; i < 150 && child.exitCode === null; i++) {
    try {
      if (await healthy()) return child;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  child.kill();
  throw new Error(
    `the service (${args.join(' ')}) did not become healthy (exit ${String(child.exitCode)}; log ${logFile})`,
  );
}
