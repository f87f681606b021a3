/**
 * The A/B comparison of `npm run bench:ab`: the same-run ratios of each benchmark run of two commits, their
 * mean and spread per side, and whether the change between the sides is shown to be within a tolerance.
 */
import type { BenchReport } from './report';
import { CHAINCODE_HOSTS } from './stats';

/** A ratio of two workloads' throughputs measured in the same run. */
export interface RatioSpec {
  readonly label: string;
  readonly numerator: string;
  readonly denominator: string;
}

/** The ratios issue 14's acceptance names (write and read groups). */
export const AB_RATIOS: readonly RatioSpec[] = [
  { label: 'IssueLicense / control Put', numerator: 'e-license IssueLicense', denominator: 'control Put' },
  {
    label: 'IssueLicense / control PutWithDetail',
    numerator: 'e-license IssueLicense',
    denominator: 'control PutWithDetail',
  },
  { label: 'VerifyLicense / control Get', numerator: 'e-license VerifyLicense', denominator: 'control Get' },
];

/**
 * CPU the departments' chaincode hosts spent per successful operation of a workload (ms, summed over
 * departments). Each workload calls one chaincode, so its hosts' CPU is that chaincode's.
 */
export interface CpuSpec {
  readonly label: string;
  readonly workload: string;
  readonly component: string;
}

/** The chaincode's own work per call: what a change inside the chaincode moves first. */
export const AB_CPU: readonly CpuSpec[] = [
  { label: 'e-license CPU per IssueLicense', workload: 'e-license IssueLicense', component: CHAINCODE_HOSTS },
  { label: 'control CPU per PutWithDetail', workload: 'control PutWithDetail', component: CHAINCODE_HOSTS },
  { label: 'e-license CPU per VerifyLicense', workload: 'e-license VerifyLicense', component: CHAINCODE_HOSTS },
];

/**
 * @param report - one benchmark run
 * @param spec - the workload and component
 * @returns the component's CPU ms per successful operation, or undefined when not measured
 */
export function cpuOf(report: BenchReport, spec: CpuSpec): number | undefined {
  return report.results.find((result) => result.name === spec.workload)?.cpuMsPerOp[spec.component];
}

/** One side's runs: the commit and each run's report, in the order they ran. */
export interface AbSide {
  readonly name: string;
  readonly commit: string;
  readonly runs: readonly BenchReport[];
}

/** Mean, sample standard deviation, least and greatest of some values. */
export interface Spread {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
}

/** What the runs show about the change of one ratio from base to head. */
export type Verdict = 'within' | 'outside' | 'inconclusive';

/** One ratio's comparison. */
export interface RatioComparison {
  readonly label: string;
  readonly base: Spread;
  readonly head: Spread;
  /** (head mean − base mean) / base mean. */
  readonly change: number;
  /** Half-width of the change's 95 % interval (Welch's t, relative to the base mean). */
  readonly margin: number;
  readonly verdict: Verdict;
}

/**
 * @param report - one benchmark run
 * @param spec - the ratio
 * @returns the ratio of the two workloads' throughputs, or undefined when either is missing or zero
 */
export function ratioOf(report: BenchReport, spec: RatioSpec): number | undefined {
  const throughput = (name: string): number | undefined =>
    report.results.find((result) => result.name === name)?.throughput;
  const a = throughput(spec.numerator);
  const b = throughput(spec.denominator);
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

/**
 * @param values - at least one value
 * @returns their spread (sd 0 for a single value)
 */
export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('a spread needs at least one value');
  const n = values.length;
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const variance = n > 1 ? values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { n, mean, sd: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values) };
}

/** Two-sided 95 % Student t quantiles by degrees of freedom (1–30); 1.96 beyond. */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

function t95(df: number): number {
  if (!Number.isFinite(df) || df < 1) return Infinity;
  const whole = Math.floor(df);
  return whole <= T95.length ? (T95[whole - 1] ?? Infinity) : 1.96;
}

/**
 * Compares a ratio between two sides: the change of the means and its 95 % interval (Welch). The change is
 * `within` the tolerance when the whole interval is, `outside` when the whole interval is beyond it, and
 * `inconclusive` otherwise — including when a side has a single run, whose spread is unknown.
 *
 * @param label - the ratio's name
 * @param base - the base side's values
 * @param head - the head side's values
 * @param tolerance - the relative change allowed (0.05 for 5 %)
 * @returns the comparison
 */
