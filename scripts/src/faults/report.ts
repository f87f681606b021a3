/**
 * What the fault suite reports: one row per fault, from what callers were told and what the ledger shows.
 */
import type { LedgerComparison } from '@govchain/network';
import type { LedgerTransaction } from '@govchain/gateway-client';
import { longestCommitGap, type Outcome } from './load';

export const FAULTS = ['orderer-leader', 'peer', 'chaincode', 'partition', 'listener', 'disk-full'] as const;
export type FaultName = (typeof FAULTS)[number];

export interface FaultResult {
  readonly fault: FaultName;
  /** The network it ran on: topology, consensus, orderers and departments. */
  readonly network: string;
  readonly what: string;
  readonly submitted: number;
  readonly committed: number;
  readonly failed: number;
  readonly unknown: number;
  readonly lost: number;
  readonly appliedTwice: number;
  readonly toldFailedApplied: number;
  /** Writes whose outcome the caller was told is unknown that the ledger applied (resolvable by id). */
  readonly unknownApplied: number;
  /** Writes committed after the repair: the proof that service came back. */
  readonly committedAfterRepair: number;
  /** Failure codes callers saw, with counts. */
  readonly codes: Readonly<Record<string, number>>;
  /** The longest time without any commit while the fault lasted and was repaired, in seconds. */
  readonly longestGapSeconds: number;
  /** From the fault to the start of the repair, in seconds. */
  readonly downSeconds: number;
  /** From the start of the repair (`network:up`) to the repaired part serving again and caught up, in seconds. */
  readonly recoverSeconds: number;
  /**
   * Only for the listener: the load's events recorded, events delivered again after the crash (skipped by
   * the idempotent handler), the load's events missing, and events recorded twice.
   */
  readonly events?: {
    readonly recorded: number;
    readonly redelivered: number;
    readonly missing: number;
    readonly twice: number;
  };
  readonly ledgers: LedgerComparison;
  readonly notes: readonly string[];
}

export function summarise(
  fault: FaultName,
  what: string,
  outcomes: readonly Outcome[],
  applied: ReadonlyMap<string, readonly LedgerTransaction[]>,
  run: {
    network: string;
    injectedAt: number;
    repairStartedAt: number;
    repairedAt: number;
    ledgers: LedgerComparison;
    notes: readonly string[];
    events?: FaultResult['events'];
  },
): FaultResult {
  const count = (told: Outcome['told']): number => outcomes.filter((o) => o.told === told).length;
  const codes: Record<string, number> = {};
  for (const o of outcomes) if (o.code !== undefined) codes[o.code] = (codes[o.code] ?? 0) + 1;
  const end = Math.max(run.repairedAt, ...outcomes.map((o) => o.at));
  return {
    fault,
    network: run.network,
    what,
    submitted: outcomes.length,
    committed: count('committed'),
    failed: count('failed'),
    unknown: count('unknown'),
    lost: outcomes.filter((o) => o.told === 'committed' && (applied.get(o.key)?.length ?? 0) === 0).length,
    appliedTwice: [...applied.values()].filter((txs) => txs.length > 1).length,
    toldFailedApplied: outcomes.filter((o) => o.told === 'failed' && (applied.get(o.key)?.length ?? 0) > 0).length,
    unknownApplied: outcomes.filter((o) => o.told === 'unknown' && (applied.get(o.key)?.length ?? 0) > 0).length,
    committedAfterRepair: outcomes.filter((o) => o.told === 'committed' && o.at > run.repairedAt).length,
    codes,
    longestGapSeconds: longestCommitGap(outcomes, run.injectedAt, Math.min(end, run.repairedAt + 5_000)) / 1000,
    downSeconds: (run.repairStartedAt - run.injectedAt) / 1000,
    recoverSeconds: (run.repairedAt - run.repairStartedAt) / 1000,
    ...(run.events === undefined ? {} : { events: run.events }),
    ledgers: run.ledgers,
    notes: run.notes,
  };
}

