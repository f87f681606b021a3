import {
  DEPARTMENTS,
  OTHER,
  REGULATOR,
  SEED_CENTRES_JSON,
  SEED_REGULATORS_JSON,
  T0,
  TC1,
  TC2,
  configuredLedger,
  expect,
  expectRefused,
  parse,
  type Ledger,
} from './fixtures';
import { TestContext } from '../../support';
import { CONFIG_KEY, BidRecordContract } from '@govchain/bid-record';
import { canonicalJson, decodeOrgsPolicy } from '@govchain/chaincode-common';

function emptyLedger(): Ledger {
  const ctx = new TestContext({ mspId: 'PublicSecurityMSP', time: T0 });
  return { ctx, contract: new BidRecordContract(), licences: undefined as unknown as Ledger['licences'] };
}

describe('bid-record configuration', () => {
  it('SeedConfig writes the role lists (sorted) with a majority policy of the departments and emits an event', async () => {
    const { ctx, contract } = emptyLedger();
    const result = await ctx.submit(() =>
      contract.SeedConfig(ctx, JSON.stringify(DEPARTMENTS), SEED_CENTRES_JSON, SEED_REGULATORS_JSON),
    );
    const expected = {
      departmentMsps: [...DEPARTMENTS].sort(),
      tradingCentreMsps: [TC2, TC1],
      regulatorMsps: [REGULATOR],
      updatedAt: T0,
      updatedByMsp: 'PublicSecurityMSP',
      txId: ctx.txId,
    };
    expect(result).to.equal(canonicalJson(expected));
    expect(ctx.world.text(CONFIG_KEY)).to.equal(canonicalJson(expected));
    const policy = decodeOrgsPolicy(ctx.world.validationParameters.get(CONFIG_KEY)!);
    expect(policy.n).to.equal(6);
    expect(policy.principals.map((p) => p.mspId)).to.deep.equal([...DEPARTMENTS].sort());
    expect(ctx.lastEvent()).to.deep.equal({
      name: 'BidRecordConfigSeeded',
      payload: {
        departmentMsps: expected.departmentMsps,
        tradingCentreMsps: expected.tradingCentreMsps,
        regulatorMsps: expected.regulatorMsps,
        txId: ctx.txId,
      },
    });
  });

  it('SeedConfig refuses a second seeding with CONFLICT (checked first, as the deployment expects)', async () => {
    const ledger = await configuredLedger();
    await expectRefused(
      ledger,
      ledger.ctx.submit(() => ledger.contract.SeedConfig(ledger.ctx, 'not json', '[]', '[]'), { mspId: OTHER }),
      /^CONFLICT: bid-record is already configured$/,
    );
  });

  it('SeedConfig refuses a caller that is not among the departments', async () => {
    const ledger = emptyLedger();
    await expectRefused(
      ledger,
      ledger.ctx.submit(
        () => ledger.contract.SeedConfig(ledger.ctx, JSON.stringify(['TaxMSP']), SEED_CENTRES_JSON, '[]'),
        { mspId: 'HealthMSP' },
      ),
      /^FORBIDDEN: HealthMSP may not configure bid-record/,
    );
  });

  const malformed: [string, string, string, RegExp][] = [
    ['not json', SEED_CENTRES_JSON, '[]', /^INVALID_ARGUMENT: departmentMsps is not valid JSON$/],
    ['[]', SEED_CENTRES_JSON, '[]', /^INVALID_ARGUMENT: arguments.departmentMsps must have from 1 to 64/],
    [JSON.stringify(DEPARTMENTS), '[]', '[]', /^INVALID_ARGUMENT: arguments.tradingCentreMsps must have from 1/],
    [JSON.stringify(DEPARTMENTS), '["A MSP"]', '[]', /^INVALID_ARGUMENT: arguments.tradingCentreMsps\[0\] must be/],
    [JSON.stringify(DEPARTMENTS), SEED_CENTRES_JSON, '["X","X"]', /^INVALID_ARGUMENT: .*lists "X" twice/],
    [
      JSON.stringify(DEPARTMENTS),
      SEED_CENTRES_JSON,
      '{}',
      /^INVALID_ARGUMENT: arguments.regulatorMsps must be an array/,
    ],
  ];
  for (const [departments, centres, regulators, message] of malformed) {
    it(`SeedConfig refuses malformed lists (${message.source.slice(0, 60)})`, async () => {
      const ledger = emptyLedger();
      await expectRefused(
        ledger,
        ledger.ctx.submit(() => ledger.contract.SeedConfig(ledger.ctx, departments, centres, regulators)),
        message,
      );
    });
  }

  it('UpdateConfig lets a department propose new lists and re-sets the majority policy', async () => {
    const { ctx, contract } = await configuredLedger();
    const departments = [...DEPARTMENTS, 'TradingCenter3MSP'];
    const config = parse<{ tradingCentreMsps: string[] }>(
      await ctx.submit(
        () =>
          contract.UpdateConfig(
            ctx,
            JSON.stringify(departments),
            JSON.stringify([TC1, TC2, 'TradingCenter3MSP']),
            JSON.stringify([REGULATOR]),
          ),
        { mspId: OTHER },
      ),
    );
    expect(config.tradingCentreMsps).to.deep.equal([TC2, 'TradingCenter3MSP', TC1]);
    expect(decodeOrgsPolicy(ctx.world.validationParameters.get(CONFIG_KEY)!).n).to.equal(6);
    expect(ctx.lastEvent()?.name).to.equal('BidRecordConfigUpdated');
  });

  it('UpdateConfig refuses a caller that is not a department, and works only once seeded', async () => {
    const ledger = await configuredLedger();
    await expectRefused(
      ledger,
      ledger.ctx.submit(
        () => ledger.contract.UpdateConfig(ledger.ctx, JSON.stringify(DEPARTMENTS), SEED_CENTRES_JSON, '[]'),
        { mspId: 'StrangerMSP' },
      ),
      /^FORBIDDEN: StrangerMSP may not change the bid-record configuration/,
    );
    const empty = emptyLedger();
    await expectRefused(
      empty,
      empty.ctx.submit(() =>
        empty.contract.UpdateConfig(empty.ctx, JSON.stringify(DEPARTMENTS), SEED_CENTRES_JSON, '[]'),
      ),
      /^PRECONDITION_FAILED: bid-record is not configured; call SeedConfig first$/,
    );
  });

  it('GetConfig returns the configuration; before seeding PRECONDITION_FAILED', async () => {
    const { ctx, contract } = await configuredLedger();
    expect(
      parse<{ regulatorMsps: string[] }>(await ctx.evaluate(() => contract.GetConfig(ctx))).regulatorMsps,
    ).to.deep.equal([REGULATOR]);
    const empty = emptyLedger();
    await expect(empty.ctx.evaluate(() => empty.contract.GetConfig(empty.ctx))).to.be.rejectedWith(
      /^PRECONDITION_FAILED/,
    );
  });
});