export function compareRatio(
  label: string,
  base: readonly number[],
  head: readonly number[],
  tolerance: number,
): RatioComparison {
  const b = spreadOf(base);
  const h = spreadOf(head);
  const change = (h.mean - b.mean) / b.mean;
  let margin = Infinity;
  if (b.n > 1 && h.n > 1) {
    const vb = b.sd ** 2 / b.n;
    const vh = h.sd ** 2 / h.n;
    const se = Math.sqrt(vb + vh);
    const df = se === 0 ? Infinity : (vb + vh) ** 2 / (vb ** 2 / (b.n - 1) + vh ** 2 / (h.n - 1));
    margin = se === 0 ? 0 : (t95(df === Infinity ? 1000 : df) * se) / b.mean;
  }
  let verdict: Verdict = 'inconclusive';
  if (Math.abs(change) + margin <= tolerance) verdict = 'within';
  else if (Math.abs(change) - margin > tolerance) verdict = 'outside';
  return { label, base: b, head: h, change, margin, verdict };
}

/**
 * @param base - the base side
 * @param head - the head side
 * @param tolerance - the relative change allowed
 * @returns one comparison per ratio both sides measured in every run
 */
export function compareSides(base: AbSide, head: AbSide, tolerance: number): RatioComparison[] {
  return AB_RATIOS.flatMap((spec) => {
    const values = (side: AbSide): number[] =>
      side.runs.map((run) => ratioOf(run, spec)).filter((v): v is number => v !== undefined);
    const b = values(base);
    const h = values(head);
    if (b.length === 0 || h.length === 0) return [];
    return [compareRatio(spec.label, b, h, tolerance)];
  });
}

const pct = (v: number): string => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)} %`;
const fixed = (v: number): string => v.toFixed(3);

/**
 * @param base - the base side
 * @param head - the head side
 * @param tolerance - the relative change allowed
 * @param command - the command that made the runs
 * @returns the comparison as Markdown: every run's ratios, then each ratio's spread and verdict
 */
export function renderAb(base: AbSide, head: AbSide, tolerance: number, command: string): string {
  const comparisons = compareSides(base, head, tolerance);
  const runRows = [base, head].flatMap((side) =>
    side.runs.map(
      (run, i) =>
        `| ${side.name} ${side.commit.slice(0, 7)} | ${i + 1} | ${run.when} | ${AB_RATIOS.map((spec) => {
          const v = ratioOf(run, spec);
          return v === undefined ? '-' : fixed(v);
        }).join(' | ')} |`,
    ),
  );
  const spreadCell = (s: Spread): string => `${fixed(s.mean)} ± ${fixed(s.sd)} (${fixed(s.min)}–${fixed(s.max)})`;
  const cpuRows = AB_CPU.flatMap((spec) => {
    const values = (side: AbSide): number[] =>
      side.runs.map((run) => cpuOf(run, spec)).filter((v): v is number => v !== undefined);
    const [b, h] = [values(base), values(head)];
    if (b.length === 0 || h.length === 0) return [];
    const bs = spreadOf(b);
    const hs = spreadOf(h);
    return [`| ${spec.label} | ${spreadCell(bs)} | ${spreadCell(hs)} | ${pct((hs.mean - bs.mean) / bs.mean)} |`];
  });
  return [
    `# Benchmark A/B: ${base.commit.slice(0, 7)} → ${head.commit.slice(0, 7)}`,
    '',
    `Made by \`${command}\`. The two commits ran one after the other on the same machine, each on a network`,
    'of its own, in alternating order (base first, then head first, …), so that the drift of an idle',
    'network and of the machine falls on both sides. Every figure is a ratio of two throughputs measured in',
    'the same run.',
    '',
    `| side | run | when | ${AB_RATIOS.map((spec) => spec.label).join(' | ')} |`,
    `|---|---|---|${AB_RATIOS.map(() => '---|').join('')}`,
    ...runRows,
    '',
    `Mean ± standard deviation (least–greatest); change of the mean with its 95 % interval (Welch's t);`,
    `within ${(tolerance * 100).toFixed(0)} % only when the whole interval is.`,
    '',
    '| ratio | base | head | change | verdict |',
    '|---|---|---|---|---|',
    ...comparisons.map(
      (c) =>
        `| ${c.label} | ${spreadCell(c.base)} | ${spreadCell(c.head)} | ${pct(c.change)} ± ${
          Number.isFinite(c.margin) ? (c.margin * 100).toFixed(1) : '∞'
        } % | ${c.verdict} |`,
    ),
    '',
    'CPU ms per successful operation, summed over the chaincode servers of every department (the chaincode',
    "servers' own work, read from /proc; not a throughput, so it moves less with the network's idle bursts):",
    '',
    '| CPU | base | head | change |',
    '|---|---|---|---|',
    ...cpuRows,
    '',
  ].join('\n');
}
