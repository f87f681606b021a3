import { type FailureFactory, JsonObject, SHA256_HEX_RULE } from '@govchain/chaincode-common';
import { MAX_OWNERS, SHARE_TOTAL } from './rules';

/** An owner (or seller, buyer) of a unit: a holder reference and a share in basis points. */
export class OwnerShare {
  /** Holder reference (e-license HMAC of the normalized ID number), 64 lowercase hex characters. */
  public holderRef = '';

  /** Share in basis points (1–10000); the shares of a list sum to 10000. */
  public shareBasisPoints = 0;

  /**
   * @param value - parsed JSON
   * @param what - its name in messages
   * @param fail - error factory
   * @returns the share
   */
  static from(value: unknown, what: string, fail: FailureFactory): OwnerShare {
    const input = JsonObject.from(value, what, fail).allowOnly(['holderRef', 'shareBasisPoints']);
    const share = new OwnerShare();
    share.holderRef = input.string('holderRef', SHA256_HEX_RULE);
    share.shareBasisPoints = input.integer('shareBasisPoints', 1, SHARE_TOTAL);
    return share;
  }
}

/**
 * Reads a list of owner shares: 1 to {@link MAX_OWNERS} distinct holders whose
 * shares sum to exactly 10000 basis points.
 *
 * @param input - the object holding the list
 * @param field - the member name
 * @param what - the object's name in messages
 * @param fail - error factory
 * @returns the shares, sorted by holder reference
 */
export function readOwnerShares(input: JsonObject, field: string, what: string, fail: FailureFactory): OwnerShare[] {
  const shares = input
    .array(field, 1, MAX_OWNERS)
    .map((item, index) => OwnerShare.from(item, `${what}.${field}[${index}]`, fail));
  const refs = shares.map((share) => share.holderRef);
  const duplicate = refs.findIndex((ref, index) => refs.indexOf(ref) !== index);
  if (duplicate >= 0) {
    throw fail(`${what}.${field}[${duplicate}] repeats a holder`);
  }
  const total = shares.reduce((sum, share) => sum + share.shareBasisPoints, 0);
  if (total !== SHARE_TOTAL) {
    throw fail(`${what}.${field} shares must sum to ${SHARE_TOTAL} basis points, not ${total}`);
  }
  return shares.sort((a, b) => compareStrings(a.holderRef, b.holderRef));
}

/**
 * @param a - first list
 * @param b - second list
 * @returns whether both name the same holders with the same shares (order ignored)
 */
export function sameShares(a: readonly OwnerShare[], b: readonly OwnerShare[]): boolean {
  const key = (list: readonly OwnerShare[]): string =>
    list
      .map((share) => `${share.holderRef}:${share.shareBasisPoints}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

/**
 * Code-unit string comparison (the order used wherever lists are written).
 *
 * @param a - first string
 * @param b - second string
 * @returns negative, zero or positive
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
