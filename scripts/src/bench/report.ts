/**
 * Writes the benchmark results as BENCHMARKS.md: machine, topology, settings, the table, the ratios
 * against the targets, and peak memory.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { currentLayout } from '@govchain/network';
import { CHAINCODE_HOSTS, type WorkloadResult } from './stats';

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
  /** The report this run replaced, for "what did the change do": its date, machine and throughputs. */
  readonly previous?: PreviousRun;
  /** The same workloads on other orderings, each measured in this run (npm run bench:consensus). */
  readonly orderings?: readonly OrderingRun[];
}

export interface PreviousRun {
  readonly when: string;
  readonly machine: string;
  /** Throughput (per second) by workload name. */
  readonly throughput: Readonly<Record<string, number>>;
}

/** One topology of a bench:consensus run: how it started, its memory and its workloads. */
export interface OrderingRun {
  readonly topology: string;
  /** One line describing the topology (describeTopology). */
  readonly description: string;
  /** `network:up` from nothing (crypto, genesis block, joins, deployment), seconds. */
  readonly coldUpSeconds: number;
  /** `network:up` after `network:down` (ledgers kept), seconds. */
  readonly warmUpSeconds: number;
  /** Sum over every process of the network of its peak resident memory during the workloads. */
  readonly memoryBytes: number;
  readonly processes: number;
  readonly results: readonly WorkloadResult[];
}

/** Where the measurements behind a report are kept: BENCHMARKS.md → BENCHMARKS.json. */
export function jsonBeside(markdown: string): string {
  return markdown.replace(/\.md$/, '') + '.json';
}

/** An earlier run's measurements (BENCHMARKS.json), if the file is there. */
export function readReport(file: string): BenchReport | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
  } catch {
    return undefined;
  }
}