/** Whether a result keeps every promise: nothing lost or applied twice, service back, ledgers the same. */
export function problemsOf(r: FaultResult): string[] {
  const problems: string[] = [];
  if (r.lost > 0) problems.push(`${r.lost} lost`);
  if (r.appliedTwice > 0) problems.push(`${r.appliedTwice} applied twice`);
  if (r.toldFailedApplied > 0) problems.push(`${r.toldFailedApplied} reported failed but applied`);
  if (r.committedAfterRepair === 0) problems.push('nothing committed after the repair');
  if (!r.ledgers.same) problems.push('the peers\u2019 ledgers differ');
  if (r.events !== undefined && (r.events.missing > 0 || r.events.twice > 0)) {
    problems.push(`events: ${r.events.missing} missing, ${r.events.twice} twice`);
  }
  return problems;
}

/** What `.bench/faults.json` holds: one run of the suite (both of its networks). */
export interface FaultRun {
  readonly command: string;
  /** The day it ran, YYYY-MM-DD. */
  readonly when: string;
  readonly results: readonly FaultResult[];
}

/** Reads `.bench/faults.json`: a run, or (as written before the run was recorded) its results alone. */
export function faultRunOf(json: unknown, fallback: Omit<FaultRun, 'results'>): FaultRun {
  return Array.isArray(json) ? { ...fallback, results: json as FaultResult[] } : (json as FaultRun);
}

/** A fault's name with the topology it ran on, for the lists under the table. */
function label(r: FaultResult): string {
  return `${r.fault} (${r.network.split(' ')[0] ?? r.network})`;
}

export function renderReliability(results: readonly FaultResult[], command: string, when: string): string {
  const codes = (r: FaultResult): string =>
    Object.entries(r.codes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([c, n]) => `${c} ${n}`)
      .join(', ') || '—';
  const rows = results.map((r) =>
    [
      r.fault,
      r.network,
      r.what,
      r.submitted,
      r.committed,
      r.failed,
      `${r.unknown} (${r.unknownApplied} applied)`,
      r.lost,
      r.appliedTwice,
      r.toldFailedApplied,
      r.committedAfterRepair,
      r.longestGapSeconds.toFixed(1),
      r.downSeconds.toFixed(1),
      r.recoverSeconds.toFixed(1),
      `${r.ledgers.peers.length} at ${r.ledgers.height}, ${r.ledgers.same ? 'same state' : 'DIFFER'}`,
    ].join(' | '),
  );
  const events = results
    .filter((r) => r.events !== undefined)
    .map(
      (r) =>
        `- ${label(r)}: ${r.events?.recorded} events of the load's licences recorded, ${r.events?.redelivered} delivered again after the crash and skipped by the idempotent handler, ${r.events?.missing} missing, ${r.events?.twice} recorded twice.`,
    );
  return [
    '# Reliability: faults under load',
    '',
    `Written by \`${command}\` on ${when}, on this machine (2 cores).`,
    '',
    'Each fault is made while Tax writes continuously (control `Put`, each write a key of its own, endorsed by',
    'Tax and Public Security; for the listener, Market Regulation issues licences), then repaired with',
    '`network:up` (the partition: by joining the host again). **Lost**: a write its caller was told committed that no valid transaction in the blocks',
    'applied. **Applied twice**: a write applied by more than one valid transaction. **Reported failed,',
    'applied**: a write reported failed (not "outcome unknown") that the ledger applied anyway. Outcome-unknown',
    'writes may commit later; how many did is in brackets. **Ledgers after**: every peer at one height, and',
    "the SHA-256 of each peer's snapshot metadata (public state, private-data hashes, transaction ids) the",
    'same. **Down**: from the fault to the repair; **repaired in**: from `network:up` to the part serving and',
    'caught up.',
    '',
    '| fault | network | what was done | submitted | committed | reported failed | outcome unknown | lost | applied twice | reported failed, applied | committed after repair | longest commit gap (s) | down (s) | repaired in (s) | ledgers after |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
    '',
    'Failure codes callers saw:',
    '',
    ...results.map((r) => `- ${label(r)}: ${codes(r)}`),
    ...(events.length > 0 ? ['', 'The event listener:', '', ...events] : []),
    ...results
      .flatMap((r) => r.notes.map((n) => `- ${label(r)}: ${n}`))
      .reduce<string[]>((lines, line, i) => (i === 0 ? ['', 'Observed:', '', line] : [...lines, line]), []),
    '',
  ].join('\n');
}
