import type { Context } from 'fabric-contract-api';
import { oneOfRule } from '@govchain/protocol';
import {
  argumentRecord,
  SHA256_HEX_RULE,
  conflict,
  emitEvent,
  invalidArgument,
  isoFromMillis,
  notFound,
  parseIsoTime,
  preconditionFailed,
  requireString,
  txTimeIso,
  txTimeMillis,
} from '@govchain/chaincode-common';
import { readBids } from './bid-service';
import { requireConfig } from './config-service';
import { blacklistingInForce, describeBlacklisting, newCreditRecord, writeCreditRecord } from './credit-service';
import {
  type Bid,
  Objection,
  PERFORMANCE_OUTCOMES,
  type PerformanceOutcome,
  RankEntry,
  RecordEvaluationInput,
  type TenderProject,
} from '@govchain/protocol/bid-record';
import {
  requireCode,
  requireId,
  requireProject,
  requireProjectStatus,
  requirePublisher,
  stampProject,
  storedTime,
  writeProject,
} from './project-service';

/** Most objections one publicity period takes. */
export const MAX_OBJECTIONS = 100;

/**
 * Loads the project for a step of its publishing centre.
 *
 * @param ctx - transaction context
 * @param projectId - project id
 * @param action - the action, for messages
 * @returns the project
 */
async function publisherProject(ctx: Context, projectId: string, action: string): Promise<TenderProject> {
  const project = await requireProject(ctx, projectId);
  requirePublisher(ctx, project, `${action} of project ${projectId}`);
  return project;
}

/**
 * Parses the evaluationJson argument.
 *
 * @param json - `{ reportFingerprint, scores: [{ bidderCode, score }] }`
 * @returns the report fingerprint and the scores by bidder
 */
function parseEvaluation(json: string): { readonly reportFingerprint: string; readonly scores: Map<string, number> } {
  const { reportFingerprint, scores: entries } = argumentRecord(RecordEvaluationInput, json, 'evaluation');
  const scores = new Map<string, number>();
  for (const { bidderCode, score } of entries) {
    if (scores.has(bidderCode)) {
      throw invalidArgument(`evaluation.scores lists bidder ${bidderCode} twice`);
    }
    scores.set(bidderCode, score);
  }
  return { reportFingerprint, scores };
}

