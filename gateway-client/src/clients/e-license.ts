/**
 * Typed client of the e-license chaincode: licence-type registry, licence lifecycle, verification by
 * fingerprint, holder references and keys, holder consent and consented reads of personal detail.
 *
 * Every method calls one chaincode transaction (plain function names: the chaincode's default contract) with
 * {@link submit} or {@link evaluate}, checks the shape of the decoded result, and lets the library's typed
 * errors through: a refusal is a {@link ChaincodeError} whose `code` is the chaincode's stable code
 * (`NOT_FOUND`, `FORBIDDEN`, `CONFLICT`, `INVALID_ARGUMENT`, `PRECONDITION_FAILED`).
 *
 * Endorsement: service discovery knows the chaincode policy (any two departments) but not the key-level
 * policies the chaincode sets (`AND(owner, OutOf(1, other departments))` on every owned record), nor that the
 * gateway refuses transient data for a private-data write unless the endorsing organizations are named. So
 * transactions that change an owned record name their endorsers explicitly: the owner and one partner
 * department ({@link issuerEndorsingOrganizations}, {@link ownerEndorsingOrganizations}); registry changes name
 * a majority of the governance departments ({@link majorityEndorsingOrganizations}). Every default can be
 * overridden per call with `endorsingOrganizations`.
 */
import type { Contract } from '@hyperledger/fabric-gateway';
import type { GovchainConnection } from '../connection';
import { ChaincodeError } from '../errors';
import { type SubmitOptions, evaluate, evaluateSealed, submit } from '../transactions';
import type {
  ConsentPayload,
  SignedConsent,
  SignedHolderKeyBinding,
  SignedWithdrawal,
  WithdrawalPayload,
} from './holder-keys';
import {
  type IdempotencyOptions,
  invalidResult,
  type PageRequest,
  type ParseContext,
  type Parser,
  type ResultPage,
  type TypedSubmitOptions,
  type TypedSubmitResult,
  pageArguments,
  pageParser,
  privateSalt,
  requestTransient,
  Shape,
  timeArgument,
} from './shape';

export type { IdempotencyOptions } from './shape';

/** Named in INVALID_RESULT errors. */
const CHAINCODE = 'e-license';

export * from './holder-keys';

/** Logical name of the e-license chaincode in connection profiles. */
export const E_LICENSE_CHAINCODE = 'e-license';

/**
 * Default partner departments that co-endorse an issuer's transactions, in order of preference: the first
 * that is not the issuer is used. Public Security already holds every citizen's identity record, so it may
 * see the transient ID number and name; when Public Security itself issues, Civil Affairs co-endorses.
 */
export const DEFAULT_ENDORSING_PARTNERS: readonly string[] = Object.freeze(['PublicSecurityMSP', 'CivilAffairsMSP']);

/**
 * The licence type whose issuer is the identity authority: it binds holder keys, sets the holder-reference
 * key, and co-owns every holder consent (Public Security in the shipped seed).
 */
export const IDENTITY_DOCUMENT_TYPE = 'IDENTITY_DOCUMENT';

/** MVCC retries of RequestHolderRef: a department's grants of one hour share one counter. */
export const GRANT_REQUEST_RETRIES = 10;

/** Lifecycle statuses of a licence. */
export const LICENSE_STATUSES = ['ACTIVE', 'SUSPENDED', 'REVOKED', 'SUPERSEDED'] as const;
/** Lifecycle status of a licence. */
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

/** Outcomes of {@link ELicenseClient.verifyLicense}, in order of precedence. */
export const LICENSE_VERIFICATION_RESULTS = [
  'VALID',
  'FINGERPRINT_MISMATCH',
  'REVOKED',
  'SUPERSEDED',
  'SUSPENDED',
  'EXPIRED',
  'NOT_YET_VALID',
  'NOT_FOUND',
] as const;
/** Outcome of a licence verification. */
export type LicenseVerificationResult = (typeof LICENSE_VERIFICATION_RESULTS)[number];

/** Statuses of a holder consent (expiry is judged against `expiresAt`). */
export const HOLDER_CONSENT_STATUSES = ['ACTIVE', 'WITHDRAWN'] as const;
/** Status of a holder consent. */
export type HolderConsentStatus = (typeof HOLDER_CONSENT_STATUSES)[number];

/** The public record of a licence. No personal data: the holder is a keyed reference. */
export interface License {
  readonly id: string;
  /** Licence-type code, e.g. `BUSINESS_LICENCE`. */
  readonly type: string;
  readonly issuerMsp: string;
  /** HMAC-SHA256 of the holder's normalized ID number under the channel's secret key, 64 hex characters. */
  readonly holderRef: string;
  /** SHA-256 of the canonical document, 64 lowercase hex characters. */
  readonly fingerprint: string;
  /** Start of validity (inclusive), ISO-8601 UTC. */
  readonly validFrom: string;
  /** End of validity (exclusive), ISO-8601 UTC; empty when the licence does not expire. */
  readonly validUntil: string;
  /** Non-personal metadata, as the licence type requires. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly status: LicenseStatus;
  /** Reason code of the last status change (`ISSUED` at issuance). */
  readonly statusReason: string;
  readonly statusEffectiveAt: string;
  /** The licence this one renews or replaces; empty if none. */
  readonly predecessorId: string;
  /** The licence that superseded this one; empty if none. */
  readonly successorId: string;
  readonly issuedAt: string;
  readonly updatedAt: string;
  readonly updatedByMsp: string;
  /** Transaction of the last change. */
  readonly txId: string;
}

/** One entry of the licence-type registry. */
export interface LicenseType {
  /** Upper-case code, e.g. `BUSINESS_LICENCE`. */
  readonly code: string;
  readonly name: string;
  /** The only department that may issue the type. */
  readonly issuerMsp: string;
  readonly requiredMetadata: readonly string[];
  readonly optionalMetadata: readonly string[];
  /** Default validity in days; 0: does not expire. */
  readonly defaultValidityDays: number;
  /** Licence-id prefix the type reserves (e.g. `REC-`); absent when it reserves none. */
  readonly idPrefix?: string;
  /** The only chaincode through which licences of the type are written (e.g. `real-estate`); absent when none. */
  readonly owningChaincode?: string;
}

/** The licence-type registry. */
export interface LicenseTypeRegistry {
  /** The departments; a majority of their peers must endorse registry changes. */
  readonly governanceMsps: readonly string[];
  readonly types: readonly LicenseType[];
  readonly updatedAt: string;
  readonly updatedByMsp: string;
  readonly txId: string;
}

/** Result of comparing a document fingerprint and a time with the ledger. */
export interface LicenseVerification {
  readonly licenceId: string;
  readonly result: LicenseVerificationResult;
  /** Status on the ledger; empty when not found. */
  readonly status: LicenseStatus | '';
  /** Issuing department; empty when not found. */
  readonly issuerMsp: string;
  /** Licence-type code; empty when not found. */
  readonly type: string;
  /** The time the licence was judged at. */
  readonly checkedAt: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly statusReason: string;
  /** Successor when superseded. */
  readonly successorId: string;
}

/** One change of a licence, from the ledger's history. */
export interface LicenseHistoryEntry {
  readonly txId: string;
  /** Transaction time, ISO-8601 UTC. */
  readonly timestamp: string;
  /** MSP that submitted the change. */
  readonly submitterMsp: string;
  readonly isDelete: boolean;
  /** The licence as written by the change; null for a delete. */
  readonly value: License | null;
}

/** The P-256 public key bound to a holder by the identity authority, with the holder's proof of possession. */
export interface HolderKeyBinding {
  readonly holderRef: string;
  /** DER SubjectPublicKeyInfo, lowercase hex. */
  readonly publicKey: string;
  /** SHA-256 of the DER SubjectPublicKeyInfo. */
  readonly fingerprint: string;
  /** 1 for the first key, one more at each rotation. */
  readonly keyVersion: number;
  /** The holder's signature by this key over the binding, hex: anyone can check it again. */
  readonly proof: string;
  /** Fingerprint of the key this one replaced; empty for the first. */
  readonly previousFingerprint: string;
  /** The identity authority that bound it. */
  readonly boundByMsp: string;
  readonly boundAt: string;
  readonly txId: string;
}

