import { expect } from './setup';
import { TestContext, WorldState } from '../../support';
import { writeJson } from '@govchain/chaincode-common';

describe('TestContext (shared test support)', () => {
  it('hides a transaction its own writes, like Fabric', async () => {
    const ctx = new TestContext();
    const seen = await ctx.submit(async () => {
      await ctx.stub.putState('k', Buffer.from('v'));
      return (await ctx.stub.getState('k')).length;
    });
    expect(seen).to.equal(0);
    expect(ctx.world.text('k')).to.equal('v');
  });

  it('discards the writes of a transaction that throws', async () => {
    const ctx = new TestContext();
    await expect(
      ctx.submit(async () => {
        await ctx.stub.putState('k', Buffer.from('v'));
        throw new Error('refused');
      }),
    ).to.be.rejectedWith('refused');
    expect(ctx.world.state.size).to.equal(0);
    expect(() => {
      ctx.assertNothingWritten();
    }).to.throw(/called putState/);
  });

  it('assertNothingWritten passes for a transaction that only read', async () => {
    const ctx = new TestContext();
    await ctx.evaluate(() => ctx.stub.getState('k'));
    expect(() => {
      ctx.assertNothingWritten();
    }).to.not.throw();
  });

  it('refuses to commit a transaction that mixed a paginated query with writes', async () => {
    const ctx = new TestContext();
    await expect(
      ctx.submit(async () => {
        await ctx.stub.getStateByPartialCompositeKeyWithPagination('x', [], 10, '');
        await ctx.stub.putState('k', Buffer.from('v'));
      }),
    ).to.be.rejectedWith(/paginated queries/);
  });

  it('keeps only the last event of a transaction, and history per key', async () => {
    const ctx = new TestContext();
    await ctx.submit(() => {
      ctx.stub.setEvent('First', Buffer.from('1'));
      ctx.stub.setEvent('Second', Buffer.from('2'));
      return writeJson(ctx, 'k', 1);
    });
    expect(ctx.world.events.map((event) => event.name)).to.deep.equal(['Second']);
    expect(ctx.world.history.get('k')).to.have.length(1);
  });

  it('sets caller, time, transient data and transaction id per transaction', async () => {
    const ctx = new TestContext();
    await ctx.evaluate(() => Promise.resolve(), {
      mspId: 'TaxMSP',
      time: '2030-01-01T00:00:00Z',
      transient: { secret: 's' },
      txId: 'abc',
    });
    expect(ctx.clientIdentity.getMSPID()).to.equal('TaxMSP');
    expect(ctx.stub.getDateTimestamp().toISOString()).to.equal('2030-01-01T00:00:00.000Z');
    expect(Buffer.from(ctx.stub.getTransient().get('secret')!).toString()).to.equal('s');
    expect(ctx.stub.getTxID()).to.equal('abc');
    await ctx.evaluate(() => Promise.resolve());
    expect(ctx.stub.getTransient().size).to.equal(0);
  });

  it('shares a world state between contexts (two callers on one ledger)', async () => {
    const world = new WorldState();
    const one = new TestContext({ world, mspId: 'A' });
    const two = new TestContext({ world, mspId: 'B' });
    await one.submit(() => writeJson(one, 'k', 'from A'));
    expect(await two.evaluate(async () => Buffer.from(await two.stub.getState('k')).toString())).to.equal('"from A"');
  });

  it('makes other orgs implicit collections unavailable when peerMsp is set', async () => {
    const ctx = new TestContext();
    ctx.peerMsp = 'TaxMSP';
    await expect(ctx.evaluate(() => ctx.stub.getPrivateData('_implicit_org_HealthMSP', 'k'))).to.be.rejectedWith(
      /not available/,
    );
    expect((await ctx.evaluate(() => ctx.stub.getPrivateData('_implicit_org_TaxMSP', 'k'))).length).to.equal(0);
  });
});
