/**
 * Load generation and statistics for the benchmarks: a fixed number of workers call an operation in a
 * loop until the duration is over; each call's latency and outcome is recorded.
 */
import { isGovchainError } from '@govchain/gateway-client';

/** What one workload measured. */
export interface WorkloadResult {
  readonly name: string;
  readonly concurrency: number;
  readonly seconds: number;
  readonly successes: number;
  readonly mvccConflicts: number;
  /** Other failures by error code. */
  readonly failures: Readonly<Record<string, number>>;
  readonly throughput: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** CPU milliseconds spent per successful operation, by component (peers, orderers, chaincode servers, client). */
  readonly cpuMsPerOp: Readonly<Record<string, number>>;
}

/** Cumulative CPU milliseconds by component at one instant. */
export type CpuSample = () => ReadonlyMap<string, number>;

/** The value at quantile q (0..1) of sorted numbers, by nearest rank; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** The code an error is counted under. */
export function failureKind(err: unknown): string {
  if (isGovchainError(err)) return err.code;
  if (err instanceof Error) return err.name;
  return 'UNKNOWN';
}

/**
 * Runs `op` from `concurrency` workers for `seconds`, counting outcomes and latencies.
 *
 * @param op - one operation; its argument is a sequence number unique within the run.
 */
export async function drive(
  name: string,
  concurrency: number,
  seconds: number,
  op: (n: number) => Promise<void>,
  cpu: CpuSample = () => new Map(),
): Promise<WorkloadResult> {
  const cpuBefore = cpu();
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let mvccConflicts = 0;
  let next = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const n = next++;
      const t0 = performance.now();
      try {
        await op(n);
        latencies.push(performance.now() - t0);
      } catch (err) {
        const kind = failureKind(err);
        if (kind === 'MVCC_READ_CONFLICT' || kind === 'PHANTOM_READ_CONFLICT') mvccConflicts++;
        else failures[kind] = (failures[kind] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - start) / 1000;
  const cpuMsPerOp: Record<string, number> = {};
  for (const [component, ms] of cpu()) {
    cpuMsPerOp[component] = (ms - (cpuBefore.get(component) ?? 0)) / Math.max(latencies.length, 1);
  }
  latencies.sort((a, b) => a - b);
  return {
    name,
    concurrency,
    seconds: elapsed,
    successes: latencies.length,
    mvccConflicts,
    failures,
    throughput: latencies.length / elapsed,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    cpuMsPerOp,
  };
}

/**
 * Runs `op` for n = 0..count-1 with at most `concurrency` in flight (set-up work, not measured). A failed
 * item is tried again up to `attempts` times; the last failure is thrown.
 *
 * @returns how many tries failed along the way.
 */
export async function pool(
  count: number,
  concurrency: number,
  op: (n: number) => Promise<unknown>,
  attempts = 3,
): Promise<number> {
  let next = 0;
  let failedTries = 0;
  const worker = async (): Promise<void> => {
    for (let n = next++; n < count; n = next++) {
      for (let attempt = 1; ; attempt++) {
        try {
          await op(n);
          break;
        } catch (err) {
          failedTries++;
          if (attempt >= attempts) throw err;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return failedTries;
}
