/**
 * The argument shapes of e-license's transactions as a client builds them: the public part goes into the
 * arguments, the holder's personal data into transient data only. Times may be given as `Date`s; the client
 * writes them as ISO-8601 UTC.
 */
import type { PlainOf } from '../record';
import type { ConsentPayload, DetailAccess, WithdrawalPayload } from './consent';
import type { HolderKeyBindingPayload } from './holder';
import type { License, LicenseType } from './license';

/** The public part of a new licence (`licenceJson`): id, type, fingerprint, metadata, optional validity. */
export type NewLicense = Pick<License, 'id' | 'type' | 'fingerprint' | 'metadata'> &
  Partial<Pick<License, 'validFrom' | 'validUntil'>>;

/** The holder's personal data; sent only as transient data, never in a block. */
export interface LicenseHolder {
  /** The caller's grant for this holder (purpose ISSUE_LICENCE, at most 24 h old); requested when absent. */
  readonly holderRefGrant?: string;
  /** The holder's ID number, kept in the issuer's private detail. */
  readonly idNumber: string;
  readonly name: string;
  /** Further personal detail, lowerCamelCase keys, string values; kept in the issuer's private collection. */
  readonly detail?: Readonly<Record<string, string>>;
}

/** Input of IssueLicense. */
export type IssueLicenseInput = NewLicense & { readonly holder: LicenseHolder };
/** Input of RenewLicense: the new licence (same type and holder) and its predecessor. */
export type RenewLicenseInput = IssueLicenseInput & Pick<License, 'predecessorId'>;
/** Input of ReplaceLicense: a renewal plus the reason code, e.g. `LOST`. */
export type ReplaceLicenseInput = RenewLicenseInput & { readonly reasonCode: string };

/** Input of a status change (SuspendLicense, ReinstateLicense, RevokeLicense). */
export interface LicenseStatusChange {
  readonly licenceId: string;
  /** Upper-case reason code, e.g. `COURT_ORDER`. */
  readonly reasonCode: string;
  /** When the change takes effect (not after now, not before the last change); default: now. */
  readonly effectiveAt?: string | Date;
}

/** Input of CheckLicense; `atTime` defaults to the proposal's time. */
export interface CheckLicenseInput {
  readonly licenceId: string;
  readonly atTime?: string | Date;
}

/** Input of VerifyLicense. */
export type VerifyLicenseInput = CheckLicenseInput & Pick<License, 'fingerprint'>;

/** Input of RecordDetailAccess (and of a consented read). */
export type DetailAccessRequest = Pick<DetailAccess, 'licenceId' | 'consentId' | 'purpose'>;

/** Input of ReadLicenseDetail; the issuer is looked up when not given. */
export type ReadLicenseDetailInput = Pick<DetailAccess, 'licenceId' | 'accessId'> & { readonly issuerMsp?: string };

/** Input of PutLicenseType: `optionalMetadata` may be left out. */
export type LicenseTypeInput = Omit<PlainOf<LicenseType>, 'optionalMetadata'> &
  Partial<Pick<LicenseType, 'optionalMetadata'>>;

/** A binding with the holder's signature by the key being bound (BindHolderKey, RotateHolderKey). */
export interface SignedHolderKeyBinding {
  readonly binding: PlainOf<HolderKeyBindingPayload>;
  /** ECDSA P-256 / SHA-256 signature over the binding's canonical JSON, by the key being bound, lowercase hex. */
  readonly signature: string;
}

/** A consent with the holder's signature (GrantConsent). */
export interface SignedConsent {
  readonly consent: PlainOf<ConsentPayload>;
  /** ECDSA P-256 / SHA-256 signature over the consent's canonical JSON, lowercase hex. */
  readonly signature: string;
}

/** A withdrawal with the holder's signature (WithdrawConsent). */
export interface SignedWithdrawal {
  readonly withdrawal: PlainOf<WithdrawalPayload>;
  /** ECDSA P-256 / SHA-256 signature over the withdrawal's canonical JSON, lowercase hex. */
  readonly signature: string;
}

/** Input of BindHolderKey and RotateHolderKey. */
export interface HolderKeyBindingInput {
  /** The identity authority's grant for BIND_HOLDER_KEY; requested for `idNumber` when absent. */
  readonly holderRefGrant?: string;
  /** The holder's ID number (transient data only), when no grant is given. */
  readonly idNumber?: string;
  /** The binding signed by the key being bound. */
  readonly signed: SignedHolderKeyBinding;
}
