/**
 * Are all peers' ledgers the same? Heights alone do not say: two peers at one height could hold different
 * states (a fork, a block applied differently, lost private data). Each peer writes a ledger snapshot of
 * its last block (`peer snapshot submitrequest -b 0`), and the snapshot's signable metadata — the channel,
 * the last block's number and hash, and the SHA-256 of every snapshot file: public state, private-data
 * hashes, transaction ids — is compared. Equal metadata means the same chain and the same state.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { pollUntil } from '@govchain/protocol';
import { peerHeight, takeSnapshot } from './channel';
import { NetworkError } from './errors';
import { resolveFabric } from './fabric';
import { currentLayout } from './network';

/** One peer's ledger, as its snapshot describes it. */
export interface PeerLedger {
  readonly peer: string;
  readonly height: number;
  /** SHA-256 of the snapshot's `_snapshot_signable_metadata.json`. */
  readonly digest: string;
}

/** What {@link compareLedgers} found. */
export interface LedgerComparison {
  /** The height every peer reached (the highest, when they did not all reach it). */
  readonly height: number;
  readonly peers: readonly PeerLedger[];
  /** Every peer at the same height with the same snapshot digest. */
  readonly same: boolean;
}

/**
 * Waits until every peer of the network is at one height (no transactions may be in flight), then has each
 * write a snapshot of its last block and compares their signable metadata. The snapshots are deleted again.
 *
 * @param root - the project root (the network's home is read from GOVCHAIN_HOME as everywhere)
 * @param timeoutMs - how long the peers may take to reach one height
 * @returns each peer's height and digest, and whether they are all the same
 * @throws NetworkError when a peer cannot be asked or cannot write its snapshot
 */
export async function compareLedgers(root: string, timeoutMs = 120_000): Promise<LedgerComparison> {
  const layout = currentLayout(root);
  const fabric = resolveFabric(root);
  let heights: (number | undefined)[] = [];
  const level = await pollUntil(
    async () => {
      heights = await Promise.all(layout.orgs.map((org) => peerHeight(fabric, layout, org)));
      const first = heights[0];
      return first !== undefined && heights.every((h) => h === first) ? first : undefined;
    },
    { timeoutMs, intervalMs: 500, maxIntervalMs: 2_000 },
  );
  const top = Math.max(...heights.map((h) => h ?? 0));
  if (level === undefined) {
    return {
      height: top,
      same: false,
      peers: layout.orgs.map((org, i) => ({ peer: org.peer.name, height: heights[i] ?? 0, digest: '' })),
    };
  }
  const peers = await Promise.all(
    layout.orgs.map(async (org): Promise<PeerLedger> => {
      const snapshot = await takeSnapshot(fabric, layout, org);
      try {
        const metadata = readFileSync(path.join(snapshot.dir, '_snapshot_signable_metadata.json'));
        return {
          peer: org.peer.name,
          height: snapshot.block + 1,
          digest: createHash('sha256').update(metadata).digest('hex'),
        };
      } catch (err) {
        throw new NetworkError(`${org.peer.name}'s snapshot has no signable metadata: ${(err as Error).message}`);
      } finally {
        rmSync(snapshot.dir, { recursive: true, force: true });
      }
    }),
  );
  const [first] = peers;
  return {
    height: level,
    peers,
    same: first !== undefined && peers.every((p) => p.height === level && p.digest === first.digest),
  };
}
