import type { Context } from 'fabric-contract-api';
import { type EndorserRole, ownerAndOtherPolicy, writeJson } from '@govchain/chaincode-common';
import { transferRoles } from './departments';

/**
 * Key-level policies of the chaincode (see the README's "Key-level policies"). A key-level policy
 * replaces the chaincode-level `OutOf(2, …)` for the key it guards, so no record is guarded by its
 * owner alone: the owner must endorse, and so must one other department of the one-window transfer
 * running the genuine chaincode — which re-executes the transaction and endorses only what the
 * rules allow.
 */

/** Principal role of key-level endorsements: the departments' peers. */
export const OWNER_ROLE: EndorserRole = 'PEER';

/**
 * @param owner - the department that answers for the record
 * @param departments - the transfer departments (from the on-ledger roles)
 * @returns `AND(owner, OutOf(1, every other transfer department))`
 */
export function departmentPolicy(owner: string, departments: readonly string[]): Uint8Array {
  return ownerAndOtherPolicy(owner, departments, OWNER_ROLE);
}

/**
 * Writes a record and (again) its key-level policy {@link departmentPolicy}. Setting it on every write,
 * not only at creation, keeps the policy of a record with the record: a key written under an older
 * policy carries this one from its next write on.
 *
 * @param ctx - transaction context
 * @param key - state key
 * @param value - the record
 * @param owner - the department that answers for the record
 */
export async function writeOwned(ctx: Context, key: string, value: unknown, owner: string): Promise<void> {
  await writeJson(ctx, key, value);
  await ctx.stub.setStateValidationParameter(key, departmentPolicy(owner, (await transferRoles(ctx)).departments));
}
