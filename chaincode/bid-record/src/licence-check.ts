import type { Context } from 'fabric-contract-api';
import {
  ChaincodeError,
  JsonObject,
  invokeChaincodeText,
  isoFromMillis,
  parseIsoTime,
  preconditionFailed,
} from '@govchain/chaincode-common';

/** Name of the licence chaincode on the same channel. */
export const E_LICENSE_CHAINCODE = 'e-license';
/** Licence type a bidder must hold. */
export const BUSINESS_LICENCE_TYPE = 'BUSINESS_LICENCE';

/**
 * What bid-record reads from an e-license CheckLicense result: e-license's own
 * verdict at the transaction time and the members of the record it needs.
 */
export interface LicenceView {
  readonly id: string;
  /** e-license's verdict (VALID, NOT_FOUND, SUSPENDED, REVOKED, SUPERSEDED, NOT_YET_VALID, EXPIRED). */
  readonly result: string;
  /** The record's members; undefined when e-license has no such licence. */
  readonly record:
    | {
        readonly type: string;
        readonly validFrom: number;
        readonly validUntil: number | undefined;
        readonly unifiedSocialCreditCode: string | undefined;
      }
    | undefined;
}

/**
 * Parses e-license's CheckLicense result (only the members bid-record relies on).
 *
 * @param text - the result text
 * @param licenceId - the licence asked for
 * @returns the view
 * @throws Error when e-license answered something unexpected (not a refusal of the bid)
 */
function parseCheck(text: string, licenceId: string): LicenceView {
  const fail = (detail: string): Error => new Error(`unexpected e-license answer for licence ${licenceId}: ${detail}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw fail('not JSON');
  }
  const input = JsonObject.from(parsed, 'check', fail);
  const result = input.string('result');
  const raw = input.raw('licence');
  if (raw === null || raw === undefined) {
    return { id: licenceId, result, record: undefined };
  }
  const licence = JsonObject.from(raw, 'licence', fail);
  const validUntil = licence.optionalString('validUntil');
  return {
    id: licenceId,
    result,
    record: {
      type: licence.string('type'),
      validFrom: parseIsoTime(licence.string('validFrom'), 'validFrom', fail),
      validUntil: validUntil === undefined ? undefined : parseIsoTime(validUntil, 'validUntil', fail),
      unifiedSocialCreditCode: licence.object('metadata').optionalString('unifiedSocialCreditCode'),
    },
  };
}

/**
 * Judges a licence for bidding from e-license's verdict: never from the status
 * field, which says SUPERSEDED for a licence renewed ahead of time that
 * e-license still judges VALID until its successor starts.
 *
 * @param licence - e-license's verdict and record
 * @param bidderCode - the bidder
 * @returns why the licence does not qualify, or undefined when it does
 */
export function licenceProblem(licence: LicenceView, bidderCode: string): string | undefined {
  const { record } = licence;
  if (record === undefined) {
    return `licence ${licence.id} does not exist in e-license`;
  }
  if (record.type !== BUSINESS_LICENCE_TYPE) {
    return `licence ${licence.id} is a ${record.type}, not a ${BUSINESS_LICENCE_TYPE}`;
  }
  if (record.unifiedSocialCreditCode !== bidderCode) {
    return `licence ${licence.id} is not held by bidder ${bidderCode}`;
  }
  switch (licence.result) {
    case 'VALID':
      return undefined;
    case 'NOT_YET_VALID':
      return `licence ${licence.id} is not valid before ${isoFromMillis(record.validFrom)}`;
    case 'EXPIRED':
      return `licence ${licence.id} expired at ${isoFromMillis(record.validUntil ?? 0)}`;
    default:
      return `licence ${licence.id} is ${licence.result}`;
  }
}

/**
 * Requires the bidder to hold a business licence that e-license judges VALID
 * at the transaction time, by calling e-license `CheckLicense` on the same
 * channel with that time (the call only reads; its reads join this
 * transaction's read set).
 *
 * @param ctx - transaction context
 * @param licenceId - the bidder's business licence id
 * @param bidderCode - the bidder's unified social credit code
 * @param now - transaction time
 * @throws PRECONDITION_FAILED when the licence does not exist, is of another type or holder, or is not VALID
 * @throws Error (no stable code) when e-license cannot be called or answers something unexpected
 */
export async function requireActiveBusinessLicence(
  ctx: Context,
  licenceId: string,
  bidderCode: string,
  now: number,
): Promise<void> {
  const prefix = `bidder ${bidderCode} has no ACTIVE business licence`;
  let text: string;
  try {
    text = await invokeChaincodeText(ctx, E_LICENSE_CHAINCODE, 'CheckLicense', [licenceId, isoFromMillis(now)]);
  } catch (err) {
    if (err instanceof ChaincodeError) {
      throw preconditionFailed(`${prefix}: ${err.message}`);
    }
    throw err;
  }
  const problem = licenceProblem(parseCheck(text, licenceId), bidderCode);
  if (problem !== undefined) {
    throw preconditionFailed(`${prefix}: ${problem}`);
  }
}
