/**
 * Ledger records as plain classes, each checked by its own `from()` when read back. They carry no
 * fabric-contract-api @Object/@Property decorators on purpose: every transaction takes and returns
 * strings, and fabric-shim validates each argument against a schema that embeds every declared
 * @Object type, serializing it twice per argument (about 0.2 ms of a three-argument call with the
 * e-license types, against 0.02 ms without; see BENCHMARKS.md).
 */
export { Consent, CONSENT_STATUSES, type ConsentStatus, NONCE_RULE, PURPOSE_RULE, SIGNATURE_RULE } from './consent';
export { DetailAccess } from './detail-access';
export { HolderKey, MAX_KEY_VERSION } from './holder-key';
export { License, LICENSE_STATUSES, type LicenseStatus, METADATA_VALUE_RULE } from './license';
export { DETAIL_VALUE_RULE, ID_NUMBER_RULE, LicenseDetail, NAME_RULE } from './license-detail';
export {
  CHAINCODE_NAME_RULE,
  ID_PREFIX_RULE,
  LicenseType,
  MAX_VALIDITY_DAYS,
  METADATA_FIELD_RULE,
} from './license-type';
export { LicenseTypeRegistry } from './registry';
export {
  LicenseCheck,
  LicenseHistoryEntry,
  type StandingCode,
  VERIFICATION_RESULTS,
  VerificationResult,
  type VerificationResultCode,
} from './verification';
