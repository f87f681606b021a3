import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { pollUntil } from '@govchain/protocol';

chai.use(chaiAsPromised);
const { expect } = chai;

/** A clock that only moves when the poller sleeps. */
function fakeTime(): { now: () => number; sleep: (ms: number) => Promise<void>; pauses: number[] } {
  let time = 0;
  const pauses: number[] = [];
  return {
    now: () => time,
    sleep: (ms) => {
      pauses.push(ms);
      time += ms;
      return Promise.resolve();
    },
    pauses,
  };
}

describe('pollUntil', () => {
  it('returns the first answer without pausing when the first probe has one', async () => {
    const clock = fakeTime();
    expect(await pollUntil(() => 'ready', { timeoutMs: 1000, intervalMs: 100, ...clock })).to.equal('ready');
    expect(clock.pauses).to.deep.equal([]);
  });

  it('doubles the pause up to the cap and answers when the probe does', async () => {
    const clock = fakeTime();
    let probes = 0;
    const answer = await pollUntil(() => (++probes === 6 ? probes : undefined), {
      timeoutMs: 10_000,
      intervalMs: 50,
      maxIntervalMs: 300,
      ...clock,
    });
    expect(answer).to.equal(6);
    expect(clock.pauses).to.deep.equal([50, 100, 200, 300, 300]);
  });

  it('keeps a fixed pause when no cap is given', async () => {
    const clock = fakeTime();
    let probes = 0;
    await pollUntil(() => (++probes === 4 ? true : undefined), { timeoutMs: 10_000, intervalMs: 70, ...clock });
    expect(clock.pauses).to.deep.equal([70, 70, 70]);
  });

  it('gives up with undefined at the deadline, never pausing past it, after one last probe', async () => {
    const clock = fakeTime();
    let probes = 0;
    const never = (): string | undefined => {
      probes += 1;
      return undefined;
    };
    const answer = await pollUntil(never, { timeoutMs: 250, intervalMs: 100, ...clock });
    expect(answer).to.equal(undefined);
    expect(clock.pauses).to.deep.equal([100, 100, 50]);
    expect(clock.now()).to.equal(250);
    expect(probes).to.equal(4);
  });

  it('lets a probe failure through at once', async () => {
    const clock = fakeTime();
    await expect(
      pollUntil(
        () => {
          throw new Error('node exited');
        },
        { timeoutMs: 1000, intervalMs: 10, ...clock },
      ),
    ).to.be.rejectedWith('node exited');
    expect(clock.pauses).to.deep.equal([]);
  });

  it('waits on real timers by default', async () => {
    const started = Date.now();
    let probes = 0;
    await pollUntil(() => (++probes === 3 ? true : undefined), { timeoutMs: 5000, intervalMs: 20 });
    expect(Date.now() - started).to.be.at.least(35);
  });
});
