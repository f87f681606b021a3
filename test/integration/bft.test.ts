import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import {
  evaluate,
  GovchainError,
  OutcomeUnknownError,
  submit,
  type GovchainConnection,
  type SubmitResult,
} from '@govchain/gateway-client';
import { ProcessTable, pathsFor, type NetworkStatus } from '@govchain/network';
import { connectAs, HOME, networkCli, networkStatus, orderersOf, ROOT, uniqueId, waitForStatus } from './support';

chai.use(chaiAsPromised);
const { expect } = chai;

type Orderer = NetworkStatus['nodes'][number];

/** The one orderer every running orderer names as leader of one view, if they agree. */
function agreedLeader(status: NetworkStatus): { leader: string; view: number } | undefined {
  const running = orderersOf(status).filter((o) => o.running && o.healthy);
  const [first] = running;
  const leader = first?.consensus?.leader;
  const view = first?.consensus?.view;
  if (leader === null || leader === undefined || view === null || view === undefined) return undefined;
  const agree = running.every((o) => o.consensus?.leader === leader && o.consensus.view === view);
  return agree && running.some((o) => o.name === leader) ? { leader, view } : undefined;
}

/** Every orderer running, healthy, at one height of at least `height`, and in one view. */
function converged(status: NetworkStatus, height: number): boolean {
  const orderers = orderersOf(status);
  return (
    orderers.every((o) => o.running && o.healthy && o.height !== null && o.height >= height) &&
    new Set(orderers.map((o) => o.height)).size === 1 &&
    agreedLeader(status) !== undefined
  );
}

function highest(results: readonly SubmitResult[]): bigint {
  return results.reduce((max, r) => (r.blockNumber > max ? r.blockNumber : max), 0n);
}

