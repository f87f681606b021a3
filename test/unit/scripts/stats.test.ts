import { expect } from 'chai';
import { type Side, drive, drivePair } from '@govchain/scripts/dist/bench/stats';

describe('benchmark load: a pair measured in turns', () => {
  it('warms both sides up, then runs them in turns a b b a a b and sums what each side measured', async () => {
    const turns: string[] = [];
    const seen = new Set<number>();
    const side = (name: string): Side => ({
      name,
      op: async (n: number) => {
        if (seen.has(n)) throw new Error(`sequence number ${n} used twice`);
        seen.add(n);
        if (turns[turns.length - 1] !== name) turns.push(name);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (name === 'b' && n % 7 === 0) throw Object.assign(new Error('refused'), { name: 'REFUSED' });
      },
    });
    let cpu = 0;
    const [a, b] = await drivePair([side('a'), side('b')], 2, 0.45, 3, () => new Map([['client', (cpu += 10)]]));
    // Warm-up a, b; then a | b b | a a | b: back-to-back stretches of one side show as one turn here.
    expect(turns).to.deep.equal(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(a.name).to.equal('a');
    expect(b.name).to.equal('b');
    expect(a.seconds).to.be.within(0.4, 0.7);
    expect(b.seconds).to.be.within(0.4, 0.7);
    expect(a.successes).to.be.greaterThan(20);
    expect(a.failures).to.deep.equal({});
    expect(b.failures.REFUSED ?? 0).to.be.greaterThan(0);
    expect(b.successes + (b.failures.REFUSED ?? 0)).to.be.greaterThan(20);
    // Three stretches a side, each sampled before and after: 3 × 10 ms of CPU over the side's successes.
    expect(a.cpuMsPerOp.client).to.be.closeTo(30 / a.successes, 1e-9);
    expect(a.p50).to.be.at.least(5);
  });

  it('gives a single workload the same summary', async () => {
    const result = await drive('one', 3, 0.2, () => new Promise((resolve) => setTimeout(resolve, 2)));
    expect(result.successes).to.be.greaterThan(10);
    expect(result.throughput).to.be.closeTo(result.successes / result.seconds, 1e-9);
    expect(result.p50).to.be.at.most(result.p95);
  });
});
