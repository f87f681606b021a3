import * as path from 'node:path';
import {
  DEPARTMENTS,
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
  ownerPolicy,
  signed,
  withGovernance,
  type Ledger,
} from './fixtures';
import { P256Holder, TestContext, type TxOptions, autoGrantHolderRefs, codeSpans, markdownTable } from '../../support';
import { describePolicy } from '@govchain/chaincode-common';
import { HOLDER_REF_KEY_COLLECTION, LicenseContract, SEED_TYPES_FILE } from '@govchain/e-license';

/** One row of the README's "Key-level policies" table. */
interface Row {
  readonly objectType: string;
  /** `world state`, or the collection (`_implicit_org_<issuer>` stands for every implicit collection). */
  readonly store: string;
  readonly writtenBy: readonly string[];
  readonly policy: string;
}

const README = path.join(path.dirname(SEED_TYPES_FILE), '..', 'README.md');

function readTable(): Row[] {
  return markdownTable(README, 'Key-level policies').map((cells) => {
    const [key, store, writtenBy, , policy] = cells;
    const code = (cell: string | undefined): string => codeSpans(cell)[0] ?? '';
    return {
      objectType: code(key),
      store: store?.startsWith('collection') === true ? code(store) : (store ?? ''),
      writtenBy: (writtenBy ?? '').split(',').flatMap((name) => {
        const trimmed = name.trim();
        // "Suspend/Reinstate/RevokeLicense" names three transactions.
        return trimmed.includes('/')
          ? trimmed.split('/').map((part) => (part.endsWith('License') ? part : `${part}License`))
          : [trimmed];
      }),
      policy: code(policy),
    };
  });
}

/** A key one transaction of the scenario wrote, and the policy the chaincode set on it, if any. */
interface Written {
  readonly transaction: string;
  readonly objectType: string;
  readonly store: string;
  readonly key: string;
  readonly attributes: readonly string[];
}

/**
 * Runs every submit transaction that writes a key, on the stubbed world
 * state, and records what each wrote and the private-data policies it set.
 */