/** A holder consent as recorded on the ledger. */
export interface HolderConsent {
  readonly consentId: string;
  readonly holderRef: string;
  readonly granteeMsp: string;
  /** Scope: one licence (empty when the scope is a type). */
  readonly licenceId: string;
  /** Scope: a licence type (empty when the scope is one licence). */
  readonly licenceType: string;
  readonly purpose: string;
  readonly expiresAt: string;
  readonly nonce: string;
  readonly signature: string;
  readonly holderKeyFingerprint: string;
  readonly status: HolderConsentStatus;
  readonly grantedAt: string;
  /** Empty while active. */
  readonly withdrawnAt: string;
  readonly updatedAt: string;
  /** Department that relayed the last change. */
  readonly updatedByMsp: string;
  readonly txId: string;
}

/** The public record of one consented read of a licence's personal detail (no personal data). */
export interface LicenseDetailAccess {
  /** The id of the transaction that recorded it; authorizes one `readLicenseDetail` for 10 minutes. */
  readonly accessId: string;
  readonly licenceId: string;
  readonly consentId: string;
  readonly accessorMsp: string;
  readonly purpose: string;
  readonly accessedAt: string;
  readonly txId: string;
}

/** A licence's personal detail, read from the issuer's private collection under consent; never on a block. */
export interface LicenseDetail {
  readonly licenceId: string;
  readonly issuerMsp: string;
  readonly holderRef: string;
  readonly idNumber: string;
  readonly name: string;
  readonly extra: Readonly<Record<string, string>>;
  readonly accessId: string;
  readonly consentId: string;
}

/** Result of `SetHolderRefKey`. */
export interface HolderRefKeySet {
  readonly collection: string;
  /** false when the same key was already set (the call wrote nothing). */
  readonly set: boolean;
  readonly setByMsp: string;
  readonly txId: string;
}

/** Result of `SeedLicenseTypes`. */
export interface LicenseTypesSeeded {
  /** false when the registry already held what the endorsers would seed (the call wrote nothing). */
  readonly seeded: boolean;
}

/**
 * Why a department asks for a holder reference ({@link ELicenseClient.requestHolderRef}); each issuing
 * transaction accepts grants of some purposes only: IssueLicense, RenewLicense and ReplaceLicense take
 * ISSUE_LICENCE (or REGISTER_PROPERTY through real-estate), BindHolderKey and RotateHolderKey BIND_HOLDER_KEY.
 */
export const HOLDER_REF_PURPOSES = ['ISSUE_LICENCE', 'BIND_HOLDER_KEY', 'QUERY_HOLDER', 'REGISTER_PROPERTY'] as const;
/** One of {@link HOLDER_REF_PURPOSES}. */
export type HolderRefPurpose = (typeof HOLDER_REF_PURPOSES)[number];

/** A holder-reference grant to the caller's department, read on its own peer (ReadHolderRefGrant). */
export interface HolderRefGrant {
  /** The RequestHolderRef transaction id; what issuing transactions take in transient `holderRefGrant`. */
  readonly grantId: string;
  readonly holderRef: string;
  readonly purpose: string;
  /** When it was granted (transaction time), ISO-8601 UTC. */
  readonly at: string;
  /** After this (24 h after `at`) the grant is refused. */
  readonly expiresAt: string;
}

/** One entry of the grant log ({@link ELicenseClient.listHolderRefGrants}): no reference. */
export interface HolderRefGrantLogEntry {
  readonly grantId: string;
  /** The requesting client identity. */
  readonly requestedBy: string;
  readonly purpose: string;
  readonly at: string;
}

/** A department's holder-reference grants in one hour. */
export interface HolderRefGrantLog {
  readonly grantedToMsp: string;
  /** `YYYY-MM-DDTHH` (UTC). */
  readonly hour: string;
  readonly count: number;
  readonly grants: readonly HolderRefGrantLogEntry[];
}

/** Input of {@link ELicenseClient.bindHolderKey} and {@link ELicenseClient.rotateHolderKey}. */
export interface HolderKeyBindingInput {
  /**
   * Public Security's grant of the holder's reference for BIND_HOLDER_KEY; when absent, the client requests
   * one for `idNumber`.
   */
  readonly holderRefGrant?: string;
  /** The holder's ID number, as Public Security identified the holder (transient data only), when no grant is given. */
  readonly idNumber?: string;
  /** The binding signed by the key being bound (see {@link signHolderKeyBinding}). */
  readonly signed: SignedHolderKeyBinding;
}

/** One page of a list. */
export type ELicensePage<T> = ResultPage<T>;

/** Which page to read. */
export type ELicensePageRequest = PageRequest;

/** A committed transaction with its checked result. */
export type ELicenseSubmitResult<T> = TypedSubmitResult<T>;

/** Per-call options of a submitting method. */
export type ELicenseSubmitOptions = TypedSubmitOptions;

/** The public part of a new licence (`licenceJson`): id, type, fingerprint, metadata, optional validity. */
export type NewLicense = Pick<License, 'id' | 'type' | 'fingerprint' | 'metadata'> &
  Partial<Pick<License, 'validFrom' | 'validUntil'>>;

/** The holder's personal data; sent only as transient data, never in a block. */
export interface LicenseHolder {
  /**
   * The caller's holder-reference grant for this holder ({@link ELicenseClient.requestHolderRef}, purpose
   * ISSUE_LICENCE, at most 24 h old; reusable until then). When absent, the client requests one first.
   */
  readonly holderRefGrant?: string;
  /** The holder's ID number, kept in the issuer's private detail (the issuer attests it is the grant's holder). */
  readonly idNumber: string;
  /** The holder's name. */
  readonly name: string;
  /** Further personal detail, lowerCamelCase keys, string values; kept in the issuer's private collection. */
  readonly detail?: Readonly<Record<string, string>>;
}

/** Input of {@link ELicenseClient.issueLicense}. */
export type IssueLicenseInput = NewLicense & {
  /** Personal data of the holder (transient only). */
  readonly holder: LicenseHolder;
};

/** Input of {@link ELicenseClient.renewLicense}: the new licence (same type and holder) and its predecessor. */
export type RenewLicenseInput = IssueLicenseInput & Pick<License, 'predecessorId'>;

/** Input of {@link ELicenseClient.replaceLicense}: as a renewal, plus the reason recorded on the predecessor. */
export type ReplaceLicenseInput = RenewLicenseInput & {
  /** Upper-case reason code, e.g. `LOST`. */
  readonly reasonCode: string;
};

/** Input of a status change (suspend, reinstate, revoke). */
export interface LicenseStatusChange {
  readonly licenceId: string;
  /** Upper-case reason code, e.g. `COURT_ORDER`. */
  readonly reasonCode: string;
  /** When the change takes effect (not after now, not before the last change); default: now. */
  readonly effectiveAt?: string | Date;
}

/** Outcomes of {@link ELicenseClient.checkLicense}: a verification's, without a document to compare. */
export type LicenseCheckResult = Exclude<LicenseVerificationResult, 'FINGERPRINT_MISMATCH'>;

/** e-license's verdict on a licence at a time, and the record it was reached on (CheckLicense). */
export interface LicenseCheck {
  readonly licenceId: string;
  readonly result: LicenseCheckResult;
  readonly checkedAt: string;
  /** The licence record; null when it does not exist. */
  readonly licence: License | null;
}

/** Input of {@link ELicenseClient.checkLicense}. */
export interface CheckLicenseInput {
  readonly licenceId: string;
  /** The time to judge at; default: now (the proposal's time). */
  readonly atTime?: string | Date;
}

/** Input of {@link ELicenseClient.verifyLicense}. */
export type VerifyLicenseInput = Pick<License, 'fingerprint'> & {
  readonly licenceId: string;
  /** The time to judge at; default: now (the proposal's time). */
  readonly atTime?: string | Date;
};

/** Input of {@link ELicenseClient.recordDetailAccess} and {@link ELicenseClient.readDetailUnderConsent}. */
export type DetailAccessRequest = Pick<LicenseDetailAccess, 'licenceId' | 'consentId' | 'purpose'>;

