import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadRounds, parseSummary } from '@govchain/scripts/dist/bench/caliper';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** The end of a Caliper 0.6 run as the manager prints it (two rounds, log prefixes included). */
const SUMMARY = `
2026.11.30-21:53:47.086 info  [caliper] [report-builder] 	### All test results ###
+-------------------------+------+------+-----------------+-----------------+-----------------+-----------------+------------------+
| Name                    | Succ | Fail | Send Rate (TPS) | Max Latency (s) | Min Latency (s) | Avg Latency (s) | Throughput (TPS) |
|-------------------------|------|------|-----------------|-----------------|-----------------|-----------------|------------------|
| control-put-with-detail | 71   | 0    | 13.4            | 1.05            | 0.29            | 0.61            | 12.6             |
|-------------------------|------|------|-----------------|-----------------|-----------------|-----------------|------------------|
| issue-licence           | 61   | 2    | 11.0            | 1.47            | 0.22            | 0.88            | 10.6             |
+-------------------------+------+------+-----------------+-----------------+-----------------+-----------------+------------------+
`;

describe('npm run bench:caliper', function () {
  it("reads each round's successes, failures, throughput and latency from Caliper's summary table", function () {
    expect(parseSummary(SUMMARY, 'legacy')).to.deep.equal([
      {
        round: 'control-put-with-detail',
        binding: 'legacy',
        succeeded: 71,
        failed: 0,
        throughput: 12.6,
        averageLatency: 0.61,
      },
      { round: 'issue-licence', binding: 'legacy', succeeded: 61, failed: 2, throughput: 10.6, averageLatency: 0.88 },
    ]);
  });

  it('counts a round once when Caliper prints its table after the round and again at the end', function () {
    expect(parseSummary(SUMMARY + SUMMARY, 'legacy')).to.have.lengthOf(2);
  });

  it('runs every round of caliper/benchmark.yaml through a named binding, the gateway wherever it can serve', function () {
    const rounds = loadRounds(path.join(ROOT, 'caliper', 'benchmark.yaml'));
    expect(rounds.map((r) => `${r.label}:${r.binding}`)).to.deep.equal([
      'control-put:gateway',
      'control-put-with-detail:legacy',
      'issue-licence:legacy',
      'control-get:gateway',
      'verify-licence:gateway',
      'licences-by-holder:gateway',
    ]);
  });

  it('refuses a round that names no binding, saying which', function () {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'govchain-caliper-'));
    const file = path.join(dir, 'benchmark.yaml');
    writeFileSync(file, 'test:\n  rounds:\n    - label: control-put\n      txDuration: 5\n');
    expect(() => loadRounds(file)).to.throw(/round 'control-put' must say binding: gateway or legacy/);
  });
});
