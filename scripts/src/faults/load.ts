/**
 * Sustained load for the fault suite: workers submit one write after another until told to stop, and every
 * write's outcome is kept — what the caller was told (committed, failed with a code, or outcome unknown)
 * and the transaction id where there is one — so that the ledger can be checked against it afterwards.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { failureKind } from '../bench/stats';

/** What a caller was told about one write. */
export interface Outcome {
  readonly n: number;
  /** The key (or record id) the write names: unique per write, so the ledger shows whether it applied. */
  readonly key: string;
  readonly told: 'committed' | 'failed' | 'unknown';
  /** The error code when it failed or its outcome is unknown. */
  readonly code?: string;
  readonly transactionId?: string;
  /** Milliseconds since the load started, when the answer came. */
  readonly at: number;
}

/** One write: resolves with its transaction id when committed; throws a GovchainError otherwise. */
export type Write = (n: number, key: string) => Promise<{ transactionId: string }>;

/** A running load. */
export interface Load {
  /** When the load started (performance.now()). */
  readonly started: number;
  /** The outcomes so far. */
  readonly outcomes: readonly Outcome[];
  /** Stops submitting, waits for the writes in flight, and returns every outcome. */
  stop(): Promise<readonly Outcome[]>;
}

/**
 * Starts `concurrency` workers that each submit one write after another.
 *
 * @param prefix - the keys' prefix (`<prefix>-<n>`)
 * @param concurrency - writes in flight
 * @param write - one write
 */
export function startLoad(prefix: string, concurrency: number, write: Write): Load {
  const outcomes: Outcome[] = [];
  const started = performance.now();
  let next = 0;
  let stopping = false;
  const worker = async (): Promise<void> => {
    while (!stopping) {
      const n = next++;
      const key = `${prefix}-${n}`;
      try {
        const { transactionId } = await write(n, key);
        outcomes.push({ n, key, told: 'committed', transactionId, at: performance.now() - started });
      } catch (err) {
        const code = failureKind(err);
        const transactionId = (err as { transactionId?: unknown }).transactionId;
        outcomes.push({
          n,
          key,
          told: code === 'OUTCOME_UNKNOWN' ? 'unknown' : 'failed',
          code,
          ...(typeof transactionId === 'string' ? { transactionId } : {}),
          at: performance.now() - started,
        });
        // A failing network answers at once; do not spin.
        await sleep(200);
      }
    }
  };
  const workers = Array.from({ length: concurrency }, () => worker());
  return {
    started,
    outcomes,
    async stop() {
      stopping = true;
      await Promise.all(workers);
      return [...outcomes].sort((a, b) => a.n - b.n);
    },
  };
}

/**
 * The longest time without a commit between `from` and `to` (milliseconds since the load started): how
 * long callers waited for the network to commit anything while the fault lasted.
 */
export function longestCommitGap(outcomes: readonly Outcome[], from: number, to: number): number {
  const times = outcomes
    .filter((o) => o.told === 'committed' && o.at >= from && o.at <= to)
    .map((o) => o.at)
    .sort((a, b) => a - b);
  let gap = 0;
  let previous = from;
  for (const t of [...times, to]) {
    gap = Math.max(gap, t - previous);
    previous = t;
  }
  return gap;
}
