import { Bool, Int, NestedList, OneOf, Text, TextList, Time } from '../decorators';
import { CODE_RULE, ID_RULE, MSP_ID_RULE, SHA256_HEX_RULE } from '../rules';
import { UsccShape } from './members';
import { BLACKLISTING_STATUSES, type BlacklistingStatus, CREDIT_KINDS, type CreditKind } from './rules';

const LATER = { empty: true } as const;

/** One entry of a bidder's shared credit history, written by the centre (or regulator) that recorded it. */
export class CreditRecord {
  @UsccShape() bidderCode!: string;

  @OneOf(CREDIT_KINDS) kind!: CreditKind;

  /** The project concerned; empty for a violation outside any project. */
  @Text(ID_RULE, LATER) projectId = '';

  /** The department that recorded it. */
  @Text(MSP_ID_RULE) recordedByMsp!: string;

  /** Reason code (violations); empty otherwise. */
  @Text(CODE_RULE, LATER) reasonCode = '';

  /** Fingerprint of supporting evidence; empty if none. */
  @Text(SHA256_HEX_RULE, LATER) evidenceFingerprint = '';

  @Time() recordedAt!: string;

  @Text(ID_RULE) txId!: string;
}

/** A blacklisting ("joint punishment"): the bidder may not bid anywhere until it expires or its imposer lifts it. */
export class Blacklisting {
  /** The id of the transaction that imposed it. */
  @Text(ID_RULE) entryId!: string;

  @UsccShape() bidderCode!: string;

  /** Trading centre or regulator that imposed it (only its peers may endorse lifting it). */
  @Text(MSP_ID_RULE) imposedByMsp!: string;

  @Text(CODE_RULE) reasonCode!: string;

  /** The project that gave rise to it; empty if none. */
  @Text(ID_RULE, LATER) projectId = '';

  @Time() imposedAt!: string;

  /** End of the blacklisting (exclusive). */
  @Time() expiresAt!: string;

  /** Expiry is judged against `expiresAt`. */
  @OneOf(BLACKLISTING_STATUSES) status: BlacklistingStatus = 'ACTIVE';

  /** Empty unless lifted. */
  @Time(LATER) liftedAt = '';

  /** Empty unless lifted. */
  @Text(CODE_RULE, LATER) liftReasonCode = '';

  @Text(ID_RULE) txId!: string;
}

/** What a guarantor prices a bid guarantee from: counts across every centre, blacklistings and recent records. */
export class BidderProfile {
  @UsccShape() bidderCode!: string;

  /** The transaction time the profile was computed at. */
  @Time() asOf!: string;

  @Int(0) bids = 0;

  @Int(0) wins = 0;

  @Int(0) defaults = 0;

  @Int(0) violations = 0;

  @Int(0) fulfilled = 0;

  /** Departments that recorded at least one record, sorted. */
  @TextList(MSP_ID_RULE, { max: 10_000 }) recordedBy: string[] = [];

  /** Whether an active (not lifted, not expired) blacklisting exists at `asOf`. */
  @Bool() blacklisted = false;

  /** Every blacklisting of the bidder, oldest first. */
  @NestedList(() => Blacklisting, { max: 10_000 }) blacklistings: Blacklisting[] = [];

  /** The most recent records, newest first. */
  @NestedList(() => CreditRecord, { max: 100 }) recentRecords: CreditRecord[] = [];
}
