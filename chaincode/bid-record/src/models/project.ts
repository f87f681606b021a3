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
import {
  EVALUATION_METHODS,
  MAX_AMOUNT,
  OBJECTION_STATUSES,
  ORG_NAME_RULE,
  PERFORMANCE_OUTCOMES,
  PROJECT_STATUSES,
  REASON_TEXT_RULE,
  TITLE_RULE,
  oneOf,
  optional,
} from './rules';

const OPTIONAL_ISO = ISO_UTC_RULE;

/** One amendment of the tender documents: a new fingerprint with its reason — never a silent edit. */
export class Amendment {
  /** Fingerprint of the amended tender document. */
  public fingerprint = '';

  public reason = '';

  /** Bid deadline after this amendment. */
  public bidDeadline = '';

  /** Opening time after this amendment. */
  public openingTime = '';

  public amendedAt = '';

  public txId = '';

  /**
   * @param value - parsed JSON
   * @returns the amendment
   */
  static from(value: unknown): Amendment {
    const input = JsonObject.from(value, 'amendment', corruptState).allowOnly(Object.keys(new Amendment()));
    const amendment = new Amendment();
    amendment.fingerprint = input.string('fingerprint', SHA256_HEX_RULE);
    amendment.reason = input.string('reason', REASON_TEXT_RULE);
    amendment.bidDeadline = input.string('bidDeadline', ISO_UTC_RULE);
    amendment.openingTime = input.string('openingTime', ISO_UTC_RULE);
    amendment.amendedAt = input.string('amendedAt', ISO_UTC_RULE);
    amendment.txId = input.string('txId', ID_RULE);
    return amendment;
  }
}

/** One line of the evaluation ranking. */
export class RankEntry {
  /** 1 = best. */
  public rank = 0;

  public bidderCode = '';

  /** Evaluation score, 0–100 with at most two decimals. */
  public score = 0;

  /** Revealed price, fen. */
  public price = 0;

  /**
   * @param value - parsed JSON
   * @returns the entry
   */
  static from(value: unknown): RankEntry {
    const input = JsonObject.from(value, 'rank entry', corruptState).allowOnly(Object.keys(new RankEntry()));
    const entry = new RankEntry();
    entry.rank = input.integer('rank', 1, 10_000);
    entry.bidderCode = input.string('bidderCode', USCC_RULE);
    const score = input.raw('score');
    if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 100) {
      throw corruptState('rank entry.score must be a number from 0 to 100');
    }
    entry.score = score;
    entry.price = input.integer('price', 1, MAX_AMOUNT);
    return entry;
  }
}

/** An objection raised during the winning candidate's publicity period. */
export class Objection {
  public objectionId = '';

  /** Upper-case reason code, e.g. `QUALIFICATION_DOUBT`. */
  public reasonCode = '';

  /** Fingerprint of the objection document. */
  public fingerprint = '';

  /** PENDING, UPHELD or DISMISSED. */
  public status = 'PENDING';

  public recordedAt = '';

  /** Fingerprint of the reply; empty while pending. */
  public resolutionFingerprint = '';

  /** Empty while pending. */
  public resolvedAt = '';

  /**
   * @param value - parsed JSON
   * @returns the objection
   */
  static from(value: unknown): Objection {
    const input = JsonObject.from(value, 'objection', corruptState).allowOnly(Object.keys(new Objection()));
    const objection = new Objection();
    objection.objectionId = input.string('objectionId', ID_RULE);
    objection.reasonCode = input.string('reasonCode', CODE_RULE);
    objection.fingerprint = input.string('fingerprint', SHA256_HEX_RULE);
    objection.status = input.string('status', oneOf(OBJECTION_STATUSES));
    objection.recordedAt = input.string('recordedAt', ISO_UTC_RULE);
    objection.resolutionFingerprint = optional(input, 'resolutionFingerprint', SHA256_HEX_RULE);
    objection.resolvedAt = optional(input, 'resolvedAt', ISO_UTC_RULE);
    return objection;
  }
}

/**
 * A tender project published by a trading centre and every step of it.
 * Fields of later steps are empty (or 0) until the step happens.
 */
export class TenderProject {
  public projectId = '';

  /** The publishing trading centre (only its peers may endorse changes to the project). */
  public centreMsp = '';

  public title = '';

  /** Unified social credit code of the tenderer (the procuring organization). */
  public tendererCode = '';

  public tendererName = '';

  /** Upper-case category code, e.g. `CONSTRUCTION`, `GOODS`, `SERVICES`. */
  public category = '';

  /** Budget (maximum price), fen. */
  public budget = 0;

  /** Fingerprint of the current tender document (the last amendment's, or the original). */
  public documentFingerprint = '';

  /** Bids are accepted while the transaction time is before this instant and bidding is not closed. */
  public bidDeadline = '';

  /** The public opening: OpenBids is accepted from this instant (and not before the reveal window ends). */
  public openingTime = '';

  /** LOWEST_PRICE or COMPREHENSIVE_SCORE. */
  public evaluationMethod = '';

  /** Fewer valid bids at the opening fail the tender. */
  public minValidBids = 0;

  /** The original tender document's fingerprint. */
  public originalFingerprint = '';

  public amendments: Amendment[] = [];

  public status = 'PUBLISHED';