async function scenario(): Promise<{ ledger: Ledger; written: Written[]; privatePolicies: Map<string, Uint8Array> }> {
  const written: Written[] = [];
  const privatePolicies = new Map<string, Uint8Array>();
  const ctx = new TestContext({ mspId: 'PublicSecurityMSP', time: T0 });
  const contract = new LicenseContract();
  const split = (key: string): { objectType: string; attributes: string[] } =>
    key.startsWith('\u0000') ? ctx.stub.splitCompositeKey(key) : { objectType: key, attributes: [] };
  const run = async (transaction: string, call: () => Promise<string>, options: TxOptions): Promise<void> => {
    await ctx.submit(call, options);
    for (const { args } of ctx.stub.putState.getCalls()) {
      written.push({ transaction, store: 'world state', key: args[0], ...split(args[0]) });
    }
    for (const { args } of ctx.stub.putPrivateData.getCalls()) {
      const store = args[0].startsWith('_implicit_org_') ? '_implicit_org_<issuer>' : args[0];
      written.push({ transaction, store, key: args[1], ...split(args[1]) });
    }
    for (const { args } of ctx.stub.setPrivateDataValidationParameter.getCalls()) {
      const store = args[0].startsWith('_implicit_org_') ? '_implicit_org_<issuer>' : args[0];
      privatePolicies.set(`${store}/${args[1]}`, args[2]);
    }
  };
  const first = P256Holder.generate();
  const second = P256Holder.generate();
  const binding = (holder: P256Holder, version: number): [string, string] =>
    signed(holder, bindingObject(holder, version));

  await withGovernance(DEPARTMENTS, () =>
    run('SeedLicenseTypes', () => contract.SeedLicenseTypes(ctx), { mspId: 'PublicSecurityMSP' }),
  );
  await run('SetHolderRefKey', () => contract.SetHolderRefKey(ctx), {
    mspId: 'PublicSecurityMSP',
    transient: { holderRefKey: HOLDER_REF_KEY },
  });
  await run('PutLicenseType', () => contract.PutLicenseType(ctx, JSON.stringify(FOOD_TYPE)), { mspId: 'TaxMSP' });
  await run('SetGovernanceMsps', () => contract.SetGovernanceMsps(ctx, JSON.stringify(DEPARTMENTS)), {
    mspId: 'TaxMSP',
  });
  // Holder references come from grants written on Public Security's peer alone (collection-level policy).
  ctx.peerMsp = 'PublicSecurityMSP';
  await run('RequestHolderRef', () => contract.RequestHolderRef(ctx, 'QUERY_HOLDER'), {
    mspId: 'TaxMSP',
    transient: { idNumber: ID_NUMBER },
  });
  ctx.peerMsp = undefined;
  autoGrantHolderRefs(ctx, { ctx, contract });
  await run('BindHolderKey', () => contract.BindHolderKey(ctx, ...binding(first, 1)), {
    mspId: 'PublicSecurityMSP',
    transient: { idNumber: ID_NUMBER },
  });
  await run('RotateHolderKey', () => contract.RotateHolderKey(ctx, ...binding(second, 2)), {
    mspId: 'PublicSecurityMSP',
    transient: { idNumber: ID_NUMBER },
  });
  const issuer = (mspId: string): TxOptions => ({ mspId, transient: holderTransient() });
  await run('IssueLicense', () => contract.IssueLicense(ctx, businessLicence('BL-1')), issuer('MarketRegulationMSP'));
  await run('IssueLicense', () => contract.IssueLicense(ctx, medicalLicence('ML-1')), issuer('HealthMSP'));
  await run(
    'RenewLicense',
    () => contract.RenewLicense(ctx, 'BL-1', businessLicence('BL-2')),
    issuer('MarketRegulationMSP'),
  );
  await run(
    'ReplaceLicense',
    () => contract.ReplaceLicense(ctx, 'BL-2', businessLicence('BL-3'), 'LOST'),
    issuer('MarketRegulationMSP'),
  );
  await run('SuspendLicense', () => contract.SuspendLicense(ctx, 'ML-1', 'INSPECTION', ''), { mspId: 'HealthMSP' });
  await run('ReinstateLicense', () => contract.ReinstateLicense(ctx, 'ML-1', 'REMEDIED', ''), { mspId: 'HealthMSP' });
  await run('GrantConsent', () => contract.GrantConsent(ctx, ...signed(second, consentObject({ licenceId: 'ML-1' }))), {
    mspId: 'TaxMSP',
  });
  await run('RecordDetailAccess', () => contract.RecordDetailAccess(ctx, 'ML-1', 'C-1', 'tax check'), {
    mspId: 'TaxMSP',
    transient: { requestId: 'access-0001' },
  });
  const withdrawal = { action: 'WITHDRAW_CONSENT', consentId: 'C-1', holderRef: HOLDER_REF, nonce: 'w1thdraw-01' };
  await run('WithdrawConsent', () => contract.WithdrawConsent(ctx, 'C-1', ...signed(second, withdrawal)), {
    mspId: 'TaxMSP',
  });
  await run('RevokeLicense', () => contract.RevokeLicense(ctx, 'ML-1', 'FRAUD', ''), { mspId: 'HealthMSP' });
  return { ledger: { ctx, contract }, written, privatePolicies };
}

const FOOD_TYPE = {
  code: 'FOOD_LICENCE',
  name: 'Food',
  issuerMsp: 'MarketRegulationMSP',
  requiredMetadata: [],
  defaultValidityDays: 365,
};

