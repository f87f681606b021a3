/**
 * Writes the benchmark results as BENCHMARKS.md: machine, topology, settings, the table, the ratios
 * against the targets, and peak memory.
 */
import { currentLayout } from '@govchain/network';
import type { WorkloadResult } from './stats';

export interface MemoryPeak {
  readonly name: string;
  readonly bytes: number;
}

export interface BenchReport {
  readonly when: string;
  readonly machine: string;
  /** The network's topology, described when the run ended. */
  readonly topology: string;
  readonly settings: {
    readonly duration: number;
    readonly concurrency: number;
    readonly small: number;
    readonly large: number;
  };
  readonly results: readonly WorkloadResult[];
  readonly peaks: readonly MemoryPeak[];
  readonly licencesIssued: number;
  /** Set-up transactions (loading the ledger) that failed and were tried again. */
  readonly preloadFailures: number;
}

const ms = (x: number): string => (Number.isNaN(x) ? '-' : x.toFixed(1));

/** The workload of that exact name, else the first whose name starts with it. */
function find(results: readonly WorkloadResult[], prefix: string): WorkloadResult | undefined {
  return results.find((r) => r.name === prefix) ?? results.find((r) => r.name.startsWith(prefix));
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

function verdict(value: number | undefined, target: string, ok: (v: number) => boolean): string {
  if (value === undefined || Number.isNaN(value)) return `- | ${target} | not measured`;
  return `${value.toFixed(2)} | ${target} | ${ok(value) ? 'met' : '**missed**'}`;
}

const cpu = (w: WorkloadResult, component: string): string => (w.cpuMsPerOp[component] ?? 0).toFixed(1);

/**
 * Splits the IssueLicense / control Put gap, from this run's own figures, into what Fabric's private
 * data and key-level policies cost (control PutWithDetail) and what e-license's logic adds.
 */
function writeSplit(
  put: WorkloadResult | undefined,
  putDetail: WorkloadResult | undefined,
  issue: WorkloadResult | undefined,
): string[] {
  if (!put || !putDetail || !issue) return [];
  const platform = ratio(putDetail.throughput, put.throughput) ?? NaN;
  const ours = ratio(issue.throughput, putDetail.throughput) ?? NaN;
  return [
    '### Where the write gap comes from (this run)',
    '',
    `- Fabric's features that IssueLicense must use (the personal detail in the issuer's implicit private collection, a key-level endorsement policy on the licence, the issuer's own peer among the endorsers): control PutWithDetail runs at ${platform.toFixed(2)} × control Put. The ten peers together spend ${cpu(putDetail, 'peer')} ms of CPU on each PutWithDetail against ${cpu(put, 'peer')} ms on each Put.`,
    `- e-license's own work on top (the registry and licence-existence reads, the HMAC key read from the holderRefKey collection, three index keys, the event, argument and shape checks): IssueLicense runs at ${ours.toFixed(2)} × PutWithDetail; peers ${cpu(issue, 'peer')} ms and e-license chaincode servers ${cpu(issue, 'cc e-license')} ms of CPU per issuance, against ${cpu(putDetail, 'cc control')} ms for the control chaincode.`,
    '- On two shared cores every process competes for the same CPU, so throughput follows total CPU per transaction. docs/performance.md has the profiles behind this split and what was changed because of them.',
    '',
  ];
}

function reference(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '-' : value.toFixed(2);
}

/** Describes the running network's topology for the report. */
export function describeTopology(root: string): string {
  try {
    const layout = currentLayout(root);
    const t = layout.topology;
    return `${t.name}: ${layout.orgs.length} departments (one peer each), ${layout.orderers.length} ${t.consensus === 'bft' ? 'SmartBFT' : 'Raft'} orderer(s), batch timeout ${t.orderer.batchTimeout}, max ${t.orderer.maxMessageCount} transactions a block; chaincodes ${t.chaincodes.map((c) => c.name).join(', ')}, endorsement ${t.chaincodes.map((c) => ('outOf' in c.endorsement ? `${c.name}: any ${c.endorsement.outOf}` : c.name)).join(', ')}`;
  } catch {
    return 'unknown';
  }
}

function cpuTable(results: readonly WorkloadResult[]): string[] {
  const components = [...new Set(results.flatMap((w) => Object.keys(w.cpuMsPerOp)))].sort();
  if (components.length === 0) return ['(not measured)'];
  return [
    `| workload | ${components.join(' | ')} |`,
    `|---|${components.map(() => '---').join('|')}|`,
    ...results.map((w) => `| ${w.name} | ${components.map((c) => (w.cpuMsPerOp[c] ?? 0).toFixed(1)).join(' | ')} |`),
  ];
}

export function renderReport(report: BenchReport): string {
  const r = report.results;
  const rows = r.map((w) => {
    const failures = Object.entries(w.failures)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    return `| ${w.name} | ${w.concurrency} | ${w.seconds.toFixed(1)} | ${w.successes} | ${w.mvccConflicts} | ${failures || '0'} | ${w.throughput.toFixed(1)} | ${ms(w.p50)} | ${ms(w.p95)} | ${ms(w.p99)} |`;
  });
  const put = find(r, 'control Put');
  const putDetail = find(r, 'control PutWithDetail');
  const get = find(r, 'control Get');
  const issue = find(r, 'e-license IssueLicense');
  const verify = find(r, 'e-license VerifyLicense');
  const querySmall = find(r, `ListLicensesByHolder, ${report.settings.small} `);
  const queryLarge = find(r, `ListLicensesByHolder, ${report.settings.large} `);
  const otherFailures = r.reduce((a, w) => a + Object.values(w.failures).reduce((x, y) => x + y, 0), 0);
  const chaincodePeak = Math.max(0, ...report.peaks.filter((p) => p.name.startsWith('cc-')).map((p) => p.bytes));
  const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (scripts/src/bench); every figure below comes from one run on one network.',
    '',
    `- when: ${report.when}`,
    `- machine: ${report.machine}`,
    `- topology: ${report.topology}`,
    `- settings: ${report.settings.concurrency} transactions in flight, ${report.settings.duration} s per workload; licences on the ledger for the query workloads: ${report.settings.small} and ${report.settings.large}; licences issued by this run: ${report.licencesIssued} (set-up tries that failed and were repeated: ${report.preloadFailures})`,
    '',
    '| workload | in flight | seconds | successes | MVCC conflicts | other failures | per second | p50 ms | p95 ms | p99 ms |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '## Where the CPU goes (ms of CPU per successful operation, summed over all processes of a kind)',
    '',
    ...cpuTable(r),
    '',
    '## Against the targets',
    '',
    '| ratio | value | target | |',
    '|---|---|---|---|',
    `| IssueLicense / control Put throughput | ${verdict(ratio(issue?.throughput, put?.throughput), '≥ 0.9', (v) => v >= 0.9)} |`,
    `| IssueLicense / control PutWithDetail throughput (the same private data, key-level policy and endorsers; no e-license logic) | ${reference(ratio(issue?.throughput, putDetail?.throughput))} | - | where e-license's own logic stands |`,
    `| VerifyLicense / control Get throughput | ${verdict(ratio(verify?.throughput, get?.throughput), '≥ 0.9', (v) => v >= 0.9)} |`,
    `| licences-by-holder p50, ${report.settings.large} / ${report.settings.small} licences | ${verdict(ratio(queryLarge?.p50, querySmall?.p50), '≤ 1.5', (v) => v <= 1.5)} |`,
    `| failures other than MVCC conflicts | ${otherFailures} | 0 | ${otherFailures === 0 ? 'met' : '**missed**'} |`,
    `| largest chaincode process RSS | ${mb(chaincodePeak)} | < 300 MB | ${chaincodePeak < 300 * 2 ** 20 ? 'met' : '**missed**'} |`,
    '',
    ...writeSplit(put, putDetail, issue),
    '## Peak resident memory during the run (sampled every second)',
    '',
    '| process | peak RSS |',
    '|---|---|',
    ...report.peaks.map((p) => `| ${p.name} | ${mb(p.bytes)} |`),
    '',
  ].join('\n');
}
