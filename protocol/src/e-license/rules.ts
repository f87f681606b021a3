/** Rules, status unions and action codes of e-license records. */
import type { StringRule } from '../rules';

/** Lifecycle statuses of a licence. */
export const LICENSE_STATUSES = ['ACTIVE', 'SUSPENDED', 'REVOKED', 'SUPERSEDED'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

/** Outcomes of VerifyLicense, in order of precedence. */
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
export type LicenseVerificationResult = (typeof LICENSE_VERIFICATION_RESULTS)[number];

/** Outcomes of CheckLicense: a verification's, without a document to compare. */
export type LicenseCheckResult = Exclude<LicenseVerificationResult, 'FINGERPRINT_MISMATCH'>;
export const LICENSE_CHECK_RESULTS = LICENSE_VERIFICATION_RESULTS.filter(
  (result): result is LicenseCheckResult => result !== 'FINGERPRINT_MISMATCH',
);

/** Statuses of a holder consent (expiry is judged against `expiresAt`). */
export const CONSENT_STATUSES = ['ACTIVE', 'WITHDRAWN'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/**
 * Why a department asks for a holder reference. IssueLicense, RenewLicense and ReplaceLicense accept grants
 * of {@link ISSUANCE_PURPOSES}, BindHolderKey and RotateHolderKey of {@link BINDING_PURPOSES}.
 */
export const HOLDER_REF_PURPOSES = ['ISSUE_LICENCE', 'BIND_HOLDER_KEY', 'QUERY_HOLDER', 'REGISTER_PROPERTY'] as const;
export type HolderRefPurpose = (typeof HOLDER_REF_PURPOSES)[number];
/** Purposes whose grants IssueLicense, RenewLicense and ReplaceLicense accept (REGISTER_PROPERTY: real-estate). */
export const ISSUANCE_PURPOSES: readonly HolderRefPurpose[] = ['ISSUE_LICENCE', 'REGISTER_PROPERTY'];
/** Purposes whose grants BindHolderKey and RotateHolderKey accept. */
export const BINDING_PURPOSES: readonly HolderRefPurpose[] = ['BIND_HOLDER_KEY'];

/** `action` of a signed consent. */
export const GRANT_CONSENT_ACTION = 'GRANT_CONSENT';
/** `action` of a signed withdrawal. */
export const WITHDRAW_CONSENT_ACTION = 'WITHDRAW_CONSENT';
/** `action` of a signed key binding. */
export const BIND_HOLDER_KEY_ACTION = 'BIND_HOLDER_KEY';

/** Highest key version a holder can reach (a bound on rotations, far above any real use). */
export const MAX_KEY_VERSION = 1_000_000;
/** Longest default validity a type may declare (100 years). */
export const MAX_VALIDITY_DAYS = 36_525;
/** Most departments a registry may name. */
export const MAX_GOVERNANCE_MSPS = 64;

/** Consent purpose: free text of a department's stated purpose (never personal data). */
export const PURPOSE_RULE: StringRule = { minLength: 1, maxLength: 256 };
/** Nonce chosen by the holder's wallet. */
export const NONCE_RULE: StringRule = {
  minLength: 8,
  maxLength: 128,
  pattern: /^[A-Za-z0-9_-]+$/,
  patternHint: 'letters, digits, _ and -',
};
/** Signature hex: DER (up to 72 bytes) or P1363 (64 bytes). */
export const SIGNATURE_RULE: StringRule = {
  minLength: 16,
  maxLength: 160,
  pattern: /^(?:[0-9a-f]{2})+$/,
  patternHint: 'lowercase hex of an ECDSA P-256 signature',
};
/** A holder's public key as stored: DER SubjectPublicKeyInfo, lowercase hex. */
export const PUBLIC_KEY_HEX_RULE: StringRule = { maxLength: 512, pattern: /^(?:[0-9a-f]{2})+$/ };
/** Metadata field names: lowerCamelCase identifiers. */
export const METADATA_FIELD_RULE: StringRule = {
  pattern: /^[a-z][A-Za-z0-9]{0,63}$/,
  patternHint: 'a lowerCamelCase name',
};
/** Metadata values: non-personal, short text. */
export const METADATA_VALUE_RULE: StringRule = { minLength: 1, maxLength: 256 };
/** Holder name as given by the issuer. */
export const NAME_RULE: StringRule = { minLength: 1, maxLength: 128 };
/** Raw ID number as given by the issuer (normalized form is used for the holder reference). */
export const ID_NUMBER_RULE: StringRule = { minLength: 1, maxLength: 64 };
/** Values of further personal detail. */
export const DETAIL_VALUE_RULE: StringRule = { minLength: 1, maxLength: 1024 };
/**
 * Licence-id prefixes a type may reserve: a letter or digit, then letters, digits and `._:-`, ending in `-`
 * or `:` (so `REC-` cannot be mistaken for the start of a longer word).
 */
export const ID_PREFIX_RULE: StringRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]{0,30}[-:]$/,
  patternHint: 'up to 32 characters of a licence id, ending in "-" or ":"',
};
/** Chaincode names as Fabric's lifecycle accepts them. */
export const CHAINCODE_NAME_RULE: StringRule = {
  pattern: /^[A-Za-z0-9]+([-_][A-Za-z0-9]+)*$/,
  maxLength: 64,
  patternHint: 'a Fabric chaincode name',
};
/** A grant id: the RequestHolderRef transaction id. */
export const GRANT_ID_RULE: StringRule = {
  pattern: /^[0-9a-f]{64}$/,
  patternHint: '64 lowercase hex characters (a transaction id)',
};
/** An hour of grant quota, `YYYY-MM-DDTHH` (UTC). */
export const HOUR_RULE: StringRule = { pattern: /^\d{4}-\d{2}-\d{2}T\d{2}$/, patternHint: 'YYYY-MM-DDTHH (UTC)' };
/** A client identity as Fabric names it (`x509::subject::issuer`). */
export const CLIENT_ID_RULE: StringRule = { maxLength: 4096 };
