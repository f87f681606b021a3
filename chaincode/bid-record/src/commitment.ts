import { canonicalJson, sha256Hex } from '@govchain/chaincode-common';

/** What a bidder commits to (and reveals at the opening). */
export interface BidReveal {
  readonly projectId: string;
  readonly bidderCode: string;
  /** Price in fen, a positive safe integer. */
  readonly price: number;
  readonly salt: string;
  readonly bidDocumentFingerprint: string;
}

/**
 * The bid commitment: SHA-256 over the UTF-8 bytes of
 * `canonicalJson({ bidDocumentFingerprint, bidderCode, price, projectId, salt })`
 * (keys sorted, no whitespace, price as a JSON integer), as 64 lowercase hex.
 * Clients compute the same value with the gateway client's `bidCommitment`.
 *
 * @param reveal - the revealed values
 * @returns the commitment
 *
 * @example
 * bidCommitment({ projectId: 'P-1', bidderCode: '91350100M000100Y43', price: 9_800_000_00,
 *   salt: '…32+ characters…', bidDocumentFingerprint: '…64 hex…' });
 */
export function bidCommitment(reveal: BidReveal): string {
  return sha256Hex(
    canonicalJson({
      bidDocumentFingerprint: reveal.bidDocumentFingerprint,
      bidderCode: reveal.bidderCode,
      price: reveal.price,
      projectId: reveal.projectId,
      salt: reveal.salt,
    }),
  );
}
