import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  DEPARTMENTS,
  OTHER,
  REGULATOR,
  T0,
  TC1,
  TC2,
  configuredLedger,
  expect,
  expectRefused,
  parse,
  seedConfig,
  withGovernance,
  type Ledger,
} from './fixtures';
import { TestContext } from '../../support';
import {
  CONFIG_KEY,
  BidRecordContract,
  SEED_DIR,
  configDifferences,
  governedConfig,
  loadPackageSeed,
} from '@govchain/bid-record';
import { canonicalJson, decodeOrgsPolicy, describePolicy } from '@govchain/chaincode-common';

function emptyLedger(): Ledger {
  const ctx = new TestContext({ mspId: 'PublicSecurityMSP', time: T0 });
  return { ctx, contract: new BidRecordContract(), licences: undefined as unknown as Ledger['licences'] };
}

/** What the shipped seed files say. */
const SHIPPED = {
  tradingCentreMsps: [TC2, TC1],
  regulatorMsps: [REGULATOR],
  bidderKeyAuthorityMsps: [REGULATOR],
  minRevealWindowSeconds: 600,
};

interface SeedResult {
  seeded: boolean;
  config: Record<string, unknown>;
}

function seedDir(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bid-record-seed-'));
  const shipped = {
    'trading-centres.json': JSON.stringify(SHIPPED.tradingCentreMsps),
    'regulators.json': JSON.stringify(SHIPPED.regulatorMsps),
    'bidding-rules.json': JSON.stringify({ bidderKeyAuthorityMsps: [REGULATOR], minRevealWindowSeconds: 600 }),
  };
  for (const [name, text] of Object.entries({ ...shipped, ...files })) {
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('bid-record configuration', () => {
  describe('the package seed', () => {
    it('is read from the package directory, beside dist/', () => {
      expect(SEED_DIR).to.match(/chaincode[/\\]bid-record[/\\]seed$/);
      expect(loadPackageSeed()).to.deep.equal(SHIPPED);
    });

    const broken: [string, Record<string, string>, RegExp][] = [
      [
        'unreadable JSON',
        { 'regulators.json': '[' },
        /^PRECONDITION_FAILED: this endorser's bid-record seed: regulators.json is not valid JSON$/,
      ],
      ['no trading centre', { 'trading-centres.json': '[]' }, /tradingCentreMsps must have from 1 to 64 elements$/],
      [
        'a reveal window under a minute',
        { 'bidding-rules.json': JSON.stringify({ bidderKeyAuthorityMsps: [REGULATOR], minRevealWindowSeconds: 5 }) },
        /minRevealWindowSeconds must be an integer from 60 to 2592000$/,
      ],
      [
        'an unknown rule',
        {
          'bidding-rules.json': JSON.stringify({
            bidderKeyAuthorityMsps: [REGULATOR],
            minRevealWindowSeconds: 600,
            x: 1,
          }),
        },
        /bidding-rules.json has unknown field "x"$/,
      ],
    ];
    for (const [name, files, message] of broken) {
      it(`refuses a broken installation with PRECONDITION_FAILED (${name})`, () => {
        expect(() => loadPackageSeed(seedDir(files))).to.throw(message);
      });
    }

    it('governedConfig takes the departments from the governance file, sorted', () => {
      const config = governedConfig(
        { departmentMsps: ['TaxMSP', 'HealthMSP'], holderRefGrantsPerHour: 600 },
        loadPackageSeed(),
      );
      expect(config).to.deep.equal({ departmentMsps: ['HealthMSP', 'TaxMSP'], ...SHIPPED });
    });

    it('configDifferences names each difference', () => {
      const stored = governedConfig(
        { departmentMsps: ['A', 'B', 'C'], holderRefGrantsPerHour: 600 },
        loadPackageSeed(),
      );
      const mine = {
        ...governedConfig({ departmentMsps: ['A', 'B', 'D'], holderRefGrantsPerHour: 600 }, loadPackageSeed()),
      };
      expect(configDifferences(stored, mine)).to.deep.equal(['departmentMsps lacks D and has C in addition']);
      expect(configDifferences(stored, { ...stored, minRevealWindowSeconds: 60 })).to.deep.equal([
        'minRevealWindowSeconds is 600, not 60',
      ]);
      expect(configDifferences(stored, stored)).to.deep.equal([]);
    });
  });

  describe('SeedConfig', () => {
    it('takes no arguments: a caller cannot choose the rules', () => {
      expect(BidRecordContract.prototype.SeedConfig.length).to.equal(1);
      expect(BidRecordContract.prototype.UpdateConfig.length).to.equal(1);
    });

    it('writes the governed configuration with a majority policy of the departments and emits an event', async () => {
      const ledger = emptyLedger();
      const { ctx } = ledger;
      const result = parse<SeedResult>(await seedConfig(ledger));
      const expected = {
        departmentMsps: [...DEPARTMENTS].sort(),
        ...SHIPPED,
        updatedAt: T0,
        updatedByMsp: 'PublicSecurityMSP',
        txId: ctx.txId,
      };
      expect(result).to.deep.equal({ seeded: true, config: expected });
      expect(ctx.world.text(CONFIG_KEY)).to.equal(canonicalJson(expected));
      const policy = decodeOrgsPolicy(ctx.world.validationParameters.get(CONFIG_KEY)!);
      expect(policy.n).to.equal(6);
      expect(policy.principals.map((p) => p.mspId)).to.deep.equal([...DEPARTMENTS].sort());
      expect(ctx.lastEvent()).to.deep.equal({
        name: 'BidRecordConfigSeeded',
        payload: {
          departmentMsps: expected.departmentMsps,
          ...SHIPPED,
          txId: ctx.txId,
        },
      });
    });

    it('writes nothing and answers seeded: false when the stored configuration agrees', async () => {
      const ledger = await configuredLedger();
      const before = ledger.ctx.world.dump();
      const result = parse<SeedResult>(await seedConfig(ledger, [...DEPARTMENTS].reverse(), OTHER));
      expect(result.seeded).to.equal(false);
      expect(result.config.updatedByMsp).to.equal('PublicSecurityMSP');
      ledger.ctx.assertNothingWritten();
      expect(ledger.ctx.world.dump()).to.equal(before);
    });

    it('refuses with CONFLICT naming the differences when the stored configuration differs', async () => {
      const ledger = await configuredLedger();
      const mine = [...DEPARTMENTS.filter((msp) => msp !== 'HealthMSP'), 'TradingCenter3MSP'];
      await expectRefused(
        ledger,
        withGovernance(mine, () => ledger.ctx.submit(() => ledger.contract.SeedConfig(ledger.ctx), { mspId: OTHER })),
        /^CONFLICT: stored bid-record configuration differs from this endorser's governance: departmentMsps lacks TradingCenter3MSP and has HealthMSP in addition$/,
      );
    });

    it('refuses a caller outside the governed departments, and an endorser without a governance file', async () => {
      const ledger = emptyLedger();
      await expectRefused(
        ledger,
        withGovernance(['TaxMSP', 'CivilAffairsMSP'], () =>
          ledger.ctx.submit(() => ledger.contract.SeedConfig(ledger.ctx), { mspId: 'HealthMSP' }),
        ),
        /^FORBIDDEN: HealthMSP may not configure bid-record \(not in the governed departments\)$/,
      );
      await expectRefused(
        ledger,
        withGovernance(undefined, () => ledger.ctx.submit(() => ledger.contract.SeedConfig(ledger.ctx))),
        /^PRECONDITION_FAILED: this endorser has no governance file/,
      );
    });
  });

  describe('UpdateConfig', () => {
    it('writes this endorser’s governed configuration when it changed, with the majority policy of the new departments', async () => {
      const { ctx, contract } = await configuredLedger();
      const departments = [...DEPARTMENTS, 'TradingCenter3MSP'];
      const result = parse<{ updated: boolean; config: { departmentMsps: string[] } }>(
        await withGovernance(departments, () => ctx.submit(() => contract.UpdateConfig(ctx), { mspId: OTHER })),
      );
      expect(result.updated).to.equal(true);
      expect(result.config.departmentMsps).to.deep.equal([...departments].sort());
      expect(decodeOrgsPolicy(ctx.world.validationParameters.get(CONFIG_KEY)!).n).to.equal(6);
      expect(describePolicy(ctx.world.validationParameters.get(CONFIG_KEY)!)).to.match(/^OutOf\(6, /);
      expect(ctx.lastEvent()?.name).to.equal('BidRecordConfigUpdated');
    });

    it('writes nothing when nothing changed', async () => {
      const ledger = await configuredLedger();
      const result = parse<{ updated: boolean }>(
        await withGovernance(DEPARTMENTS, () =>
          ledger.ctx.submit(() => ledger.contract.UpdateConfig(ledger.ctx), { mspId: OTHER }),
        ),
      );
      expect(result.updated).to.equal(false);
      ledger.ctx.assertNothingWritten();
    });

    it('refuses a caller that is not a department, and works only once seeded', async () => {
      const ledger = await configuredLedger();
      await expectRefused(
        ledger,
        withGovernance(DEPARTMENTS, () =>
          ledger.ctx.submit(() => ledger.contract.UpdateConfig(ledger.ctx), { mspId: 'StrangerMSP' }),
        ),
        /^FORBIDDEN: StrangerMSP may not change the bid-record configuration/,
      );
      const empty = emptyLedger();
      await expectRefused(
        empty,
        withGovernance(DEPARTMENTS, () => empty.ctx.submit(() => empty.contract.UpdateConfig(empty.ctx))),
        /^PRECONDITION_FAILED: bid-record is not configured; call SeedConfig first$/,
      );
    });
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
