/**
 * Waits until the ordering service has a Raft leader that every orderer follows, and restarts orderers
 * that hang while replaying their Raft log.
 *
 * Why: Fabric 2.5.0's etcdraft chain can deadlock on restart. When the replayed log is handed over in
 * more than one batch and the first holds a configuration change, `Chain.apply` blocks sending on
 * `storage.WALSyncC` while the node goroutine blocks sending the next batch on `applyC`; each waits
 * for the other forever (goroutine dump of a hung orderer: chain.go:1153 and node.go:156). Such an
 * orderer answers /healthz but never votes, so with two of three hung there is no leader and every
 * submit times out. Stopping and starting the hung orderer (by its recorded PID) lets it replay again.
 */
import { readFileSync } from 'node:fs';
import { NetworkError } from './errors';
import type { Fabric } from './fabric';
import type { Layout, OrdererNode } from './layout';
import { startNode, waitHealthy } from './nodes';
import { metrics, sleep, type ProcessTable } from './procs';

/** What one orderer's metrics say about the channel's Raft cluster; undefined fields were not readable. */
export interface RaftView {
  readonly name: string;
  readonly isLeader: boolean | undefined;
  readonly activeNodes: number | undefined;
}

/** The verdict on a set of views: ready, or the orderers to restart if it stays like this. */
export type RaftVerdict = { readonly ready: true } | { readonly ready: false; readonly suspects: readonly string[] };

/**
 * Ready when exactly one orderer leads and every orderer counts all `size` nodes active (followers
 * learn that count from the leader's heartbeats, so a hung orderer never reports it). Otherwise the
 * suspects are the orderers that do not see the whole cluster and are not the leader.
 */
export function judgeRaft(views: readonly RaftView[], size: number): RaftVerdict {
  const leaders = views.filter((v) => v.isLeader === true);
  const complete = views.filter((v) => v.activeNodes === size);
  if (leaders.length === 1 && complete.length === views.length) return { ready: true };
  const suspects = views.filter((v) => v.isLeader !== true && v.activeNodes !== size).map((v) => v.name);
  return { ready: false, suspects: suspects.length > 0 ? suspects : views.map((v) => v.name) };
}

/** Reads a gauge `name{channel="…"} value` from Prometheus text; undefined when absent or not a number. */
export function gauge(text: string | undefined, name: string, channel: string): number | undefined {
  if (text === undefined) return undefined;
  const match = new RegExp(`^${name}\\{channel="${channel}"\\} (\\S+)$`, 'm').exec(text);
  const value = Number(match?.[1]);
  return match === null || !Number.isFinite(value) ? undefined : value;
}

type Tls = Parameters<typeof metrics>[1];

async function view(layout: Layout, o: OrdererNode, tls: Tls): Promise<RaftView> {
  const text = await metrics(o.operationsPort, tls);
  const channel = layout.topology.channel;
  const leader = gauge(text, 'consensus_etcdraft_is_leader', channel);
  return {
    name: o.name,
    isLeader: leader === undefined ? undefined : leader === 1,
    activeNodes: gauge(text, 'consensus_etcdraft_active_nodes', channel),
  };
}

/**
 * Waits for a leader followed by every orderer; restarts the suspects of a round that did not get
 * there, up to `rounds` times.
 * @throws NetworkError naming the orderers that never joined a leader.
 */
export async function waitForRaftLeader(
  fabric: Fabric,
  layout: Layout,
  table: ProcessTable,
  log: (line: string) => void,
  options: { readonly roundMs?: number; readonly rounds?: number } = {},
): Promise<void> {
  const roundMs = options.roundMs ?? 25_000;
  const rounds = options.rounds ?? 3;
  const size = layout.orderers.length;
  // The orderer org's admin TLS identity, which the operations endpoints require for /metrics.
  const tls: Tls = {
    ca: readFileSync(layout.ordererTlsCa),
    cert: readFileSync(layout.ordererAdmin.tls.cert),
    key: readFileSync(layout.ordererAdmin.tls.key),
  };
  for (let round = 0; ; round++) {
    const deadline = Date.now() + roundMs;
    let verdict: RaftVerdict;
    for (;;) {
      verdict = judgeRaft(await Promise.all(layout.orderers.map((o) => view(layout, o, tls))), size);
      if (verdict.ready || Date.now() > deadline) break;
      await sleep(500);
    }
    if (verdict.ready) return;
    const suspects = layout.orderers.filter((o) => verdict.suspects.includes(o.name));
    const names = suspects.map((o) => o.name).join(', ');
    if (round >= rounds) {
      throw new NetworkError(
        `the ordering service has no Raft leader that every orderer follows (${names} never joined one); see their logs in ${layout.paths.logs}`,
      );
    }
    log(`no Raft leader followed by every orderer after ${roundMs / 1000}s; restarting ${names}`);
    for (const o of suspects) await table.stop(o.name);
    await Promise.all(
      suspects.map((o) => {
        const { record } = startNode(fabric, layout, table, o);
        return waitHealthy(table, o, record);
      }),
    );
  }
}
