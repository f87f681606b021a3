import { Int, NestedList, Num, OneOf, Text, Time } from '../decorators';
import { CODE_RULE, ID_RULE, MSP_ID_RULE, SHA256_HEX_RULE } from '../rules';
import { OneOfOrEmpty, Score, UsccShape } from './members';
import {
  EVALUATION_METHODS,
  type EvaluationMethod,
  MAX_AMOUNT,
  OBJECTION_STATUSES,
  ORG_NAME_RULE,
  type ObjectionStatus,
  PERFORMANCE_OUTCOMES,
  PROJECT_STATUSES,
  type PerformanceOutcome,
  type ProjectStatus,
  REASON_TEXT_RULE,
  TITLE_RULE,
} from './rules';
import { Uscc } from './uscc';

const LATER = { empty: true } as const;

/** One amendment of the tender documents: a new fingerprint with its reason — never a silent edit. */
export class Amendment {
  /** Fingerprint of the amended tender document. */
  @Text(SHA256_HEX_RULE) fingerprint!: string;

  @Text(REASON_TEXT_RULE) reason!: string;

  /** Bid deadline after this amendment. */
  @Time() bidDeadline!: string;

  /** Opening time after this amendment. */
  @Time() openingTime!: string;

  @Time() amendedAt!: string;

  @Text(ID_RULE) txId!: string;
}

/** One line of the evaluation ranking. */
export class RankEntry {
  /** 1 = best. */
  @Int(1, 10_000) rank!: number;

  @UsccShape() bidderCode!: string;

  /** Evaluation score, 0–100 with at most two decimals. */
  @Num(0, 100) score!: number;

  /** Revealed price, fen. */
  @Int(1, MAX_AMOUNT) price!: number;
}

/** An objection raised during the winning candidate's publicity period. */
export class Objection {
  @Text(ID_RULE) objectionId!: string;

  /** Upper-case reason code, e.g. `QUALIFICATION_DOUBT`. */
  @Text(CODE_RULE) reasonCode!: string;

  /** Fingerprint of the objection document. */
  @Text(SHA256_HEX_RULE) fingerprint!: string;

  @OneOf(OBJECTION_STATUSES) status: ObjectionStatus = 'PENDING';

  @Time() recordedAt!: string;

  /** Fingerprint of the reply; empty while pending. */
  @Text(SHA256_HEX_RULE, LATER) resolutionFingerprint = '';

  /** Empty while pending. */
  @Time(LATER) resolvedAt = '';
}

/**
 * A tender project published by a trading centre and every step of it. Members of later steps are `''`
 * (or 0, or empty lists) until the step happens.
 */
export class TenderProject {
  @Text(ID_RULE) projectId!: string;

  /** The publishing trading centre (only its peers may endorse changes to the project). */
  @Text(MSP_ID_RULE) centreMsp!: string;

  @Text(TITLE_RULE) title!: string;

  /** Unified social credit code of the tenderer (the procuring organization). */
  @UsccShape() tendererCode!: string;

  @Text(ORG_NAME_RULE) tendererName!: string;

  /** Upper-case category code, e.g. `CONSTRUCTION`, `GOODS`, `SERVICES`. */
  @Text(CODE_RULE) category!: string;

  /** Budget (maximum price), fen. */
  @Int(1, MAX_AMOUNT) budget!: number;

  /** Fingerprint of the current tender document (the last amendment's, or the original). */
  @Text(SHA256_HEX_RULE) documentFingerprint!: string;

  /** Bids are accepted while the transaction time is before this instant and bidding is not closed. */
  @Time() bidDeadline!: string;

  /** The public opening: OpenBids is accepted from this instant (and not before the reveal window ends). */
  @Time() openingTime!: string;

  @OneOf(EVALUATION_METHODS) evaluationMethod!: EvaluationMethod;

  /** Fewer valid bids at the opening fail the tender. */
  @Int(1, 100) minValidBids!: number;

