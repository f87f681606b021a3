import type { Context } from 'fabric-contract-api';
import { ownerAndOtherPolicy, preconditionFailed, requireCaller, requirePeerOf } from '@govchain/chaincode-common';
import type { License, LicenseTypeRegistry } from './models';

/**
 * Who owns what e-license writes, and the key-level endorsement policies that
 * make it so at validation. A key-level policy replaces the chaincode-level
 * `OutOf(2, all)` for its key, so every owned key gets
 * `AND(owner, OutOf(1, every other department))`: the owner must endorse, and
 * so must one other department running the genuine chaincode. The table in
 * README.md ("Key-level policies") lists every key and its owner.
 */

/** The licence type whose issuer attests identity: that department binds holder keys and sets the holder-reference key. */
export const IDENTITY_DOCUMENT_TYPE = 'IDENTITY_DOCUMENT';

/** Principal role of every key-level policy: the departments' peers. */
export const ENDORSER_ROLE = 'PEER';

/**
 * The identity authority: the department the registry names as issuer of
 * identity documents (Public Security in the shipped seed). Changing it is a
 * registry change, which a majority of the departments must endorse.
 *
 * @param registry - the licence-type registry
 * @returns its MSP id
 * @throws PRECONDITION_FAILED when the registry has no identity-document type
 */
export function identityAuthority(registry: LicenseTypeRegistry): string {
  const type = registry.find(IDENTITY_DOCUMENT_TYPE);
  if (type === undefined) {
    throw preconditionFailed(
      `the licence-type registry names no identity authority (no ${IDENTITY_DOCUMENT_TYPE} type)`,
    );
  }
  return type.issuerMsp;
}

/**
 * Requires the caller to be the identity authority.
 *
 * @param ctx - transaction context
 * @param registry - the licence-type registry
 * @param action - what the caller tries to do, for the message
 * @returns the caller's MSP id
 * @throws FORBIDDEN for any other department
 */
export function requireIdentityAuthority(ctx: Context, registry: LicenseTypeRegistry, action: string): string {
  return requireCaller(ctx, identityAuthority(registry), action);
}

/**
 * @param owner - the owning department
 * @param registry - the licence-type registry (its departments are the possible co-endorsers)
 * @returns `AND(owner, OutOf(1, every other department))` as policy bytes
 */
export function ownedBy(owner: string, registry: LicenseTypeRegistry): Uint8Array {
  return ownerAndOtherPolicy(owner, registry.governanceMsps, ENDORSER_ROLE);
}

/**
 * Sets the owner's policy on keys this transaction creates.
 *
 * @param ctx - transaction context
 * @param keys - state keys
 * @param owner - the owning department
 * @param registry - the licence-type registry
 */
export async function guardKeys(
  ctx: Context,
  keys: readonly string[],
  owner: string,
  registry: LicenseTypeRegistry,
): Promise<void> {
  const policy = ownedBy(owner, registry);
  for (const key of keys) {
    await ctx.stub.setStateValidationParameter(key, policy);
  }
}

/**
 * Refuses to read a licence's personal detail anywhere but on a peer of its
 * issuer. The detail lives only in the issuer's implicit collection, so the
 * issuer's organization is the one that can answer; run anywhere else the read
 * is refused before it touches state, and a proposal sent to a second
 * organization (to gather the endorsements that would commit the detail into a
 * block) is refused there. This is `requireCallersOwnPeer` for data held by one
 * organization on behalf of another: the caller (the consent's grantee) cannot
 * hold the detail on its own peer.
 *
 * @param ctx - transaction context
 * @param licence - the licence
 * @throws FORBIDDEN on a peer of any other organization
 */
export function requireIssuerPeer(ctx: Context, licence: License): void {
  requirePeerOf(ctx, licence.issuerMsp, `reading the personal detail of licence ${licence.id}`);
}
