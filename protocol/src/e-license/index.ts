/** What the e-license chaincode and its clients agree on. */
export { Consent, ConsentPayload, DetailAccess, WithdrawalPayload } from './consent';
export {
  HolderKey,
  HolderKeyBindingPayload,
  HolderRefGrant,
  HolderRefGrantLog,
  HolderRefGrantLogEntry,
  HolderRefGrantQuota,
  HolderRefGrantRecord,
  HolderRefKeyRecord,
  HolderRefKeySet,
  HolderRefRequested,
  LicenseDetail,
  PrivateLicenseDetail,
} from './holder';
export {
  License,
  LicenseCheck,
  LicenseHistoryEntry,
  LicenseInput,
  LicenseType,
  LicenseTypeRegistry,
  LicenseTypesSeeded,
  LicenseVerification,
} from './license';
export * from './rules';
export type * from './inputs';
export { E_LICENSE_TRANSACTIONS } from './transactions';
