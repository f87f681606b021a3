import { License } from './license';

/** Outcomes of VerifyLicense. */
export const VERIFICATION_RESULTS = [
  'VALID',
  'FINGERPRINT_MISMATCH',
  'REVOKED',
  'SUPERSEDED',
  'SUSPENDED',
  'EXPIRED',
  'NOT_YET_VALID',
  'NOT_FOUND',
] as const;
export type VerificationResultCode = (typeof VERIFICATION_RESULTS)[number];

/** Outcomes of CheckLicense: those of VerifyLicense without a document to compare. */
export type StandingCode = Exclude<VerificationResultCode, 'FINGERPRINT_MISMATCH'>;

/** Result of comparing a document's fingerprint and the time with the ledger. */
export class VerificationResult {
  public licenceId = '';

  /** One of {@link VERIFICATION_RESULTS}. */
  public result = 'NOT_FOUND';

  /** Licence status on the ledger; empty when not found. */
  public status = '';

  /** Issuing department; empty when not found. */
  public issuerMsp = '';

  /** Licence-type code; empty when not found. */
  public type = '';

  /** The time the licence was judged at, ISO-8601 UTC. */
  public checkedAt = '';

  public validFrom = '';

  public validUntil = '';

  /** Reason code of the last status change; empty when not found. */
  public statusReason = '';

  /** Successor licence when superseded; otherwise empty. */
  public successorId = '';
}

/**
 * Result of CheckLicense: e-license's verdict on a licence at a time without a
 * document (what other chaincodes ask instead of reading the status field),
 * with the record the verdict was reached on.
 */
export class LicenseCheck {
  public licenceId = '';

  /** One of {@link VERIFICATION_RESULTS} except FINGERPRINT_MISMATCH. */
  public result = 'NOT_FOUND';

  /** The time the licence was judged at, ISO-8601 UTC. */
  public checkedAt = '';

  /** The licence record; null when not found. */
  public licence: License | null = null;
}

/** One entry of a licence's history. */
export class LicenseHistoryEntry {
  public txId = '';

  /** Transaction time, ISO-8601 UTC. */
  public timestamp = '';

  /** MSP that submitted the change (from the record's `updatedByMsp`). */
  public submitterMsp = '';

  public isDelete = false;

  /** The licence as written by that transaction (null for a delete). */
  public value: License | null = null;
}
