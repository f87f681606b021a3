/**
 * SmartBFT: what each orderer's metrics say about the channel's view, and the wait `network:up` makes
 * until the orderers agree on one view and its leader.
 *
 * The view and its leader come from the SmartBFT library's gauges (`consensus_smartbft_view_number`,
 * `consensus_smartbft_view_leader_id`), which change as soon as a view change completes; Fabric's own
 * `consensus_BFT_leader_id` is updated only when a block is committed, so it lags a view change that
 * happens while nothing is submitted.
 */
import { pollUntil } from '@govchain/protocol';
import { NetworkError } from './errors';
import type { Layout } from './layout';
import { ordererMetricsReader } from './nodes';
import { gauge } from './raft';

/** What one orderer's metrics say; undefined fields were not readable (stopped, or not joined yet). */
export interface BftView {
  readonly name: string;
  /** The orderer's own id in the consenter mapping. */
  readonly consenterId: number;
  readonly view: number | undefined;
  /** The consenter id of the leader of that view. */
  readonly leaderId: number | undefined;
}

/** The verdict on a set of views. */
export type BftVerdict =
  | { readonly ready: true; readonly view: number; readonly leaderId: number }
  | {
      readonly ready: false;
      /** Whether the largest group agreeing on a view and leader is a quorum (2f + 1 of 3f + 1). */
      readonly quorum: boolean;
      /** The orderers outside that group. */
      readonly lagging: readonly string[];
    };

/** SmartBFT's quorum for n consenters: ⌈(n + f + 1) / 2⌉ with f = ⌊(n − 1) / 3⌋ (3 of 4). */
export function bftQuorum(n: number): number {
  const f = Math.floor((n - 1) / 3);
  return Math.ceil((n + f + 1) / 2);
}

/** One orderer's view, from its metrics text. */
export function bftView(name: string, consenterId: number, text: string | undefined, channel: string): BftView {
  const leaderId = gauge(text, 'consensus_smartbft_view_leader_id', channel);
  return {
    name,
    consenterId,
    view: gauge(text, 'consensus_smartbft_view_number', channel),
    leaderId: leaderId === 0 ? undefined : leaderId,
  };
}

/**
 * Ready when every orderer reports the same view with the same leader, and that leader is one of
 * them. Otherwise says whether the largest agreeing group is still a quorum, and who is outside it.
 */
export function judgeBft(views: readonly BftView[]): BftVerdict {
  const groups = new Map<string, BftView[]>();
  for (const v of views) {
    if (v.view === undefined || v.leaderId === undefined) continue;
    const key = `${v.view}/${v.leaderId}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const largest = [...groups.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const [first] = largest;
  const leaderKnown = first !== undefined && views.some((v) => v.consenterId === first.leaderId);
  if (first?.view !== undefined && first.leaderId !== undefined && leaderKnown && largest.length === views.length) {
    return { ready: true, view: first.view, leaderId: first.leaderId };
  }
  return {
    ready: false,
    quorum: leaderKnown && largest.length >= bftQuorum(views.length),
    lagging: views.filter((v) => !largest.includes(v)).map((v) => v.name),
  };
}

/**
 * Waits until every orderer agrees on the view and its leader. When time runs out with a quorum in
 * agreement, the ordering service works and the laggards are named in a warning (one orderer may be
 * faulty); without a quorum it fails.
 * @throws NetworkError naming the orderers outside the largest agreeing group.
 */
export async function waitForBftViews(
  layout: Layout,
  log: (line: string) => void,
  options: { readonly timeoutMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const channel = layout.topology.channel;
  const readers = layout.orderers.map((o) => ({ o, read: ordererMetricsReader(o) }));
  let verdict: Extract<BftVerdict, { readonly ready: false }> | undefined;
  const agreed = await pollUntil(
    async () => {
      const views = await Promise.all(
        readers.map(async ({ o, read }) => bftView(o.name, o.consenterId, await read(), channel)),
      );
      const judged = judgeBft(views);
      if (judged.ready) return judged;
      verdict = judged;
      return undefined;
    },
    { timeoutMs, intervalMs: 500 },
  );
  if (agreed !== undefined) {
    const leader = layout.orderers.find((o) => o.consenterId === agreed.leaderId);
    log(`SmartBFT view ${agreed.view}: ${leader?.name ?? `consenter ${agreed.leaderId}`} leads, every orderer follows`);
    return;
  }
  const names = verdict?.lagging.join(', ') ?? '';
  if (verdict?.quorum === true) {
    log(`warning: after ${timeoutMs / 1000}s, ${names} has not joined the others' SmartBFT view; a quorum orders`);
    return;
  }
  throw new NetworkError(
    `the SmartBFT orderers do not agree on a view and leader (${names} outside the largest group, which is no quorum); see their logs in ${layout.paths.logs}`,
  );
}

/**
 * The orderer that leads the channel's current SmartBFT view, when every orderer answering agrees on it.
 *
 * @returns its name, or undefined when the orderers do not agree (a view change is under way)
 */
export async function bftLeader(layout: Layout): Promise<string | undefined> {
  const channel = layout.topology.channel;
  const views = await Promise.all(
    layout.orderers.map(async (o) => bftView(o.name, o.consenterId, await ordererMetricsReader(o)(), channel)),
  );
  const verdict = judgeBft(views);
  return verdict.ready ? layout.orderers.find((o) => o.consenterId === verdict.leaderId)?.name : undefined;
}
