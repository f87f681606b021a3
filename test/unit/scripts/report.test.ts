import { expect } from 'chai';
import { renderReport, type BenchReport, type OrderingRun } from '@govchain/scripts/dist/bench/report';
import type { WorkloadResult } from '@govchain/scripts/dist/bench/stats';

function workload(name: string, throughput: number, p50 = 100): WorkloadResult {
  return {
    name,
    concurrency: 32,
    seconds: 20,
    successes: Math.round(throughput * 20),
    mvccConflicts: 0,
    failures: {},
    throughput,
    p50,
    p95: p50 * 2,
    p99: p50 * 3,
    cpuMsPerOp: {},
  };
}

function ordering(topology: string, put: number, get: number): OrderingRun {
  return {
    topology,
    description: `${topology}: a test network`,
    coldUpSeconds: 60,
    warmUpSeconds: 40,
    memoryBytes: 4 * 2 ** 30,
    processes: 53,
    results: [workload('control Put', put), workload('control Get', get)],
  };
}

const BASE: BenchReport = {
  when: '2026-11-30T00:00:00.000Z',
  machine: '2 × test CPU',
  topology: 'default: a test network',
  settings: { duration: 20, concurrency: 32, small: 1000, large: 10000 },
  results: [workload('control Put', 30), workload('control Get', 240)],
  peaks: [],
  licencesIssued: 0,
  preloadFailures: 0,
};

/** The table row of one workload in the section that starts with `heading`. */
function row(markdown: string, heading: string, name: string): string[] {
  const section = markdown.slice(markdown.indexOf(heading));
  const line = section.split('\n').find((l) => l.startsWith(`| ${name} |`));
  if (line === undefined) throw new Error(`no row '${name}' under '${heading}'`);
  return line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
}

describe('benchmark report', function () {
  it('compares each ordering with the first, measured in the same run, against the 0.8 goal for writes only', function () {
    const md = renderReport({ ...BASE, orderings: [ordering('default', 30, 240), ordering('bft', 18, 180)] });
    expect(row(md, '## Ordering: default and bft', 'control Put')).to.deep.equal([
      'control Put',
      '30.0',
      '100.0',
      '18.0',
      '100.0',
      '0.60 (**goal missed**)',
    ]);
    expect(row(md, '## Ordering', 'control Get').at(-1)).to.equal('0.75');
    expect(row(md, '## Ordering', 'bft')).to.deep.equal(['bft', '60 s', '40 s', '53', '4096 MB']);
    expect(md).to.include('Written by `npm run bench:consensus`');
  });

  it('says a write met the goal when it did', function () {
    const md = renderReport({ ...BASE, orderings: [ordering('default', 30, 240), ordering('bft', 27, 240)] });
    expect(row(md, '## Ordering', 'control Put').at(-1)).to.equal('0.90 (goal met)');
  });

  it('shows the run beside the report it replaced, workload by workload', function () {
    const md = renderReport({
      ...BASE,
      previous: { when: '2026-11-21T01:46:59.922Z', machine: 'Fabric 2.5.0', throughput: { 'control Put': 60 } },
    });
    expect(md).to.include('2026-11-21T01:46:59.922Z, Fabric 2.5.0');
    expect(row(md, '## Beside the previous report', 'control Put')).to.deep.equal([
      'control Put',
      '60.0',
      '30.0',
      '0.50',
    ]);
    expect(row(md, '## Beside the previous report', 'control Get')).to.deep.equal(['control Get', '-', '240.0', '-']);
  });

  it('has neither section for a plain run with no earlier report', function () {
    const md = renderReport(BASE);
    expect(md).not.to.include('## Ordering');
    expect(md).not.to.include('## Beside the previous report');
  });
});