/** Input of {@link ELicenseClient.readLicenseDetail}. */
export type ReadLicenseDetailInput = Pick<LicenseDetailAccess, 'licenceId' | 'accessId'> & {
  /** The issuer, whose peer alone holds the detail; looked up with `getLicense` when not given. */
  readonly issuerMsp?: string;
};

/** What {@link ELicenseClient.readDetailUnderConsent} returns. */
export interface ConsentedDetailRead {
  /** The committed access record (the holder-visible log entry). */
  readonly access: ELicenseSubmitResult<LicenseDetailAccess>;
  /** The personal detail. */
  readonly detail: LicenseDetail;
}

/** Input of {@link ELicenseClient.putLicenseType}: `optionalMetadata` may be left out. */
export type LicenseTypeInput = Omit<LicenseType, 'optionalMetadata'> & Partial<Pick<LicenseType, 'optionalMetadata'>>;

/** Options of {@link eLicenseClient}. */
export interface ELicenseClientOptions {
  /** Logical chaincode name in the profile (default {@link E_LICENSE_CHAINCODE}). */
  readonly chaincode?: string;
  /** Partner departments for issuer transactions, in order of preference (default {@link DEFAULT_ENDORSING_PARTNERS}). */
  readonly endorsingPartners?: readonly string[];
  /** Default retry and commit-status settings of every submit. */
  readonly submitDefaults?: Readonly<Pick<SubmitOptions, 'retry' | 'commitStatus'>>;
  /**
   * How long {@link ELicenseClient.readDetailUnderConsent} keeps asking the issuer's peer for an access record
   * it has not received yet (default {@link DEFAULT_DETAIL_READ_WAIT_MS}).
   */
  readonly detailReadWaitMs?: number;
}

/**
 * Default wait of {@link ELicenseClient.readDetailUnderConsent} for the issuer's peer to commit the access
 * record: the record is committed on the caller's peer first, and the issuer's peer may be a block behind.
 */
export const DEFAULT_DETAIL_READ_WAIT_MS = 10_000;

/** The e-license chaincode, as a department calls it through its own peer. */
export interface ELicenseClient {
  /** MSP id of the connection's identity (the caller). */
  readonly mspId: string;

