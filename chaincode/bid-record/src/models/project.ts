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
@DataType()
export class Amendment {
  /** Fingerprint of the amended tender document. */
  @Property()
  public fingerprint: string = '';

  @Property()
  public reason: string = '';

  /** Bid deadline after this amendment. */
  @Property()
  public bidDeadline: string = '';

  /** Opening time after this amendment. */
  @Property()
  public openingTime: string = '';

  @Property()
  public amendedAt: string = '';

  @Property()
  public txId: string = '';

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
@DataType()
export class RankEntry {
  /** 1 = best. */
  @Property()
  public rank: number = 0;

  @Property()
  public bidderCode: string = '';

  /** Evaluation score, 0–100 with at most two decimals. */
  @Property()
  public score: number = 0;

  /** Revealed price, fen. */
  @Property()
  public price: number = 0;

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
@DataType()
export class Objection {
  @Property()
  public objectionId: string = '';

  /** Upper-case reason code, e.g. `QUALIFICATION_DOUBT`. */
  @Property()
  public reasonCode: string = '';

  /** Fingerprint of the objection document. */
  @Property()
  public fingerprint: string = '';

  /** PENDING, UPHELD or DISMISSED. */
  @Property()
  public status: string = 'PENDING';

  @Property()
  public recordedAt: string = '';

  /** Fingerprint of the reply; empty while pending. */
  @Property()
  public resolutionFingerprint: string = '';

  /** Empty while pending. */
  @Property()
  public resolvedAt: string = '';

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
@DataType()
export class TenderProject {
  @Property()
  public projectId: string = '';

  /** The publishing trading centre (only its peers may endorse changes to the project). */
  @Property()
  public centreMsp: string = '';

  @Property()
  public title: string = '';

  /** Unified social credit code of the tenderer (the procuring organization). */
  @Property()
  public tendererCode: string = '';

  @Property()
  public tendererName: string = '';

  /** Upper-case category code, e.g. `CONSTRUCTION`, `GOODS`, `SERVICES`. */
  @Property()
  public category: string = '';

  /** Budget (maximum price), fen. */
  @Property()
  public budget: number = 0;

  /** Fingerprint of the current tender document (the last amendment's, or the original). */
  @Property()
  public documentFingerprint: string = '';

  /** Bids are accepted while the transaction time is before this instant. */
  @Property()
  public bidDeadline: string = '';

  /** Reveals and the opening are accepted from this instant. */
  @Property()
  public openingTime: string = '';

  /** LOWEST_PRICE or COMPREHENSIVE_SCORE. */
  @Property()
  public evaluationMethod: string = '';

  /** Fewer valid bids at the opening fail the tender. */
  @Property()
  public minValidBids: number = 0;

  /** The original tender document's fingerprint. */
  @Property()
  public originalFingerprint: string = '';

  @Property('amendments', 'Amendment[]')
  public amendments: Amendment[] = [];

  @Property()
  public status: string = 'PUBLISHED';

  /** Code of the last status change, e.g. `PUBLISHED`, `TOO_FEW_VALID_BIDS`, a termination reason. */
  @Property()
  public statusReason: string = '';

  @Property()
  public validBidCount: number = 0;

  @Property()
  public disqualifiedBidCount: number = 0;

  @Property()
  public openedAt: string = '';

  @Property()
  public evaluationReportFingerprint: string = '';

  @Property('ranking', 'RankEntry[]')
  public ranking: RankEntry[] = [];

  @Property()
  public evaluatedAt: string = '';

  /** The winning candidate under publicity (rank 1). */
  @Property()
  public candidateBidderCode: string = '';

  @Property()
  public publicityStartedAt: string = '';

  @Property()
  public publicityEndsAt: string = '';

  @Property('objections', 'Objection[]')
  public objections: Objection[] = [];

  @Property()
  public winnerBidderCode: string = '';

  /** Awarded price, fen. */
  @Property()
  public awardPrice: number = 0;

  @Property()
  public awardNoticeFingerprint: string = '';

  @Property()
  public awardedAt: string = '';

  @Property()
  public contractFingerprint: string = '';

  @Property()
  public contractRecordedAt: string = '';

  /** FULFILLED or DEFAULTED once recorded. */
  @Property()
  public performanceOutcome: string = '';

  @Property()
  public performanceReportFingerprint: string = '';

  @Property()
  public performanceRecordedAt: string = '';

  @Property()
  public publishedAt: string = '';

  @Property()
  public updatedAt: string = '';

  @Property()
  public updatedByMsp: string = '';

  @Property()
  public txId: string = '';

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
