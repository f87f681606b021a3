import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { NetworkError } from './errors';
import { peerCli, tool, type Fabric } from './fabric';
import { address, type Layout, type OrdererNode, type OrgLayout } from './layout';
import { pollUntil } from '@govchain/protocol';
import { run } from './procs';

/** An orderer's admin endpoint, reached by its own organization's admin (no other admin is accepted). */
function osnadminFlags(o: OrdererNode): string[] {
  return [
    '-o',
    address(o.machine.ip, o.adminPort),
    '--ca-file',
    o.org.tlsCa,
    '--client-cert',
    o.org.admin.tls.cert,
    '--client-key',
    o.org.admin.tls.key,
  ];
}

/** The `height` of the JSON that osnadmin (after a "Status: 200" line) or `peer channel getinfo` prints. */
function heightIn(stdout: string): number | undefined {
  const info = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { height?: number };
  return typeof info.height === 'number' ? info.height : undefined;
}

/** The channel's block height on an orderer, or undefined when it has not joined. */
export async function ordererHeight(fabric: Fabric, layout: Layout, o: OrdererNode): Promise<number | undefined> {
  const channel = layout.topology.channel;
  try {
    const { stdout } = await run(
      tool(fabric, 'osnadmin'),
      ['channel', 'list', '--channelID', channel, ...osnadminFlags(o)],
      { timeoutMs: 15_000 },
    );
    return heightIn(stdout);
  } catch {
    return undefined;
  }
}

/** Joins an orderer to the channel through the channel participation API, unless it has joined already. */
export async function joinOrderer(fabric: Fabric, layout: Layout, o: OrdererNode): Promise<boolean> {
  if ((await ordererHeight(fabric, layout, o)) !== undefined) return false;
  const { stdout } = await run(tool(fabric, 'osnadmin'), [
    'channel',
    'join',
    '--channelID',
    layout.topology.channel,
    '--config-block',
    layout.paths.channelBlock,
    ...osnadminFlags(o),
  ]);
  if (!/Status: 20[01]/.test(stdout) && !stdout.includes('already exists')) {
    throw new NetworkError(`${o.name} did not join ${layout.topology.channel}: ${stdout.trim()}`);
  }
  return true;
}

/** The channel's block height on a peer, or undefined when it has not joined. */
export async function peerHeight(fabric: Fabric, layout: Layout, org: OrgLayout): Promise<number | undefined> {
  try {
    const { stdout } = await peerCli(fabric, layout, org, ['channel', 'getinfo', '-c', layout.topology.channel]);
    return heightIn(stdout);
  } catch {
    return undefined;
  }
}

/** Whether a department's peer has joined the channel (`peer channel list`, as its admin). */
async function hasJoined(fabric: Fabric, layout: Layout, org: OrgLayout): Promise<boolean> {
  const { stdout } = await peerCli(fabric, layout, org, ['channel', 'list']);
  return stdout.split('\n').some((line) => line.trim() === layout.topology.channel);
}

/** Joins a department's peer to the channel from the genesis block, unless it has joined already. */
export async function joinPeer(fabric: Fabric, layout: Layout, org: OrgLayout): Promise<boolean> {
  if (await hasJoined(fabric, layout, org)) return false;
  // The orderers may still be electing a leader; the peer fetches blocks on its own after joining.
  let lastError: unknown;
  const joined = await pollUntil(
    async () => {
      try {
        await peerCli(fabric, layout, org, ['channel', 'join', '-b', layout.paths.channelBlock]);
        return true;
      } catch (err) {
        lastError = err;
        return undefined;
      }
    },
    { timeoutMs: 10_000, intervalMs: 1_000, maxIntervalMs: 4_000 },
  );
  if (joined === undefined) throw lastError;
  return joined;
}

/** The highest-numbered completed snapshot of the channel on a department's peer, or undefined. */
function latestSnapshot(layout: Layout, org: OrgLayout): { block: number; dir: string } | undefined {
  const dir = path.join(org.peer.dataDir, 'snapshots', 'completed', layout.topology.channel);
  if (!existsSync(dir)) return undefined;
  const blocks = readdirSync(dir)
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => b - a);
  const [block] = blocks;
  return block === undefined ? undefined : { block, dir: path.join(dir, String(block)) };
}

/**
 * Has `source`'s peer write a snapshot of the channel at its last committed block (`peer snapshot
 * submitrequest -b 0`, as its admin) and waits until it is complete.
 * @returns the snapshot's block number and directory
 */
export async function takeSnapshot(
  fabric: Fabric,
  layout: Layout,
  source: OrgLayout,
): Promise<{ block: number; dir: string }> {
  const channel = layout.topology.channel;
  const target = [
    '-c',
    channel,
    '--peerAddress',
    address(source.machine.ip, source.peer.port),
    '--tlsRootCertFile',
    source.peer.tls.ca,
  ];
  const before = latestSnapshot(layout, source)?.block;
  try {
    await peerCli(fabric, layout, source, ['snapshot', 'submitrequest', '-b', '0', ...target]);
  } catch (err) {
    // Nothing committed since the last snapshot: that one is the snapshot of the last block.
    if (!(err instanceof NetworkError && /already|exists/i.test(err.message))) throw err;
  }
  const done = await pollUntil(
    async () => {
      const { stdout } = await peerCli(fabric, layout, source, ['snapshot', 'listpending', ...target]);
      const pending = /\[([\d\s,]*)\]/.exec(stdout)?.[1]?.trim() ?? '';
      const latest = latestSnapshot(layout, source);
      return pending === '' && latest !== undefined && (before === undefined || latest.block >= before)
        ? latest
        : undefined;
    },
    { timeoutMs: 600_000, intervalMs: 250, maxIntervalMs: 2_000 },
  );
  if (done === undefined) throw new NetworkError(`${source.peer.name} did not finish a snapshot of ${channel}`);
  return done;
}

/**
 * Joins a department's peer to the channel from a ledger snapshot of another department's peer, unless it
 * has joined already: the snapshot is copied to the new peer's own directory (as a department would
 * receive it) and `peer channel joinbysnapshot` loads it; the peer then pulls only the blocks after it.
 *
 * @returns the snapshot's block number, or undefined when the peer had joined already
 */
export async function joinPeerBySnapshot(
  fabric: Fabric,
  layout: Layout,
  org: OrgLayout,
  source: OrgLayout,
): Promise<number | undefined> {
  if (await hasJoined(fabric, layout, org)) return undefined;
  const snapshot = await takeSnapshot(fabric, layout, source);
  const received = path.join(org.peer.dataDir, 'received-snapshots', `${layout.topology.channel}-${snapshot.block}`);
  rmSync(received, { recursive: true, force: true });
  mkdirSync(path.dirname(received), { recursive: true });
  cpSync(snapshot.dir, received, { recursive: true });
  await peerCli(fabric, layout, org, ['channel', 'joinbysnapshot', '--snapshotpath', received]);
  const loaded = await pollUntil(
    async () => {
      const status = await peerCli(fabric, layout, org, ['channel', 'joinbysnapshotstatus']);
      return /no joinbysnapshot operation is in progress/i.test(status.stdout + status.stderr) ? true : undefined;
    },
    { timeoutMs: 600_000, intervalMs: 250, maxIntervalMs: 2_000 },
  );
  if (loaded === undefined) throw new NetworkError(`${org.peer.name} did not finish joining by snapshot`);
  return snapshot.block;
}
