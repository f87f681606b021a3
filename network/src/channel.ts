import { NetworkError } from './errors';
import { peerCli, tool, type Fabric } from './fabric';
import { address, type Layout, type OrdererNode, type OrgLayout } from './layout';
import { pollUntil } from '@govchain/protocol';
import { run } from './procs';

/** An orderer's admin endpoint, reached by its own organization's admin (no other admin is accepted). */
function osnadminFlags(o: OrdererNode): string[] {
  return [
    '-o',
    address(o.adminPort),
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

/** Joins a department's peer to the channel from the genesis block, unless it has joined already. */
export async function joinPeer(fabric: Fabric, layout: Layout, org: OrgLayout): Promise<boolean> {
  const { stdout } = await peerCli(fabric, layout, org, ['channel', 'list']);
  if (stdout.split('\n').some((line) => line.trim() === layout.topology.channel)) return false;
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