  /** Code of the last status change, e.g. `PUBLISHED`, `TOO_FEW_VALID_BIDS`, a termination reason. */
  public statusReason = '';

  public validBidCount = 0;

  public disqualifiedBidCount = 0;

  /** When the publishing centre closed the bidding (CloseBidding); empty while bids are taken. */
  public biddingClosedAt = '';

  /** The earliest OpenBids while a bid awaits its reveal: biddingClosedAt + the configured reveal window. */
  public revealWindowEndsAt = '';

  public openedAt = '';

  public evaluationReportFingerprint = '';

  public ranking: RankEntry[] = [];

  public evaluatedAt = '';

  /** The winning candidate under publicity (rank 1). */
  public candidateBidderCode = '';

  public publicityStartedAt = '';

  public publicityEndsAt = '';

  public objections: Objection[] = [];

  public winnerBidderCode = '';

  /** Awarded price, fen. */
  public awardPrice = 0;

  public awardNoticeFingerprint = '';

  public awardedAt = '';

  public contractFingerprint = '';

  public contractRecordedAt = '';

  /** FULFILLED or DEFAULTED once recorded. */
  public performanceOutcome = '';

  public performanceReportFingerprint = '';

  public performanceRecordedAt = '';

  public publishedAt = '';

  public updatedAt = '';

  public updatedByMsp = '';

  public txId = '';

  /**
   * Checks a project read back from the ledger.
   *
   * @param value - parsed JSON
   * @returns the project
   */
  static from(value: unknown): TenderProject {
    const input = JsonObject.from(value, 'tender project', corruptState).allowOnly(Object.keys(new TenderProject()));
    const project = new TenderProject();
    project.projectId = input.string('projectId', ID_RULE);
    project.centreMsp = input.string('centreMsp', MSP_ID_RULE);
    project.title = input.string('title', TITLE_RULE);
    project.tendererCode = input.string('tendererCode', USCC_RULE);
    project.tendererName = input.string('tendererName', ORG_NAME_RULE);
    project.category = input.string('category', CODE_RULE);
    project.budget = input.integer('budget', 1, MAX_AMOUNT);
    project.documentFingerprint = input.string('documentFingerprint', SHA256_HEX_RULE);
    project.bidDeadline = input.string('bidDeadline', ISO_UTC_RULE);
    project.openingTime = input.string('openingTime', ISO_UTC_RULE);
    project.evaluationMethod = input.string('evaluationMethod', oneOf(EVALUATION_METHODS));
    project.minValidBids = input.integer('minValidBids', 1, 100);
    project.originalFingerprint = input.string('originalFingerprint', SHA256_HEX_RULE);
    project.amendments = input.array('amendments', 0, 100).map((item) => Amendment.from(item));
    project.status = input.string('status', oneOf(PROJECT_STATUSES));
    project.statusReason = input.string('statusReason', CODE_RULE);
    project.validBidCount = input.integer('validBidCount', 0, 10_000);
    project.disqualifiedBidCount = input.integer('disqualifiedBidCount', 0, 10_000);
    project.biddingClosedAt = optional(input, 'biddingClosedAt', OPTIONAL_ISO);
    project.revealWindowEndsAt = optional(input, 'revealWindowEndsAt', OPTIONAL_ISO);
    project.openedAt = optional(input, 'openedAt', OPTIONAL_ISO);
    project.evaluationReportFingerprint = optional(input, 'evaluationReportFingerprint', SHA256_HEX_RULE);
    project.ranking = input.array('ranking', 0, 10_000).map((item) => RankEntry.from(item));
    project.evaluatedAt = optional(input, 'evaluatedAt', OPTIONAL_ISO);
    project.candidateBidderCode = optional(input, 'candidateBidderCode', USCC_RULE);
    project.publicityStartedAt = optional(input, 'publicityStartedAt', OPTIONAL_ISO);
    project.publicityEndsAt = optional(input, 'publicityEndsAt', OPTIONAL_ISO);
    project.objections = input.array('objections', 0, 100).map((item) => Objection.from(item));
    project.winnerBidderCode = optional(input, 'winnerBidderCode', USCC_RULE);
    project.awardPrice = input.integer('awardPrice', 0, MAX_AMOUNT);
    project.awardNoticeFingerprint = optional(input, 'awardNoticeFingerprint', SHA256_HEX_RULE);
    project.awardedAt = optional(input, 'awardedAt', OPTIONAL_ISO);
    project.contractFingerprint = optional(input, 'contractFingerprint', SHA256_HEX_RULE);
    project.contractRecordedAt = optional(input, 'contractRecordedAt', OPTIONAL_ISO);
    project.performanceOutcome = optional(input, 'performanceOutcome', oneOf(PERFORMANCE_OUTCOMES));
    project.performanceReportFingerprint = optional(input, 'performanceReportFingerprint', SHA256_HEX_RULE);
    project.performanceRecordedAt = optional(input, 'performanceRecordedAt', OPTIONAL_ISO);
    project.publishedAt = input.string('publishedAt', ISO_UTC_RULE);
    project.updatedAt = input.string('updatedAt', ISO_UTC_RULE);
    project.updatedByMsp = input.string('updatedByMsp', MSP_ID_RULE);
    project.txId = input.string('txId', ID_RULE);
    return project;
  }
}
