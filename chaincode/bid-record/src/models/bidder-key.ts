import {
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  corruptState,
} from '@govchain/chaincode-common';
import { USCC_RULE } from '../uscc';

/** Hex of a DER SubjectPublicKeyInfo (a P-256 key is 91 bytes). */
export const SPKI_HEX_RULE = {
  maxLength: 512,
  pattern: /^(?:[0-9a-f]{2})+$/,
  patternHint: 'lowercase hex of a DER SubjectPublicKeyInfo',
} as const;

/**
 * A bidder's signing key, bound to its unified social credit code by a bidder
 * key authority (Market Regulation, which registers enterprises and issues
 * their business licences) with the bidder's proof of possession. Every
 * commitment, replacement and withdrawal of the bidder's bids carries a
 * signature by this key.
 */
export class BidderKey {
  /** The bidder's unified social credit code. */
  public bidderCode = '';

  /** The P-256 public key, hex of its DER SubjectPublicKeyInfo. */
  public publicKey = '';

  /** SHA-256 of the DER SubjectPublicKeyInfo. */
  public fingerprint = '';

  /** 1 for the first binding, one more at each rotation. */
  public keyVersion = 0;

  /** The authority that bound it (only it, with one other department, may rotate it). */
  public boundByMsp = '';

  public boundAt = '';

  public txId = '';

  /**
   * Checks a binding read back from the ledger.
   *
   * @param value - parsed JSON
   * @returns the binding
   */
  static from(value: unknown): BidderKey {
    const input = JsonObject.from(value, 'bidder key', corruptState).allowOnly(Object.keys(new BidderKey()));
    const key = new BidderKey();
    key.bidderCode = input.string('bidderCode', USCC_RULE);
    key.publicKey = input.string('publicKey', SPKI_HEX_RULE);
    key.fingerprint = input.string('fingerprint', SHA256_HEX_RULE);
    key.keyVersion = input.integer('keyVersion', 1, 1_000_000);
    key.boundByMsp = input.string('boundByMsp', MSP_ID_RULE);
    key.boundAt = input.string('boundAt', ISO_UTC_RULE);
    key.txId = input.string('txId', ID_RULE);
    return key;
  }
}
