/* eslint-disable @typescript-eslint/no-inferrable-types -- fabric-contract-api reads each @Property's design:type, which TypeScript emits only from an explicit annotation. */
import { Object as DataType, Property } from 'fabric-contract-api';
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
@DataType()
export class CreditRecord {
  @Property()
  public bidderCode: string = '';

  /** BID, WIN, DEFAULT, VIOLATION or FULFILLED. */
  @Property()
  public kind: string = '';

  /** The project concerned; empty for a violation outside any project. */
  @Property()
  public projectId: string = '';

  /** The department that recorded it. */
  @Property()
  public recordedByMsp: string = '';

  /** Reason code (violations); empty otherwise. */
  @Property()
  public reasonCode: string = '';

  /** Fingerprint of supporting evidence; empty if none. */
  @Property()
  public evidenceFingerprint: string = '';

  @Property()
  public recordedAt: string = '';

  @Property()
  public txId: string = '';

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
@DataType()
export class Blacklisting {
  /** The id of the transaction that imposed it. */
  @Property()
  public entryId: string = '';

  @Property()
  public bidderCode: string = '';

  /** Trading centre or regulator that imposed it (only its peers may endorse lifting it). */
  @Property()
  public imposedByMsp: string = '';

  @Property()
  public reasonCode: string = '';

  /** The project that gave rise to it; empty if none. */
  @Property()
  public projectId: string = '';

  @Property()
  public imposedAt: string = '';

  /** End of the blacklisting (exclusive). */
  @Property()
  public expiresAt: string = '';

  /** ACTIVE or LIFTED (expiry is judged against `expiresAt`). */
  @Property()
  public status: string = 'ACTIVE';

  /** Empty unless lifted. */
  @Property()
  public liftedAt: string = '';

  /** Empty unless lifted. */
  @Property()
  public liftReasonCode: string = '';

  @Property()
  public txId: string = '';

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
@DataType()
export class BidderProfile {
  @Property()
  public bidderCode: string = '';

  /** The transaction time the profile was computed at. */
  @Property()
  public asOf: string = '';

  @Property()
  public bids: number = 0;

  @Property()
  public wins: number = 0;

  @Property()
  public defaults: number = 0;

  @Property()
  public violations: number = 0;

  @Property()
  public fulfilled: number = 0;

  /** Departments that recorded at least one record, sorted. */
  @Property('recordedBy', 'string[]')
  public recordedBy: string[] = [];

  /** Whether an active (not lifted, not expired) blacklisting exists at `asOf`. */
  @Property()
  public blacklisted: boolean = false;

  /** Every blacklisting of the bidder, oldest first. */
  @Property('blacklistings', 'Blacklisting[]')
  public blacklistings: Blacklisting[] = [];

  /** The most recent records, newest first. */
  @Property('recentRecords', 'CreditRecord[]')
  public recentRecords: CreditRecord[] = [];
}
