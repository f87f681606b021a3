import {
  DEPARTMENTS,
  HOLDER_NAME,
  HOLDER_REF,
  HOLDER_REF_KEY,
  ID_NUMBER,
  T0,
  bindingObject,
  businessLicence,
  consentObject,
  expect,
  holderTransient,
  medicalLicence,
  withGovernance,
} from './fixtures';
import { P256Holder, TestContext, autoGrantHolderRefs } from '../../support';
import { LicenseContract, signedBytes } from '@govchain/e-license';

const HOLDER = P256Holder.generate();
const BINDING = bindingObject(HOLDER);
const BINDING_SIGNATURE = HOLDER.sign(signedBytes(BINDING));
const NEW_HOLDER_KEY = P256Holder.generate();
const ROTATION = bindingObject(NEW_HOLDER_KEY, 2);
const ROTATION_SIGNATURE = NEW_HOLDER_KEY.sign(signedBytes(ROTATION));
const CONSENT = consentObject({ licenceId: undefined, licenceType: 'BUSINESS_LICENCE' });
const CONSENT_SIGNATURE = HOLDER.sign(signedBytes(CONSENT));
const WITHDRAWAL = { action: 'WITHDRAW_CONSENT', consentId: 'C-1', holderRef: HOLDER_REF, nonce: 'w1thdraw-01' };
const WITHDRAWAL_SIGNATURE = HOLDER.sign(signedBytes(WITHDRAWAL));

/**
 * Runs every submit transaction of the chaincode once, with fixed inputs.
 *
 * @returns the context and the results of every call
 */
async function scenario(): Promise<{ ctx: TestContext; results: string[] }> {
  const ctx = new TestContext({ mspId: 'MarketRegulationMSP', time: T0 });
  const contract = new LicenseContract();
  const results: string[] = [];
  const run = async (call: () => Promise<string>, options: Parameters<TestContext['submit']>[1]): Promise<void> => {
    results.push(await ctx.submit(call, options));
  };
  const at = (minute: number): string => new Date(Date.parse(T0) + minute * 60_000).toISOString();

  await withGovernance(DEPARTMENTS, () =>
    run(() => contract.SeedLicenseTypes(ctx), { time: at(0), mspId: 'PublicSecurityMSP' }),
  );
  await run(() => contract.SetHolderRefKey(ctx), {
    time: at(1),
    mspId: 'PublicSecurityMSP',
    transient: { holderRefKey: HOLDER_REF_KEY },
  });
  autoGrantHolderRefs(ctx, { ctx, contract });
  await run(() => contract.BindHolderKey(ctx, JSON.stringify(BINDING), BINDING_SIGNATURE), {
    time: at(1),
    mspId: 'PublicSecurityMSP',
    transient: { idNumber: ID_NUMBER },
  });
  await run(
    () =>
      contract.PutLicenseType(
        ctx,
        JSON.stringify({
          code: 'FOOD_LICENCE',
          name: 'Food',
          issuerMsp: 'MarketRegulationMSP',
          requiredMetadata: [],
          defaultValidityDays: 365,
        }),
      ),
    { time: at(2), mspId: 'TaxMSP' },
  );
  await run(() => contract.IssueLicense(ctx, businessLicence('BL-1')), {
    time: at(3),
    mspId: 'MarketRegulationMSP',
    transient: holderTransient({ detail: '{"phone":"13800000000"}' }),
  });
  await run(() => contract.IssueLicense(ctx, medicalLicence('ML-1')), {
    time: at(4),
    mspId: 'HealthMSP',
    transient: holderTransient(),
  });
  await run(() => contract.SuspendLicense(ctx, 'ML-1', 'INSPECTION', ''), { time: at(5) });
  await run(() => contract.ReinstateLicense(ctx, 'ML-1', 'REMEDIED', ''), { time: at(6) });
  await run(() => contract.RenewLicense(ctx, 'BL-1', businessLicence('BL-2')), {
    time: at(7),
    mspId: 'MarketRegulationMSP',
    transient: holderTransient(),
  });
  await run(() => contract.GrantConsent(ctx, JSON.stringify(CONSENT), CONSENT_SIGNATURE), {
    time: at(8),
    mspId: 'TaxMSP',
  });
  await run(() => contract.RecordDetailAccess(ctx, 'BL-2', 'C-1', 'transfer T-9'), { time: at(9) });
  await run(() => contract.WithdrawConsent(ctx, 'C-1', JSON.stringify(WITHDRAWAL), WITHDRAWAL_SIGNATURE), {
    time: at(10),
  });
  await run(() => contract.ReplaceLicense(ctx, 'BL-2', businessLicence('BL-3'), 'LOST'), {
    time: at(11),
    mspId: 'MarketRegulationMSP',
    transient: holderTransient(),
  });
  await run(() => contract.RevokeLicense(ctx, 'ML-1', 'FRAUD', ''), { time: at(12), mspId: 'HealthMSP' });
  await run(() => contract.RotateHolderKey(ctx, JSON.stringify(ROTATION), ROTATION_SIGNATURE), {
    time: at(13),
    mspId: 'PublicSecurityMSP',
    transient: { idNumber: ID_NUMBER },
  });
  await run(() => contract.SetGovernanceMsps(ctx, JSON.stringify([...DEPARTMENTS, 'TradingCenter2MSP'])), {
    time: at(14),
  });
  return { ctx, results };
}

