import { Bool, Int, Nested, NestedList, OneOf, Optional, Text, TextList, TextMap, Time } from '../decorators';
import { CODE_RULE, ID_RULE, MSP_ID_RULE, SHA256_HEX_RULE } from '../rules';
import {
  CHAINCODE_NAME_RULE,
  ID_PREFIX_RULE,
  LICENSE_CHECK_RESULTS,
  LICENSE_STATUSES,
  LICENSE_VERIFICATION_RESULTS,
  type LicenseCheckResult,
  type LicenseStatus,
  type LicenseVerificationResult,
  MAX_GOVERNANCE_MSPS,
  MAX_VALIDITY_DAYS,
  METADATA_FIELD_RULE,
  METADATA_VALUE_RULE,
} from './rules';

/** The public record of a licence: no personal data (the holder is a keyed reference). */
export class License {
  /** Licence id, unique on the channel, e.g. `BL-2025-000123`. */
  @Text(ID_RULE) id!: string;
  /** Licence-type code, e.g. `BUSINESS_LICENCE`. */
  @Text(CODE_RULE) type!: string;
  @Text(MSP_ID_RULE) issuerMsp!: string;
  /** HMAC-SHA256 of the holder's normalized ID number under the channel's holder-reference key. */
  @Text(SHA256_HEX_RULE) holderRef!: string;
  /** SHA-256 of the canonical document, 64 lowercase hex characters. */
  @Text(SHA256_HEX_RULE) fingerprint!: string;
  /** Start of validity (inclusive), ISO-8601 UTC. */
  @Time() validFrom!: string;
  /** End of validity (exclusive); empty when the licence does not expire. */
  @Time({ empty: true }) validUntil = '';
  /** Non-personal metadata, as the licence type requires. */
  @TextMap(METADATA_FIELD_RULE, METADATA_VALUE_RULE) metadata: Record<string, string> = {};
  @OneOf(LICENSE_STATUSES) status!: LicenseStatus;
  /** Reason code of the last status change (`ISSUED` at issuance). */
  @Text(CODE_RULE) statusReason!: string;
  /** Effective time of the last status change. */
  @Time() statusEffectiveAt!: string;
  /** The licence this one renews or replaces; empty if none. */
  @Text(ID_RULE, { empty: true }) predecessorId = '';
  /** The licence that superseded this one; empty if none. */
  @Text(ID_RULE, { empty: true }) successorId = '';
  /** Issuance time (transaction time). */
  @Time() issuedAt!: string;
  /** Time of the last change (transaction time). */
  @Time() updatedAt!: string;
  /** MSP that submitted the last change. */
  @Text(MSP_ID_RULE) updatedByMsp!: string;
  /** Transaction of the last change. */
  @Text(ID_RULE) txId!: string;
}

/** The public part of a new licence (IssueLicense's, RenewLicense's and ReplaceLicense's `licenceJson`). */
export class LicenseInput {
  @Text(ID_RULE) id!: string;
  @Text(CODE_RULE) type!: string;
  @Text(SHA256_HEX_RULE) fingerprint!: string;
  /** Default: the transaction time. */
  @Optional() @Time() validFrom?: string;
  /** Default: `validFrom` plus the type's default validity. */
  @Optional() @Time() validUntil?: string;
  @TextMap(METADATA_FIELD_RULE, METADATA_VALUE_RULE, 64) metadata!: Record<string, string>;
}

/**
 * One entry of the licence-type registry (and PutLicenseType's argument): which department may issue the
 * type, which non-personal metadata a licence of it carries, its default validity. The chaincode refuses a
 * field listed both as required and as optional.
 */
