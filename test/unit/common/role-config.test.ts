import {
  type Governance,
  RoleConfigStore,
  type RoleRecordShape,
  describePolicy,
  roleDifferences,
} from '@govchain/chaincode-common';
import { ID_RULE, Int, MSP_ID_RULE, Text, TextList, Time } from '@govchain/protocol';
import { expect } from './setup';
import { type EndorsedOutcome, TestContext, validateEndorsed } from '../../support';

const DEPARTMENTS = ['CivilAffairsMSP', 'RealEstateMSP', 'TaxMSP'];
const GOVERNANCE = {
  departmentMsps: DEPARTMENTS,
  holderRefGrantsPerHour: 600,
  roles: { taxAuthority: ['TaxMSP'], propertyRegistry: ['RealEstateMSP'], unused: ['CivilAffairsMSP'] },
};
const T0 = '2025-03-01T08:00:00.000Z';

function store(): RoleConfigStore {
  return new RoleConfigStore('test-chaincode', [
    { role: 'taxAuthority', min: 1, max: 1 },
    { role: 'propertyRegistry' },
  ]);
}

describe('RoleConfigStore: roles from the governance file, on the ledger', () => {
  it('takes the departments and only its own roles from the governance file, sorted', () => {
    const values = store().governed(GOVERNANCE);
    expect(values.departmentMsps).to.deep.equal(DEPARTMENTS);
    expect(values.roles.map((r) => [r.role, r.msps])).to.deep.equal([
      ['propertyRegistry', ['RealEstateMSP']],
      ['taxAuthority', ['TaxMSP']],
    ]);
  });

  it('refuses a governance file that gives a role too few or too many departments (PRECONDITION_FAILED)', () => {
    const none = { ...GOVERNANCE, roles: { propertyRegistry: ['RealEstateMSP'] } };
    expect(() => store().governed(none)).to.throw(
      /^PRECONDITION_FAILED: this endorser's governance file must give role taxAuthority 1 department\(s\) \(it gives none\)$/,
    );
    const two = { ...GOVERNANCE, roles: { ...GOVERNANCE.roles, taxAuthority: ['TaxMSP', 'RealEstateMSP'] } };
    expect(() => store().governed(two)).to.throw(/^PRECONDITION_FAILED/);
  });

  it('seeds once under a majority policy; seeding again with the same governance writes nothing', async () => {
    const ctx = new TestContext({ mspId: 'TaxMSP', time: T0 });
    const roles = store();
    const first = await ctx.submit(() => roles.seed(ctx, roles.governed(GOVERNANCE)));
    expect(first.written).to.equal(true);
    expect(ctx.world.json('roleConfig')).to.deep.include({ departmentMsps: DEPARTMENTS, updatedByMsp: 'TaxMSP' });
    const policy = ctx.world.validationParameters.get('roleConfig');
    expect(policy && describePolicy(policy)).to.equal(
      "OutOf(2, 'CivilAffairsMSP.peer', 'RealEstateMSP.peer', 'TaxMSP.peer')",
    );
    const again = await ctx.submit(() => store().seed(ctx, roles.governed(GOVERNANCE)), { mspId: 'RealEstateMSP' });
    expect(again.written).to.equal(false);
    ctx.assertNothingWritten();
  });

  it('refuses a seed whose governance differs from the stored roles (CONFLICT naming it), writing nothing', async () => {
    const ctx = new TestContext({ mspId: 'TaxMSP', time: T0 });
    await ctx.submit(() => store().seed(ctx, store().governed(GOVERNANCE)));
    const other = { ...GOVERNANCE, roles: { ...GOVERNANCE.roles, taxAuthority: ['CivilAffairsMSP'] } };
    await expect(ctx.submit(() => store().seed(ctx, store().governed(other)))).to.be.rejectedWith(
      /^CONFLICT: the stored test-chaincode role configuration differs from this endorser's governance: role taxAuthority lacks CivilAffairsMSP and has TaxMSP in addition$/,
    );
    ctx.assertNothingWritten();
  });

  it('refuses a caller that is not a governed department (FORBIDDEN)', async () => {
    const ctx = new TestContext({ mspId: 'HealthMSP', time: T0 });
    await expect(ctx.submit(() => store().seed(ctx, store().governed(GOVERNANCE)))).to.be.rejectedWith(/^FORBIDDEN/);
    ctx.assertNothingWritten();
  });

  it('updates only after seeding, and only when the governance changed', async () => {
    const ctx = new TestContext({ mspId: 'TaxMSP', time: T0 });
    await expect(ctx.submit(() => store().update(ctx, store().governed(GOVERNANCE)))).to.be.rejectedWith(
      /^PRECONDITION_FAILED: the test-chaincode role configuration is not seeded; call SeedRoles first$/,
    );
    await ctx.submit(() => store().seed(ctx, store().governed(GOVERNANCE)));
    expect((await ctx.submit(() => store().update(ctx, store().governed(GOVERNANCE)))).written).to.equal(false);
    const moved = { ...GOVERNANCE, roles: { ...GOVERNANCE.roles, propertyRegistry: ['CivilAffairsMSP'] } };
    const outcome = await ctx.submit(() => store().update(ctx, store().governed(moved)), { mspId: 'CivilAffairsMSP' });
    expect(outcome.written).to.equal(true);
    expect(await ctx.evaluate(() => store().require(ctx))).to.deep.include({ updatedByMsp: 'CivilAffairsMSP' });
  });

  it('refuses a corrupt stored configuration naming the member', async () => {
    const ctx = new TestContext({ mspId: 'TaxMSP', time: T0 });
    await ctx.submit(() => store().seed(ctx, store().governed(GOVERNANCE)));
    const stored = ctx.world.json('roleConfig') as Record<string, unknown>;
    ctx.world.state.set('roleConfig', Buffer.from(JSON.stringify({ ...stored, departmentMsps: ['TaxMSP'] })));
    await expect(ctx.evaluate(() => store().require(ctx))).to.be.rejectedWith(/roleConfig\.departmentMsps must have/);
  });

  it('names every difference between two configurations', () => {
    const a = store().governed(GOVERNANCE);
    const b = store().governed({ ...GOVERNANCE, departmentMsps: [...DEPARTMENTS, 'HealthMSP'].sort() });
    expect(roleDifferences(a, a)).to.deep.equal([]);
    expect(roleDifferences(a, b)).to.have.length(1);
  });

  it('leaves an optional role without holders out, and names a role that appears or disappears', () => {
    const optional = new RoleConfigStore('test-chaincode', [{ role: 'taxAuthority' }, { role: 'auditor', min: 0 }]);
    const without = optional.governed(GOVERNANCE);
    expect(without.roles.map((r) => r.role)).to.deep.equal(['taxAuthority']);
    const withAuditor = optional.governed({
      ...GOVERNANCE,
      roles: { ...GOVERNANCE.roles, auditor: ['CivilAffairsMSP'] },
    });
    expect(roleDifferences(without, withAuditor)).to.deep.equal(['role auditor lacks CivilAffairsMSP']);
    expect(roleDifferences(withAuditor, without)).to.deep.equal(['role auditor has CivilAffairsMSP in addition']);
  });

  it('caches the configuration for the transaction only', async () => {
    const ctx = new TestContext({ mspId: 'TaxMSP', time: T0 });
    const roles = store();
    await ctx.submit(() => roles.seed(ctx, roles.governed(GOVERNANCE)));
    await ctx.evaluate(async () => {
      await roles.require(ctx);
      await roles.require(ctx);
    });
    expect(ctx.stub.getState.callCount).to.equal(1);
    await ctx.evaluate(() => roles.require(ctx));
    expect(ctx.stub.getState.callCount).to.equal(1);
  });

  it('commits an update only when a majority of the departments endorse it (key-level policy)', async () => {
    const ctx = new TestContext({ mspId: 'TaxMSP', time: T0 });
    const roles = store();
    await ctx.submit(() => roles.seed(ctx, roles.governed(GOVERNANCE)));
    // Tax's operator gives its own governance file another register; the other peers keep the consortium's.
    const rogue = roles.governed({ ...GOVERNANCE, roles: { ...GOVERNANCE.roles, propertyRegistry: ['TaxMSP'] } });
    const genuine = roles.governed(GOVERNANCE);
    const update = (rogueAt: readonly string[]): Promise<EndorsedOutcome> =>
      validateEndorsed(ctx.world, 'roleConfig', 'TaxMSP', DEPARTMENTS, (peer, msp) =>
        store().update(peer, rogueAt.includes(msp) ? rogue : genuine),
      );
    // Departments sorted: CivilAffairs, RealEstate, Tax — the first endorsement is the one submitted.
    expect(await update(['CivilAffairsMSP'])).to.deep.equal({ valid: false, agreeing: 1 });
    expect(await update(['CivilAffairsMSP', 'TaxMSP'])).to.deep.equal({ valid: true, agreeing: 2 });
    // The simulations commit nothing: the register is still Real Estate.
    expect(ctx.world.json('roleConfig')).to.deep.include({
      roles: [
        { role: 'propertyRegistry', msps: ['RealEstateMSP'] },
        { role: 'taxAuthority', msps: ['TaxMSP'] },
      ],
    });
  });

  describe('a chaincode record of its own shape, with settings from its package', () => {
    class Rules {
      @TextList(MSP_ID_RULE, { unique: true }) departmentMsps: string[] = [];
      @TextList(MSP_ID_RULE, { unique: true }) taxMsps: string[] = [];
      @Int(1, 100) limit = 0;
      @Time() updatedAt!: string;
      @Text(MSP_ID_RULE) updatedByMsp!: string;
      @Text(ID_RULE) txId!: string;
    }
    type Limit = { readonly limit: number }; // eslint-disable-line @typescript-eslint/consistent-type-definitions
    const SHAPE: RoleRecordShape<Rules, Limit> = {
      type: Rules,
      toRecord: (values, stamp) =>
        Object.assign(new Rules(), stamp, {
          departmentMsps: [...values.departmentMsps],
          taxMsps: [...(values.roles.find((r) => r.role === 'taxAuthority')?.msps ?? [])],
          limit: values.settings?.limit ?? 0,
        }),
      toValues: (record) => ({
        departmentMsps: record.departmentMsps,
        roles: record.taxMsps.length === 0 ? [] : [{ role: 'taxAuthority', msps: record.taxMsps }],
        settings: { limit: record.limit },
      }),
    };
    let limit = 5;
    const shaped = (): RoleConfigStore<Rules, Limit> =>
      new RoleConfigStore('rules-chaincode', [{ role: 'taxAuthority' }], {
        key: 'rules',
        shape: SHAPE,
        settings: () => ({ limit }),
        noun: 'rules-chaincode rules',
        seedTransaction: 'SeedRules',
      });
    const governance: Governance = { ...GOVERNANCE, enforceClerkRoles: false };

    it('stores its own record under its own key, with the settings, under the majority policy', async () => {
      limit = 5;
      const ctx = new TestContext({ mspId: 'TaxMSP', time: T0 });
      const outcome = await ctx.submit(() => shaped().seed(ctx, shaped().governed(governance)));
      expect(outcome.config).to.be.instanceOf(Rules);
      expect(ctx.world.json('rules')).to.deep.equal({
        departmentMsps: DEPARTMENTS,
        taxMsps: ['TaxMSP'],
        limit: 5,
        updatedAt: T0,
        updatedByMsp: 'TaxMSP',
        txId: outcome.config.txId,
      });
      expect(describePolicy(ctx.world.validationParameters.get('rules')!)).to.match(/^OutOf\(2, /);
      expect(ctx.world.state.has('roleConfig')).to.equal(false);
    });

    it('names a changed setting on CONFLICT, and an update brings it to the package', async () => {
      limit = 5;
      const ctx = new TestContext({ mspId: 'TaxMSP', time: T0 });
      await ctx.submit(() => shaped().seed(ctx, shaped().governed(governance)));
      limit = 7;
      await expect(ctx.submit(() => shaped().seed(ctx, shaped().governed(governance)))).to.be.rejectedWith(
        /^CONFLICT: the stored rules-chaincode rules differs from this endorser's governance: limit is 5, not 7$/,
      );
      ctx.assertNothingWritten();
      const outcome = await ctx.submit(() => shaped().update(ctx, shaped().governed(governance)));
      expect(outcome.written).to.equal(true);
      expect(ctx.world.json('rules')).to.deep.include({ limit: 7 });
    });

    it('refuses a read before seeding naming its own seed transaction', async () => {
      const ctx = new TestContext({ mspId: 'TaxMSP', time: T0 });
      await expect(ctx.evaluate(() => shaped().require(ctx))).to.be.rejectedWith(
        /^PRECONDITION_FAILED: the rules-chaincode rules is not seeded; call SeedRules first$/,
      );
    });
  });
});
