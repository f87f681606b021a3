import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { NetworkError } from './errors';
import type { Layout, OrgLayout } from './layout';
import { address } from './layout';
import { run, Semaphore, type ExecResult } from './procs';

/** The Fabric binaries and sample config this network runs on. */
export interface Fabric {
  readonly bin: string;
  readonly sampleConfig: string;
}

/**
 * Makes the pinned binaries available (scripts/install-fabric.sh: FABRIC_BIN, cache, or a Go build)
 * and returns where they are.
 * @throws NetworkError with the script's one-line reason when they cannot be had.
 */
export function resolveFabric(root: string): Fabric {
  let out: string;
  try {
    out = execFileSync('bash', [path.join(root, 'scripts', 'install-fabric.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (err) {
    throw new NetworkError('the Fabric binaries are not available (see the line above)', { cause: err });
  }
  const value = (key: string): string => {
    const match = new RegExp(`^${key}=(.*)$`, 'm').exec(out);
    if (!match?.[1]) throw new NetworkError(`install-fabric.sh did not report ${key}`);
    return match[1];
  };
  return { bin: value('FABRIC_BIN'), sampleConfig: value('FABRIC_CFG') };
}

export function tool(fabric: Fabric, name: string): string {
  return path.join(fabric.bin, name);
}

/**
 * Environment for the peer CLI acting as an identity of an organization (an admin's MSP folder), with no
 * peer: what signing a configuration update and sending it to the orderers need.
 */
export function identityEnv(layout: Layout, mspId: string, mspDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    FABRIC_CFG_PATH: path.join(layout.paths.config, 'peer'),
    FABRIC_LOGGING_SPEC: 'WARNING',
    CORE_PEER_LOCALMSPID: mspId,
    CORE_PEER_MSPCONFIGPATH: mspDir,
  };
}

/** Environment for the peer CLI acting as an organization's admin against its own peer. */
export function adminEnv(layout: Layout, org: OrgLayout): NodeJS.ProcessEnv {
  return {
    ...identityEnv(layout, org.department.mspId, org.admin.msp),
    CORE_PEER_ADDRESS: address(org.machine.ip, org.peer.port),
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: org.peer.tls.ca,
  };
}

/**
 * How long the peer CLI waits to connect to a peer or an orderer: 10 s, where its default is 3 s. A
 * city's network starts with every peer and its chaincode host busy on two cores; a dial that misses 3 s
 * there fails a whole `network:up` (seen at 49 departments: `queryinstalled` gave up after 3 s). A dial
 * that fails even so is tried again with twice the time ({@link peerCli}).
 */
export const CONNECT_TIMEOUT_SECONDS = 10;

/** Flags that point a peer CLI command at one orderer over TLS, trusting that orderer's organization's TLS CA. */
export function ordererFlags(layout: Layout, index = 0): string[] {
  const orderer = layout.orderers[index % layout.orderers.length];
  if (!orderer) throw new NetworkError('the topology has no orderer');
  return ['-o', address(orderer.machine.ip, orderer.port), '--tls', '--cafile', orderer.org.tlsCa];
}

/**
 * How many peer CLI commands run at once: GOVCHAIN_CLI_PARALLELISM, else twice the machine's cores. Each
 * is a Go process that loads its MSP and dials a node; 49 departments approving at once on two cores
 * would starve the very peers they wait for.
 *
 * @throws NetworkError when GOVCHAIN_CLI_PARALLELISM is not a whole number from 1 to 256
 */
export function cliParallelism(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GOVCHAIN_CLI_PARALLELISM;
  if (raw === undefined || raw === '') return Math.max(2, 2 * availableParallelism());
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new NetworkError(`GOVCHAIN_CLI_PARALLELISM=${raw} is not a whole number from 1 to 256`);
  }
  return n;
}

let cliSlots: Semaphore | undefined;

/** The peer CLI commands that take the orderer flags, `--connTimeout` among them (`peer snapshot` does not). */
const ORDERER_FLAGGED = new Set(['channel', 'chaincode', 'lifecycle']);

/** A dial that never reached the node: nothing was sent, so the same command may run again. */
const DIAL_FAILURE = /failed to connect to \S+: failed to create new connection|connection refused/;

/**
 * Runs the peer CLI as an organization's admin — at most {@link cliParallelism} at once in this process.
 * A command whose dial failed (nothing sent) is run again, up to three times, each time with twice the
 * connect timeout (10, 20, 40 s).
 */
export async function peerCli(
  fabric: Fabric,
  layout: Layout,
  org: OrgLayout,
  args: readonly string[],
): Promise<ExecResult> {
  cliSlots ??= new Semaphore(cliParallelism());
  const slots = cliSlots;
  for (let attempt = 1; ; attempt++) {
    const timeout = `${CONNECT_TIMEOUT_SECONDS * 2 ** (attempt - 1)}s`;
    try {
      return await slots.use(() =>
        run(
          tool(fabric, 'peer'),
          [...args, ...(ORDERER_FLAGGED.has(args[0] ?? '') ? ['--connTimeout', timeout] : [])],
          {
            env: { ...adminEnv(layout, org), CORE_PEER_CLIENT_CONNTIMEOUT: timeout },
            timeoutMs: 180_000,
          },
        ),
      );
    } catch (err) {
      if (attempt >= 3 || !(err instanceof NetworkError) || !DIAL_FAILURE.test(err.message)) throw err;
    }
  }
}