/** The previous run's figures from its BENCHMARKS.json, when there is one. */
export function previousOf(report: BenchReport | undefined): PreviousRun | undefined {
  if (!report) return undefined;
  return {
    when: report.when,
    machine: report.machine,
    throughput: Object.fromEntries(report.results.map((w) => [w.name, w.throughput])),
  };
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
    `- e-license's own work on top (the registry and licence-existence reads, the holder-reference grant read from the holderRefGrants collection, three index keys, the event, argument and shape checks): IssueLicense runs at ${ours.toFixed(2)} × PutWithDetail; peers ${cpu(issue, 'peer')} ms and the chaincode hosts ${cpu(issue, CHAINCODE_HOSTS)} ms of CPU per issuance (e-license's work), against ${cpu(putDetail, CHAINCODE_HOSTS)} ms per PutWithDetail (the control chaincode's).`,
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

/** What the department service adds to a call of the typed client: throughput kept and p50 added. */
function restRows(name: string, client: WorkloadResult | undefined, rest: WorkloadResult | undefined): string[] {
  const added = client === undefined || rest === undefined ? undefined : rest.p50 - client.p50;
  const addedCell =
    added === undefined || Number.isNaN(added)
      ? '- | ≤ +5 ms | not measured'
      : `${added >= 0 ? '+' : ''}${added.toFixed(1)} ms | ≤ +5 ms | ${added <= 5 ? 'met' : '**missed**'}`;
  return [
    `| ${name} through the REST service / through the client, throughput | ${verdict(ratio(rest?.throughput, client?.throughput), '≥ 0.95', (v) => v >= 0.95)} |`,
    `| ${name} through the REST service − through the client, p50 | ${addedCell} |`,
  ];
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

const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;

/** This run beside the report it replaced, workload by workload. */
function previousTable(report: BenchReport): string[] {
  const before = report.previous;
  if (!before) return [];
  return [
    '## Beside the previous report',
    '',
    `The report this run replaced: ${before.when}, ${before.machine}. A different machine or Fabric version moves every figure; compare the ratios within one run first.`,
    '',
    '| workload | before, per second | now, per second | now ÷ before |',
    '|---|---|---|---|',
    ...report.results.map((w) => {
      const old = before.throughput[w.name];
      return `| ${w.name} | ${old === undefined ? '-' : old.toFixed(1)} | ${w.throughput.toFixed(1)} | ${reference(ratio(w.throughput, old))} |`;
    }),
    '',
  ];
}

/** The orderings of a bench:consensus run: each topology's workloads against the first one's, same run. */
function orderingTables(report: BenchReport): string[] {
  const runs = report.orderings ?? [];
  const [reference_, ...others] = runs;
  if (!reference_ || others.length === 0) return [];
  const names = reference_.results.map((w) => w.name).filter((n) => others.every((o) => find(o.results, n)));
  const isWrite = (name: string): boolean => !/ Get$| VerifyLicense$|ListLicenses/.test(name);
  return [
    `## Ordering: ${runs.map((r) => r.topology).join(' and ')}, in one run`,
    '',
    'Each topology brought up from nothing, taken down and up again, then measured with the same workloads and settings, one after the other on the same machine (`npm run bench:consensus`).',
    '',
    ...runs.map((r) => `- ${r.description}`),
    '',
    `| workload | ${runs.map((r) => `${r.topology} per second | ${r.topology} p50 ms`).join(' | ')} | ${others.map((o) => `${o.topology} ÷ ${reference_.topology}`).join(' | ')} |`,
    `|---|${runs.map(() => '---|---').join('|')}|${others.map(() => '---').join('|')}|`,
    ...names.map((name) => {
      const cells = runs.map((r) => {
        const w = find(r.results, name);
        return w ? `${w.throughput.toFixed(1)} | ${ms(w.p50)}` : '- | -';
      });
      const base = find(reference_.results, name)?.throughput;
      const ratios = others.map((o) => {
        const v = ratio(find(o.results, name)?.throughput, base);
        if (v === undefined || !isWrite(name)) return reference(v);
        return `${reference(v)} (${v >= 0.8 ? 'goal met' : '**goal missed**'})`;
      });
      return `| ${name} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`;
    }),
    '',
    `Goal for writes: ${others.map((o) => o.topology).join(', ')} ≥ 0.8 × ${reference_.topology}.`,
    '',
    '| topology | cold network:up | warm network:up | processes | memory of the whole network (sum of peak RSS) |',
    '|---|---|---|---|---|',
    ...runs.map(
      (r) =>
        `| ${r.topology} | ${r.coldUpSeconds.toFixed(0)} s | ${r.warmUpSeconds.toFixed(0)} s | ${r.processes} | ${mb(r.memoryBytes)} |`,
    ),
    '',
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
  const putSession = find(r, 'control Put, read-your-writes session');
  const get = find(r, 'control Get');
  const issue = find(r, 'e-license IssueLicense');
  const verify = find(r, 'e-license VerifyLicense');
  const clientVerify = find(r, 'client VerifyLicense');
  const restVerify = find(r, 'REST VerifyLicense');
  const clientIssue = find(r, 'client IssueLicense');
  const restIssue = find(r, 'REST IssueLicense');
  const querySmall = find(r, `ListLicensesByHolder, ${report.settings.small} `);
  const queryLarge = find(r, `ListLicensesByHolder, ${report.settings.large} `);
  const otherFailures = r.reduce((a, w) => a + Object.values(w.failures).reduce((x, y) => x + y, 0), 0);
  const chaincodePeak = Math.max(0, ...report.peaks.filter((p) => p.name.startsWith('cc-')).map((p) => p.bytes));
  return [
    '# Benchmarks',
    '',
    report.orderings
      ? 'Written by `npm run bench:consensus` (scripts/src/bench); every figure below comes from one run: the tables up to "Ordering" on the first topology\'s network, then each topology in turn.'
      : 'Written by `npm run bench` (scripts/src/bench); every figure below comes from one run on one network.',
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
    `| control Put with the client's read-your-writes session / without (the waits for endorsing peers' heights) | ${reference(ratio(putSession?.throughput, put?.throughput))} | - | what the default client's consistency costs |`,
    `| VerifyLicense / control Get throughput | ${verdict(ratio(verify?.throughput, get?.throughput), '≥ 0.9', (v) => v >= 0.9)} |`,
    ...restRows('VerifyLicense', clientVerify, restVerify),
    ...restRows('IssueLicense', clientIssue, restIssue),
    `| licences-by-holder p50, ${report.settings.large} / ${report.settings.small} licences | ${verdict(ratio(queryLarge?.p50, querySmall?.p50), '≤ 1.5', (v) => v <= 1.5)} |`,
    `| failures other than MVCC conflicts | ${otherFailures} | 0 | ${otherFailures === 0 ? 'met' : '**missed**'} |`,
    `| largest chaincode process RSS | ${mb(chaincodePeak)} | < 300 MB | ${chaincodePeak < 300 * 2 ** 20 ? 'met' : '**missed**'} |`,
    '',
    ...writeSplit(put, putDetail, issue),
    ...orderingTables(report),
    ...previousTable(report),
    '## Peak resident memory during the run (sampled every second)',
    '',
    '| process | peak RSS |',
    '|---|---|',
    ...report.peaks.map((p) => `| ${p.name} | ${mb(p.bytes)} |`),
    '',
  ].join('\n');
}

/** The markers of BENCHMARKS.md's scaling section, which `npm run bench:scale` writes and the others keep. */
export const SCALING_BEGIN = '<!-- scaling:begin -->';
export const SCALING_END = '<!-- scaling:end -->';

/**
 * @param markdown - a report as it is (empty when missing)
 * @param section - a scaling section, between its markers; empty for none
 * @returns the report with that section in place of its own, or appended when it had none
 */
export function withSection(markdown: string, section: string): string {
  if (section === '') return markdown;
  const begin = markdown.indexOf(SCALING_BEGIN);
  const end = markdown.indexOf(SCALING_END);
  if (begin < 0 || end < begin) return `${markdown.trimEnd()}\n\n${section}`;
  return `${markdown.slice(0, begin)}${section}${markdown.slice(end + SCALING_END.length).replace(/^\n/, '')}`;
}

/** The scaling section of a report file (markers included, with its newline), or '' when it has none. */
export function scalingSectionOf(file: string): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8');
  const begin = text.indexOf(SCALING_BEGIN);
  const end = text.indexOf(SCALING_END);
  return begin >= 0 && end > begin ? `${text.slice(begin, end + SCALING_END.length)}\n` : '';
}

/** Writes a rendered report over `file`, keeping the scaling section the file had. */
export function writeReport(file: string, rendered: string): void {
  writeFileSync(file, withSection(rendered, scalingSectionOf(file)));
}
