import path from 'node:path';
import { describePolicy } from '@govchain/chaincode-common';
import { TRANSFER_DETAIL_COLLECTION } from '@govchain/real-estate';
import {
  ALL_STEPS,
  BUYERS,
  Ledger,
  PERSONS,
  RE,
  TAX,
  SELLER,
  UNIT,
  expect,
  fp,
  holderTransient,
  openSale,
  registerSale,
  registeredUnit,
  runSteps,
} from './fixtures';
import { codeSpans, markdownTable } from '../../support';

const CHAINCODE_LEVEL = 'chaincode-level OutOf(2, all)';

/** One row of the README's "Key-level policies" table: a key prefix and its policy text. */
interface TableRow {
  readonly prefix: string;
  readonly policy: string;
}

/**
 * Names a key prefix the way the table does: the composite key's object type (`step/IDENTITY` for a
 * step, whose policy depends on its step), or `private collection/kind` for private data.
 *
 * @param cells - the row's cells
 * @returns the prefix
 */
function prefixOfRow(cells: readonly string[]): string {
  const first = cells[0] ?? '';
  const names = codeSpans(first);
  if (first.startsWith('private ')) {
    return `private ${names[0] ?? ''}/${names[1] ?? ''}`;
  }
  return names.length > 1 ? `${names[0] ?? ''}/${names[1] ?? ''}` : (names[0] ?? '');
}

/** @returns the rows of the README's "Key-level policies" table */
function readTable(): TableRow[] {
  const readme = path.join(path.dirname(require.resolve('@govchain/real-estate/package.json')), 'README.md');
  return markdownTable(readme, 'Key-level policies').map((cells) => {
    const policy = cells[1] ?? '';
    return {
      prefix: prefixOfRow(cells),
      policy: policy.startsWith('`') ? policy.slice(1, -1) : policy,
    };
  });
}

/**
 * Runs every submit transaction of the chaincode on the stubbed world state.
 *
 * @returns the ledger, and whether any transaction set a private-data key-level policy
 */
async function everyTransaction(): Promise<{ ledger: Ledger; privatePolicySet: boolean }> {
  const ledger = await Ledger.create();
  const { ctx, contract } = ledger;
  let privatePolicySet = false;
  const original = ledger.submit.bind(ledger);
  ledger.submit = async (call, options): Promise<string> => {
    const result = await original(call, options);
    privatePolicySet ||= ctx.stub.setPrivateDataValidationParameter.called;
    return result;
  };
  await registeredUnit(ledger, { kind: 'ALLOCATED', termEnd: undefined });
  const mortgage = JSON.stringify({ id: 'M-1', mortgagee: 'BANK-1', evidenceFingerprint: fp('m') });
  await ledger.submit(() => contract.RegisterMortgage(ctx, UNIT, mortgage), { mspId: RE });
  await ledger.submit(() => contract.DischargeMortgage(ctx, UNIT, 'M-1', fp('discharged')), { mspId: RE });
  const seizure = JSON.stringify({ id: 'S-1', court: 'COURT-1', evidenceFingerprint: fp('s') });
  await ledger.submit(() => contract.RegisterSeizure(ctx, UNIT, seizure), { mspId: RE });
  await ledger.submit(() => contract.ReleaseSeizure(ctx, UNIT, 'S-1', fp('released')), { mspId: RE });
  const replacement = JSON.stringify({ certificateId: 'REC-2025-0001-R', certificateFingerprint: fp('replacement') });
  await ledger.submit(() => contract.ReplaceCertificate(ctx, UNIT, replacement, 'LOST'), {
    mspId: RE,
    transient: holderTransient(SELLER),
  });
  await openSale(ledger, { id: 'TA-W' });
  await ledger.submit(() => contract.WithdrawApplication(ctx, 'TA-W', fp('withdrawal')), { mspId: RE });
  await openSale(ledger, { id: 'TA-R' });
  await ledger.submit(() => contract.RejectStep(ctx, 'TA-R', 'TAX', 'TAX_ARREARS'), { mspId: TAX });
  await openSale(ledger);
  await runSteps(ledger, [...ALL_STEPS, 'land']);
  await registerSale(ledger);
  await openSale(ledger, {
    id: 'TA-2',
    sellers: BUYERS,
    buyers: [{ holderRef: PERSONS[3]!.holderRef, shareBasisPoints: 10000 }],
    providentFundLoan: false,
    dispositions: [{ encumbranceId: 'M-PF-1', action: 'CARRY_OVER', evidenceFingerprint: fp('consent') }],
  });
  return { ledger, privatePolicySet };
}

/**
 * @param ledger - the ledger after {@link everyTransaction}
 * @returns every key prefix the chaincode wrote, with the policies its keys carry
 */
function observedPolicies(ledger: Ledger): Map<string, Set<string>> {
  const { ctx } = ledger;
  const observed = new Map<string, Set<string>>();
  const note = (prefix: string, policy: string): void => {
    observed.set(prefix, (observed.get(prefix) ?? new Set()).add(policy));
  };
  // History holds every key ever written, deleted index entries included.
  for (const key of ctx.world.history.keys()) {
    // A plain key (the role configuration) is its own prefix.
    const { objectType, attributes } = key.startsWith('\u0000')
      ? ctx.stub.splitCompositeKey(key)
      : { objectType: key, attributes: [] };
    const prefix = objectType === 'step' ? `step/${attributes[1] ?? ''}` : objectType;
    const bytes = ctx.world.validationParameters.get(key);
    note(prefix, bytes === undefined ? CHAINCODE_LEVEL : describePolicy(bytes));
  }
  for (const [collection, entries] of ctx.world.privateData) {
    for (const key of entries.keys()) {
      note(`private ${collection}/${ctx.stub.splitCompositeKey(key).objectType}`, CHAINCODE_LEVEL);
    }
  }
  return observed;
}

describe('real-estate README key-level policy table', () => {
  it('lists every key prefix the chaincode writes, with the policy it really sets', async () => {
    const table = readTable();
    expect(table.length).to.be.greaterThan(10);
    const { ledger, privatePolicySet } = await everyTransaction();
    const observed = observedPolicies(ledger);
    expect(privatePolicySet, 'a private-data key-level policy').to.equal(false);
    expect([...observed.keys()].sort(), 'key prefixes').to.deep.equal(table.map((row) => row.prefix).sort());
    for (const row of table) {
      expect([...(observed.get(row.prefix) ?? [])], row.prefix).to.deep.equal([row.policy]);
    }
    expect(observed.has(`private ${TRANSFER_DETAIL_COLLECTION}/taxAssessment`)).to.equal(true);
  });

  it('guards the role configuration by a majority of the departments, so no transfer department alone changes it', () => {
    const row = readTable().find((r) => r.prefix === 'roleConfig');
    expect(row?.policy).to.match(/^OutOf\(5, ('[A-Za-z0-9]+MSP\.peer'(, )?){9}\)$/);
  });

  it('names the owner and one of the other transfer departments on every owned key, never the owner alone', () => {
    for (const row of readTable().filter((r) => r.policy !== CHAINCODE_LEVEL && r.prefix !== 'roleConfig')) {
      expect(row.policy, row.prefix).to.match(
        /^AND\('[A-Za-z]+MSP\.peer', OutOf\(1, ('[A-Za-z]+MSP\.peer'(, )?){5}\)\)$/,
      );
    }
  });
});
