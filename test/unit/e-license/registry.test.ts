import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  DEPARTMENTS,
  SEED_TYPES_JSON,
  T0,
  expect,
  parse,
  seedRegistry,
  seededLedger,
  withGovernance,
} from './fixtures';
import { type GovernanceRoles, defaultRolesOf } from '../../support/governance';
import { TestContext } from '../../support';
import { GOVERNANCE_FILE_ENV, canonicalJson, decodeOrgsPolicy } from '@govchain/chaincode-common';
import { LicenseContract, REGISTRY_KEY, SEED_TYPES_FILE, loadSeedTypes } from '@govchain/e-license';

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
  seededTxId: string;
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
    it("writes the package's licence types and the governance file's departments as one key, sorted", async () => {
      const { ctx, contract } = fresh();
      const result = await seedRegistry(ctx, contract, [...DEPARTMENTS].reverse(), 'MarketRegulationMSP');
      expect(parse(result)).to.deep.equal({ seeded: true });
      const stored = ctx.world.json(REGISTRY_KEY) as RegistryRecord;
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
      expect(stored.types).to.deep.equal(JSON.parse(JSON.stringify(loadSeedTypes())));
      expect(stored.updatedByMsp).to.equal('MarketRegulationMSP');
      expect(stored.updatedAt).to.equal(T0);
      expect(stored.txId).to.equal(ctx.txId);
      expect(stored.seededTxId).to.equal(ctx.txId);
      expect([...ctx.world.state.keys()]).to.deep.equal([REGISTRY_KEY]);
    });

    it('reads the seed from the package directory, whatever the working directory', () => {
      expect(SEED_TYPES_FILE).to.equal(require.resolve('@govchain/e-license/seed/license-types.json'));
      // Every type whose issuer role the unit governance file gives a holder: all but the school-running
      // licence, whose issuer (an Education Bureau) joins a running network later.
      expect(loadSeedTypes().map((type) => type.code)).to.deep.equal(
        (JSON.parse(SEED_TYPES_JSON) as (TypeRecord & { issuerRole: string })[])
          .filter((type) => type.issuerRole !== 'educationAuthority')
          .map((type) => type.code)
          .sort(),
      );
    });

    it('maps each named department to its licence type', async () => {
      const { ctx, contract } = fresh();
      await seedRegistry(ctx, contract);
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
      await seedRegistry(ctx, contract);
      const policy = decodeOrgsPolicy(ctx.world.validationParameters.get(REGISTRY_KEY)!);
      expect(policy.n).to.equal(5);
      expect(policy.principals).to.deep.equal(DEPARTMENTS.map((mspId) => ({ mspId, role: 'PEER' })));
    });

    it('uses a majority of a smaller department list too', async () => {
      const { ctx, contract } = fresh();
      await seedRegistry(ctx, contract, ['HealthMSP', 'MarketRegulationMSP', 'TaxMSP'], 'TaxMSP');
      expect(decodeOrgsPolicy(ctx.world.validationParameters.get(REGISTRY_KEY)!).n).to.equal(2);
    });

    it('emits LicenseTypesSeeded with codes and departments only', async () => {
      const { ctx, contract } = fresh();
      await seedRegistry(ctx, contract);
      const event = ctx.lastEvent();
      expect(event?.name).to.equal('LicenseTypesSeeded');
      expect(event?.payload).to.deep.include({ governanceMsps: DEPARTMENTS, txId: ctx.txId });
      expect((event?.payload as { typeCodes: string[] }).typeCodes).to.have.length(9);
    });

    it('writes nothing and answers {seeded: false} when the registry is what this endorser would seed', async () => {
      const { ctx, contract } = await seededLedger();
      const before = ctx.world.dump();
      expect(parse(await seedRegistry(ctx, contract, [...DEPARTMENTS].reverse(), 'TaxMSP'))).to.deep.equal({
        seeded: false,
      });
      ctx.assertNothingWritten();
      expect(ctx.world.dump()).to.equal(before);
    });

    it('accepts types a majority changed after seeding ({seeded: false})', async () => {
      const { ctx, contract } = await seededLedger();
      await ctx.submit(() => contract.PutLicenseType(ctx, JSON.stringify(NEW_TYPE)), { mspId: 'HealthMSP' });
      const before = ctx.world.dump();
      expect(parse(await seedRegistry(ctx, contract))).to.deep.equal({ seeded: false });
      ctx.assertNothingWritten();
      expect(ctx.world.dump()).to.equal(before);
    });

    it('refuses with CONFLICT naming the departments when the stored governance differs, and writes nothing', async () => {
      const { ctx, contract } = await seededLedger();
      const before = ctx.world.dump();
      const mine = [...DEPARTMENTS.filter((msp) => msp !== 'TaxMSP'), 'TradingCenter2MSP'];
      await expect(seedRegistry(ctx, contract, mine)).to.be.rejectedWith(
        /^CONFLICT: stored licence-type registry differs from this endorser's governance: governanceMsps lacks TradingCenter2MSP; governanceMsps also names TaxMSP; licence type TAX_REGISTRATION_CERTIFICATE is not among the types this endorser would seed$/,
      );
      ctx.assertNothingWritten();
      expect(ctx.world.dump()).to.equal(before);
    });

    it('refuses with CONFLICT naming the licence type when a registry still as seeded holds other types', async () => {
      const { ctx, contract } = fresh();
      // Seeded by two colluding departments with modified chaincode: Health issues identity documents.
      await seedRegistry(ctx, contract);
      const forged = ctx.world.json(REGISTRY_KEY) as RegistryRecord;
      forged.types = forged.types.map((type) =>
        type.code === 'IDENTITY_DOCUMENT' ? { ...type, issuerMsp: 'HealthMSP', name: 'Identity' } : type,
      );
      ctx.world.state.set(REGISTRY_KEY, Buffer.from(canonicalJson(forged)));
      await expect(seedRegistry(ctx, contract)).to.be.rejectedWith(
        /^CONFLICT: stored licence-type registry differs from this endorser's governance: licence type IDENTITY_DOCUMENT differs in name, issuerMsp$/,
      );
      ctx.assertNothingWritten();
    });

    it('refuses a caller that is not one of the governance departments', async () => {
      const { ctx, contract } = fresh();
      await expect(seedRegistry(ctx, contract, DEPARTMENTS, 'InfoCenterMSP')).to.be.rejectedWith(
        /^FORBIDDEN: InfoCenterMSP may not seed the licence-type registry/,
      );
      ctx.assertNothingWritten();
    });

    it('refuses with PRECONDITION_FAILED when this endorser has no governance file', async () => {
      const { ctx, contract } = fresh();
      const before = process.env[GOVERNANCE_FILE_ENV];
      delete process.env.GOVCHAIN_GOVERNANCE_FILE;
      try {
        await expect(ctx.submit(() => contract.SeedLicenseTypes(ctx))).to.be.rejectedWith(
          /^PRECONDITION_FAILED: this endorser has no governance file/,
        );
      } finally {
        if (before !== undefined) process.env[GOVERNANCE_FILE_ENV] = before;
      }
      ctx.assertNothingWritten();
    });

    it("gives each type the department holding its issuer role in the endorser's governance file", async () => {
      const { ctx, contract } = fresh();
      // The business registry moved from Market Regulation to Tax before seeding.
      const roles = { ...defaultRolesOf(DEPARTMENTS), businessRegistry: ['TaxMSP'] };
      await withGovernance(DEPARTMENTS, () => ctx.submit(() => contract.SeedLicenseTypes(ctx)), roles);
      const types = (ctx.world.json(REGISTRY_KEY) as RegistryRecord).types;
      expect(types.find((type) => type.code === 'BUSINESS_LICENCE')?.issuerMsp).to.equal('TaxMSP');
      expect(types.find((type) => type.code === 'IDENTITY_DOCUMENT')?.issuerMsp).to.equal('PublicSecurityMSP');
    });

    it('leaves out a type whose issuer role no department holds, and names it when the registry differs', async () => {
      const { ctx, contract } = fresh();
      const roles = Object.fromEntries(
        Object.entries(defaultRolesOf(DEPARTMENTS)).filter(([role]) => role !== 'healthAuthority'),
      );
      await withGovernance(DEPARTMENTS, () => ctx.submit(() => contract.SeedLicenseTypes(ctx)), roles);
      const codes = (ctx.world.json(REGISTRY_KEY) as RegistryRecord).types.map((type) => type.code);
      expect(codes).to.have.length(8).and.not.to.include('MEDICAL_PRACTICE_LICENCE');
      // An endorser whose file does name the health authority would seed the type, so it disagrees.
      await expect(seedRegistry(ctx, contract)).to.be.rejectedWith(
        /^CONFLICT: stored licence-type registry differs from this endorser's governance: licence type MEDICAL_PRACTICE_LICENCE is missing$/,
      );
    });

    const badRoles: [string, GovernanceRoles, RegExp][] = [
      [
        'an issuer role held by two departments',
        { ...defaultRolesOf(DEPARTMENTS), healthAuthority: ['HealthMSP', 'TaxMSP'] },
        /^PRECONDITION_FAILED: this endorser's governance file gives the issuer role healthAuthority to HealthMSP, TaxMSP; a licence type has one issuer$/,
      ],
      [
        'no issuer role of any type held',
        { tradingCentre: ['TradingCenterMSP'] },
        /^PRECONDITION_FAILED: this endorser's governance file gives no department the issuer role of any licence type of the seed$/,
      ],
    ];
    for (const [name, roles, message] of badRoles) {
      it(`refuses a governance file with ${name} with PRECONDITION_FAILED, and writes nothing`, async () => {
        const { ctx, contract } = fresh();
        await expect(
          withGovernance(DEPARTMENTS, () => ctx.submit(() => contract.SeedLicenseTypes(ctx)), roles),
        ).to.be.rejectedWith(message);
        ctx.assertNothingWritten();
      });
    }

    // A seed names the issuer by role (JSON.stringify drops the undefined issuerMsp).
    const SEED_TYPE = { ...NEW_TYPE, issuerMsp: undefined, issuerRole: 'businessRegistry' };
    const badSeeds: [string, string, RegExp][] = [
      ['a seed that is not JSON', '[{', /^PRECONDITION_FAILED: the licence-type seed is not valid JSON/],
      ['an empty seed', '[]', /^PRECONDITION_FAILED: the licence-type seed must be a JSON array/],
      [
        'a duplicate type code',
        JSON.stringify([SEED_TYPE, SEED_TYPE]),
        /^PRECONDITION_FAILED: the licence-type seed lists licence type FOOD_OPERATION_LICENCE twice/,
      ],
      [
        'a type naming its issuer by MSP id',
        JSON.stringify([{ ...SEED_TYPE, issuerMsp: 'TaxMSP' }]),
        /^PRECONDITION_FAILED: the licence-type seed \[0\] names its issuer by MSP id; the seed names it by role \(issuerRole\)$/,
      ],
      [
        'a type with no issuer role',
        JSON.stringify([{ ...SEED_TYPE, issuerRole: undefined }]),
        /^PRECONDITION_FAILED: the licence-type seed \[0\]\.issuerRole/,
      ],
      [
        'a malformed type',
        JSON.stringify([{ ...SEED_TYPE, code: 'food' }]),
        /^PRECONDITION_FAILED: the licence-type seed \[0\].code/,
      ],
    ];
    for (const [name, text, message] of badSeeds) {
      it(`refuses ${name} in the package with PRECONDITION_FAILED`, () => {
        const file = path.join(mkdtempSync(path.join(tmpdir(), 'govchain-seed-')), 'license-types.json');
        writeFileSync(file, text);
        expect(() => loadSeedTypes(file)).to.throw(message);
      });
    }
    it("gives no issuer to a role named like an object's own member (constructor)", () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'govchain-seed-')), 'license-types.json');
      writeFileSync(
        file,
        JSON.stringify([SEED_TYPE, { ...SEED_TYPE, code: 'OTHER_LICENCE', issuerRole: 'constructor' }]),
      );
      expect(loadSeedTypes(file, { businessRegistry: ['MarketRegulationMSP'] }).map((type) => type.code)).to.deep.equal(
        ['FOOD_OPERATION_LICENCE'],
      );
    });

    it('refuses a missing seed file with PRECONDITION_FAILED', () => {
      expect(() => loadSeedTypes(path.join(tmpdir(), 'no-such-dir', 'license-types.json'))).to.throw(
        /^PRECONDITION_FAILED: this endorser cannot read its licence-type seed/,
      );
    });
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
