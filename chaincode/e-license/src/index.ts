import { chaincodeSerializers } from '@govchain/chaincode-common';
import type { Contract } from 'fabric-contract-api';
import { LicenseContract } from './license-contract';

export { LicenseContract } from './license-contract';
export * from './models';
export { ACCESS_WINDOW_MILLIS, signedBytes } from './consent-service';
export { holderReference, normalizeIdNumber } from './holder-service';
export {
  GRANT_HOUR_INDEX,
  GRANT_TRANSIENT_FIELD,
  GRANT_VALIDITY_MILLIS,
  grantKey,
  quotaKey,
} from './holder-ref-grant-service';
export { ENDORSER_ROLE, IDENTITY_DOCUMENT_TYPE, identityAuthority, ownedBy } from './ownership';
export {
  SEED_TYPES_FILE,
  loadSeedTypes,
  registryDifferences,
  requireDisjointIdPrefixes,
  requireIdInTypeRange,
} from './registry-service';
export {
  ACCESS_INDEX,
  GRANTEE_INDEX,
  HOLDER_INDEX,
  HOLDER_REF_GRANTS_COLLECTION,
  HOLDER_REF_KEY_COLLECTION,
  HOLDER_REF_KEY_KEY,
  ISSUER_INDEX,
  REGISTRY_KEY,
  TYPE_INDEX,
  accessKey,
  consentKey,
  detailKey,
  holderKeyKey,
  indexKey,
  licenceKey,
} from './keys';
export { MAX_FOLLOWED_SUCCESSORS } from './license-service';
export { requireOwningChaincode } from './proposal';
export { checkLicence, judgeLicence, standingAt, supersessionPending } from './verify';

/** Contracts of the chaincode; the first is the default, so clients call plain function names. */
export const contracts: (typeof Contract)[] = [LicenseContract];

/** How fabric-shim turns results into response bytes (see JsonTextSerializer: GetMetadata's object result). */
export const serializers = chaincodeSerializers();