/** The licence a key belongs to, from its object type and attributes (the issuer owns it). */
function licenceOf(ledger: Ledger, item: Written): string {
  switch (item.objectType) {
    case 'licence':
    case 'licence~access':
    case 'licenceDetail':
      return item.attributes[0] ?? '';
    case 'holder~licence':
    case 'issuer~licence':
    case 'type~licence':
      return item.attributes[1] ?? '';
    case 'detailAccess':
      return (ledger.ctx.world.json(item.key) as { licenceId: string }).licenceId;
    default:
      throw new Error(`no licence for ${item.objectType}`);
  }
}

function expectedPolicy(ledger: Ledger, row: Row, item: Written): string | undefined {
  switch (row.policy) {
    case 'majority':
      return `OutOf(${Math.floor(DEPARTMENTS.length / 2) + 1}, ${DEPARTMENTS.map((msp) => `'${msp}.peer'`).join(', ')})`;
    case 'AND(issuer, OutOf(1, others))': {
      const licence = ledger.ctx.world.json(ledger.ctx.stub.createCompositeKey('licence', [licenceOf(ledger, item)]));
      return ownerPolicy((licence as { issuerMsp: string }).issuerMsp);
    }
    case 'AND(identity authority, OutOf(1, others))':
      return ownerPolicy('PublicSecurityMSP');
    case 'AND(requester, OutOf(1, others))':
      return ownerPolicy((ledger.ctx.world.json(item.key) as { callerMsp: string }).callerMsp);
    case 'collection-level':
    case 'chaincode-level':
      return undefined;
    default:
      throw new Error(`the README names a policy the test does not know: ${row.policy}`);
  }
}

describe('e-license README: the key-level policy table', () => {
  const rows = readTable();
  const rowOf = (item: Written): Row | undefined =>
    rows.find((row) => row.objectType === item.objectType && row.store === item.store);

  it('lists every key prefix once, with a policy', () => {
    expect(rows.length).to.be.at.least(10);
    const names = rows.map((row) => `${row.store}/${row.objectType}`);
    expect(new Set(names).size).to.equal(names.length);
    for (const row of rows) expect(row.policy, row.objectType).to.not.equal('');
  });

  it('names every key the transactions write, and each row is written by the transactions it names', async () => {
    const { written } = await scenario();
    for (const item of written) {
      const row = rowOf(item);
      expect(
        row,
        `${item.transaction} writes ${item.store}/${item.objectType}, which the README table lacks`,
      ).to.not.equal(undefined);
      expect(row?.writtenBy, `${item.store}/${item.objectType}`).to.include(item.transaction);
    }
    for (const row of rows) {
      expect(
        written.some((item) => item.objectType === row.objectType && item.store === row.store),
        `the scenario writes no ${row.objectType}`,
      ).to.equal(true);
    }
  });

  it('matches the policy the chaincode really sets on every key', async () => {
    const { ledger, written, privatePolicies } = await scenario();
    for (const item of written) {
      const row = rowOf(item);
      if (row === undefined) continue;
      const expected = expectedPolicy(ledger, row, item);
      const bytes =
        item.store === 'world state'
          ? ledger.ctx.world.validationParameters.get(item.key)
          : privatePolicies.get(`${item.store}/${item.key}`);
      const actual = bytes === undefined ? undefined : describePolicy(bytes);
      expect(actual, `${item.transaction}: ${item.store}/${item.objectType}`).to.equal(expected);
    }
  });

  it('sets no policy its owner alone satisfies', async () => {
    const { ledger, privatePolicies } = await scenario();
    const all = [...ledger.ctx.world.validationParameters.values(), ...privatePolicies.values()].map(describePolicy);
    for (const policy of all) {
      expect(policy).to.match(/^(AND\('[^']+', OutOf\(1, |OutOf\(5, )/);
    }
    // K and the grants are guarded by their collections' own endorsement policy (the identity authority's peer
    // alone); a key-level policy would replace it and let a second department's peer endorse.
    expect(privatePolicies.has(`${HOLDER_REF_KEY_COLLECTION}/holderRefKey`)).to.equal(false);
    expect([...privatePolicies.keys()].some((key) => key.startsWith('holderRefGrants/'))).to.equal(false);
  });
});
