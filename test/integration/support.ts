import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import {
  connectDepartment,
  newSession,
  type GovchainConnection,
  type IdentityChoice,
  type Session,
} from '@govchain/gateway-client';
import type { NetworkStatus } from '@govchain/network';

const run = promisify(execFile);

/** The repository root (this file is compiled to test/dist/integration). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The runtime directory of the network under test (npm test sets GOVCHAIN_HOME). */
export const HOME = path.resolve(process.env.GOVCHAIN_HOME ?? path.join(ROOT, '.govchain'));

export const PROFILES = path.join(HOME, 'profiles');

/**
 * The read-your-writes session every connection of the test run shares: whatever one department commits,
 * any other department's next call waits (bounded) until the peers that will run it have that block, so no
 * test depends on gossip timing.
 */
export const SESSION: Session = newSession();

/** Connects as a department through its own peer, from the profiles the network wrote, in {@link SESSION}. */
export async function connectAs(department: string, identity: IdentityChoice = 'user'): Promise<GovchainConnection> {
  const connection = await connectDepartment({ department, identity, profilesDir: PROFILES, session: SESSION });
  await connection.waitForReady(10_000);
  return connection;
}

/** Runs the network CLI (`npm run network:<command>`) and returns its output. */
export async function networkCli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [path.join(ROOT, 'network', 'dist', 'cli.js'), ...args], {
    cwd: ROOT,
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** What a run of the `govchain` CLI printed, and its exit code. */
export interface GovchainRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `govchain` CLI against the network's profiles; never rejects (the exit code is returned). */
export function govchainCli(...args: string[]): Promise<GovchainRun> {
  const cli = path.join(ROOT, 'gateway-client', 'dist', 'cli.js');
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, '--profiles', PROFILES, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
    });
  });
}

/**
 * @returns `network:status --json`, also while part of the network is down (it then exits 1, naming each
 * problem on stderr and in `problems`)
 */
export async function networkStatus(): Promise<NetworkStatus> {
  try {
    const { stdout } = await networkCli('status', '--json');
    return JSON.parse(stdout) as NetworkStatus;
  } catch (err) {
    const failed = err as { code?: unknown; stdout?: unknown };
    if (failed.code !== 1 || typeof failed.stdout !== 'string') throw err;
    const status = JSON.parse(failed.stdout) as NetworkStatus;
    expect(status.problems, 'network:status exits 1 only with a problem to name').not.to.be.empty;
    return status;
  }
}

/**
 * A temporary directory for the enclosing `describe`: made before its tests, removed after them.
 * @param prefix - the directory name's start, e.g. `govchain-backup-`
 * @returns the directory's path (once the `before` hook has run)
 */
export function suiteDirectory(prefix: string): () => string {
  let dir = '';
  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}

/** A key unique to this test run, so reruns against a kept ledger do not collide. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${process.pid.toString(36)}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** The orderers of a status, in topology order. */
export function orderersOf(status: NetworkStatus): NetworkStatus['nodes'] {
  return status.nodes.filter((n) => n.kind === 'orderer');
}

/**
 * Polls the network status until `ready` holds, and returns that status.
 * @throws AssertionError-like Error naming `what` and quoting the last status's orderers on timeout.
 */
export async function waitForStatus(
  what: string,
  ready: (status: NetworkStatus) => boolean,
  timeoutMs = 60_000,
): Promise<NetworkStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await networkStatus();
    if (ready(status)) return status;
    if (Date.now() > deadline) {
      const orderers = orderersOf(status).map((n) => ({ name: n.name, height: n.height, ...n.consensus }));
      throw new Error(`${what} not within ${timeoutMs / 1000}s: ${JSON.stringify(orderers)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
