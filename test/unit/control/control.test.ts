import { expect } from '../common/setup';
import { describePolicy } from '@govchain/chaincode-common';
import { ControlContract } from '@govchain/control';
import { TestContext } from '../../support';

describe('control chaincode (the benchmark ceiling)', function () {
  const contract = new ControlContract();

  it('Put stores the value and Get returns it', async function () {
    const ctx = new TestContext({ mspId: 'TaxMSP' });
    await ctx.submit(() => contract.Put(ctx, 'k-1', '{"v":1}'));
    expect(ctx.world.text('k-1')).to.equal('{"v":1}');
    expect(await ctx.evaluate(() => contract.Get(ctx, 'k-1'))).to.equal('{"v":1}');
    await expect(ctx.evaluate(() => contract.Get(ctx, 'k-2'))).to.be.rejectedWith(/^NOT_FOUND/);
  });

  it('PutWithDetail also writes the transient detail to the caller’s implicit collection and an owner-and-other key policy', async function () {
    const ctx = new TestContext({ mspId: 'MarketRegulationMSP' });
    await ctx.submit(() => contract.PutWithDetail(ctx, 'k-1', '{"v":1}'), { transient: { detail: '{"name":"x"}' } });
    expect(ctx.world.text('k-1')).to.equal('{"v":1}');
    expect(ctx.world.privateJson('_implicit_org_MarketRegulationMSP', 'k-1')).to.deep.equal({ name: 'x' });
    const policy = describePolicy(ctx.world.validationParameters.get('k-1') ?? new Uint8Array());
    expect(policy).to.match(
      /^AND\('MarketRegulationMSP\.peer', OutOf\(1, 'CivilAffairsMSP\.peer', 'HealthMSP\.peer', /,
    );
    expect(policy).not.to.match(/OutOf\(1, .*MarketRegulationMSP/);
  });

  for (const [what, key, value, transient, code] of [
    ['a malformed key', 'bad key', '{}', { detail: 'd' }, /^INVALID_ARGUMENT: key/],
    ['a value that is not JSON', 'k', 'nope', { detail: 'd' }, /^INVALID_ARGUMENT: value is not JSON/],
    [
      'a value over 4 KiB',
      'k',
      JSON.stringify('x'.repeat(4100)),
      { detail: 'd' },
      /^INVALID_ARGUMENT: value is larger/,
    ],
    ['no transient detail', 'k', '{}', {}, /^INVALID_ARGUMENT: transient field detail/],
    ['a detail over 4 KiB', 'k', '{}', { detail: 'x'.repeat(4097) }, /^INVALID_ARGUMENT: detail is larger/],
  ] as const) {
    it(`PutWithDetail refuses ${what} and writes nothing`, async function () {
      const ctx = new TestContext({ mspId: 'MarketRegulationMSP' });
      await expect(ctx.submit(() => contract.PutWithDetail(ctx, key, value), { transient })).to.be.rejectedWith(code);
      ctx.assertNothingWritten();
    });
  }
});
