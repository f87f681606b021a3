import type { Context } from 'fabric-contract-api';
import { forbidden, proposedChaincode } from '@govchain/chaincode-common';
import type { LicenseType } from './models';

/**
 * Certificate types written only through their owning chaincode.
 *
 * A chaincode called by another sees the transaction's own signed proposal, so e-license can tell which
 * chaincode the endorser invoked at the top of the call chain (`proposedChaincode`, chaincode/common). That
 * is enough to let a type be written only through its owning chaincode: an honest endorser of a proposal to
 * e-license itself sees `e-license` and refuses; a proposal to `real-estate` runs the genuine real-estate
 * code on every honest endorser, which calls e-license only after the register's own checks. Chaincode names
 * are fixed by the channel's lifecycle (a majority of the departments approves every definition), so no
 * department can deploy a chaincode of its own under that name.
 */

/**
 * Requires a write to a licence of a type with an owning chaincode to come
 * through that chaincode (see the module comment for what Fabric lets a
 * callee know).
 *
 * @param ctx - transaction context
 * @param type - the licence type
 * @param action - what is being done, for the message
 * @throws FORBIDDEN when the transaction's proposal invokes another chaincode (or cannot be read)
 */
export function requireOwningChaincode(ctx: Context, type: LicenseType, action: string): void {
  if (type.owningChaincode === undefined) {
    return;
  }
  const proposed = proposedChaincode(ctx);
  if (proposed !== type.owningChaincode) {
    throw forbidden(
      `${action}: licences of type ${type.code} are written only through chaincode ${type.owningChaincode} (this proposal invokes ${proposed ?? 'an unknown chaincode'})`,
    );
  }
}
