import { isoFromMillis, parseIsoTime } from '@govchain/chaincode-common';
import { type License, LicenseCheck, type LicenseCheckResult, LicenseVerification } from './models';

/**
 * Judges a licence against a presented fingerprint at a point in time. Pure.
 *
 * Order: NOT_FOUND, FINGERPRINT_MISMATCH, then the licence's standing at that
 * time ({@link standingAt}). A past time is judged against the current status
 * and its effective time; the full sequence of changes is in GetLicenseHistory.
 *
 * @param licenceId - the id asked about
 * @param licence - the licence, or undefined when it does not exist
 * @param fingerprint - the presented document's SHA-256 (already checked as 64 lowercase hex)
 * @param at - the time to judge at, epoch milliseconds
 * @returns the verification result
 */
export function judgeLicence(
  licenceId: string,
  licence: License | undefined,
  fingerprint: string,
  at: number,
): LicenseVerification {
  const result = new LicenseVerification();
  result.licenceId = licenceId;
  result.checkedAt = isoFromMillis(at);
  if (licence === undefined) {
    result.result = 'NOT_FOUND';
    return result;
  }
  result.status = licence.status;
  result.issuerMsp = licence.issuerMsp;
  result.type = licence.type;
  result.validFrom = licence.validFrom;
  result.validUntil = licence.validUntil;
  result.statusReason = licence.statusReason;
  result.successorId = licence.successorId;
  result.result = licence.fingerprint === fingerprint ? standingAt(licence, at) : 'FINGERPRINT_MISMATCH';
  return result;
}

/**
 * The same verdict as {@link judgeLicence} without a document: what a chaincode
 * that holds a licence id (a bidder's business licence, a unit's certificate)
 * must ask instead of reading the status field, which says SUPERSEDED for a
 * licence renewed ahead of time that is still VALID until its successor starts.
 * Pure.
 *
 * @param licenceId - the id asked about
 * @param licence - the licence, or undefined when it does not exist
 * @param at - the time to judge at, epoch milliseconds
 * @returns the verdict and the licence record (null when not found)
 */
export function checkLicence(licenceId: string, licence: License | undefined, at: number): LicenseCheck {
  const check = new LicenseCheck();
  check.licenceId = licenceId;
  check.checkedAt = isoFromMillis(at);
  check.result = licence === undefined ? 'NOT_FOUND' : standingAt(licence, at);
  check.licence = licence ?? null;
  return check;
}

/**
 * A licence's standing at a time: the status once its effective time is
 * reached (REVOKED, SUPERSEDED, SUSPENDED), then the validity window
 * (NOT_YET_VALID before `validFrom`, EXPIRED from `validUntil`), else VALID.
 *
 * @param licence - the licence
 * @param at - epoch milliseconds
 * @returns the standing
 */
export function standingAt(licence: License, at: number): LicenseCheckResult {
  const statusInForce = at >= parseIsoTime(licence.statusEffectiveAt, 'statusEffectiveAt');
  if (
    statusInForce &&
    (licence.status === 'REVOKED' || licence.status === 'SUPERSEDED' || licence.status === 'SUSPENDED')
  ) {
    return licence.status;
  }
  if (at < parseIsoTime(licence.validFrom, 'validFrom')) {
    return 'NOT_YET_VALID';
  }
  if (licence.validUntil !== '' && at >= parseIsoTime(licence.validUntil, 'validUntil')) {
    return 'EXPIRED';
  }
  return 'VALID';
}

/**
 * Whether a licence is superseded by a successor that has not taken over yet
 * (renewed or replaced ahead of time): until then it still verifies by its own
 * status before the supersession, which is ACTIVE.
 *
 * @param licence - the licence
 * @param at - epoch milliseconds
 * @returns true while the supersession is pending
 */
export function supersessionPending(licence: License, at: number): boolean {
  return licence.status === 'SUPERSEDED' && at < parseIsoTime(licence.statusEffectiveAt, 'statusEffectiveAt');
}
