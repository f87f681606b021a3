#!/usr/bin/env node
/**
 * npm run bench:consensus — the same workloads on Raft and on SmartBFT, in one run on one machine, written as
 * one BENCHMARKS.md. For each topology in turn (default first: it is the reference), in a network of its
 * own (GOVCHAIN_HOME .govchain/bench-<topology>, ports from --base-port): network:clean, a cold
 * network:up, network:down, a warm network:up, then `npm run bench` with the same settings (the reference
 * runs every --only group; the others the groups they are compared on), then network:clean. Nothing
 * runs beside it: two networks on two cores would measure each other.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { listProfiles } from '@govchain/network';
import { runStep } from './stats';
import {
  jsonBeside,
  previousOf,
  readReport,
  renderReport,
  writeReport,
  type BenchReport,
  type OrderingRun,
} from './report';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'network', 'dist', 'cli.js');
const BENCH = path.join(ROOT, 'scripts', 'dist', 'bench', 'main.js');
/** What the other orderings are compared on: the writes (which go through the orderers) and the reads. */
const COMPARED = 'write,read';

interface Options {
  readonly topologies: readonly string[];
  readonly duration: string;
  readonly concurrency: string;
  readonly only: string;
  readonly small: string;
  readonly large: string;
  readonly basePort: number;
  readonly out: string;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      topologies: { type: 'string', default: 'default,bft' },
      duration: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '32' },
      only: { type: 'string', default: 'write,read,real-estate,bid,query' },
      small: { type: 'string', default: '1000' },
      large: { type: 'string', default: '10000' },
      'base-port': { type: 'string', default: '12000' },
      out: { type: 'string', default: path.join(ROOT, 'BENCHMARKS.md') },
    },
  });
  const topologies = values.topologies.split(',').map((t) => t.trim());
  const known = listProfiles(ROOT);
  for (const t of topologies) {
    if (!known.includes(t)) throw new Error(`--topologies takes topologies of ${known.join(', ')}; got '${t}'`);
  }
  if (topologies.length < 2) throw new Error('--topologies needs at least two topologies to compare');
  for (const name of ['duration', 'concurrency', 'small', 'large'] as const) {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${values[name]}`);
  }
  const basePort = Number(values['base-port']);
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 60000) {
    throw new Error(`--base-port must be a port from 1024 to 60000, got ${values['base-port']}`);
  }
  return {
    topologies,
    duration: values.duration,
    concurrency: values.concurrency,
    only: values.only,
    small: values.small,
    large: values.large,
    basePort,
    out: path.resolve(values.out),
  };
}

function step(env: NodeJS.ProcessEnv, file: string, args: string[]): number {
  return runStep(env, file, args).seconds;
}

function measure(topology: string, opts: Options, groups: string): { run: OrderingRun; report: BenchReport } {
  const env = {
    ...process.env,
    GOVCHAIN_HOME: path.join(ROOT, '.govchain', `bench-${topology}`),
    GOVCHAIN_TOPOLOGY: topology,
    GOVCHAIN_BASE_PORT: String(opts.basePort),
  };
  const out = path.join(ROOT, '.bench', 'consensus', `${topology}.md`);
  const log = (line: string): void => {
    process.stderr.write(`bench:consensus: ${topology}: ${line}\n`);
  };
  step(env, CLI, ['clean']);
  try {
    log('cold network:up');
    const coldUpSeconds = step(env, CLI, ['up']);
    step(env, CLI, ['down']);
    log('warm network:up');
    const warmUpSeconds = step(env, CLI, ['up']);
    log(`npm run bench -- --only ${groups}`);
    const args = ['--duration', opts.duration, '--concurrency', opts.concurrency, '--only', groups, '--out', out];
    step(env, BENCH, [...args, '--small', opts.small, '--large', opts.large]);
    const report = readReport(jsonBeside(out));
    if (!report) throw new Error(`npm run bench wrote no ${jsonBeside(out)}`);
    return {
      report,
      run: {
        topology,
        description: `${topology}: ${report.topology.replace(/^[^:]*: /, '')}`,
        coldUpSeconds,
        warmUpSeconds,
        memoryBytes: report.peaks.reduce((sum, p) => sum + p.bytes, 0),
        processes: report.peaks.length,
        results: report.results,
      },
    };
  } finally {
    step(env, CLI, ['clean']);
  }
}

function main(): void {
  const opts = options(process.argv.slice(2));
  const [first, ...rest] = opts.topologies as [string, ...string[]];
  const previous = previousOf(readReport(jsonBeside(opts.out)));
  const reference = measure(first, opts, opts.only);
  const orderings = [reference.run, ...rest.map((t) => measure(t, opts, COMPARED).run)];
  const report: BenchReport = { ...reference.report, previous, orderings };
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeReport(opts.out, renderReport(report));
  writeFileSync(jsonBeside(opts.out), `${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(`bench:consensus: wrote ${path.relative(process.cwd(), opts.out)}\n`);
}

try {
  main();
} catch (err: unknown) {
  process.stderr.write(`bench:consensus: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
