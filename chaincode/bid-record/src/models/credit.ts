import {
  CODE_RULE,
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  corruptState,
} from '@govchain/chaincode-common';
import { USCC_RULE } from '../uscc';
import { BLACKLISTING_STATUSES, CREDIT_KINDS, oneOf, optional } from './rules';

/** One entry of a bidder's shared credit history, written by the centre (or regulator) that recorded it. */
export class CreditRecord {
  public bidderCode = '';

  /** BID, WIN, DEFAULT, VIOLATION or FULFILLED. */
  public kind = '';

  /** The project concerned; empty for a violation outside any project. */
  public projectId = '';

  /** The department that recorded it. */
  public recordedByMsp = '';

  /** Reason code (violations); empty otherwise. */
  public reasonCode = '';

  /** Fingerprint of supporting evidence; empty if none. */
  public evidenceFingerprint = '';

  public recordedAt = '';

  public txId = '';

  /**
   * Checks a record read back from the ledger.
   *
   * @param value - parsed JSON
   * @returns the record
   */
  static from(value: unknown): CreditRecord {
    const input = JsonObject.from(value, 'credit record', corruptState).allowOnly(Object.keys(new CreditRecord()));
    const record = new CreditRecord();
    record.bidderCode = input.string('bidderCode', USCC_RULE);
    record.kind = input.string('kind', oneOf(CREDIT_KINDS));
    record.projectId = optional(input, 'projectId', ID_RULE);
    record.recordedByMsp = input.string('recordedByMsp', MSP_ID_RULE);
    record.reasonCode = optional(input, 'reasonCode', CODE_RULE);
    record.evidenceFingerprint = optional(input, 'evidenceFingerprint', SHA256_HEX_RULE);
    record.recordedAt = input.string('recordedAt', ISO_UTC_RULE);
    record.txId = input.string('txId', ID_RULE);
    return record;
  }
}

/** A blacklisting ("joint punishment"): the bidder may not bid anywhere until it expires or its imposer lifts it. */
export class Blacklisting {
  /** The id of the transaction that imposed it. */
  public entryId = '';

  public bidderCode = '';

  /** Trading centre or regulator that imposed it (only its peers may endorse lifting it). */
  public imposedByMsp = '';

  public reasonCode = '';

  /** The project that gave rise to it; empty if none. */
  public projectId = '';

  public imposedAt = '';

  /** End of the blacklisting (exclusive). */
  public expiresAt = '';

  /** ACTIVE or LIFTED (expiry is judged against `expiresAt`). */
  public status = 'ACTIVE';

  /** Empty unless lifted. */
  public liftedAt = '';

  /** Empty unless lifted. */
  public liftReasonCode = '';

  public txId = '';

  /**
   * Checks a blacklisting read back from the ledger.
   *
   * @param value - parsed JSON
   * @returns the blacklisting
   */
  static from(value: unknown): Blacklisting {
    const input = JsonObject.from(value, 'blacklisting', corruptState).allowOnly(Object.keys(new Blacklisting()));
    const entry = new Blacklisting();
    entry.entryId = input.string('entryId', ID_RULE);
    entry.bidderCode = input.string('bidderCode', USCC_RULE);
    entry.imposedByMsp = input.string('imposedByMsp', MSP_ID_RULE);
    entry.reasonCode = input.string('reasonCode', CODE_RULE);
    entry.projectId = optional(input, 'projectId', ID_RULE);
    entry.imposedAt = input.string('imposedAt', ISO_UTC_RULE);
    entry.expiresAt = input.string('expiresAt', ISO_UTC_RULE);
    entry.status = input.string('status', oneOf(BLACKLISTING_STATUSES));
    entry.liftedAt = optional(input, 'liftedAt', ISO_UTC_RULE);
    entry.liftReasonCode = optional(input, 'liftReasonCode', CODE_RULE);
    entry.txId = input.string('txId', ID_RULE);
    return entry;
  }
}

/** What a guarantor prices a bid guarantee from: counts across every centre, blacklistings and recent records. */
export class BidderProfile {
  public bidderCode = '';

  /** The transaction time the profile was computed at. */
  public asOf = '';

  public bids = 0;

  public wins = 0;

  public defaults = 0;

  public violations = 0;

  public fulfilled = 0;

  /** Departments that recorded at least one record, sorted. */
  public recordedBy: string[] = [];

  /** Whether an active (not lifted, not expired) blacklisting exists at `asOf`. */
  public blacklisted = false;

  /** Every blacklisting of the bidder, oldest first. */
  public blacklistings: Blacklisting[] = [];

  /** The most recent records, newest first. */
  public recentRecords: CreditRecord[] = [];
}