export class LicenseType {
  /** Upper-case code, e.g. `BUSINESS_LICENCE`. */
  @Text(CODE_RULE) code!: string;
  @Text({ maxLength: 128 }) name!: string;
  /** The only department that may issue the type. */
  @Text(MSP_ID_RULE) issuerMsp!: string;
  /** Metadata fields every licence of the type must carry. */
  @TextList(METADATA_FIELD_RULE, { max: 32, unique: true }) requiredMetadata!: string[];
  /** Metadata fields a licence of the type may carry. */
  @TextList(METADATA_FIELD_RULE, { max: 32, unique: true }) optionalMetadata: string[] = [];
  /** Default validity in days from `validFrom`; 0: the licence does not expire. */
  @Int(0, MAX_VALIDITY_DAYS) defaultValidityDays!: number;
  /**
   * Licence-id prefix reserved for the type, e.g. `REC-`: every licence of the type has an id starting with
   * it, and no licence of another type may. Absent: the type reserves none.
   */
  @Optional() @Text(ID_PREFIX_RULE) idPrefix?: string;
  /**
   * The only chaincode through which licences of the type are issued and change status (e.g. `real-estate`).
   * Absent: the issuer calls e-license directly.
   */
  @Optional() @Text(CHAINCODE_NAME_RULE) owningChaincode?: string;
}

/** The licence-type registry: one state key, so every change needs the majority endorsement set on it. */
export class LicenseTypeRegistry {
  /** The departments; a majority of their peers must endorse registry changes. */
  @TextList(MSP_ID_RULE, { unique: true, max: MAX_GOVERNANCE_MSPS }) governanceMsps!: string[];
  /** Licence types, sorted by code. */
  @NestedList(() => LicenseType, { max: 500 }) types!: LicenseType[];
  @Time() updatedAt!: string;
  @Text(MSP_ID_RULE) updatedByMsp!: string;
  @Text(ID_RULE) txId!: string;
  /**
   * The transaction that seeded the registry from the package's files: while `txId` equals it the registry
   * is exactly as seeded; every later change was endorsed by a majority of the departments.
   */
  @Text(ID_RULE, { empty: true }) seededTxId = '';

  /**
   * @param code - licence-type code
   * @returns the type, or undefined when the registry has none with that code
   */
  find(code: string): LicenseType | undefined {
    return this.types.find((type) => type.code === code);
  }
}

/** What SeedLicenseTypes returns. */
export class LicenseTypesSeeded {
  /** false when the registry already held what the endorsers would seed (the call wrote nothing). */
  @Bool() seeded!: boolean;
}

/** Result of comparing a document's fingerprint and a time with the ledger (VerifyLicense). */
export class LicenseVerification {
  @Text(ID_RULE) licenceId!: string;
  @OneOf(LICENSE_VERIFICATION_RESULTS) result: LicenseVerificationResult = 'NOT_FOUND';
  /** Status on the ledger; empty when not found. */
  @OneOf([...LICENSE_STATUSES, '']) status: LicenseStatus | '' = '';
  /** Issuing department; empty when not found. */
  @Text(MSP_ID_RULE, { empty: true }) issuerMsp = '';
  /** Licence-type code; empty when not found. */
  @Text(CODE_RULE, { empty: true }) type = '';
  /** The time the licence was judged at. */
  @Time() checkedAt!: string;
  @Time({ empty: true }) validFrom = '';
  @Time({ empty: true }) validUntil = '';
  /** Reason code of the last status change; empty when not found. */
  @Text(CODE_RULE, { empty: true }) statusReason = '';
  /** Successor when superseded; otherwise empty. */
  @Text(ID_RULE, { empty: true }) successorId = '';
}

/** e-license's verdict on a licence at a time, with the record it was reached on (CheckLicense). */
export class LicenseCheck {
  @Text(ID_RULE) licenceId!: string;
  @OneOf(LICENSE_CHECK_RESULTS) result: LicenseCheckResult = 'NOT_FOUND';
  /** The time the licence was judged at. */
  @Time() checkedAt!: string;
  /** The licence record; null when it does not exist. */
  @Optional() @Nested(() => License) licence: License | null = null;
}

/** One change of a licence, from the ledger's history (GetLicenseHistory). */
export class LicenseHistoryEntry {
  @Text(ID_RULE) txId!: string;
  /** Transaction time. */
  @Time() timestamp!: string;
  /** MSP that submitted the change (the record's `updatedByMsp`; empty for a delete). */
  @Text(MSP_ID_RULE, { empty: true }) submitterMsp = '';
  @Bool() isDelete = false;
  /** The licence as written by the change; null for a delete. */
  @Optional() @Nested(() => License) value: License | null = null;
}
