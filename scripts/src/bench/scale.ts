#!/usr/bin/env node
/**
 * npm run bench:scale — how start-up, memory and throughput grow with the number of departments, one run
 * per size, written as the "Scaling" section of BENCHMARKS.md.
 *
 * Each size N is the city topology's first N departments (network/topologies/city.yaml: the ten of the
 * default topology come first, so every size has every chaincode role), in a network of its own
 * (GOVCHAIN_HOME .govchain/scale-N, ports from --base-port), one after the other — two networks on two
 * cores would measure each other: network:clean, a cold network:up (timed), network:status (resident
 * memory and processes at rest), `npm run bench -- --only write,read` (control Put, IssueLicense,
 * control Get and VerifyLicense, with the peak memory under that load), network:clean.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { jsonBeside, readReport, SCALING_BEGIN, SCALING_END, withSection } from './report';
import { runStep as step, type WorkloadResult } from './stats';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'network', 'dist', 'cli.js');
const BENCH = path.join(ROOT, 'scripts', 'dist', 'bench', 'main.js');
const CITY = path.join(ROOT, 'network', 'topologies', 'city.yaml');
const SCRATCH = path.join(ROOT, '.bench', 'scale');
/** The smallest size: the default topology's ten departments hold every role the chaincodes seed. */
const SMALLEST = 10;

export interface ScaleOptions {
  readonly sizes: readonly number[];
  readonly duration: string;
  readonly concurrency: string;
  readonly basePort: number;
  readonly out: string;
  /** Leave the last size's network running (e.g. to run the scenario on the city), not cleaned. */
  readonly keep: boolean;
}

/**
 * @param argv - the command's arguments
 * @returns the checked options
 * @throws Error naming the bad option, before anything starts
 */
export function scaleOptions(argv: readonly string[], cityDepartments: number): ScaleOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      sizes: { type: 'string', default: `10,20,${cityDepartments}` },
      duration: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '16' },
      'base-port': { type: 'string', default: '12000' },
      out: { type: 'string', default: path.join(ROOT, 'BENCHMARKS.md') },
      keep: { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
  for (const n of sizes) {
    if (!Number.isInteger(n) || n < SMALLEST || n > cityDepartments) {
      throw new Error(
        `--sizes takes whole numbers from ${SMALLEST} to ${cityDepartments} (the city's departments); got '${values.sizes}'`,
      );
    }
  }
  for (const name of ['duration', 'concurrency'] as const) {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${values[name]}`);
  }
  const basePort = Number(values['base-port']);
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 30000) {
    throw new Error(`--base-port must be a port from 1024 to 30000, got ${values['base-port']}`);
  }
  return {
    sizes,
    duration: values.duration,
    concurrency: values.concurrency,
    basePort,
    out: path.resolve(values.out),
    keep: values.keep,
  };
}

/**
 * The city topology cut to its first `n` departments, named `city-<n>`.
 *
 * @param cityYaml - network/topologies/city.yaml's text
 * @param n - how many departments to keep
 * @returns the topology's YAML
 */
export function cityOf(cityYaml: string, n: number): string {
  const doc = parse(cityYaml) as { name: string; departments: unknown[] };
  if (n > doc.departments.length) throw new Error(`the city has ${doc.departments.length} departments, not ${n}`);
  return stringify({ ...doc, name: `city-${n}`, departments: doc.departments.slice(0, n) });
}

/** One size's measurements. */
export interface ScaleRow {
  readonly departments: number;
  readonly processes: number;
  readonly coldUpSeconds: number;
  /** Resident memory of every process of the network at rest, right after network:up. */
  readonly restingBytes: number;
  /** Sum of each process's peak resident memory during the workloads. */
  readonly peakBytes: number;
  readonly results: readonly WorkloadResult[];
}

const WORKLOADS = ['control Put', 'e-license IssueLicense', 'control Get', 'e-license VerifyLicense'] as const;

function gb(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

/**
 * @param rows - one per size, smallest first
 * @param meta - when and on what, and the command that made it
 * @returns the section, between its markers
 */
export function renderScaling(
  rows: readonly ScaleRow[],
  meta: { when: string; machine: string; command: string },
): string {
  const first = rows[0];
  const throughput = (row: ScaleRow, name: string): WorkloadResult | undefined =>
    row.results.find((r) => r.name === name);
  const cell = (row: ScaleRow, name: string): string => {
    const r = throughput(row, name);
    if (!r) return '-';
    const base = first ? throughput(first, name) : undefined;
    const ratio =
      base && base.throughput > 0 && row !== first ? ` (${(r.throughput / base.throughput).toFixed(2)})` : '';
    return `${r.throughput.toFixed(1)}/s, p50 ${r.p50.toFixed(0)} ms${ratio}`;
  };
  const lines = [
    SCALING_BEGIN,
    '## Scaling: 10 to 49 departments',
    '',
    `Written by \`${meta.command}\` (scripts/src/bench/scale.ts) on ${meta.when}, ${meta.machine}. Each size is the city topology's first N departments (network/topologies/city.yaml), every department with its peer, CA server and chaincode host, three Raft orderers, all four chaincodes; brought up cold, one size at a time, nothing else running. Throughput in brackets: ÷ the first size.`,
    '',
    `| departments | processes | cold network:up | memory at rest | peak memory under load | ${WORKLOADS.join(' | ')} |`,
    `|---|---|---|---|---|${WORKLOADS.map(() => '---').join('|')}|`,
    ...rows.map(
      (row) =>
        `| ${row.departments} | ${row.processes} | ${row.coldUpSeconds.toFixed(0)} s | ${gb(row.restingBytes)} | ${gb(row.peakBytes)} | ${WORKLOADS.map((w) => cell(row, w)).join(' | ')} |`,
    ),
    '',
    "Memory at rest: the resident memory of every process of the network right after `network:up` (`network:status`); peak: the sum of each process's peak during the workloads. Workloads as in `npm run bench` (writes through Market Regulation, reads through Tax, any two departments endorse), in flight and duration as the command says.",
    SCALING_END,
  ];
  return `${lines.join('\n')}\n`;
}