  /** The original tender document's fingerprint. */
  @Text(SHA256_HEX_RULE) originalFingerprint!: string;

  @NestedList(() => Amendment, { max: 100 }) amendments: Amendment[] = [];

  @OneOf(PROJECT_STATUSES) status: ProjectStatus = 'PUBLISHED';

  /** Code of the last status change, e.g. `PUBLISHED`, `TOO_FEW_VALID_BIDS`, a termination reason. */
  @Text(CODE_RULE) statusReason!: string;

  @Int(0, 10_000) validBidCount = 0;

  @Int(0, 10_000) disqualifiedBidCount = 0;

  /** When the publishing centre closed the bidding (CloseBidding); empty while bids are taken. */
  @Time(LATER) biddingClosedAt = '';

  /** The earliest OpenBids while a bid awaits its reveal: biddingClosedAt + the configured reveal window. */
  @Time(LATER) revealWindowEndsAt = '';

  @Time(LATER) openedAt = '';

  @Text(SHA256_HEX_RULE, LATER) evaluationReportFingerprint = '';

  @NestedList(() => RankEntry, { max: 10_000 }) ranking: RankEntry[] = [];

  @Time(LATER) evaluatedAt = '';

  /** The winning candidate under publicity (rank 1). */
  @UsccShape(LATER) candidateBidderCode = '';

  @Time(LATER) publicityStartedAt = '';

  @Time(LATER) publicityEndsAt = '';

  @NestedList(() => Objection, { max: 100 }) objections: Objection[] = [];

  @UsccShape(LATER) winnerBidderCode = '';

  /** Awarded price, fen (0 until the award). */
  @Int(0, MAX_AMOUNT) awardPrice = 0;

  @Text(SHA256_HEX_RULE, LATER) awardNoticeFingerprint = '';

  @Time(LATER) awardedAt = '';

  @Text(SHA256_HEX_RULE, LATER) contractFingerprint = '';

  @Time(LATER) contractRecordedAt = '';

  /** FULFILLED or DEFAULTED once recorded. */
  @OneOfOrEmpty(PERFORMANCE_OUTCOMES) performanceOutcome: PerformanceOutcome | '' = '';

  @Text(SHA256_HEX_RULE, LATER) performanceReportFingerprint = '';

  @Time(LATER) performanceRecordedAt = '';

  @Time() publishedAt!: string;

  @Time() updatedAt!: string;

  @Text(MSP_ID_RULE) updatedByMsp!: string;

  @Text(ID_RULE) txId!: string;
}

/** What a trading centre publishes (PublishProject's argument). */
export class PublishProjectInput {
  @Text(ID_RULE) projectId!: string;

  @Text(TITLE_RULE) title!: string;

  @Uscc() tendererCode!: string;

  @Text(ORG_NAME_RULE) tendererName!: string;

  @Text(CODE_RULE) category!: string;

  /** Fen. */
  @Int(1, MAX_AMOUNT) budget!: number;

  @Text(SHA256_HEX_RULE) documentFingerprint!: string;

  /** After the transaction time. */
  @Time() bidDeadline!: string;

  /** Not before the deadline. */
  @Time() openingTime!: string;

  @OneOf(EVALUATION_METHODS) evaluationMethod!: EvaluationMethod;

  @Int(1, 100) minValidBids!: number;
}

/** One bidder's score in an evaluation. */
export class BidScore {
  @Uscc() bidderCode!: string;

  /** 0–100 with at most two decimals. */
  @Score() score!: number;
}

/** The evaluation report and a score for every valid bid (RecordEvaluation's argument). */
export class RecordEvaluationInput {
  @Text(SHA256_HEX_RULE) reportFingerprint!: string;

  /** One per valid bid, each bidder once. */
  @NestedList(() => BidScore, { min: 1, max: 500 }) scores!: BidScore[];
}
