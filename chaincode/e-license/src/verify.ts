import { isoFromMillis, parseIsoTime } from '@govchain/chaincode-common';
import { type License, VerificationResult, type VerificationResultCode } from './models';

/**
 * Judges a licence against a presented fingerprint at a point in time. Pure.
 *
 * Order: NOT_FOUND, FINGERPRINT_MISMATCH, then the status if its effective time
 * has been reached (REVOKED, SUPERSEDED, SUSPENDED), then the validity window
 * (NOT_YET_VALID before `validFrom`, EXPIRED from `validUntil`), else VALID.
 * A past time is judged against the current status and its effective time; the
 * full sequence of changes is in GetLicenseHistory.
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
): VerificationResult {
  const result = new VerificationResult();
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
  result.result = outcome(licence, fingerprint, at);
  return result;
}

function outcome(licence: License, fingerprint: string, at: number): VerificationResultCode {
  if (licence.fingerprint !== fingerprint) {
    return 'FINGERPRINT_MISMATCH';
  }
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
