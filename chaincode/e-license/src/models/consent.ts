import {
  CODE_RULE,
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  corruptState,
} from '@govchain/chaincode-common';

export const CONSENT_STATUSES = ['ACTIVE', 'WITHDRAWN'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** Consent purpose: free text of a department's stated purpose (never personal data). */
export const PURPOSE_RULE = { minLength: 1, maxLength: 256 } as const;
/** Nonce chosen by the holder's wallet. */
export const NONCE_RULE = {
  minLength: 8,
  maxLength: 128,
  pattern: /^[A-Za-z0-9_-]+$/,
  patternHint: 'letters, digits, _ and -',
} as const;
/** Signature hex: DER (up to 72 bytes) or P1363 (64 bytes). */
export const SIGNATURE_RULE = {
  minLength: 16,
  maxLength: 160,
  pattern: /^(?:[0-9a-f]{2})+$/,
  patternHint: 'lowercase hex of an ECDSA P-256 signature',
} as const;

/**
 * A holder's consent: the grantee department may read the private detail of
 * one licence, or of all the holder's licences of one type, for a purpose,
 * until `expiresAt`. Proven by the holder's signature with the key bound at
 * issuance.
 */
export class Consent {
  public consentId = '';

  /** Holder reference of the consenting holder. */
  public holderRef = '';

  /** MSP id of the department the consent is granted to. */
  public granteeMsp = '';

  /** Scope: one licence (empty when the scope is a licence type). */
  public licenceId = '';

  /** Scope: all the holder's licences of this type (empty when the scope is one licence). */
  public licenceType = '';

  public purpose = '';

  /** End of the consent (exclusive), ISO-8601 UTC, exactly as signed. */
  public expiresAt = '';

  /** Holder's nonce, exactly as signed. */
  public nonce = '';

  /** Holder's signature over the canonical consent JSON, hex. */
  public signature = '';

  /** SHA-256 fingerprint of the holder key that signed. */
  public holderKeyFingerprint = '';

  /** ACTIVE or WITHDRAWN (expiry is judged against `expiresAt`). */
  public status = 'ACTIVE';

  public grantedAt = '';

  /** Withdrawal time; empty while active. */
  public withdrawnAt = '';

  public updatedAt = '';

  /** MSP that submitted the last change on the holder's behalf. */
  public updatedByMsp = '';

  public txId = '';

  /**
   * Checks a consent read back from the ledger.
   *
   * @param value - parsed JSON
   * @returns the consent
   */
  static from(value: unknown): Consent {
    const input = JsonObject.from(value, 'consent', corruptState).allowOnly(Object.keys(new Consent()));
    const consent = new Consent();
    consent.consentId = input.string('consentId', ID_RULE);
    consent.holderRef = input.string('holderRef', SHA256_HEX_RULE);
    consent.granteeMsp = input.string('granteeMsp', MSP_ID_RULE);
    consent.licenceId = input.optionalString('licenceId', ID_RULE) ?? '';
    consent.licenceType = input.optionalString('licenceType', CODE_RULE) ?? '';
    consent.purpose = input.string('purpose', PURPOSE_RULE);
    consent.expiresAt = input.string('expiresAt', ISO_UTC_RULE);
    consent.nonce = input.string('nonce', NONCE_RULE);
    consent.signature = input.string('signature', SIGNATURE_RULE);
    consent.holderKeyFingerprint = input.string('holderKeyFingerprint', SHA256_HEX_RULE);
    consent.status = input.string('status', { pattern: /^(ACTIVE|WITHDRAWN)$/ });
    consent.grantedAt = input.string('grantedAt', ISO_UTC_RULE);
    consent.withdrawnAt = input.optionalString('withdrawnAt', ISO_UTC_RULE) ?? '';
    consent.updatedAt = input.string('updatedAt', ISO_UTC_RULE);
    consent.updatedByMsp = input.string('updatedByMsp', MSP_ID_RULE);
    consent.txId = input.string('txId', ID_RULE);
    return consent;
  }
}