// The SmartBFT tests stop and restart orderers, one at a time, by their recorded PIDs. They need a
// network created with `consensus: bft` (npm run network:up -- --topology bft; npm test runs one after
// the default network): on a Raft network they are skipped, and platform.test.ts covers its orderers.
describe('bft: ordering by four orderers of four organizations (SmartBFT)', function () {
  const table = new ProcessTable(pathsFor(ROOT, HOME).run);
  let publicSecurity: GovchainConnection | undefined;
  let tax: GovchainConnection | undefined;

  before(async function () {
    const status = await networkStatus();
    if (status.consensus !== 'bft') {
      // Not a SmartBFT network: nothing here applies (see the comment above).
      this.skip();
    }
    publicSecurity = await connectAs('public-security');
    tax = await connectAs('tax');
  });

  after(function () {
    publicSecurity?.close();
    tax?.close();
  });

  // A test that failed half-way must not leave an orderer stopped for the next one.
  afterEach(async function () {
    const stopped = (await networkStatus()).nodes.filter((n) => n.kind === 'orderer' && !n.running);
    if (stopped.length > 0) await networkCli('up');
  });

  /** Puts `count` keys through Tax, each committed, then reads them back through Public Security's peer. */
  async function commitsAndReads(prefix: string, count: number): Promise<bigint> {
    const keys = Array.from({ length: count }, (_, i) => uniqueId(`${prefix}-${i}`));
    const results = await Promise.all(
      keys.map((key, i) => submit(tax!.getContract('control'), 'Put', { arguments: [key, JSON.stringify({ i })] })),
    );
    // Public Security's peer reads once it has the run's session block, which holds every commit above.
    for (const [i, key] of keys.entries()) {
      expect(await evaluate(publicSecurity!.getContract('control'), 'Get', { arguments: [key] })).to.deep.equal({ i });
    }
    return highest(results);
  }

  /** Restarts what is stopped with network:up and waits until every orderer is at one height in one view. */
  async function restartAndConverge(stopped: string, block: bigint): Promise<NetworkStatus> {
    await networkCli('up');
    expect(table.running(stopped), `${stopped} restarted by network:up`).to.not.equal(undefined);
    return waitForStatus(
      `every orderer at block ${block} or above, at one height and in one view`,
      (s) => converged(s, Number(block) + 1),
      90_000,
    );
  }

  it('runs four orderers of four organizations, one leading a view that every orderer follows', async function () {
    const status = await networkStatus();
    expect(status.consensus).to.equal('bft');
    const orderers = orderersOf(status);
    expect(orderers).to.have.length.at.least(4);
    expect(new Set(orderers.map((o) => o.mspId)).size, 'organizations').to.equal(orderers.length);
    for (const o of orderers) expect(o, o.name).to.include({ running: true, healthy: true });
    expect(orderers.filter((o) => o.consensus?.role === 'leader')).to.have.length(1);
    expect(agreedLeader(status), 'one view and leader').to.not.equal(undefined);
  });

  it('commits with any one follower stopped, and the stopped one catches up after network:up', async function () {
    this.timeout(600_000);
    const followers = orderersOf(await networkStatus())
      .filter((o) => o.consensus?.role === 'follower')
      .map((o) => o.name);
    expect(followers).to.have.length.at.least(3);
    for (const name of followers) {
      expect(await table.stop(name), `${name} stopped by its recorded PID`).to.equal(true);
      const block = await commitsAndReads(`bft-without-${name}`, 3);
      const status = await restartAndConverge(name, block);
      const caughtUp: Orderer | undefined = orderersOf(status).find((o) => o.name === name);
      expect(caughtUp?.height, `${name} caught up`).to.be.at.least(Number(block) + 1);
    }
  });

  it('orders a transaction submitted while the leader is stopped, or reports it failed; none is lost silently', async function () {
    this.timeout(600_000);
    const before = agreedLeader(await networkStatus());
    expect(before, 'a leader before').to.not.equal(undefined);
    const { leader, view } = before!;
    expect(await table.stop(leader), `${leader} stopped by its recorded PID`).to.equal(true);

    const keys = Array.from({ length: 3 }, (_, i) => uniqueId(`bft-leaderless-${i}`));
    const outcomes = await Promise.allSettled(
      keys.map((key, i) => submit(tax!.getContract('control'), 'Put', { arguments: [key, JSON.stringify({ i })] })),
    );
    for (const o of outcomes) {
      // Reported: a typed error of the client library that names the transaction.
      if (o.status === 'rejected') {
        expect(o.reason).to.be.instanceOf(GovchainError);
        expect((o.reason as GovchainError).transactionId).to.match(/^[0-9a-f]{64}$/);
      }
    }
    // An unknown outcome is resolved by its id, never by submitting again: committed, invalid, or not (yet).
    for (const o of outcomes) {
      if (o.status === 'rejected' && o.reason instanceof OutcomeUnknownError) {
        const { outcome } = await tax!.commitStatus(o.reason.transactionId, { timeoutMs: 30_000 });
        expect(['COMMITTED', 'INVALID', 'UNKNOWN']).to.include(outcome);
      }
    }
    // Every submit that returned is in the ledger, read through another department's peer (after the session).
    for (const [i, key] of keys.entries()) {
      if (outcomes[i]?.status !== 'fulfilled') continue;
      expect(await evaluate(publicSecurity!.getContract('control'), 'Get', { arguments: [key] })).to.deep.equal({ i });
    }
    // The others replaced the stopped leader through a view change, and go on ordering.
    const after = await waitForStatus(
      'a new view whose leader is running',
      (s) => {
        const now = agreedLeader(s);
        return now !== undefined && now.view > view && now.leader !== leader;
      },
      90_000,
    );
    const block = await commitsAndReads('bft-new-leader', 2);
    expect(agreedLeader(after)?.leader).to.not.equal(leader);

    const status = await restartAndConverge(leader, block);
    expect(agreedLeader(status)?.view, 'the restarted orderer joins the new view').to.be.greaterThan(view);
  });
});
