import { RoleConfigStore, describePolicy, roleDifferences } from '@govchain/chaincode-common';
import { expect } from './setup';
import { TestContext } from '../../support';

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
    expect(() => store().governed(none)).to.throw(/^PRECONDITION_FAILED: .*role taxAuthority 1 department/);
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
      /^CONFLICT: stored test-chaincode roles differ from this endorser's governance: role taxAuthority is TaxMSP, not CivilAffairsMSP$/,
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
      /^PRECONDITION_FAILED: test-chaincode roles are not configured; call SeedRoles first$/,
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
});
