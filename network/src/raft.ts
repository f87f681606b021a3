/**
 * Raft: what each orderer's metrics say about the channel's cluster, and the wait `network:up` makes
 * until one orderer leads and every orderer follows it (before peers join and chaincodes are approved,
 * which need an ordering service that orders).
 *
 * Fabric 2.5.0's etcdraft chain could deadlock on restart (the chain waiting to hand a configuration
 * change's WAL sync to the node goroutine, which was waiting to hand it the next replayed batch), so
 * this wait used to restart orderers that never joined a leader, and the channel used a 1 MB snapshot
 * interval with 8 MB Raft batches so that the replay came in one batch. Fabric v3.1.5 syncs the WAL in
 * the node goroutine itself before handing entries over (orderer/consensus/etcdraft/node.go,
 * maybeSyncWAL), and restarts of a network whose log replays in four 2 MB batches came back every
 * time without help, so both are gone: an orderer that still follows no leader now fails `up`, named.
 */
import { pollUntil } from '@govchain/protocol';
import { NetworkError } from './errors';
import type { Layout } from './layout';
import { ordererMetricsReader } from './nodes';

/** What one orderer's metrics say about the channel's Raft cluster; undefined fields were not readable. */
export interface RaftView {
  readonly name: string;
  readonly isLeader: boolean | undefined;
  readonly activeNodes: number | undefined;
}

/** The verdict on a set of views: ready, or the orderers that do not follow a leader. */
export type RaftVerdict = { readonly ready: true } | { readonly ready: false; readonly lagging: readonly string[] };

/**
 * Ready when exactly one orderer leads and every orderer counts all `size` nodes active (followers
 * learn that count from the leader's heartbeats, so one that does not follow never reports it).
 * Otherwise the lagging orderers are those that do not see the whole cluster and do not lead, or all of
 * them when that names none (no leader, or two).
 */
export function judgeRaft(views: readonly RaftView[], size: number): RaftVerdict {
  const leaders = views.filter((v) => v.isLeader === true);
  const complete = views.filter((v) => v.activeNodes === size);
  if (leaders.length === 1 && complete.length === views.length) return { ready: true };
  const lagging = views.filter((v) => v.isLeader !== true && v.activeNodes !== size).map((v) => v.name);
  return { ready: false, lagging: lagging.length > 0 ? lagging : views.map((v) => v.name) };
}

/** Reads a gauge `name{channel="…"} value` from Prometheus text; undefined when absent or not a number. */
export function gauge(text: string | undefined, name: string, channel: string): number | undefined {
  if (text === undefined) return undefined;
  const match = new RegExp(`^${name}\\{channel="${channel}"\\} (\\S+)$`, 'm').exec(text);
  const value = Number(match?.[1]);
  return match === null || !Number.isFinite(value) ? undefined : value;
}

/** One orderer's view of the Raft cluster, from its metrics text. */
export function raftView(name: string, text: string | undefined, channel: string): RaftView {
  const leader = gauge(text, 'consensus_etcdraft_is_leader', channel);
  return {
    name,
    isLeader: leader === undefined ? undefined : leader === 1,
    activeNodes: gauge(text, 'consensus_etcdraft_active_nodes', channel),
  };
}

/**
 * Waits for a leader followed by every orderer.
 * @throws NetworkError naming the orderers that never followed one.
 */
export async function waitForRaftLeader(layout: Layout, options: { readonly timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const size = layout.orderers.length;
  const channel = layout.topology.channel;
  const readers = layout.orderers.map((o) => ({ name: o.name, read: ordererMetricsReader(o) }));
  let lagging: readonly string[] = [];
  const ready = await pollUntil(
    async () => {
      const verdict = judgeRaft(
        await Promise.all(readers.map(async ({ name, read }) => raftView(name, await read(), channel))),
        size,
      );
      if (verdict.ready) return true;
      lagging = verdict.lagging;
      return undefined;
    },
    { timeoutMs, intervalMs: 500 },
  );
  if (ready === undefined) {
    throw new NetworkError(
      `the ordering service has no Raft leader that every orderer follows after ${timeoutMs / 1000}s (${lagging.join(', ')} never followed one); see their logs in ${layout.paths.logs}`,
    );
  }
}

/**
 * The orderer that leads the channel's Raft cluster now, from every orderer's metrics.
 *
 * @returns its name, or undefined when none (or more than one) says it leads
 */
export async function raftLeader(layout: Layout): Promise<string | undefined> {
  const views = await Promise.all(
    layout.orderers.map(async (o) => raftView(o.name, await ordererMetricsReader(o)(), layout.topology.channel)),
  );
  const leaders = views.filter((v) => v.isLeader === true);
  return leaders.length === 1 ? leaders[0]?.name : undefined;
}
