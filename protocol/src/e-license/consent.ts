import { OneOf, Optional, Text, Time } from '../decorators';
import { CODE_RULE, ID_RULE, MSP_ID_RULE, SHA256_HEX_RULE } from '../rules';
import {
  CONSENT_STATUSES,
  type ConsentStatus,
  GRANT_CONSENT_ACTION,
  NONCE_RULE,
  PURPOSE_RULE,
  SIGNATURE_RULE,
  WITHDRAW_CONSENT_ACTION,
} from './rules';

/**
 * A holder's consent as recorded: the grantee department may read the private detail of one licence, or of
 * all the holder's licences of one type, for a purpose, until `expiresAt`; proven by the holder's signature
 * with the key bound by the identity authority.
 */
export class Consent {
  @Text(ID_RULE) consentId!: string;
  @Text(SHA256_HEX_RULE) holderRef!: string;
  /** The department the consent is granted to. */
  @Text(MSP_ID_RULE) granteeMsp!: string;
  /** Scope: one licence (empty when the scope is a licence type). */
  @Text(ID_RULE, { empty: true }) licenceId = '';
  /** Scope: all the holder's licences of this type (empty when the scope is one licence). */
  @Text(CODE_RULE, { empty: true }) licenceType = '';
  @Text(PURPOSE_RULE) purpose!: string;
  /** End of the consent (exclusive), exactly as signed. */
  @Time() expiresAt!: string;
  /** Holder's nonce, exactly as signed. */
  @Text(NONCE_RULE) nonce!: string;
  /** Holder's signature over the canonical consent JSON, hex. */
  @Text(SIGNATURE_RULE) signature!: string;
  /** SHA-256 fingerprint of the holder key that signed. */
  @Text(SHA256_HEX_RULE) holderKeyFingerprint!: string;
  @OneOf(CONSENT_STATUSES) status: ConsentStatus = 'ACTIVE';
  @Time() grantedAt!: string;
  /** Withdrawal time; empty while active. */
  @Time({ empty: true }) withdrawnAt = '';
  @Time() updatedAt!: string;
  /** The department that relayed the last change on the holder's behalf. */
  @Text(MSP_ID_RULE) updatedByMsp!: string;
  @Text(ID_RULE) txId!: string;
}

/**
 * What the holder signs to consent (GrantConsent's `consentJson`): exactly one of `licenceId` and
 * `licenceType` (the chaincode checks that).
 */
export class ConsentPayload {
  @OneOf([GRANT_CONSENT_ACTION]) action!: typeof GRANT_CONSENT_ACTION;
  @Text(ID_RULE) consentId!: string;
  @Text(SHA256_HEX_RULE) holderRef!: string;
  @Text(MSP_ID_RULE) granteeMsp!: string;
  @Optional() @Text(ID_RULE) licenceId?: string;
  @Optional() @Text(CODE_RULE) licenceType?: string;
  @Text(PURPOSE_RULE) purpose!: string;
  @Time() expiresAt!: string;
  @Text(NONCE_RULE) nonce!: string;
}

/** What the holder signs to withdraw a consent (WithdrawConsent's `withdrawalJson`). */
export class WithdrawalPayload {
  @OneOf([WITHDRAW_CONSENT_ACTION]) action!: typeof WITHDRAW_CONSENT_ACTION;
  @Text(ID_RULE) consentId!: string;
  @Text(SHA256_HEX_RULE) holderRef!: string;
  @Text(NONCE_RULE) nonce!: string;
}

/**
 * The public record of one consented read of a licence's private detail: who, when, why, under which
 * consent. No personal data; the holder sees these through ListDetailAccesses.
 */
export class DetailAccess {
  /** The id of the transaction that recorded it; authorizes one ReadLicenseDetail for 10 minutes. */
  @Text(ID_RULE) accessId!: string;
  @Text(ID_RULE) licenceId!: string;
  @Text(ID_RULE) consentId!: string;
  /** The department that reads. */
  @Text(MSP_ID_RULE) accessorMsp!: string;
  @Text(PURPOSE_RULE) purpose!: string;
  /** Transaction time of the record. */
  @Time() accessedAt!: string;
  @Text(ID_RULE) txId!: string;
}
