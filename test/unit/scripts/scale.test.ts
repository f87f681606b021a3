import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { cityOf, renderScaling, scaleOptions, type ScaleRow } from '@govchain/scripts/dist/bench/scale';
import { withSection, writeReport } from '@govchain/scripts/dist/bench/report';
import { gossipForSize, peerLogging } from '@govchain/network/dist/nodes';
import type { WorkloadResult } from '@govchain/scripts/dist/bench/stats';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const CITY = readFileSync(path.join(ROOT, 'network', 'topologies', 'city.yaml'), 'utf8');

function result(name: string, throughput: number): WorkloadResult {
  return {
    name,
    concurrency: 16,
    seconds: 20,
    successes: throughput * 20,
    mvccConflicts: 0,
    failures: {},
    throughput,
    p50: 100,
    p95: 200,
    p99: 300,
    cpuMsPerOp: {},
  };
}

function row(departments: number, put: number): ScaleRow {
  return {
    departments,
    processes: 3 + 3 * departments,
    coldUpSeconds: departments * 5,
    restingBytes: departments * 2 ** 28,
    peakBytes: departments * 2 ** 29,
    results: [result('control Put', put), result('e-license IssueLicense', put / 2)],
  };
}

describe('bench:scale', function () {
  it('cuts the city to its first N departments, which keep every role the chaincodes seed', function () {
    const ten = parse(cityOf(CITY, 10)) as { name: string; departments: { key: string; roles?: string[] }[] };
    const deflt = parse(readFileSync(path.join(ROOT, 'network', 'topologies', 'default.yaml'), 'utf8')) as {
      departments: { key: string }[];
    };
    expect(ten.name).to.equal('city-10');
    expect(ten.departments.map((d) => d.key)).to.deep.equal(deflt.departments.map((d) => d.key));
    expect((parse(cityOf(CITY, 49)) as { departments: unknown[] }).departments).to.have.lengthOf(49);
    expect(() => cityOf(CITY, 50)).to.throw(/49 departments, not 50/);
  });

  it('checks its options before anything starts', function () {
    expect(scaleOptions([], 49).sizes).to.deep.equal([10, 20, 49]);
    expect(scaleOptions(['--sizes', '10,30', '--duration', '5'], 49)).to.deep.include({
      sizes: [10, 30],
      duration: '5',
    });
    for (const [args, message] of [
      [['--sizes', '9'], /--sizes takes whole numbers from 10 to 49/],
      [['--sizes', '10,50'], /--sizes/],
      [['--duration', '0'], /--duration must be a positive number/],
      [['--base-port', '40000'], /--base-port/],
    ] as const) {
      expect(() => scaleOptions(args, 49), args.join(' ')).to.throw(message);
    }
  });

  it('renders one row per size, throughput beside the first size, and replaces its own section only', function () {
    const section = renderScaling([row(10, 30), row(20, 15)], {
      when: 'today',
      machine: '2 cores',
      command: 'npm run bench:scale',
    });
    expect(section).to.match(/^<!-- scaling:begin -->/);
    expect(section).to.include(
      '| 10 | 33 | 50 s | 2.5 GiB | 5.0 GiB | 30.0/s, p50 100 ms | 15.0/s, p50 100 ms | - | - |',
    );
    expect(section).to.include(
      '| 20 | 63 | 100 s | 5.0 GiB | 10.0 GiB | 15.0/s, p50 100 ms (0.50) | 7.5/s, p50 100 ms (0.50) | - | - |',
    );
    const before = '# Benchmarks\n\nfirst part\n';
    const once = withSection(before, section);
    expect(once).to.equal(`${before}\n${section}`);
    const again = withSection(`${once}after\n`, section.replace('today', 'tomorrow'));
    expect(again)
      .to.include('tomorrow')
      .and.include('first part')
      .and.match(/after\n$/);
    expect(again).not.to.include('today');
  });

  it('is kept when npm run bench or bench:consensus writes the rest of the report again', function () {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'govchain-scale-'));
    try {
      const file = path.join(dir, 'BENCHMARKS.md');
      const section = renderScaling([row(10, 30)], { when: 'then', machine: 'm', command: 'c' });
      writeFileSync(file, withSection('# Benchmarks\n\nold run\n', section));
      writeReport(file, '# Benchmarks\n\nnew run\n');
      const text = readFileSync(file, 'utf8');
      expect(text).to.include('new run').and.include(section);
      expect(text).not.to.include('old run');
      writeReport(path.join(dir, 'fresh.md'), '# Benchmarks\n');
      expect(readFileSync(path.join(dir, 'fresh.md'), 'utf8')).to.equal('# Benchmarks\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gossips less and logs less of gRPC only beyond twenty departments', function () {
    expect(gossipForSize(20)).to.deep.equal({});
    expect(gossipForSize(49)).to.include({ CORE_PEER_GOSSIP_REQUESTSTATEINFOINTERVAL: '120s' });
    expect(peerLogging(10)).to.equal('INFO');
    expect(peerLogging(49)).to.equal('INFO:grpc=WARNING');
  });
});
