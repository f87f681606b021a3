import { DEPARTMENTS, SEED_TYPES_JSON, T0, expect, parse, seededLedger } from './fixtures';
import { TestContext } from '../../support';
import { decodeOrgsPolicy } from '@govchain/chaincode-common';
import { LicenseContract, REGISTRY_KEY } from '@govchain/e-license';

interface TypeRecord {
  code: string;
  name: string;
  issuerMsp: string;
  requiredMetadata: string[];
  optionalMetadata: string[];
  defaultValidityDays: number;
}
interface RegistryRecord {
  governanceMsps: string[];
  types: TypeRecord[];
  updatedAt: string;
  updatedByMsp: string;
  txId: string;
}

const NEW_TYPE = {
  code: 'FOOD_OPERATION_LICENCE',
  name: 'Food operation licence',
  issuerMsp: 'MarketRegulationMSP',
  requiredMetadata: ['premises', 'category'],
  optionalMetadata: [],
  defaultValidityDays: 1826,
};

function fresh(mspId = 'MarketRegulationMSP'): { ctx: TestContext; contract: LicenseContract } {
  return { ctx: new TestContext({ mspId, time: T0 }), contract: new LicenseContract() };
}

describe('e-license licence-type registry', () => {
  describe('SeedLicenseTypes', () => {
    it('writes the whole registry as one key with sorted types and departments', async () => {
      const { ctx, contract } = fresh();
      const result = parse<RegistryRecord>(
        await ctx.submit(() =>
          contract.SeedLicenseTypes(ctx, SEED_TYPES_JSON, JSON.stringify([...DEPARTMENTS].reverse())),
        ),
      );
      const stored = ctx.world.json(REGISTRY_KEY) as RegistryRecord;
      expect(stored).to.deep.equal(result);
      expect(stored.governanceMsps).to.deep.equal(DEPARTMENTS);
      expect(stored.types.map((type) => type.code)).to.deep.equal([
        'BUSINESS_LICENCE',
        'IDENTITY_DOCUMENT',
        'LAND_USE_RIGHT_CERTIFICATE',
        'MARRIAGE_CERTIFICATE',
        'MEDICAL_PRACTICE_LICENCE',
        'PROVIDENT_FUND_ACCOUNT_CERTIFICATE',
        'PUBLIC_RESOURCE_TRADING_QUALIFICATION',
        'REAL_ESTATE_CERTIFICATE',
        'TAX_REGISTRATION_CERTIFICATE',
      ]);
      expect(stored.updatedByMsp).to.equal('MarketRegulationMSP');
      expect(stored.updatedAt).to.equal(T0);
      expect(stored.txId).to.equal(ctx.txId);
      expect([...ctx.world.state.keys()]).to.deep.equal([REGISTRY_KEY]);
    });

    it('maps each named department to its licence type', async () => {
      const { ctx, contract } = fresh();
      await ctx.submit(() => contract.SeedLicenseTypes(ctx, SEED_TYPES_JSON, JSON.stringify(DEPARTMENTS)));
      const issuers = Object.fromEntries(
        (ctx.world.json(REGISTRY_KEY) as RegistryRecord).types.map((type) => [type.code, type.issuerMsp]),
      );
      expect(issuers).to.include({
        BUSINESS_LICENCE: 'MarketRegulationMSP',
        REAL_ESTATE_CERTIFICATE: 'RealEstateMSP',
        MEDICAL_PRACTICE_LICENCE: 'HealthMSP',
        MARRIAGE_CERTIFICATE: 'CivilAffairsMSP',
        IDENTITY_DOCUMENT: 'PublicSecurityMSP',
        TAX_REGISTRATION_CERTIFICATE: 'TaxMSP',
        LAND_USE_RIGHT_CERTIFICATE: 'NaturalResourcesMSP',
        PROVIDENT_FUND_ACCOUNT_CERTIFICATE: 'ProvidentFundMSP',
        PUBLIC_RESOURCE_TRADING_QUALIFICATION: 'TradingCenterMSP',
      });
    });

    it('sets a majority-of-departments endorsement policy on the registry key', async () => {
      const { ctx, contract } = fresh();
      await ctx.submit(() => contract.SeedLicenseTypes(ctx, SEED_TYPES_JSON, JSON.stringify(DEPARTMENTS)));
      const policy = decodeOrgsPolicy(ctx.world.validationParameters.get(REGISTRY_KEY)!);
      expect(policy.n).to.equal(5);
      expect(policy.principals).to.deep.equal(DEPARTMENTS.map((mspId) => ({ mspId, role: 'PEER' })));
    });

    it('uses a majority of a smaller department list too', async () => {
      const { ctx, contract } = fresh();
      const three = ['HealthMSP', 'MarketRegulationMSP', 'TaxMSP'];
      await ctx.submit(() => contract.SeedLicenseTypes(ctx, SEED_TYPES_JSON, JSON.stringify(three)));
      expect(decodeOrgsPolicy(ctx.world.validationParameters.get(REGISTRY_KEY)!).n).to.equal(2);
    });

    it('emits LicenseTypesSeeded with codes and departments only', async () => {
      const { ctx, contract } = fresh();
      await ctx.submit(() => contract.SeedLicenseTypes(ctx, SEED_TYPES_JSON, JSON.stringify(DEPARTMENTS)));
      const event = ctx.lastEvent();
      expect(event?.name).to.equal('LicenseTypesSeeded');
      expect(event?.payload).to.deep.include({ governanceMsps: DEPARTMENTS, txId: ctx.txId });
      expect((event?.payload as { typeCodes: string[] }).typeCodes).to.have.length(9);
    });

    it('refuses a second seeding with CONFLICT and writes nothing', async () => {
      const { ctx, contract } = await seededLedger();
      const before = ctx.world.dump();
      await expect(
        ctx.submit(() => contract.SeedLicenseTypes(ctx, SEED_TYPES_JSON, JSON.stringify(DEPARTMENTS))),
      ).to.be.rejectedWith(/^CONFLICT: licence-type registry is already seeded$/);
      ctx.assertNothingWritten();
      expect(ctx.world.dump()).to.equal(before);
    });

    it('answers CONFLICT even for a re-seed with different arguments (the network treats it as already seeded)', async () => {
      const { ctx, contract } = await seededLedger();
      await expect(ctx.submit(() => contract.SeedLicenseTypes(ctx, '[]', '[]'), { mspId: 'X' })).to.be.rejectedWith(
        /^CONFLICT/,
      );
      ctx.assertNothingWritten();
    });

    it('refuses a caller that is not one of the governance departments', async () => {
      const { ctx, contract } = fresh('InfoCenterMSP');
      await expect(
        ctx.submit(() => contract.SeedLicenseTypes(ctx, SEED_TYPES_JSON, JSON.stringify(DEPARTMENTS))),
      ).to.be.rejectedWith(/^FORBIDDEN: InfoCenterMSP may not seed the licence-type registry/);
      ctx.assertNothingWritten();
    });

    const typeWith = (overrides: Record<string, unknown>): string => JSON.stringify([{ ...NEW_TYPE, ...overrides }]);
    const badArguments: [string, string, string, RegExp][] = [
      ['types that are not JSON', '[{', '["MarketRegulationMSP"]', /^INVALID_ARGUMENT: types is not valid JSON/],
      ['an empty type list', '[]', '["MarketRegulationMSP"]', /^INVALID_ARGUMENT: types must be a JSON array/],
      ['types that are an object', '{}', '["MarketRegulationMSP"]', /^INVALID_ARGUMENT: types must be a JSON array/],
      [
        'departments that are not an array',
        SEED_TYPES_JSON,
        '"MarketRegulationMSP"',
        /^INVALID_ARGUMENT: arguments.governanceMsps must be an array/,
      ],
      [
        'an empty department list',
        SEED_TYPES_JSON,
        '[]',
        /^INVALID_ARGUMENT: arguments.governanceMsps must have from 1/,
      ],
      [
        'a duplicate department',
        SEED_TYPES_JSON,
        '["MarketRegulationMSP","MarketRegulationMSP"]',
        /^INVALID_ARGUMENT: .*twice/,
      ],
      [
        'a malformed MSP id',
        SEED_TYPES_JSON,
        '["MarketRegulationMSP","bad msp"]',
        /^INVALID_ARGUMENT: arguments.governanceMsps\[1\]/,
      ],
      [
        'a duplicate type code',
        JSON.stringify([NEW_TYPE, NEW_TYPE]),
        '["MarketRegulationMSP"]',
        /^INVALID_ARGUMENT: types lists licence type FOOD_OPERATION_LICENCE twice/,
      ],
      [
        'a lower-case type code',
        typeWith({ code: 'food' }),
        '["MarketRegulationMSP"]',
        /^INVALID_ARGUMENT: types\[0\].code/,
      ],
      [
        'a missing issuer',
        typeWith({ issuerMsp: undefined }),
        '["MarketRegulationMSP"]',
        /^INVALID_ARGUMENT: types\[0\].issuerMsp/,
      ],
      [
        'a negative validity',
        typeWith({ defaultValidityDays: -1 }),
        '["MarketRegulationMSP"]',
        /^INVALID_ARGUMENT: types\[0\].defaultValidityDays/,
      ],
      [
        'a bad metadata field name',
        typeWith({ requiredMetadata: ['ID Number'] }),
        '["MarketRegulationMSP"]',
        /^INVALID_ARGUMENT: types\[0\].requiredMetadata\[0\]/,
      ],
      [
        'a field both required and optional',
        typeWith({ optionalMetadata: ['premises'] }),
        '["MarketRegulationMSP"]',
        /^INVALID_ARGUMENT: types\[0\]: metadata field premises is listed as both/,
      ],
      [
        'an unknown type field',
        typeWith({ secret: 'x' }),
        '["MarketRegulationMSP"]',
        /^INVALID_ARGUMENT: types\[0\] has unknown field "secret"/,
      ],
    ];
    for (const [name, types, departments, message] of badArguments) {
      it(`refuses ${name} with INVALID_ARGUMENT and writes nothing`, async () => {
        const { ctx, contract } = fresh();
        await expect(ctx.submit(() => contract.SeedLicenseTypes(ctx, types, departments))).to.be.rejectedWith(message);
        ctx.assertNothingWritten();
        expect(ctx.world.state.size).to.equal(0);
      });
    }
  });

  describe('PutLicenseType', () => {
    it('adds a type, keeps the registry sorted, and emits LicenseTypePut', async () => {
      const { ctx, contract } = await seededLedger();
      const result = parse<TypeRecord>(
        await ctx.submit(() => contract.PutLicenseType(ctx, JSON.stringify(NEW_TYPE)), { mspId: 'HealthMSP' }),
      );
      expect(result).to.deep.equal({ ...NEW_TYPE, requiredMetadata: ['category', 'premises'] });
      const registry = ctx.world.json(REGISTRY_KEY) as RegistryRecord;
      expect(registry.types.map((type) => type.code)).to.include('FOOD_OPERATION_LICENCE');
      expect(registry.types.map((type) => type.code)).to.deep.equal(registry.types.map((type) => type.code).sort());
      expect(registry.updatedByMsp).to.equal('HealthMSP');
      expect(ctx.lastEvent()).to.deep.equal({
        name: 'LicenseTypePut',
        payload: { code: 'FOOD_OPERATION_LICENCE', issuerMsp: 'MarketRegulationMSP', created: true, txId: ctx.txId },
      });
    });

    it('changes an existing type without touching the registry policy', async () => {
      const { ctx, contract } = await seededLedger();
      const policyBefore = Buffer.from(ctx.world.validationParameters.get(REGISTRY_KEY)!);
      const changed = { ...NEW_TYPE, code: 'BUSINESS_LICENCE', requiredMetadata: ['enterpriseName'] };
      await ctx.submit(() => contract.PutLicenseType(ctx, JSON.stringify(changed)), { mspId: 'TaxMSP' });
      const registry = ctx.world.json(REGISTRY_KEY) as RegistryRecord;
      expect(registry.types.filter((type) => type.code === 'BUSINESS_LICENCE')).to.deep.equal([
        { ...changed, optionalMetadata: [] },
      ]);
      expect(registry.types).to.have.length(9);
      expect(ctx.stub.setStateValidationParameter.called).to.equal(false);
      expect(Buffer.from(ctx.world.validationParameters.get(REGISTRY_KEY)!).equals(policyBefore)).to.equal(true);
      expect((ctx.lastEvent()?.payload as { created: boolean }).created).to.equal(false);
    });

    it('refuses before seeding with PRECONDITION_FAILED', async () => {
      const { ctx, contract } = fresh();
      await expect(ctx.submit(() => contract.PutLicenseType(ctx, JSON.stringify(NEW_TYPE)))).to.be.rejectedWith(
        /^PRECONDITION_FAILED: licence-type registry is not seeded/,
      );
      ctx.assertNothingWritten();
    });

    it('refuses a caller that is not a governance department', async () => {
      const { ctx, contract } = await seededLedger();
      await expect(
        ctx.submit(() => contract.PutLicenseType(ctx, JSON.stringify(NEW_TYPE)), { mspId: 'InfoCenterMSP' }),
      ).to.be.rejectedWith(/^FORBIDDEN: InfoCenterMSP may not change the licence-type registry/);
      ctx.assertNothingWritten();
    });

    it('refuses a malformed type with INVALID_ARGUMENT', async () => {
      const { ctx, contract } = await seededLedger();
      for (const bad of [
        '{',
        '[]',
        JSON.stringify({ ...NEW_TYPE, name: '' }),
        JSON.stringify({ ...NEW_TYPE, issuerMsp: 5 }),
      ]) {
        await expect(ctx.submit(() => contract.PutLicenseType(ctx, bad))).to.be.rejectedWith(/^INVALID_ARGUMENT/);
        ctx.assertNothingWritten();
      }
    });
  });

  describe('SetGovernanceMsps', () => {
    it('replaces the department list and re-sets the majority policy', async () => {
      const { ctx, contract } = await seededLedger();
      const ten = [...DEPARTMENTS, 'TradingCenter2MSP'];
      const result = parse<RegistryRecord>(
        await ctx.submit(() => contract.SetGovernanceMsps(ctx, JSON.stringify(ten)), { mspId: 'TaxMSP' }),
      );
      expect(result.governanceMsps).to.deep.equal([...ten].sort());
      expect(result.types).to.have.length(9);
      const policy = decodeOrgsPolicy(ctx.world.validationParameters.get(REGISTRY_KEY)!);
      expect(policy.n).to.equal(6);
      expect(policy.principals.map((principal) => principal.mspId)).to.include('TradingCenter2MSP');
      expect(ctx.lastEvent()?.name).to.equal('GovernanceMspsSet');
    });

    it('refuses non-departments, bad lists, and an unseeded registry', async () => {
      const { ctx, contract } = await seededLedger();
      await expect(
        ctx.submit(() => contract.SetGovernanceMsps(ctx, '["TaxMSP"]'), { mspId: 'InfoCenterMSP' }),
      ).to.be.rejectedWith(/^FORBIDDEN/);
      ctx.assertNothingWritten();
      await expect(ctx.submit(() => contract.SetGovernanceMsps(ctx, '[]'), { mspId: 'TaxMSP' })).to.be.rejectedWith(
        /^INVALID_ARGUMENT/,
      );
      ctx.assertNothingWritten();
      const unseeded = fresh();
      await expect(
        unseeded.ctx.submit(() => unseeded.contract.SetGovernanceMsps(unseeded.ctx, '["TaxMSP"]')),
      ).to.be.rejectedWith(/^PRECONDITION_FAILED/);
      unseeded.ctx.assertNothingWritten();
    });
  });

  describe('GetLicenseType / ListLicenseTypes', () => {
    it('returns one type and the whole registry to any department', async () => {
      const { ctx, contract } = await seededLedger();
      const type = parse<TypeRecord>(
        await ctx.evaluate(() => contract.GetLicenseType(ctx, 'MEDICAL_PRACTICE_LICENCE'), { mspId: 'TaxMSP' }),
      );
      expect(type.issuerMsp).to.equal('HealthMSP');
      const registry = parse<RegistryRecord>(await ctx.evaluate(() => contract.ListLicenseTypes(ctx)));
      expect(registry.types).to.have.length(9);
      expect(registry.governanceMsps).to.deep.equal(DEPARTMENTS);
      ctx.assertNothingWritten();
    });

    it('answers NOT_FOUND, INVALID_ARGUMENT and PRECONDITION_FAILED', async () => {
      const { ctx, contract } = await seededLedger();
      await expect(ctx.evaluate(() => contract.GetLicenseType(ctx, 'NO_SUCH_TYPE'))).to.be.rejectedWith(
        /^NOT_FOUND: licence type NO_SUCH_TYPE does not exist$/,
      );
      await expect(ctx.evaluate(() => contract.GetLicenseType(ctx, 'lower'))).to.be.rejectedWith(/^INVALID_ARGUMENT/);
      const unseeded = fresh();
      await expect(unseeded.ctx.evaluate(() => unseeded.contract.ListLicenseTypes(unseeded.ctx))).to.be.rejectedWith(
        /^PRECONDITION_FAILED/,
      );
      await expect(
        unseeded.ctx.evaluate(() => unseeded.contract.GetLicenseType(unseeded.ctx, 'BUSINESS_LICENCE')),
      ).to.be.rejectedWith(/^PRECONDITION_FAILED/);
    });
  });
});