function measure(n: number, opts: ScaleOptions, keep: boolean): ScaleRow {
  mkdirSync(SCRATCH, { recursive: true });
  const topology = path.join(SCRATCH, `city-${n}.yaml`);
  writeFileSync(topology, cityOf(readFileSync(CITY, 'utf8'), n));
  const env = {
    ...process.env,
    GOVCHAIN_HOME: path.join(ROOT, '.govchain', `scale-${n}`),
    GOVCHAIN_TOPOLOGY: topology,
    GOVCHAIN_BASE_PORT: String(opts.basePort),
  };
  const log = (line: string): void => {
    process.stderr.write(`bench:scale: ${n} departments: ${line}\n`);
  };
  step(env, CLI, ['clean']);
  let kept = false;
  try {
    log('cold network:up');
    const { seconds } = step(env, CLI, ['up']);
    const status = JSON.parse(step(env, CLI, ['status', '--json'], true).stdout) as {
      totalRssBytes: number;
      nodes: { running: boolean }[];
      cas: { running: boolean }[];
      chaincodeHosts: { running: boolean }[];
    };
    const processes = [...status.nodes, ...status.cas, ...status.chaincodeHosts].filter((p) => p.running).length;
    const out = path.join(SCRATCH, `bench-${n}.md`);
    log('npm run bench -- --only write,read');
    step(env, BENCH, [
      '--duration',
      opts.duration,
      '--concurrency',
      opts.concurrency,
      '--only',
      'write,read',
      '--out',
      out,
    ]);
    const report = readReport(jsonBeside(out));
    if (!report) throw new Error(`npm run bench wrote no ${jsonBeside(out)}`);
    kept = keep;
    if (kept) log(`left running (--keep): GOVCHAIN_HOME=${env.GOVCHAIN_HOME} npm run network:clean removes it`);
    return {
      departments: n,
      processes,
      coldUpSeconds: seconds,
      restingBytes: status.totalRssBytes,
      peakBytes: report.peaks.reduce((sum, p) => sum + p.bytes, 0),
      results: report.results.filter((r) => (WORKLOADS as readonly string[]).includes(r.name)),
    };
  } finally {
    if (!kept) step(env, CLI, ['clean']);
  }
}

function main(): void {
  const city = parse(readFileSync(CITY, 'utf8')) as { departments: unknown[] };
  const opts = scaleOptions(process.argv.slice(2), city.departments.length);
  const report = readReport(jsonBeside(path.join(ROOT, 'BENCHMARKS.md')));
  const meta = {
    when: new Date().toISOString(),
    machine: report?.machine ?? `${process.platform}, Node ${process.version}`,
    command: `npm run bench:scale -- ${process.argv.slice(2).join(' ')}`.trim(),
  };
  const rows: ScaleRow[] = [];
  for (const [i, n] of opts.sizes.entries()) {
    rows.push(measure(n, opts, opts.keep && i === opts.sizes.length - 1));
    // Written after every size, so that the sizes measured stay when a larger one fails.
    writeFileSync(path.join(SCRATCH, 'scaling.json'), `${JSON.stringify(rows, null, 2)}\n`);
    const current = existsSync(opts.out) ? readFileSync(opts.out, 'utf8') : '# Benchmarks\n';
    writeFileSync(opts.out, withSection(current, renderScaling(rows, meta)));
    process.stderr.write(`bench:scale: wrote the Scaling section of ${path.relative(process.cwd(), opts.out)}\n`);
  }
}

if (require.main === module) {
  try {
    main();
  } catch (err: unknown) {
    process.stderr.write(`bench:scale: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
