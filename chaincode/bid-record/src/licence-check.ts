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

/** What bid-record reads from an e-license GetLicense result. */
export interface LicenceView {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly validFrom: number;
  readonly validUntil: number | undefined;
  readonly unifiedSocialCreditCode: string | undefined;
}

/**
 * Parses e-license's GetLicense result (only the members bid-record relies on).
 *
 * @param text - the result text
 * @param licenceId - the licence asked for
 * @returns the view
 * @throws Error when e-license answered something unexpected (not a refusal of the bid)
 */
function parseLicence(text: string, licenceId: string): LicenceView {
  const fail = (detail: string): Error => new Error(`unexpected e-license answer for licence ${licenceId}: ${detail}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw fail('not JSON');
  }
  const input = JsonObject.from(parsed, 'licence', fail);
  const metadata = input.object('metadata');
  const validUntil = input.optionalString('validUntil');
  return {
    id: input.string('id'),
    type: input.string('type'),
    status: input.string('status'),
    validFrom: parseIsoTime(input.string('validFrom'), 'validFrom', fail),
    validUntil: validUntil === undefined ? undefined : parseIsoTime(validUntil, 'validUntil', fail),
    unifiedSocialCreditCode: metadata.optionalString('unifiedSocialCreditCode'),
  };
}

/**
 * Judges a licence for bidding at a time.
 *
 * @param licence - the licence
 * @param bidderCode - the bidder
 * @param now - transaction time
 * @returns why the licence does not qualify, or undefined when it does
 */
export function licenceProblem(licence: LicenceView, bidderCode: string, now: number): string | undefined {
  if (licence.type !== BUSINESS_LICENCE_TYPE) {
    return `licence ${licence.id} is a ${licence.type}, not a ${BUSINESS_LICENCE_TYPE}`;
  }
  if (licence.unifiedSocialCreditCode !== bidderCode) {
    return `licence ${licence.id} is not held by bidder ${bidderCode}`;
  }
  if (licence.status !== 'ACTIVE') {
    return `licence ${licence.id} is ${licence.status}`;
  }
  if (now < licence.validFrom) {
    return `licence ${licence.id} is not valid before ${isoFromMillis(licence.validFrom)}`;
  }
  if (licence.validUntil !== undefined && now >= licence.validUntil) {
    return `licence ${licence.id} expired at ${isoFromMillis(licence.validUntil)}`;
  }
  return undefined;
}

/**
 * Requires the bidder to hold an ACTIVE business licence at the transaction
 * time, by calling e-license `GetLicense` on the same channel (the call only
 * reads; its reads join this transaction's read set).
 *
 * @param ctx - transaction context
 * @param licenceId - the bidder's business licence id
 * @param bidderCode - the bidder's unified social credit code
 * @param now - transaction time
 * @throws PRECONDITION_FAILED when the licence does not exist, is of another type or holder, or is not ACTIVE and valid
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
    text = await invokeChaincodeText(ctx, E_LICENSE_CHAINCODE, 'GetLicense', [licenceId]);
  } catch (err) {
    if (err instanceof ChaincodeError) {
      throw preconditionFailed(`${prefix}: ${err.message}`);
    }
    throw err;
  }
  const problem = licenceProblem(parseLicence(text, licenceId), bidderCode, now);
  if (problem !== undefined) {
    throw preconditionFailed(`${prefix}: ${problem}`);
  }
}