describe('e-license determinism and privacy', () => {
  it('produces byte-identical state, private data, policies, history, events and results for identical input', async () => {
    const one = await scenario();
    const two = await scenario();
    expect(one.results).to.deep.equal(two.results);
    expect(one.ctx.world.dump()).to.equal(two.ctx.world.dump());
    expect(one.ctx.world.events.map((event) => event.name)).to.deep.equal([
      'LicenseTypesSeeded',
      'HolderRefKeySet',
      // Public Security's grant for the binding, then Market Regulation's and Health's for their issuances
      // (later issuances and the rotation reuse them).
      'HolderRefRequested',
      'HolderKeyBound',
      'LicenseTypePut',
      'HolderRefRequested',
      'LicenseIssued',
      'HolderRefRequested',
      'LicenseIssued',
      'LicenseSuspended',
      'LicenseReinstated',
      'LicenseRenewed',
      'ConsentGranted',
      'LicenseDetailAccessed',
      'ConsentWithdrawn',
      'LicenseReplaced',
      'LicenseRevoked',
      'HolderKeyRotated',
      'GovernanceMspsSet',
    ]);
  });

  it('writes every state value as canonical (sorted-key) JSON', async () => {
    const { ctx } = await scenario();
    for (const [key, value] of ctx.world.state) {
      const text = Buffer.from(value).toString('utf8');
      if (text !== '\u0000') {
        expect(text, key).to.equal(JSON.stringify(sortDeep(JSON.parse(text))));
      }
    }
  });

  it('never puts personal data in public state, history, events or submit results', async () => {
    const { ctx, results } = await scenario();
    const world = ctx.world;
    const publicText = [
      ...[...world.state.entries()].flatMap(([key, value]) => [key, Buffer.from(value).toString('utf8')]),
      ...[...world.history.values()].flat().map((record) => Buffer.from(record.value).toString('utf8')),
      ...world.events.map((event) => Buffer.from(event.payload).toString('utf8')),
      ...results,
    ].join('\n');
    for (const secret of [ID_NUMBER, HOLDER_NAME, '13800000000', HOLDER_REF_KEY]) {
      expect(publicText).to.not.include(secret);
    }
    const eventText = world.events.map((event) => Buffer.from(event.payload).toString('utf8')).join('\n');
    expect(eventText).to.not.include(HOLDER_REF);
    expect([...world.privateData.keys()].sort()).to.deep.equal([
      '_implicit_org_HealthMSP',
      '_implicit_org_MarketRegulationMSP',
      'holderRefGrants',
      'holderRefKey',
    ]);
  });
});

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortDeep);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortDeep((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
