import { expect } from 'chai';
import {
  compareRatio,
  compareSides,
  ratioOf,
  renderAb,
  spreadOf,
  type AbSide,
} from '@govchain/scripts/dist/bench/ab-report';
import type { BenchReport } from '@govchain/scripts/dist/bench/report';
import type { WorkloadResult } from '@govchain/scripts/dist/bench/stats';

function workload(name: string, throughput: number): WorkloadResult {
  return {
    name,
    concurrency: 16,
    seconds: 20,
    successes: Math.round(throughput * 20),
    mvccConflicts: 0,
    failures: {},
    throughput,
    p50: 100,
    p95: 200,
    p99: 300,
    cpuMsPerOp: { 'chaincode hosts': name.startsWith('e-license') ? 2 : 1 },
  };
}

/** A run in which IssueLicense / control Put is `issueRatio` and VerifyLicense / control Get is `verifyRatio`. */
function run(issueRatio: number, verifyRatio: number): BenchReport {
  return {
    when: '2026-12-02T00:00:00.000Z',
    machine: '2 × test CPU',
    topology: 'default: a test network',
    settings: { duration: 20, concurrency: 16, small: 1000, large: 100000 },
    results: [
      workload('control Put', 100),
      workload('control PutWithDetail', 80),
      workload('e-license IssueLicense', 100 * issueRatio),
      workload('control Get', 400),
      workload('e-license VerifyLicense', 400 * verifyRatio),
    ],
    peaks: [],
    licencesIssued: 0,
    preloadFailures: 0,
  };
}

function side(name: string, runs: BenchReport[]): AbSide {
  return { name, commit: name === 'base' ? 'a'.repeat(40) : 'b'.repeat(40), runs };
}

describe('npm run bench:ab: the comparison of two commits', function () {
  it('takes each ratio from the same run, and none when a workload is missing', function () {
    const report = run(0.7, 0.95);
    expect(
      ratioOf(report, { label: 'x', numerator: 'e-license IssueLicense', denominator: 'control Put' }),
    ).to.be.closeTo(0.7, 1e-9);
    expect(ratioOf(report, { label: 'x', numerator: 'e-license IssueLicense', denominator: 'absent' })).to.equal(
      undefined,
    );
  });

  it('gives the mean, the sample standard deviation and the range', function () {
    const s = spreadOf([1, 2, 3, 4]);
    expect(s).to.include({ n: 4, mean: 2.5, min: 1, max: 4 });
    expect(s.sd).to.be.closeTo(Math.sqrt(5 / 3), 1e-12);
    expect(() => spreadOf([])).to.throw(/at least one value/);
  });

  it('calls a change within 5 % only when its whole 95 % interval is', function () {
    const tight = compareRatio('r', [0.7, 0.701, 0.699], [0.71, 0.711, 0.709], 0.05);
    expect(tight.verdict).to.equal('within');
    expect(tight.change).to.be.closeTo(0.01 / 0.7, 1e-9);
  });

  it('calls a change outside 5 % only when its whole interval is beyond it', function () {
    expect(compareRatio('r', [0.7, 0.701, 0.699], [0.6, 0.601, 0.599], 0.05).verdict).to.equal('outside');
  });

  it('calls runs as noisy as the ones issue 14 measured inconclusive, and so a single run a side', function () {
    // The two-run A/B of the last note: 0.69/0.72 before, 0.61/0.70 after.
    const noisy = compareRatio('r', [0.69, 0.72], [0.61, 0.7], 0.05);
    expect(noisy.verdict).to.equal('inconclusive');
    expect(noisy.margin).to.be.greaterThan(0.05);
    expect(compareRatio('r', [0.7], [0.7], 0.05)).to.include({ verdict: 'inconclusive', margin: Infinity });
  });

  it('compares every ratio both sides measured, and renders every run with the verdicts', function () {
    const base = side('base', [run(0.7, 1.0), run(0.71, 1.01), run(0.69, 0.99)]);
    const head = side('head', [run(0.5, 1.0), run(0.51, 1.0), run(0.49, 1.0)]);
    const comparisons = compareSides(base, head, 0.05);
    expect(comparisons.map((c) => [c.label, c.verdict])).to.deep.equal([
      ['IssueLicense / control Put', 'outside'],
      ['IssueLicense / control PutWithDetail', 'outside'],
      ['VerifyLicense / control Get', 'within'],
    ]);
    const text = renderAb(base, head, 0.05, 'npm run bench:ab -- --base aaaaaaa');
    expect(text).to.include('# Benchmark A/B: aaaaaaa → bbbbbbb');
    expect(text).to.include('Made by `npm run bench:ab -- --base aaaaaaa`');
    expect(text.match(/^\| (base|head) /gm)).to.have.length(6);
    expect(text).to.include(
      '| e-license CPU per IssueLicense | 2.000 ± 0.000 (2.000–2.000) | 2.000 ± 0.000 (2.000–2.000) | +0.0 % |',
    );
    expect(text).to.match(
      /\| IssueLicense \/ control Put \| 0\.700 ± 0\.010 \(0\.690–0\.710\) \| 0\.500 ± 0\.010 \(0\.490–0\.510\) \| −28\.6 % ± [0-9.]+ % \| outside \|/,
    );
  });
});
