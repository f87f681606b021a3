import { verifyP256Signature } from '@govchain/chaincode-common';
import { type BidActionPayload, type BidderKeyBinding, bidderSignedBytes } from '@govchain/protocol/bid-record';

/**
 * @param spkiHex - the bidder's public key, hex DER SubjectPublicKeyInfo
 * @param payload - what the bidder is said to have signed (see `@govchain/protocol/bid-record` signing)
 * @param signatureHex - the signature, hex (DER or 64-byte r‖s)
 * @returns whether the signature verifies
 */
export function verifyBidderSignature(
  spkiHex: string,
  payload: Pick<BidderKeyBinding, keyof BidderKeyBinding> | BidActionPayload,
  signatureHex: string,
): boolean {
  return verifyP256Signature(spkiHex, bidderSignedBytes(payload), signatureHex);
}
