import { Int, Nested, NestedList, OneOf, Text, Time } from '../decorators';
import { ID_RULE, MSP_ID_RULE, SHA256_HEX_RULE } from '../rules';
import { OneOfOrEmpty, UsccShape } from './members';
import { TenderProject } from './project';
import {
  BID_STATUSES,
  type BidStatus,
  DISQUALIFICATION_REASONS,
  type DisqualificationReason,
  MAX_AMOUNT,
  SALT_RULE,
} from './rules';
import { Uscc } from './uscc';

const LATER = { empty: true } as const;

/**
 * A sealed bid: until the opening only its commitment ({@link bidCommitment}) is on the ledger; the price,
 * salt and bid-document fingerprint become public when it is revealed at the opening.
 */
export class Bid {
  @Text(ID_RULE) projectId!: string;

  /** The bidder's unified social credit code. */
  @UsccShape() bidderCode!: string;

  /** The bidder's business licence in e-license, checked ACTIVE at commit and replace. */
  @Text(ID_RULE) licenceId!: string;

  /**
   * The trading centre that submitted the bid on the bidder's behalf (only it may replace, withdraw or
   * recommit it; with the publishing centre it must endorse every change of the bid).
   */
  @Text(MSP_ID_RULE) submittedByMsp!: string;

  @Text(SHA256_HEX_RULE) commitment!: string;

  /** Bid guarantee backing the bid; empty if none. */
  @Text(ID_RULE, LATER) guaranteeId = '';

  @OneOf(BID_STATUSES) status: BidStatus = 'COMMITTED';

  /** Why it was disqualified; empty otherwise. */
  @OneOfOrEmpty(DISQUALIFICATION_REASONS) disqualificationReason: DisqualificationReason | '' = '';

  /** Revealed price, fen; 0 until revealed. */
  @Int(0, MAX_AMOUNT) price = 0;

  /** Revealed salt; empty until revealed. */
  @Text(SALT_RULE, LATER) salt = '';

  /** Revealed bid-document fingerprint; empty until revealed. */
  @Text(SHA256_HEX_RULE, LATER) bidDocumentFingerprint = '';

  @Time(LATER) revealedAt = '';

  /** Time of the first commitment. */
  @Time() committedAt!: string;

  /** How many times the commitment was replaced or recommitted after a withdrawal. */
  @Int(0, 1_000_000) replacements = 0;

  /**
   * How many bidder-signed actions (commit, replace, withdraw, recommit) the bid has taken; the next one
   * must be signed over `sequence + 1`, so an old signature cannot be replayed.
   */
  @Int(1, 1_000_000) sequence!: number;

  /** Version of the bidder key that signed the last action. */
  @Int(1, 1_000_000) keyVersion!: number;

  @Time() updatedAt!: string;

  @Text(MSP_ID_RULE) updatedByMsp!: string;

  @Text(ID_RULE) txId!: string;
}

/** One reveal presented at the opening (an element of OpenBids' argument). */
export class OpeningReveal {
  @Uscc() bidderCode!: string;

  /** Fen. */
  @Int(1, MAX_AMOUNT) price!: number;

  @Text(SALT_RULE) salt!: string;

  @Text(SHA256_HEX_RULE) bidDocumentFingerprint!: string;
}

/** What OpenBids did to one bid. */
export class OpeningOutcome {
  @UsccShape() bidderCode!: string;

  @OneOf(BID_STATUSES) status!: BidStatus;

  @OneOfOrEmpty(DISQUALIFICATION_REASONS) disqualificationReason: DisqualificationReason | '' = '';

  @Int(0, MAX_AMOUNT) price!: number;
}

/** OpenBids' result: the project and the outcome of every bid. */
export class OpeningResult {
  @Nested(() => TenderProject) project!: TenderProject;

  @NestedList(() => OpeningOutcome, { max: 10_000 }) bids!: OpeningOutcome[];
}
