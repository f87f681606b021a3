/**
 * Load generation and statistics for the benchmarks: a fixed number of workers call an operation in a
 * loop until the duration is over; each call's latency and outcome is recorded.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { isGovchainError } from '@govchain/gateway-client';

/** The CPU component of the departments' chaincode hosts (one per department, serving every chaincode). */
export const CHAINCODE_HOSTS = 'chaincode hosts';

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

/** The raw outcome of one stretch of load: latencies of the successes, failures, and the CPU it cost. */
interface Stretch {
  readonly latencies: number[];
  readonly mvccConflicts: number;
  readonly failures: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly cpuMs: ReadonlyMap<string, number>;
  /** The next unused sequence number. */
  readonly next: number;
}

async function stretch(
  concurrency: number,
  seconds: number,
  op: (n: number) => Promise<void>,
  cpu: CpuSample,
  first: number,
): Promise<Stretch> {
  const cpuBefore = cpu();
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let mvccConflicts = 0;
  let next = first;
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
  const cpuMs = new Map<string, number>();
  for (const [component, ms] of cpu()) cpuMs.set(component, ms - (cpuBefore.get(component) ?? 0));
  return { latencies, mvccConflicts, failures, seconds: elapsed, cpuMs, next };
}

/** One workload's result from its stretches, taken together. */
function summarize(name: string, concurrency: number, stretches: readonly Stretch[]): WorkloadResult {
  const latencies = stretches.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const seconds = stretches.reduce((sum, s) => sum + s.seconds, 0);
  const failures: Record<string, number> = {};
  const cpuMs = new Map<string, number>();
  for (const s of stretches) {
    for (const [kind, count] of Object.entries(s.failures)) failures[kind] = (failures[kind] ?? 0) + count;
    for (const [component, ms] of s.cpuMs) cpuMs.set(component, (cpuMs.get(component) ?? 0) + ms);
  }
  const cpuMsPerOp: Record<string, number> = {};
  for (const [component, ms] of cpuMs) cpuMsPerOp[component] = ms / Math.max(latencies.length, 1);
  return {
    name,
    concurrency,
    seconds,
    successes: latencies.length,
    mvccConflicts: stretches.reduce((sum, s) => sum + s.mvccConflicts, 0),
    failures,
    throughput: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    cpuMsPerOp,
  };
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
  return summarize(name, concurrency, [await stretch(concurrency, seconds, op, cpu, 0)]);
}

/** A workload of a pair measured side by side. */
export interface Side {
  readonly name: string;
  readonly op: (n: number) => Promise<void>;
}

/**
 * Two workloads measured in turns — a b b a a b b a … in `rounds` stretches of `seconds / rounds` each —
 * so that what drifts during a run (the ledger's size, the machine's other load) falls on both alike. Each
 * side first runs a stretch that is not counted, so that neither pays alone for warming up (connections,
 * JIT).
 *
 * @returns each side's result, from all its counted stretches together
 */
export async function drivePair(
  sides: readonly [Side, Side],
  concurrency: number,
  seconds: number,
  rounds: number,
  cpu: CpuSample = () => new Map(),
): Promise<[WorkloadResult, WorkloadResult]> {
  const [a, b] = sides;
  const warmUp = Math.min(2, seconds / rounds / 2);
  let first = (await stretch(concurrency, warmUp, a.op, cpu, 0)).next;
  first = (await stretch(concurrency, warmUp, b.op, cpu, first)).next;
  const counted: [Stretch[], Stretch[]] = [[], []];
  for (let turn = 0; turn < 2 * rounds; turn++) {
    // a b, b a, a b, …: each side goes first as often as the other.
    const side = (turn + Math.floor(turn / 2)) % 2 === 0 ? 0 : 1;
    const s = await stretch(concurrency, seconds / rounds, sides[side].op, cpu, first);
    first = s.next;
    counted[side].push(s);
  }
  return [summarize(a.name, concurrency, counted[0]), summarize(b.name, concurrency, counted[1])];
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

/**
 * Runs a Node.js script of ours (network CLI, benchmark) as a step of a benchmark command, its output shown
 * (or captured), and fails on a non-zero exit.
 *
 * @returns how long it took and, when captured, its standard output
 */
export function runStep(
  env: NodeJS.ProcessEnv,
  file: string,
  args: readonly string[],
  capture = false,
): { seconds: number; stdout: string } {
  const began = Date.now();
  const result = spawnSync(process.execPath, [file, ...args], {
    env,
    stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`${path.basename(file)} ${args.join(' ')} failed (exit code ${result.status ?? result.signal})`);
  }
  return { seconds: (Date.now() - began) / 1000, stdout: capture ? result.stdout : '' };
}
