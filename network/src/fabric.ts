import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { NetworkError } from './errors';
import type { Layout, OrgLayout } from './layout';
import { address } from './layout';
import { run, type ExecResult } from './procs';

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

/** Flags that point a peer CLI command at one orderer over TLS, trusting that orderer's organization's TLS CA. */
export function ordererFlags(layout: Layout, index = 0): string[] {
  const orderer = layout.orderers[index % layout.orderers.length];
  if (!orderer) throw new NetworkError('the topology has no orderer');
  return ['-o', address(orderer.machine.ip, orderer.port), '--tls', '--cafile', orderer.org.tlsCa];
}

/** Runs the peer CLI as an organization's admin. */
export function peerCli(fabric: Fabric, layout: Layout, org: OrgLayout, args: readonly string[]): Promise<ExecResult> {
  return run(tool(fabric, 'peer'), args, { env: adminEnv(layout, org), timeoutMs: 180_000 });
}
