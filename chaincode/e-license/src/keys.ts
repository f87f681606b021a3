import type { Context } from 'fabric-contract-api';
import { compositeKey } from '@govchain/chaincode-common';

/** State key of the whole licence-type registry. */
export const REGISTRY_KEY = 'registry';

/**
 * Private data collection holding the secret holder-reference key: its only
 * member, and its collection-level endorsement policy, is the identity
 * authority (Public Security).
 */
export const HOLDER_REF_KEY_COLLECTION = 'holderRefKey';
/** Key of the secret inside {@link HOLDER_REF_KEY_COLLECTION}. */
export const HOLDER_REF_KEY_KEY = 'holderRefKey';
/**
 * Private data collection of holder-reference grants and their hourly
 * counters: every department is a member; its collection-level endorsement
 * policy is the identity authority alone, so only its peer writes grants.
 */
export const HOLDER_REF_GRANTS_COLLECTION = 'holderRefGrants';

/** Index: licences by holder reference — attributes `[holderRef, licenceId]`. */
export const HOLDER_INDEX = 'holder~licence';
/** Index: licences by issuing MSP — attributes `[issuerMsp, licenceId]`. */
export const ISSUER_INDEX = 'issuer~licence';
/** Index: licences by type — attributes `[typeCode, licenceId]`. */
export const TYPE_INDEX = 'type~licence';
/** Index: consents by grantee and holder — attributes `[granteeMsp, holderRef, consentId]`. */
export const GRANTEE_INDEX = 'grantee~holder~consent';
/** Index: detail accesses by licence, in time order — attributes `[licenceId, accessedAt, accessId]`. */
export const ACCESS_INDEX = 'licence~access';

/**
 * @param ctx - transaction context
 * @param index - index name, e.g. {@link HOLDER_INDEX}
 * @param attributes - its attributes
 * @returns the state key of the index entry
 */
export function indexKey(ctx: Context, index: string, attributes: readonly string[]): string {
  return compositeKey(ctx, index, attributes);
}

/**
 * @param ctx - transaction context
 * @param licenceId - licence id
 * @returns the state key of the licence
 */
export function licenceKey(ctx: Context, licenceId: string): string {
  return compositeKey(ctx, 'licence', [licenceId]);
}

/**
 * @param ctx - transaction context
 * @param licenceId - licence id
 * @returns the key of the licence's personal detail in the issuer's implicit collection
 */
export function detailKey(ctx: Context, licenceId: string): string {
  return compositeKey(ctx, 'licenceDetail', [licenceId]);
}

/**
 * @param ctx - transaction context
 * @param consentId - consent id
 * @returns the state key of the consent
 */
export function consentKey(ctx: Context, consentId: string): string {
  return compositeKey(ctx, 'consent', [consentId]);
}

/**
 * @param ctx - transaction context
 * @param accessId - access id
 * @returns the state key of the detail access record
 */
export function accessKey(ctx: Context, accessId: string): string {
  return compositeKey(ctx, 'detailAccess', [accessId]);
}

/**
 * @param ctx - transaction context
 * @param holderRef - holder reference
 * @returns the state key of the holder's bound public key
 */
export function holderKeyKey(ctx: Context, holderRef: string): string {
  return compositeKey(ctx, 'holderKey', [holderRef]);
}
