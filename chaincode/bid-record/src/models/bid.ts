import {
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  corruptState,
} from '@govchain/chaincode-common';
import { USCC_RULE } from '../uscc';
import { BID_STATUSES, DISQUALIFICATION_REASONS, MAX_AMOUNT, SALT_RULE, oneOf, optional } from './rules';

/**
 * A sealed bid: until the opening only its commitment
 * `SHA-256(canonicalJson({bidDocumentFingerprint, bidderCode, price, projectId, salt}))`
 * is on the ledger; the price, salt and bid-document fingerprint become public
 * when it is revealed at the opening.
 */
export class Bid {
  public projectId = '';

  /** The bidder's unified social credit code. */
  public bidderCode = '';

  /** The bidder's business licence in e-license, checked ACTIVE at commit and replace. */
  public licenceId = '';

  /**
   * The trading centre that submitted the bid on the bidder's behalf (only it may replace, withdraw or
   * recommit it; with the publishing centre it must endorse every change of the bid).
   */
  public submittedByMsp = '';

  /** 64 lowercase hex characters. */
  public commitment = '';

  /** Bid guarantee backing the bid; empty if none. */
  public guaranteeId = '';

  /** COMMITTED, WITHDRAWN, VALID or DISQUALIFIED. */
  public status = 'COMMITTED';

  /** NOT_REVEALED, COMMITMENT_MISMATCH, PRICE_ABOVE_BUDGET or BLACKLISTED when disqualified; otherwise empty. */
  public disqualificationReason = '';

  /** Revealed price, fen; 0 until revealed. */
  public price = 0;

  /** Revealed salt; empty until revealed. */
  public salt = '';

  /** Revealed bid-document fingerprint; empty until revealed. */
  public bidDocumentFingerprint = '';

  public revealedAt = '';

  /** Time of the first commitment. */
  public committedAt = '';

  /** How many times the commitment was replaced or recommitted after a withdrawal. */
  public replacements = 0;

  /**
   * How many bidder-signed actions (commit, replace, withdraw, recommit) the bid has taken; the next one
   * must be signed over `sequence + 1`, so an old signature cannot be replayed.
   */
  public sequence = 0;

  /** Version of the bidder key that signed the last action. */
  public keyVersion = 0;

  public updatedAt = '';

  public updatedByMsp = '';

  public txId = '';

  /**
   * Checks a bid read back from the ledger.
   *
   * @param value - parsed JSON
   * @returns the bid
   */
  static from(value: unknown): Bid {
    const input = JsonObject.from(value, 'bid', corruptState).allowOnly(Object.keys(new Bid()));
    const bid = new Bid();
    bid.projectId = input.string('projectId', ID_RULE);
    bid.bidderCode = input.string('bidderCode', USCC_RULE);
    bid.licenceId = input.string('licenceId', ID_RULE);
    bid.submittedByMsp = input.string('submittedByMsp', MSP_ID_RULE);
    bid.commitment = input.string('commitment', SHA256_HEX_RULE);
    bid.guaranteeId = optional(input, 'guaranteeId', ID_RULE);
    bid.status = input.string('status', oneOf(BID_STATUSES));
    bid.disqualificationReason = optional(input, 'disqualificationReason', oneOf(DISQUALIFICATION_REASONS));
    bid.price = input.integer('price', 0, MAX_AMOUNT);
    bid.salt = optional(input, 'salt', SALT_RULE);
    bid.bidDocumentFingerprint = optional(input, 'bidDocumentFingerprint', SHA256_HEX_RULE);
    bid.revealedAt = optional(input, 'revealedAt', ISO_UTC_RULE);
    bid.committedAt = input.string('committedAt', ISO_UTC_RULE);
    bid.replacements = input.integer('replacements', 0, 1_000_000);
    bid.sequence = input.integer('sequence', 1, 1_000_000);
    bid.keyVersion = input.integer('keyVersion', 1, 1_000_000);
    bid.updatedAt = input.string('updatedAt', ISO_UTC_RULE);
    bid.updatedByMsp = input.string('updatedByMsp', MSP_ID_RULE);
    bid.txId = input.string('txId', ID_RULE);
    return bid;
  }
}