function compareCodes(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/**
 * Ranks the valid bids. LOWEST_PRICE: price ascending, then score
 * descending; COMPREHENSIVE_SCORE: score descending, then price ascending;
 * ties broken by bidder code so every endorser computes the same ranking.
 *
 * @param method - evaluation method
 * @param bids - the valid bids
 * @param scores - score by bidder
 * @returns the ranking
 */
export function rankBids(method: string, bids: readonly Bid[], scores: ReadonlyMap<string, number>): RankEntry[] {
  const rows = bids.map((bid) => ({
    bidderCode: bid.bidderCode,
    price: bid.price,
    score: scores.get(bid.bidderCode) ?? 0,
  }));
  rows.sort((a, b) => {
    const byPrice = a.price - b.price;
    const byScore = b.score - a.score;
    const primary = method === 'LOWEST_PRICE' ? byPrice || byScore : byScore || byPrice;
    return primary || compareCodes(a.bidderCode, b.bidderCode);
  });
  return rows.map((row, index) => Object.assign(new RankEntry(), { rank: index + 1, ...row }));
}

/**
 * RecordEvaluation: the evaluation report's fingerprint and a score for every valid bid; the ranking is computed.
 *
 * @param ctx - transaction context
 * @param projectId - project id
 * @param evaluationJson - `{ reportFingerprint, scores: [{ bidderCode, score }] }`
 * @returns the project, EVALUATED
 */
export async function recordEvaluation(
  ctx: Context,
  projectId: string,
  evaluationJson: string,
): Promise<TenderProject> {
  requireId(projectId, 'projectId');
  const evaluation = parseEvaluation(evaluationJson);
  const project = await publisherProject(ctx, projectId, 'record the evaluation');
  requireProjectStatus(project, ['OPENED'], 'record the evaluation');
  const valid = (await readBids(ctx, projectId)).filter((bid) => bid.status === 'VALID');
  const missing = valid.find((bid) => !evaluation.scores.has(bid.bidderCode));
  if (missing !== undefined) {
    throw invalidArgument(`evaluation.scores has no score for the valid bid of ${missing.bidderCode}`);
  }
  const extra = [...evaluation.scores.keys()].find((code) => !valid.some((bid) => bid.bidderCode === code));
  if (extra !== undefined) {
    throw invalidArgument(`evaluation.scores scores bidder ${extra}, who has no valid bid on project ${projectId}`);
  }
  const updated = stampProject(ctx, project);
  updated.evaluationReportFingerprint = evaluation.reportFingerprint;
  updated.ranking = rankBids(project.evaluationMethod, valid, evaluation.scores);
  updated.evaluatedAt = txTimeIso(ctx);
  updated.status = 'EVALUATED';
  updated.statusReason = 'EVALUATED';
  await writeProject(ctx, updated);
  emitEvent(ctx, 'EvaluationRecorded', {
    projectId,
    status: updated.status,
    reportFingerprint: evaluation.reportFingerprint,
    firstRanked: updated.ranking[0]?.bidderCode ?? '',
    txId: updated.txId,
  });
  return updated;
}

/**
 * Refuses to publicize or award a candidate blacklisted at the transaction
 * time (a blacklisting imposed after the bid was committed). The centre may
 * terminate the project, or wait until the blacklisting is lifted or expires.
 *
 * @param ctx - transaction context
 * @param projectId - project id
 * @param bidderCode - the candidate
 * @param verb - what is refused, for the message
 * @throws PRECONDITION_FAILED when a blacklisting of the candidate is in force
 */
async function requireCandidateNotBlacklisted(
  ctx: Context,
  projectId: string,
  bidderCode: string,
  verb: string,
): Promise<void> {
  const entry = await blacklistingInForce(ctx, bidderCode);
  if (entry !== undefined) {
    throw preconditionFailed(`cannot ${verb} project ${projectId}: ${describeBlacklisting(bidderCode, entry)}`);
  }
}

/**
 * StartPublicity: the first-ranked bidder becomes the winning candidate, publicized until `publicityEndsAt`;
 * refused while that bidder is blacklisted.
 *
 * @param ctx - transaction context
 * @param projectId - project id
 * @param publicityEndsAt - end of the publicity period, after the transaction time
 * @returns the project, PUBLICITY
 */
export async function startPublicity(ctx: Context, projectId: string, publicityEndsAt: string): Promise<TenderProject> {
  requireId(projectId, 'projectId');
  const ends = parseIsoTime(publicityEndsAt, 'publicityEndsAt');
  const project = await publisherProject(ctx, projectId, 'start the publicity');
  requireProjectStatus(project, ['EVALUATED'], 'start the publicity of the winning candidate');
  if (ends <= txTimeMillis(ctx)) {
    throw invalidArgument('publicityEndsAt must be after the transaction time');
  }
  const candidate = project.ranking[0];
  if (candidate === undefined) {
    throw preconditionFailed(`project ${projectId} has no ranked bid`);
  }
  await requireCandidateNotBlacklisted(ctx, projectId, candidate.bidderCode, 'start the publicity of');
  const updated = stampProject(ctx, project);
  updated.candidateBidderCode = candidate.bidderCode;
  updated.publicityStartedAt = txTimeIso(ctx);
  updated.publicityEndsAt = isoFromMillis(ends);
  updated.status = 'PUBLICITY';
  updated.statusReason = 'PUBLICITY';
  await writeProject(ctx, updated);
  emitEvent(ctx, 'PublicityStarted', {
    projectId,
    candidateBidderCode: candidate.bidderCode,
    publicityEndsAt: updated.publicityEndsAt,
    status: updated.status,
    txId: updated.txId,
  });
  return updated;
}

/**
 * RecordObjection: an objection received during the publicity period.
 *
 * @param ctx - transaction context
 * @param projectId - project id
 * @param objectionId - id, unique within the project
 * @param reasonCode - upper-case reason
 * @param fingerprint - fingerprint of the objection document
 * @returns the project
 */
export async function recordObjection(
  ctx: Context,
  projectId: string,
  objectionId: string,
  reasonCode: string,
  fingerprint: string,
): Promise<TenderProject> {
  requireId(projectId, 'projectId');
  requireId(objectionId, 'objectionId');
  requireCode(reasonCode, 'reasonCode');
  requireString(fingerprint, 'fingerprint', SHA256_HEX_RULE);
  const project = await publisherProject(ctx, projectId, 'record objections');
  requireProjectStatus(project, ['PUBLICITY'], 'record an objection');
  if (txTimeMillis(ctx) >= storedTime(project.publicityEndsAt, 'publicityEndsAt')) {
    throw preconditionFailed(`the publicity period of project ${projectId} ended at ${project.publicityEndsAt}`);
  }
  if (project.objections.some((objection) => objection.objectionId === objectionId)) {
    throw conflict(`objection ${objectionId} of project ${projectId} already exists`);
  }
  if (project.objections.length >= MAX_OBJECTIONS) {
    throw preconditionFailed(`project ${projectId} already has ${MAX_OBJECTIONS} objections`);
  }
  const objection = Object.assign(new Objection(), {
    objectionId,
    reasonCode,
    fingerprint,
    status: 'PENDING',
    recordedAt: txTimeIso(ctx),
  });
  const updated = stampProject(ctx, project);
  updated.objections = [...project.objections, objection];
  await writeProject(ctx, updated);
  emitEvent(ctx, 'ObjectionRecorded', { projectId, objectionId, reasonCode, status: 'PENDING', txId: updated.txId });
  return updated;
}

/**
 * ResolveObjection: UPHELD or DISMISSED, with the reply's fingerprint.
 * An upheld objection blocks the award (the centre may terminate the project).
 *
 * @param ctx - transaction context
 * @param projectId - project id
 * @param objectionId - the objection
 * @param resolution - UPHELD or DISMISSED
 * @param fingerprint - fingerprint of the reply
 * @returns the project
 */
export async function resolveObjection(
  ctx: Context,
  projectId: string,
  objectionId: string,
  resolution: string,
  fingerprint: string,
): Promise<TenderProject> {
  requireId(projectId, 'projectId');
  requireId(objectionId, 'objectionId');
  requireString(resolution, 'resolution', oneOfRule(['UPHELD', 'DISMISSED']));
  requireString(fingerprint, 'fingerprint', SHA256_HEX_RULE);
  const project = await publisherProject(ctx, projectId, 'resolve objections');
  requireProjectStatus(project, ['PUBLICITY'], 'resolve an objection');
  const current = project.objections.find((objection) => objection.objectionId === objectionId);
  if (current === undefined) {
    throw notFound(`objection ${objectionId} of project ${projectId} does not exist`);
  }
  if (current.status !== 'PENDING') {
    throw preconditionFailed(`objection ${objectionId} is already ${current.status}`);
  }
  const resolved = Object.assign(new Objection(), current, {
    status: resolution,
    resolutionFingerprint: fingerprint,
    resolvedAt: txTimeIso(ctx),
  });
  const updated = stampProject(ctx, project);
  updated.objections = project.objections.map((objection) =>
    objection.objectionId === objectionId ? resolved : objection,
  );
  await writeProject(ctx, updated);
  emitEvent(ctx, 'ObjectionResolved', { projectId, objectionId, status: resolution, txId: updated.txId });
  return updated;
}

/**
 * AwardProject: after the publicity period, with every objection dismissed, the candidate wins —
 * unless blacklisted at the transaction time.
 *
 * @param ctx - transaction context
 * @param projectId - project id
 * @param noticeFingerprint - fingerprint of the award notice
 * @returns the project, AWARDED
 */
export async function awardProject(ctx: Context, projectId: string, noticeFingerprint: string): Promise<TenderProject> {
  requireId(projectId, 'projectId');
  requireString(noticeFingerprint, 'noticeFingerprint', SHA256_HEX_RULE);
  const project = await publisherProject(ctx, projectId, 'award');
  const config = await requireConfig(ctx);
  if (['PUBLISHED', 'BIDDING_CLOSED', 'OPENED', 'EVALUATED'].includes(project.status)) {
    throw preconditionFailed(
      `cannot award project ${projectId} before its evaluation and the candidate's publicity (it is ${project.status})`,
    );
  }
  requireProjectStatus(project, ['PUBLICITY'], 'award the project');
  if (txTimeMillis(ctx) < storedTime(project.publicityEndsAt, 'publicityEndsAt')) {
    throw preconditionFailed(`the publicity period of project ${projectId} runs until ${project.publicityEndsAt}`);
  }
  const open = project.objections.find((objection) => objection.status !== 'DISMISSED');
  if (open !== undefined) {
    throw preconditionFailed(`objection ${open.objectionId} of project ${projectId} is ${open.status}`);
  }
  const winner = project.ranking.find((entry) => entry.bidderCode === project.candidateBidderCode);
  if (winner === undefined) {
    throw preconditionFailed(`project ${projectId} has no winning candidate`);
  }
  await requireCandidateNotBlacklisted(ctx, projectId, winner.bidderCode, 'award');
  const updated = stampProject(ctx, project);
  updated.winnerBidderCode = winner.bidderCode;
  updated.awardPrice = winner.price;
  updated.awardNoticeFingerprint = noticeFingerprint;
  updated.awardedAt = txTimeIso(ctx);
  updated.status = 'AWARDED';
  updated.statusReason = 'AWARDED';
  await writeProject(ctx, updated);
  await writeCreditRecord(ctx, config, newCreditRecord(ctx, { bidderCode: winner.bidderCode, kind: 'WIN', projectId }));
  emitEvent(ctx, 'ProjectAwarded', {
    projectId,
    winnerBidderCode: winner.bidderCode,
    awardPrice: winner.price,
    status: updated.status,
    txId: updated.txId,
  });
  return updated;
}

/**
 * RecordContract: the fingerprint of the signed contract.
 *
 * @param ctx - transaction context
 * @param projectId - project id
 * @param contractFingerprint - fingerprint of the signed contract
 * @returns the project, CONTRACTED
 */
export async function recordContract(
  ctx: Context,
  projectId: string,
  contractFingerprint: string,
): Promise<TenderProject> {
  requireId(projectId, 'projectId');
  requireString(contractFingerprint, 'contractFingerprint', SHA256_HEX_RULE);
  const project = await publisherProject(ctx, projectId, 'record the contract');
  requireProjectStatus(project, ['AWARDED'], 'record the contract');
  const updated = stampProject(ctx, project);
  updated.contractFingerprint = contractFingerprint;
  updated.contractRecordedAt = txTimeIso(ctx);
  updated.status = 'CONTRACTED';
  updated.statusReason = 'CONTRACTED';
  await writeProject(ctx, updated);
  emitEvent(ctx, 'ContractRecorded', {
    projectId,
    winnerBidderCode: updated.winnerBidderCode,
    contractFingerprint,
    status: updated.status,
    txId: updated.txId,
  });
  return updated;
}

/**
 * RecordPerformance: the contract's outcome closes the project (COMPLETED)
 * and goes into the winner's credit as FULFILLED or DEFAULT.
 *
 * @param ctx - transaction context
 * @param projectId - project id
 * @param outcome - FULFILLED or DEFAULTED
 * @param reportFingerprint - fingerprint of the acceptance or default report
 * @returns the project, COMPLETED
 */
export async function recordPerformance(
  ctx: Context,
  projectId: string,
  outcome: string,
  reportFingerprint: string,
): Promise<TenderProject> {
  requireId(projectId, 'projectId');
  requireString(outcome, 'outcome', oneOfRule(PERFORMANCE_OUTCOMES));
  requireString(reportFingerprint, 'reportFingerprint', SHA256_HEX_RULE);
  const project = await publisherProject(ctx, projectId, 'record the performance');
  const config = await requireConfig(ctx);
  requireProjectStatus(project, ['CONTRACTED'], 'record the performance');
  const updated = stampProject(ctx, project);
  updated.performanceOutcome = outcome as PerformanceOutcome;
  updated.performanceReportFingerprint = reportFingerprint;
  updated.performanceRecordedAt = txTimeIso(ctx);
  updated.status = 'COMPLETED';
  updated.statusReason = outcome;
  await writeProject(ctx, updated);
  const kind = outcome === 'FULFILLED' ? 'FULFILLED' : 'DEFAULT';
  await writeCreditRecord(
    ctx,
    config,
    newCreditRecord(ctx, {
      bidderCode: project.winnerBidderCode,
      kind,
      projectId,
      evidenceFingerprint: reportFingerprint,
    }),
  );
  emitEvent(ctx, 'PerformanceRecorded', {
    projectId,
    winnerBidderCode: project.winnerBidderCode,
    outcome,
    status: updated.status,
    txId: updated.txId,
  });
  return updated;
}