  // -------------------------------------------------------------------------------------- registry
  /**
   * Seeds the licence-type registry (deployment) from what the endorsers hold: the licence types of the
   * chaincode package and the departments of their governance files. Takes no arguments; idempotent.
   *
   * @param options - endorsing organizations (default: discovery), retry.
   * @returns whether this call wrote the registry.
   * @throws {@link ChaincodeError} `CONFLICT` when the stored registry differs from the endorsers' governance
   * (the message names the differences), `FORBIDDEN` caller not a department, `PRECONDITION_FAILED` an endorser
   * without a governance file.
   */
  seedLicenseTypes(options?: ELicenseSubmitOptions): Promise<ELicenseSubmitResult<LicenseTypesSeeded>>;
  /**
   * Adds or changes a licence type. Endorsed by default by a majority of the governance departments.
   *
   * @param type - the licence type.
   * @param options - endorsing organizations, retry.
   * @returns the licence type as stored.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED` not seeded, `FORBIDDEN`, `INVALID_ARGUMENT`.
   */
  putLicenseType(type: LicenseTypeInput, options?: ELicenseSubmitOptions): Promise<ELicenseSubmitResult<LicenseType>>;
  /**
   * Replaces the governance departments. Endorsed by default by a majority of the current ones.
   *
   * @param governanceMsps - the new list.
   * @param options - endorsing organizations, retry.
   * @returns the registry.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED`, `FORBIDDEN`, `INVALID_ARGUMENT`.
   */
  setGovernanceMsps(
    governanceMsps: readonly string[],
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<LicenseTypeRegistry>>;
  /**
   * @param code - licence-type code.
   * @returns the licence type.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`, `PRECONDITION_FAILED`.
   */
  getLicenseType(code: string): Promise<LicenseType>;
  /**
   * @returns the whole registry.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED` when not seeded.
   */
  listLicenseTypes(): Promise<LicenseTypeRegistry>;

  // ------------------------------------------------------------------------------ holder references
  /**
   * Stores the channel's secret holder-reference key (deployment, as Public Security). Sent as transient data
   * to the caller's own peer alone. The same key again writes nothing.
   *
   * @param keyHex - 64 hex characters from a CSPRNG.
   * @param options - endorsing organizations (default: the caller's own, the only one that may hold the key), retry.
   * @returns where it was stored and whether this call stored it.
   * @throws {@link ChaincodeError} `CONFLICT` when a different key is set, `FORBIDDEN` not the identity
   * authority, `PRECONDITION_FAILED`, `INVALID_ARGUMENT`.
   */
  setHolderRefKey(keyHex: string, options?: ELicenseSubmitOptions): Promise<ELicenseSubmitResult<HolderRefKeySet>>;
  /**
   * Resolves an ID number into a holder reference: submits RequestHolderRef endorsed by the identity
   * authority's peer alone (the only one holding the key; the ID number travels as transient data to that
   * peer only), then reads the grant on the caller's own peer. Every lookup is logged and counted against the
   * department's hourly quota.
   *
   * @param idNumber - the holder's ID number.
   * @param purpose - why (see {@link HOLDER_REF_PURPOSES}).
   * @param options - endorsing organizations (default: the identity authority), retry.
   * @returns the grant: its id (for issuing transactions) and the holder reference.
   * @throws {@link ChaincodeError} `RATE_LIMITED` beyond the hourly quota, `INVALID_ARGUMENT`, `FORBIDDEN`,
   * `PRECONDITION_FAILED`.
   */
  requestHolderRef(
    idNumber: string,
    purpose: HolderRefPurpose,
    options?: ELicenseSubmitOptions,
  ): Promise<HolderRefGrant & { readonly transactionId: string; readonly blockNumber: bigint }>;
  /**
   * Reads one of the caller's grants (evaluate on its own peer).
   *
   * @param grantId - from {@link ELicenseClient.requestHolderRef}.
   * @returns the grant.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`.
   */
  readHolderRefGrant(grantId: string): Promise<HolderRefGrant>;
  /**
   * The audit log of a department's holder-reference lookups in one hour (evaluate on the caller's own peer).
   *
   * @param grantedToMsp - the department audited.
   * @param hour - `YYYY-MM-DDTHH` (UTC).
   * @returns who asked, for what, when (no references).
   * @throws {@link ChaincodeError} `INVALID_ARGUMENT`, `FORBIDDEN`.
   */
  listHolderRefGrants(grantedToMsp: string, hour: string): Promise<HolderRefGrantLog>;
  /**
   * @param holderRef - holder reference.
   * @returns the public key bound to the holder.
   * @throws {@link ChaincodeError} `NOT_FOUND` when none is bound, `INVALID_ARGUMENT`.
   */
  getHolderKey(holderRef: string): Promise<HolderKeyBinding>;
  /**
   * Binds a holder's first key (keyVersion 1), as the identity authority (Public Security) having identified
   * the holder. The binding must be signed by the key being bound ({@link signHolderKeyBinding}). Endorsed by
   * default by the caller and a partner.
   *
   * @param input - Public Security's grant for BIND_HOLDER_KEY (or the holder's ID number, to request one) and
   * the signed binding.
   * @param options - endorsing organizations, retry.
   * @returns the holder key record.
   * @throws {@link ChaincodeError} `FORBIDDEN` not the identity authority or the signature does not verify,
   * `CONFLICT` a key is bound or the version is not 1, `INVALID_ARGUMENT`, `PRECONDITION_FAILED`.
   */
  bindHolderKey(
    input: HolderKeyBindingInput,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<HolderKeyBinding>>;
  /**
   * Replaces a holder's key (lost or compromised): as {@link ELicenseClient.bindHolderKey}, with keyVersion
   * one more than the bound key's. The old key is not needed.
   *
   * @param input - the holder's ID number and the binding signed by the new key.
   * @param options - endorsing organizations, retry.
   * @returns the holder key record.
   * @throws {@link ChaincodeError} as bindHolderKey; `CONFLICT` a stale or skipped version (a replayed old
   * binding) or the same key; `PRECONDITION_FAILED` no key is bound.
   */
  rotateHolderKey(
    input: HolderKeyBindingInput,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<HolderKeyBinding>>;

  // -------------------------------------------------------------------------------------- licences
  /**
   * Issues a licence as its type's issuer. The holder's ID number, name, public key and detail go only into
   * transient data, with a fresh random `salt` (32 bytes) that blinds the private detail's hash in the block
   * (renewLicense and replaceLicense send one too). Endorsed by default by the caller and a partner
   * ({@link issuerEndorsingOrganizations}).
   *
   * @param input - the licence and its holder.
   * @param options - endorsing organizations, retry.
   * @returns the licence record.
   * @throws {@link ChaincodeError} `FORBIDDEN` not the type's issuer, `CONFLICT` id exists or another key is
   * bound, `INVALID_ARGUMENT`, `PRECONDITION_FAILED`.
   */
  issueLicense(input: IssueLicenseInput, options?: ELicenseSubmitOptions): Promise<ELicenseSubmitResult<License>>;
  /**
   * Renews an ACTIVE licence: a new licence of the same type and holder; the predecessor becomes SUPERSEDED.
   *
   * @param input - the predecessor's id, the new licence and the holder.
   * @param options - endorsing organizations (default: caller and partner), retry.
   * @returns the new licence.
   * @throws {@link ChaincodeError} as issueLicense, plus `NOT_FOUND` predecessor, `PRECONDITION_FAILED` not ACTIVE.
   */
  renewLicense(input: RenewLicenseInput, options?: ELicenseSubmitOptions): Promise<ELicenseSubmitResult<License>>;
  /**
   * Replaces an ACTIVE licence (lost, corrected…), recording the reason on the predecessor.
   *
   * @param input - as renewLicense, plus the reason code.
   * @param options - endorsing organizations (default: caller and partner), retry.
   * @returns the new licence.
   * @throws {@link ChaincodeError} as renewLicense.
   */
  replaceLicense(input: ReplaceLicenseInput, options?: ELicenseSubmitOptions): Promise<ELicenseSubmitResult<License>>;
  /**
   * Suspends an ACTIVE licence (issuer only).
   *
   * @param change - licence id, reason code, optional effective time.
   * @param options - endorsing organizations (default: caller and partner), retry.
   * @returns the licence, SUSPENDED.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `FORBIDDEN`, `PRECONDITION_FAILED` not ACTIVE, `INVALID_ARGUMENT`.
   */
  suspendLicense(change: LicenseStatusChange, options?: ELicenseSubmitOptions): Promise<ELicenseSubmitResult<License>>;
  /**
   * Reinstates a SUSPENDED licence (issuer only).
   *
   * @param change - licence id, reason code, optional effective time.
   * @param options - endorsing organizations (default: caller and partner), retry.
   * @returns the licence, ACTIVE.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `FORBIDDEN`, `PRECONDITION_FAILED` not SUSPENDED (a revoked
   * licence: revocation is final), `INVALID_ARGUMENT`.
   */
  reinstateLicense(
    change: LicenseStatusChange,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<License>>;
  /**
   * Revokes a licence, finally (issuer only).
   *
   * @param change - licence id, reason code, optional effective time.
   * @param options - endorsing organizations (default: caller and partner), retry.
   * @returns the licence, REVOKED.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `FORBIDDEN`, `PRECONDITION_FAILED` already revoked or superseded.
   */
  revokeLicense(change: LicenseStatusChange, options?: ELicenseSubmitOptions): Promise<ELicenseSubmitResult<License>>;
  /**
   * Compares a document fingerprint with the ledger, at a time.
   *
   * @param input - licence id, fingerprint, optional time.
   * @returns the verification (a missing licence is the result `NOT_FOUND`, not an error).
   * @throws {@link ChaincodeError} `INVALID_ARGUMENT` for a malformed id, fingerprint or time.
   */
  verifyLicense(input: VerifyLicenseInput): Promise<LicenseVerification>;
  /**
   * e-license's verdict on a licence at a time without a document (CheckLicense): what a department system
   * holding only a licence id asks instead of reading the status field, which says SUPERSEDED for a licence
   * renewed ahead of time that is still VALID until its successor starts.
   *
   * @param input - licence id and optional time.
   * @returns the verdict and the record (a missing licence is the result `NOT_FOUND`, not an error).
   * @throws {@link ChaincodeError} `INVALID_ARGUMENT` for a malformed id or time.
   */
  checkLicense(input: CheckLicenseInput): Promise<LicenseCheck>;
  /**
   * @param licenceId - licence id.
   * @returns the licence.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`.
   */
  getLicense(licenceId: string): Promise<License>;
  /**
   * @param licenceId - licence id.
   * @returns every change, newest first, with submitter MSP, transaction id and time.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`.
   */
  getLicenseHistory(licenceId: string): Promise<LicenseHistoryEntry[]>;
  /**
   * @param holderRef - holder reference.
   * @param page - page size and bookmark.
   * @returns a page of licences.
   * @throws {@link ChaincodeError} `INVALID_ARGUMENT`.
   */
  listLicensesByHolder(holderRef: string, page?: ELicensePageRequest): Promise<ELicensePage<License>>;
  /**
   * @param issuerMsp - issuing department.
   * @param page - page size and bookmark.
   * @returns a page of licences.
   * @throws {@link ChaincodeError} `INVALID_ARGUMENT`.
   */
  listLicensesByIssuer(issuerMsp: string, page?: ELicensePageRequest): Promise<ELicensePage<License>>;
  /**
   * @param typeCode - licence-type code.
   * @param page - page size and bookmark.
   * @returns a page of licences.
   * @throws {@link ChaincodeError} `INVALID_ARGUMENT`.
   */
  listLicensesByType(typeCode: string, page?: ELicensePageRequest): Promise<ELicensePage<License>>;

  // -------------------------------------------------------------------------------------- consents
  /**
   * Records a holder-signed consent, relayed by the caller.
   *
   * @param signed - the consent and the holder's signature (see {@link signConsent}).
   * @param options - endorsing organizations (default: discovery), retry.
   * @returns the consent record.
   * @throws {@link ChaincodeError} `FORBIDDEN` signature does not verify or licence of another holder,
   * `CONFLICT` consent id exists, `PRECONDITION_FAILED` expired / no bound key / revoked, `NOT_FOUND`,
   * `INVALID_ARGUMENT`.
   */
  grantConsent(signed: SignedConsent, options?: ELicenseSubmitOptions): Promise<ELicenseSubmitResult<HolderConsent>>;
  /**
   * Records a holder-signed withdrawal of a consent. The consent is co-owned by the identity authority, so it
   * endorses by default with the caller (its MSP is read from the registry's identity-document type).
   *
   * @param signed - the withdrawal and the holder's signature (see {@link signWithdrawal}).
   * @param options - endorsing organizations (default: the caller and the identity authority), retry.
   * @returns the consent, WITHDRAWN.
   * @throws {@link ChaincodeError} `FORBIDDEN`, `NOT_FOUND`, `PRECONDITION_FAILED` already withdrawn.
   */
  withdrawConsent(
    signed: SignedWithdrawal,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<HolderConsent>>;
  /**
   * @param consentId - consent id.
   * @returns the consent.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`.
   */
  getConsent(consentId: string): Promise<HolderConsent>;
  /**
   * Lists the consents granted to a department (only that department may ask).
   *
   * @param page - page size and bookmark; `mspId` defaults to the caller's.
   * @returns a page of consents (active, expired and withdrawn).
   * @throws {@link ChaincodeError} `FORBIDDEN` for another department, `INVALID_ARGUMENT`.
   */
  listConsentsForDepartment(
    page?: ELicensePageRequest & { readonly mspId?: string },
  ): Promise<ELicensePage<HolderConsent>>;

  // --------------------------------------------------------------------------------- personal detail
  /**
   * Step 1 of a consented read: records the access publicly (no personal data).
   *
   * @param request - licence, consent granted to the caller, purpose.
   * @param options - endorsing organizations (default: discovery), retry; `requestId`, the idempotency key
   * (default: a fresh UUID, reused across this call's own retries) — the same key again returns the first
   * access record, so the holder's log shows one read.
   * @returns the access record; its `accessId` authorizes `readLicenseDetail` for 10 minutes.
   * @throws {@link ChaincodeError} `FORBIDDEN` consent of another department or not covering the licence,
   * `PRECONDITION_FAILED` withdrawn or expired, `NOT_FOUND`, `INVALID_ARGUMENT`; `CONFLICT` when the requestId
   * was used with another licence, consent or purpose.
   */
  recordDetailAccess(
    request: DetailAccessRequest,
    options?: ELicenseSubmitOptions & IdempotencyOptions,
  ): Promise<ELicenseSubmitResult<LicenseDetailAccess>>;
  /**
   * Step 2: evaluates ReadLicenseDetail on a peer of the issuer (only it holds the detail), with a fresh
   * one-time key in transient data: the chaincode answers encrypted to it (so that a block could only ever
   * hold ciphertext), and this call decrypts the answer.
   *
   * @param input - licence id, access id, and the issuer (looked up when not given).
   * @returns the personal detail.
   * @throws {@link ChaincodeError} `FORBIDDEN`, `PRECONDITION_FAILED` access too old or consent no longer live,
   * `NOT_FOUND`.
   * @throws {@link GovchainError} `INVALID_RESULT` when the answer is not sealed to this call's key.
   */
  readLicenseDetail(input: ReadLicenseDetailInput): Promise<LicenseDetail>;
  /**
   * Records the access and then reads the detail from the issuer's peer, asking again (for up to
   * `detailReadWaitMs`) while that peer has not yet committed the access record (`NOT_FOUND`).
   *
   * @param request - licence, consent, purpose.
   * @returns the committed access record and the detail.
   * @throws {@link ChaincodeError} as recordDetailAccess and readLicenseDetail.
   */
  readDetailUnderConsent(request: DetailAccessRequest): Promise<ConsentedDetailRead>;
  /**
   * The holder-visible access log of a licence, oldest first (issuer, or a department with a live consent).
   *
   * @param licenceId - licence id.
   * @param page - page size and bookmark.
   * @returns a page of access records.
   * @throws {@link ChaincodeError} `FORBIDDEN`, `NOT_FOUND`, `INVALID_ARGUMENT`.
   */
  listDetailAccesses(licenceId: string, page?: ELicensePageRequest): Promise<ELicensePage<LicenseDetailAccess>>;
}

/**
 * The default endorsers of a transaction of an issuing department: the issuer and the first partner that is
 * not the issuer (issuance writes the issuer's implicit private collection with transient data, which the
 * gateway accepts only with explicit endorsers; status changes write a key only the issuer may endorse).
 *
 * @param issuerMsp - the issuer (the caller).
 * @param partners - partner departments in order of preference (default {@link DEFAULT_ENDORSING_PARTNERS}).
 * @returns `[issuerMsp, partner]`.
 * @throws TypeError when no partner other than the issuer is configured.
 */
export function issuerEndorsingOrganizations(
  issuerMsp: string,
  partners: readonly string[] = DEFAULT_ENDORSING_PARTNERS,
): string[] {
  const partner = partners.find((msp) => msp !== issuerMsp);
  if (partner === undefined) {
    throw new TypeError(`no endorsing partner other than ${issuerMsp} is configured (endorsingPartners)`);
  }
  return [issuerMsp, partner];
}

/**
 * The default endorsers of a change to a record another department owns (e.g. a consent, owned by the identity
 * authority): the caller and the owner; when the caller is the owner, the owner and the first partner that is
 * not the owner. Either satisfies the record's key-level policy `AND(owner, OutOf(1, other departments))`.
 *
 * @param ownerMsp - the record's owner.
 * @param callerMsp - the caller.
 * @param partners - partner departments in order of preference (default {@link DEFAULT_ENDORSING_PARTNERS}).
 * @returns two endorsing organizations.
 * @throws TypeError when the caller is the owner and no other partner is configured.
 */
export function ownerEndorsingOrganizations(
  ownerMsp: string,
  callerMsp: string,
  partners: readonly string[] = DEFAULT_ENDORSING_PARTNERS,
): string[] {
  return callerMsp === ownerMsp ? issuerEndorsingOrganizations(ownerMsp, partners) : [callerMsp, ownerMsp];
}

/**
 * The default endorsers of a registry change: a majority (⌊n/2⌋+1) of the governance departments, the caller
 * first when it is one of them, then the others in registry order.
 *
 * @param governanceMsps - the registry's departments.
 * @param callerMsp - the caller.
 * @returns the endorsing organizations.
 */
export function majorityEndorsingOrganizations(governanceMsps: readonly string[], callerMsp: string): string[] {
  const needed = Math.floor(governanceMsps.length / 2) + 1;
  const ordered = governanceMsps.includes(callerMsp)
    ? [callerMsp, ...governanceMsps.filter((msp) => msp !== callerMsp)]
    : [...governanceMsps];
  return ordered.slice(0, needed);
}

// ------------------------------------------------------------------------------------ result shapes

function parseLicense(value: unknown, context: ParseContext, path = '$'): License {
  const s = Shape.of(value, path, context);
  return {
    id: s.string('id'),
    type: s.string('type'),
    issuerMsp: s.string('issuerMsp'),
    holderRef: s.string('holderRef'),
    fingerprint: s.string('fingerprint'),
    validFrom: s.string('validFrom'),
    validUntil: s.optionalString('validUntil'),
    metadata: s.stringMap('metadata'),
    status: s.oneOf('status', LICENSE_STATUSES),
    statusReason: s.string('statusReason'),
    statusEffectiveAt: s.string('statusEffectiveAt'),
    predecessorId: s.optionalString('predecessorId'),
    successorId: s.optionalString('successorId'),
    issuedAt: s.string('issuedAt'),
    updatedAt: s.string('updatedAt'),
    updatedByMsp: s.string('updatedByMsp'),
    txId: s.string('txId'),
  };
}

function parseLicenseType(value: unknown, context: ParseContext, path = '$'): LicenseType {
  const s = Shape.of(value, path, context);
  return {
    code: s.string('code'),
    name: s.string('name'),
    issuerMsp: s.string('issuerMsp'),
    requiredMetadata: s.stringArray('requiredMetadata'),
    optionalMetadata: s.raw('optionalMetadata') === undefined ? [] : s.stringArray('optionalMetadata'),
    defaultValidityDays: s.number('defaultValidityDays'),
    ...optionalMembers({
      idPrefix: s.optionalString('idPrefix'),
      owningChaincode: s.optionalString('owningChaincode'),
    }),
  };
}

/** @returns the members whose value is a non-empty string (so absent members stay absent) */
function optionalMembers<T extends Record<string, string | undefined>>(members: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(members).filter(([, value]) => value !== undefined && value !== ''),
  ) as Partial<T>;
}

function parseRegistry(value: unknown, context: ParseContext): LicenseTypeRegistry {
  const s = Shape.of(value, '$', context);
  return {
    governanceMsps: s.stringArray('governanceMsps'),
    types: s.array('types', (type, path) => parseLicenseType(type, context, path)),
    updatedAt: s.string('updatedAt'),
    updatedByMsp: s.string('updatedByMsp'),
    txId: s.string('txId'),
  };
}

const LICENSE_CHECK_RESULTS = LICENSE_VERIFICATION_RESULTS.filter(
  (result): result is LicenseCheckResult => result !== 'FINGERPRINT_MISMATCH',
);

function parseCheck(value: unknown, context: ParseContext): LicenseCheck {
  const s = Shape.of(value, '$', context);
  const licence = s.raw('licence');
  return {
    licenceId: s.string('licenceId'),
    result: s.oneOf('result', LICENSE_CHECK_RESULTS),
    checkedAt: s.string('checkedAt'),
    licence: licence === null || licence === undefined ? null : parseLicense(licence, context, '$.licence'),
  };
}

function parseVerification(value: unknown, context: ParseContext): LicenseVerification {
  const s = Shape.of(value, '$', context);
  return {
    licenceId: s.string('licenceId'),
    result: s.oneOf('result', LICENSE_VERIFICATION_RESULTS),
    status: s.optionalString('status') === '' ? '' : s.oneOf('status', LICENSE_STATUSES),
    issuerMsp: s.optionalString('issuerMsp'),
    type: s.optionalString('type'),
    checkedAt: s.string('checkedAt'),
    validFrom: s.optionalString('validFrom'),
    validUntil: s.optionalString('validUntil'),
    statusReason: s.optionalString('statusReason'),
    successorId: s.optionalString('successorId'),
  };
}

function parseHistory(value: unknown, context: ParseContext): LicenseHistoryEntry[] {
  if (!Array.isArray(value)) {
    throw invalidResult(context, '$ is not an array');
  }
  return value.map((entry: unknown, index) => {
    const path = `$[${index}]`;
    const s = Shape.of(entry, path, context);
    const licence = s.raw('value');
    return {
      txId: s.string('txId'),
      timestamp: s.string('timestamp'),
      submitterMsp: s.string('submitterMsp'),
      isDelete: s.boolean('isDelete'),
      value: licence === null || licence === undefined ? null : parseLicense(licence, context, `${path}.value`),
    };
  });
}

function parseHolderKey(value: unknown, context: ParseContext): HolderKeyBinding {
  const s = Shape.of(value, '$', context);
  return {
    holderRef: s.string('holderRef'),
    publicKey: s.string('publicKey'),
    fingerprint: s.string('fingerprint'),
    keyVersion: s.number('keyVersion'),
    proof: s.string('proof'),
    previousFingerprint: s.optionalString('previousFingerprint'),
    boundByMsp: s.string('boundByMsp'),
    boundAt: s.string('boundAt'),
    txId: s.string('txId'),
  };
}

function parseConsent(value: unknown, context: ParseContext, path = '$'): HolderConsent {
  const s = Shape.of(value, path, context);
  return {
    consentId: s.string('consentId'),
    holderRef: s.string('holderRef'),
    granteeMsp: s.string('granteeMsp'),
    licenceId: s.optionalString('licenceId'),
    licenceType: s.optionalString('licenceType'),
    purpose: s.string('purpose'),
    expiresAt: s.string('expiresAt'),
    nonce: s.string('nonce'),
    signature: s.string('signature'),
    holderKeyFingerprint: s.string('holderKeyFingerprint'),
    status: s.oneOf('status', HOLDER_CONSENT_STATUSES),
    grantedAt: s.string('grantedAt'),
    withdrawnAt: s.optionalString('withdrawnAt'),
    updatedAt: s.string('updatedAt'),
    updatedByMsp: s.string('updatedByMsp'),
    txId: s.string('txId'),
  };
}

function parseDetailAccess(value: unknown, context: ParseContext, path = '$'): LicenseDetailAccess {
  const s = Shape.of(value, path, context);
  return {
    accessId: s.string('accessId'),
    licenceId: s.string('licenceId'),
    consentId: s.string('consentId'),
    accessorMsp: s.string('accessorMsp'),
    purpose: s.string('purpose'),
    accessedAt: s.string('accessedAt'),
    txId: s.string('txId'),
  };
}

function parseDetail(value: unknown, context: ParseContext): LicenseDetail {
  const s = Shape.of(value, '$', context);
  return {
    licenceId: s.string('licenceId'),
    issuerMsp: s.string('issuerMsp'),
    holderRef: s.string('holderRef'),
    idNumber: s.string('idNumber'),
    name: s.string('name'),
    extra: s.stringMap('extra'),
    accessId: s.string('accessId'),
    consentId: s.string('consentId'),
  };
}

function parseHolderRefKeySet(value: unknown, context: ParseContext): HolderRefKeySet {
  const s = Shape.of(value, '$', context);
  return {
    collection: s.string('collection'),
    set: s.boolean('set'),
    setByMsp: s.string('setByMsp'),
    txId: s.string('txId'),
  };
}

function parseSeeded(value: unknown, context: ParseContext): LicenseTypesSeeded {
  return { seeded: Shape.of(value, '$', context).boolean('seeded') };
}

function parseGrant(value: unknown, context: ParseContext): HolderRefGrant {
  const s = Shape.of(value, '$', context);
  return {
    grantId: s.string('grantId'),
    holderRef: s.string('holderRef'),
    purpose: s.string('purpose'),
    at: s.string('at'),
    expiresAt: s.string('expiresAt'),
  };
}

function parseGrantRequested(value: unknown, context: ParseContext): { grantId: string; purpose: string } {
  const s = Shape.of(value, '$', context);
  return { grantId: s.string('grantId'), purpose: s.string('purpose') };
}

function parseGrantLog(value: unknown, context: ParseContext): HolderRefGrantLog {
  const s = Shape.of(value, '$', context);
  return {
    grantedToMsp: s.string('grantedToMsp'),
    hour: s.string('hour'),
    count: s.number('count'),
    grants: s.array('grants', (entry, path) => {
      const e = Shape.of(entry, path, context);
      return {
        grantId: e.string('grantId'),
        requestedBy: e.string('requestedBy'),
        purpose: e.string('purpose'),
        at: e.string('at'),
      };
    }),
  };
}

const parseLicensePage = pageParser(parseLicense);
const parseConsentPage = pageParser(parseConsent);
const parseAccessPage = pageParser(parseDetailAccess);

// --------------------------------------------------------------------------------------- arguments

function licenseJson(input: NewLicense): Record<string, unknown> {
  return {
    id: input.id,
    type: input.type,
    fingerprint: input.fingerprint,
    metadata: input.metadata,
    ...(input.validFrom === undefined || input.validFrom === '' ? {} : { validFrom: input.validFrom }),
    ...(input.validUntil === undefined || input.validUntil === '' ? {} : { validUntil: input.validUntil }),
  };
}

/** The holder's transient fields, with a fresh random salt for the private detail (one per call, kept across its retries). */
function holderTransient(holder: LicenseHolder, holderRefGrant: string): Record<string, unknown> {
  return {
    holderRefGrant,
    idNumber: holder.idNumber,
    name: holder.name,
    salt: privateSalt(),
    ...(holder.detail === undefined ? {} : { detail: holder.detail }),
  };
}

function licenseTypeJson(type: LicenseTypeInput): Record<string, unknown> {
  return {
    code: type.code,
    name: type.name,
    issuerMsp: type.issuerMsp,
    requiredMetadata: type.requiredMetadata,
    optionalMetadata: type.optionalMetadata ?? [],
    defaultValidityDays: type.defaultValidityDays,
    ...optionalMembers({ idPrefix: type.idPrefix, owningChaincode: type.owningChaincode }),
  };
}

// ------------------------------------------------------------------------------------------ client

interface CallOptions {
  readonly arguments?: readonly unknown[];
  readonly transientData?: Readonly<Record<string, unknown>>;
  readonly endorsingOrganizations?: readonly string[] | undefined;
}

class ELicenseClientImpl implements ELicenseClient {
  readonly #connection: GovchainConnection;
  readonly #chaincode: string;
  readonly #partners: readonly string[];
  readonly #defaults: Readonly<Pick<SubmitOptions, 'retry' | 'commitStatus'>>;
  readonly #detailReadWaitMs: number;
  #authority: Promise<string> | undefined;

  constructor(connection: GovchainConnection, options: Readonly<ELicenseClientOptions>) {
    this.#connection = connection;
    this.#chaincode = options.chaincode ?? E_LICENSE_CHAINCODE;
    this.#partners = [...(options.endorsingPartners ?? DEFAULT_ENDORSING_PARTNERS)];
    this.#defaults = options.submitDefaults ?? {};
    this.#detailReadWaitMs = options.detailReadWaitMs ?? DEFAULT_DETAIL_READ_WAIT_MS;
  }

  get mspId(): string {
    return this.#connection.mspId;
  }

  get #contract(): Contract {
    return this.#connection.getContract(this.#chaincode);
  }

  async #submit<T>(
    transaction: string,
    parse: Parser<T>,
    call: CallOptions,
    options: ELicenseSubmitOptions | undefined,
  ): Promise<ELicenseSubmitResult<T>> {
    const endorsingOrganizations = options?.endorsingOrganizations ?? call.endorsingOrganizations;
    const outcome = await submit(this.#contract, transaction, {
      ...this.#defaults,
      ...(options?.retry === undefined ? {} : { retry: options.retry }),
      ...(options?.commitStatus === undefined ? {} : { commitStatus: options.commitStatus }),
      arguments: call.arguments ?? [],
      ...(call.transientData === undefined ? {} : { transientData: call.transientData }),
      ...(endorsingOrganizations === undefined ? {} : { endorsingOrganizations }),
    });
    const result = parse(outcome.result, { chaincode: CHAINCODE, transaction, transactionId: outcome.transactionId });
    return {
      result,
      transactionId: outcome.transactionId,
      blockNumber: outcome.blockNumber,
      attempts: outcome.attempts,
    };
  }

  async #evaluate<T>(transaction: string, parse: Parser<T>, call: CallOptions = {}): Promise<T> {
    const result = await evaluate(this.#contract, transaction, {
      arguments: call.arguments ?? [],
      ...(call.transientData === undefined ? {} : { transientData: call.transientData }),
      ...(call.endorsingOrganizations === undefined ? {} : { endorsingOrganizations: call.endorsingOrganizations }),
    });
    return parse(result, { chaincode: CHAINCODE, transaction });
  }

  #issuerEndorsers(options: ELicenseSubmitOptions | undefined): readonly string[] | undefined {
    // An explicit list wins; otherwise the caller (who must be the issuer) and a partner.
    return options?.endorsingOrganizations ?? issuerEndorsingOrganizations(this.mspId, this.#partners);
  }

  async #majorityEndorsers(options: ELicenseSubmitOptions | undefined): Promise<readonly string[]> {
    if (options?.endorsingOrganizations !== undefined) {
      return options.endorsingOrganizations;
    }
    const registry = await this.listLicenseTypes();
    return majorityEndorsingOrganizations(registry.governanceMsps, this.mspId);
  }

  // registry

  async seedLicenseTypes(options?: ELicenseSubmitOptions): Promise<ELicenseSubmitResult<LicenseTypesSeeded>> {
    return this.#submit('SeedLicenseTypes', parseSeeded, {}, options);
  }

  async putLicenseType(
    type: LicenseTypeInput,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<LicenseType>> {
    const endorsingOrganizations = await this.#majorityEndorsers(options);
    return this.#submit(
      'PutLicenseType',
      parseLicenseType,
      { arguments: [licenseTypeJson(type)], endorsingOrganizations },
      options,
    );
  }

  async setGovernanceMsps(
    governanceMsps: readonly string[],
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<LicenseTypeRegistry>> {
    const endorsingOrganizations = await this.#majorityEndorsers(options);
    return this.#submit(
      'SetGovernanceMsps',
      parseRegistry,
      { arguments: [[...governanceMsps]], endorsingOrganizations },
      options,
    );
  }

  async getLicenseType(code: string): Promise<LicenseType> {
    return this.#evaluate('GetLicenseType', parseLicenseType, { arguments: [code] });
  }

  async listLicenseTypes(): Promise<LicenseTypeRegistry> {
    return this.#evaluate('ListLicenseTypes', parseRegistry);
  }

  // holder references and keys

  async setHolderRefKey(
    keyHex: string,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<HolderRefKeySet>> {
    return this.#submit(
      'SetHolderRefKey',
      parseHolderRefKeySet,
      {
        transientData: { holderRefKey: keyHex },
        endorsingOrganizations: options?.endorsingOrganizations ?? [this.mspId],
      },
      options,
    );
  }

  /** The identity authority's MSP id, from the registry (the issuer of identity documents), asked once. */
  async #identityAuthority(): Promise<string> {
    this.#authority ??= this.getLicenseType(IDENTITY_DOCUMENT_TYPE).then((type) => type.issuerMsp);
    try {
      return await this.#authority;
    } catch (err) {
      this.#authority = undefined;
      throw err;
    }
  }

  async requestHolderRef(
    idNumber: string,
    purpose: HolderRefPurpose,
    options?: ELicenseSubmitOptions,
  ): Promise<HolderRefGrant & { readonly transactionId: string; readonly blockNumber: bigint }> {
    const endorsingOrganizations = options?.endorsingOrganizations ?? [await this.#identityAuthority()];
    // Every grant of a department in one hour increments one counter: concurrent requests of a department
    // conflict (MVCC_READ_CONFLICT) and are retried, with more retries than other transactions need.
    const retry = options?.retry ?? { ...this.#defaults.retry, maxRetries: GRANT_REQUEST_RETRIES };
    const requested = await this.#submit(
      'RequestHolderRef',
      parseGrantRequested,
      { arguments: [purpose], transientData: { idNumber }, endorsingOrganizations },
      { ...options, retry },
    );
    const grantId = requested.result.grantId;
    const deadline = Date.now() + this.#detailReadWaitMs;
    for (let delay = 50; ; delay = Math.min(2 * delay, 1_000)) {
      try {
        const grant = await this.readHolderRefGrant(grantId);
        return { ...grant, transactionId: requested.transactionId, blockNumber: requested.blockNumber };
      } catch (err) {
        // Committed on this peer; its private data may still be on its way from the authority's peer.
        const notYet =
          err instanceof ChaincodeError && (err.code === 'NOT_FOUND' || err.code === 'PRECONDITION_FAILED');
        if (!notYet || Date.now() + delay > deadline) {
          throw err;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async readHolderRefGrant(grantId: string): Promise<HolderRefGrant> {
    const result = await evaluateSealed(this.#contract, 'ReadHolderRefGrant', {
      arguments: [grantId],
      endorsingOrganizations: [this.mspId],
      sealedBy: CHAINCODE,
    });
    return parseGrant(result, { chaincode: CHAINCODE, transaction: 'ReadHolderRefGrant' });
  }

  async listHolderRefGrants(grantedToMsp: string, hour: string): Promise<HolderRefGrantLog> {
    return this.#evaluate('ListHolderRefGrants', parseGrantLog, {
      arguments: [grantedToMsp, hour],
      endorsingOrganizations: [this.mspId],
    });
  }

  /** The grant an issuing call sends: the caller's, or a new one for the ID number. */
  async #grantFor(given: string | undefined, idNumber: string | undefined, purpose: HolderRefPurpose): Promise<string> {
    if (given !== undefined) return given;
    if (idNumber === undefined) {
      throw new TypeError("a holder-reference grant or the holder's ID number is needed");
    }
    return (await this.requestHolderRef(idNumber, purpose)).grantId;
  }

  async getHolderKey(holderRef: string): Promise<HolderKeyBinding> {
    return this.#evaluate('GetHolderKey', parseHolderKey, { arguments: [holderRef] });
  }

  async bindHolderKey(
    input: HolderKeyBindingInput,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<HolderKeyBinding>> {
    return this.#bind('BindHolderKey', input, options);
  }

  async rotateHolderKey(
    input: HolderKeyBindingInput,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<HolderKeyBinding>> {
    return this.#bind('RotateHolderKey', input, options);
  }

  async #bind(
    transaction: string,
    input: HolderKeyBindingInput,
    options: ELicenseSubmitOptions | undefined,
  ): Promise<ELicenseSubmitResult<HolderKeyBinding>> {
    return this.#submit(
      transaction,
      parseHolderKey,
      {
        arguments: [input.signed.binding, input.signed.signature],
        transientData: {
          holderRefGrant: await this.#grantFor(input.holderRefGrant, input.idNumber, 'BIND_HOLDER_KEY'),
        },
        endorsingOrganizations: this.#issuerEndorsers(options),
      },
      options,
    );
  }

  // licences

  async issueLicense(
    input: IssueLicenseInput,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<License>> {
    return this.#submit(
      'IssueLicense',
      parseLicense,
      {
        arguments: [licenseJson(input)],
        transientData: holderTransient(
          input.holder,
          await this.#grantFor(input.holder.holderRefGrant, input.holder.idNumber, 'ISSUE_LICENCE'),
        ),
        endorsingOrganizations: this.#issuerEndorsers(options),
      },
      options,
    );
  }

  async renewLicense(
    input: RenewLicenseInput,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<License>> {
    return this.#submit(
      'RenewLicense',
      parseLicense,
      {
        arguments: [input.predecessorId, licenseJson(input)],
        transientData: holderTransient(
          input.holder,
          await this.#grantFor(input.holder.holderRefGrant, input.holder.idNumber, 'ISSUE_LICENCE'),
        ),
        endorsingOrganizations: this.#issuerEndorsers(options),
      },
      options,
    );
  }

  async replaceLicense(
    input: ReplaceLicenseInput,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<License>> {
    return this.#submit(
      'ReplaceLicense',
      parseLicense,
      {
        arguments: [input.predecessorId, licenseJson(input), input.reasonCode],
        transientData: holderTransient(
          input.holder,
          await this.#grantFor(input.holder.holderRefGrant, input.holder.idNumber, 'ISSUE_LICENCE'),
        ),
        endorsingOrganizations: this.#issuerEndorsers(options),
      },
      options,
    );
  }

  async #changeStatus(
    transaction: string,
    change: LicenseStatusChange,
    options: ELicenseSubmitOptions | undefined,
  ): Promise<ELicenseSubmitResult<License>> {
    return this.#submit(
      transaction,
      parseLicense,
      {
        arguments: [change.licenceId, change.reasonCode, timeArgument(change.effectiveAt, 'effectiveAt')],
        endorsingOrganizations: this.#issuerEndorsers(options),
      },
      options,
    );
  }

  async suspendLicense(
    change: LicenseStatusChange,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<License>> {
    return this.#changeStatus('SuspendLicense', change, options);
  }

  async reinstateLicense(
    change: LicenseStatusChange,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<License>> {
    return this.#changeStatus('ReinstateLicense', change, options);
  }

  async revokeLicense(
    change: LicenseStatusChange,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<License>> {
    return this.#changeStatus('RevokeLicense', change, options);
  }

  async verifyLicense(input: VerifyLicenseInput): Promise<LicenseVerification> {
    return this.#evaluate('VerifyLicense', parseVerification, {
      arguments: [input.licenceId, input.fingerprint, timeArgument(input.atTime, 'atTime')],
    });
  }

  async checkLicense(input: CheckLicenseInput): Promise<LicenseCheck> {
    return this.#evaluate('CheckLicense', parseCheck, {
      arguments: [input.licenceId, timeArgument(input.atTime, 'atTime')],
    });
  }

  async getLicense(licenceId: string): Promise<License> {
    return this.#evaluate('GetLicense', parseLicense, { arguments: [licenceId] });
  }

  async getLicenseHistory(licenceId: string): Promise<LicenseHistoryEntry[]> {
    return this.#evaluate('GetLicenseHistory', parseHistory, { arguments: [licenceId] });
  }

  async listLicensesByHolder(holderRef: string, page?: ELicensePageRequest): Promise<ELicensePage<License>> {
    return this.#evaluate('ListLicensesByHolder', parseLicensePage, { arguments: [holderRef, ...pageArguments(page)] });
  }

  async listLicensesByIssuer(issuerMsp: string, page?: ELicensePageRequest): Promise<ELicensePage<License>> {
    return this.#evaluate('ListLicensesByIssuer', parseLicensePage, { arguments: [issuerMsp, ...pageArguments(page)] });
  }

  async listLicensesByType(typeCode: string, page?: ELicensePageRequest): Promise<ELicensePage<License>> {
    return this.#evaluate('ListLicensesByType', parseLicensePage, { arguments: [typeCode, ...pageArguments(page)] });
  }

  // consents

  async grantConsent(
    signed: SignedConsent,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<HolderConsent>> {
    const consent: ConsentPayload = signed.consent;
    return this.#submit('GrantConsent', parseConsent, { arguments: [consent, signed.signature] }, options);
  }

  async withdrawConsent(
    signed: SignedWithdrawal,
    options?: ELicenseSubmitOptions,
  ): Promise<ELicenseSubmitResult<HolderConsent>> {
    const withdrawal: WithdrawalPayload = signed.withdrawal;
    const endorsingOrganizations =
      options?.endorsingOrganizations ??
      ownerEndorsingOrganizations(
        (await this.getLicenseType(IDENTITY_DOCUMENT_TYPE)).issuerMsp,
        this.mspId,
        this.#partners,
      );
    return this.#submit(
      'WithdrawConsent',
      parseConsent,
      { arguments: [withdrawal.consentId, withdrawal, signed.signature], endorsingOrganizations },
      options,
    );
  }

  async getConsent(consentId: string): Promise<HolderConsent> {
    return this.#evaluate('GetConsent', parseConsent, { arguments: [consentId] });
  }

  async listConsentsForDepartment(
    page?: ELicensePageRequest & { readonly mspId?: string },
  ): Promise<ELicensePage<HolderConsent>> {
    return this.#evaluate('ListConsentsForDepartment', parseConsentPage, {
      arguments: [page?.mspId ?? this.mspId, ...pageArguments(page)],
    });
  }

  // personal detail

  async recordDetailAccess(
    request: DetailAccessRequest,
    options?: ELicenseSubmitOptions & IdempotencyOptions,
  ): Promise<ELicenseSubmitResult<LicenseDetailAccess>> {
    return this.#submit(
      'RecordDetailAccess',
      parseDetailAccess,
      { arguments: [request.licenceId, request.consentId, request.purpose], transientData: requestTransient(options) },
      options,
    );
  }

  async readLicenseDetail(input: ReadLicenseDetailInput): Promise<LicenseDetail> {
    const issuerMsp = input.issuerMsp ?? (await this.getLicense(input.licenceId)).issuerMsp;
    const result = await evaluateSealed(this.#contract, 'ReadLicenseDetail', {
      arguments: [input.licenceId, input.accessId],
      endorsingOrganizations: [issuerMsp],
      sealedBy: CHAINCODE,
    });
    return parseDetail(result, { chaincode: CHAINCODE, transaction: 'ReadLicenseDetail' });
  }

  async readDetailUnderConsent(request: DetailAccessRequest): Promise<ConsentedDetailRead> {
    const licence = await this.getLicense(request.licenceId);
    const access = await this.recordDetailAccess(request);
    const input = { licenceId: request.licenceId, accessId: access.result.accessId, issuerMsp: licence.issuerMsp };
    const deadline = Date.now() + this.#detailReadWaitMs;
    for (let delay = 50; ; delay = Math.min(2 * delay, 1_000)) {
      try {
        return { access, detail: await this.readLicenseDetail(input) };
      } catch (err) {
        // The access record is committed on this department's peer; the issuer's may be a block behind.
        const notYet = err instanceof ChaincodeError && err.code === 'NOT_FOUND';
        if (!notYet || Date.now() + delay > deadline) {
          throw err;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async listDetailAccesses(licenceId: string, page?: ELicensePageRequest): Promise<ELicensePage<LicenseDetailAccess>> {
    return this.#evaluate('ListDetailAccesses', parseAccessPage, { arguments: [licenceId, ...pageArguments(page)] });
  }
}

/**
 * Creates the typed e-license client over a department's connection.
 *
 * @param connection - the department's connection, from {@link connectDepartment} or {@link connect}.
 * @param options - chaincode name, endorsing partners, default submit settings.
 * @returns the client (it does not own the connection: close the connection yourself).
 *
 * @example
 * ```ts
 * const connection = await connectDepartment({ department: 'market-regulation' });
 * try {
 *   const licences = eLicenseClient(connection);
 *   const { result } = await licences.issueLicense({
 *     id: 'BL-1', type: 'BUSINESS_LICENCE', fingerprint: await fingerprintFile('BL-1.pdf'),
 *     metadata: { enterpriseName: 'Harbour Trading', unifiedSocialCreditCode: '91310000MA1FL4CT3X',
 *       businessScope: 'wholesale', registeredCapital: '5000000' },
 *     holder: { idNumber: '11010519491231002X', name: 'Zhang San' },
 *   });
 *   const check = await licences.verifyLicense({ licenceId: 'BL-1', fingerprint: result.fingerprint });
 * } finally {
 *   connection.close();
 * }
 * ```
 */
export function eLicenseClient(
  connection: GovchainConnection,
  options: Readonly<ELicenseClientOptions> = {},
): ELicenseClient {
  return new ELicenseClientImpl(connection, options);
}
