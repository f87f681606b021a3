import { canonicalJson, verifyP256Signature } from '@govchain/chaincode-common';

/**
 * What a bidder signs, and how the chaincode checks it. Every payload is
 * signed as the UTF-8 bytes of its canonical JSON (keys sorted, no
 * whitespace) with ECDSA P-256 / SHA-256; the signature is hex, DER or the
 * 64-byte r‖s form. The `action` member keeps a signature for one action from
 * being used for another.
 */

/** The `action` of a key binding. */
export const BIND_BIDDER_KEY_ACTION = 'BIND_BIDDER_KEY';
/** The `action` of a first commitment (or a recommitment after a withdrawal). */
export const COMMIT_BID_ACTION = 'COMMIT_BID';
/** The `action` of a replacement. */
export const REPLACE_BID_ACTION = 'REPLACE_BID';
/** The `action` of a withdrawal. */
export const WITHDRAW_BID_ACTION = 'WITHDRAW_BID';

/**
 * The bidder's proof of possession of a key: signed by that key, it binds the
 * key to the bidder's credit code at this version. A version at or below the
 * bound one is refused, so an old binding cannot be replayed.
 */
export interface BidderKeyBindingPayload {
  readonly action: typeof BIND_BIDDER_KEY_ACTION;
  readonly uscc: string;
  /** The public key exactly as submitted (PEM, or hex of the DER SubjectPublicKeyInfo). */
  readonly publicKey: string;
  readonly keyVersion: number;
}

/**
 * A bidder's signed bid action. The signature covers the project, the bidder,
 * the centre relaying it, the bid's next sequence number and the key version,
 * so it cannot be replayed on another project, through another centre, after
 * a later action of the same bid, or after the key is rotated.
 */
export interface BidActionPayload {
  readonly action: typeof COMMIT_BID_ACTION | typeof REPLACE_BID_ACTION | typeof WITHDRAW_BID_ACTION;
  readonly projectId: string;
  readonly bidderCode: string;
  /** The trading centre that relays the bid (the caller). */
  readonly submittingCentreMsp: string;
  /** The bid's sequence after this action: 1 for a first commitment, one more for each later action. */
  readonly sequence: number;
  /** The version of the bidder key that signs. */
  readonly keyVersion: number;
  /** Commit and replace: the new commitment. */
  readonly commitment?: string;
  /** Commit and replace: the guarantee backing the bid, `''` for none. */
  readonly guaranteeId?: string;
  /** Commit: the bidder's business licence. */
  readonly licenceId?: string;
}

/**
 * @param payload - a signed payload
 * @returns the bytes the bidder signs: UTF-8 of its canonical JSON
 */
export function bidderSignedBytes(payload: BidderKeyBindingPayload | BidActionPayload): Uint8Array {
  return new TextEncoder().encode(canonicalJson(payload));
}

/**
 * @param spkiHex - the bidder's public key, hex DER SubjectPublicKeyInfo
 * @param payload - what the bidder is said to have signed
 * @param signatureHex - the signature, hex
 * @returns whether the signature verifies
 */
export function verifyBidderSignature(
  spkiHex: string,
  payload: BidderKeyBindingPayload | BidActionPayload,
  signatureHex: string,
): boolean {
  return verifyP256Signature(spkiHex, bidderSignedBytes(payload), signatureHex);
}
