import type { Context } from 'fabric-contract-api';
import {
  callerMsp,
  conflict,
  emitEvent,
  notFound,
  preconditionFailed,
  argumentRecord,
  readJson,
  readState,
  txTimeIso,
  txTimeMillis,
  writeIndex,
  storedRecord,
  writeJson,
} from '@govchain/chaincode-common';
import { ownedPolicy, requireTradingCentre } from './config-service';
import { PROJECT_GUARANTEE_INDEX, guaranteeKey } from './keys';
import { Guarantee, IssueGuaranteeInput, type TenderProject, type TradingConfig } from '@govchain/protocol/bid-record';
import {
  requireCode,
  requireId,
  requireProject,
  requireProjectStatus,
  requirePublisher,
  storedTime,
} from './project-service';

/**
 * @param ctx - transaction context
 * @param guaranteeId - guarantee id
 * @returns the guarantee, or undefined
 */
export async function readGuarantee(ctx: Context, guaranteeId: string): Promise<Guarantee | undefined> {
  return readJson(
    ctx,
    guaranteeKey(ctx, guaranteeId),
    storedRecord(Guarantee, 'guarantee'),
    `guarantee ${guaranteeId}`,
  );
}

/**
 * @param ctx - transaction context
 * @param guaranteeId - guarantee id
 * @returns the guarantee
 * @throws NOT_FOUND when it does not exist
 */
export async function requireGuarantee(ctx: Context, guaranteeId: string): Promise<Guarantee> {
  const guarantee = await readGuarantee(ctx, guaranteeId);
  if (guarantee === undefined) {
    throw notFound(`guarantee ${guaranteeId} does not exist`);
  }
  return guarantee;
}

/**
 * Checks that a guarantee can back a bid.
 *
 * @param ctx - transaction context
 * @param guaranteeId - guarantee id
 * @param projectId - the bid's project
 * @param bidderCode - the bidder
 * @throws NOT_FOUND when it does not exist; PRECONDITION_FAILED when it is for another bid or no longer ISSUED
 */
export async function requireGuaranteeFor(
  ctx: Context,
  guaranteeId: string,
  projectId: string,
  bidderCode: string,
): Promise<void> {
  const guarantee = await requireGuarantee(ctx, guaranteeId);
  if (guarantee.projectId !== projectId || guarantee.bidderCode !== bidderCode) {
    throw preconditionFailed(`guarantee ${guaranteeId} was issued for another bid`);
  }
  if (guarantee.status !== 'ISSUED') {
    throw preconditionFailed(`guarantee ${guaranteeId} is ${guarantee.status}`);
  }
}

/**
 * IssueGuarantee: a trading centre records a guarantee issued for a bid on an open tender.
 *
 * @param ctx - transaction context
 * @param config - the configuration
 * @param json - guaranteeJson
 * @returns the guarantee
 */
export async function issueGuarantee(ctx: Context, config: TradingConfig, json: string): Promise<Guarantee> {
  const guarantee = Object.assign(new Guarantee(), argumentRecord(IssueGuaranteeInput, json, 'guarantee'));
  const issuer = requireTradingCentre(ctx, config, 'record bid guarantees');
  const project = await requireProject(ctx, guarantee.projectId);
  requireProjectStatus(project, ['PUBLISHED'], 'issue a bid guarantee');
  if (txTimeMillis(ctx) >= storedTime(project.bidDeadline, 'bidDeadline')) {
    throw preconditionFailed(`cannot issue a bid guarantee: the bid deadline ${project.bidDeadline} has passed`);
  }
  const key = guaranteeKey(ctx, guarantee.guaranteeId);
  if ((await readState(ctx, key)) !== undefined) {
    throw conflict(`guarantee ${guarantee.guaranteeId} already exists`);
  }
  const now = txTimeIso(ctx);
  guarantee.projectCentreMsp = project.centreMsp;
  guarantee.status = 'ISSUED';
  guarantee.statusReason = 'ISSUED';
  guarantee.issuedByMsp = issuer;
  guarantee.issuedAt = now;
  guarantee.updatedAt = now;
  guarantee.updatedByMsp = issuer;
  guarantee.txId = ctx.stub.getTxID();
  await writeJson(ctx, key, guarantee);
  await writeIndex(ctx, PROJECT_GUARANTEE_INDEX, [guarantee.projectId, guarantee.guaranteeId]);
  await ctx.stub.setStateValidationParameter(key, ownedPolicy(config, project.centreMsp));
  emitEvent(ctx, 'GuaranteeIssued', {
    guaranteeId: guarantee.guaranteeId,
    projectId: guarantee.projectId,
    bidderCode: guarantee.bidderCode,
    guarantorCode: guarantee.guarantorCode,
    amount: guarantee.amount,
    status: guarantee.status,
    txId: guarantee.txId,
  });
  return guarantee;
}

/**
 * Why a guarantee may not be released now.
 *
 * @param project - the project
 * @param guarantee - the guarantee
 * @returns the reason, or undefined when release is allowed
 */
function releaseProblem(project: TenderProject, guarantee: Guarantee): string | undefined {
  if (project.status === 'FAILED' || project.status === 'TERMINATED') {
    return undefined;
  }
  if (project.winnerBidderCode === '') {
    return `project ${project.projectId} is ${project.status}; guarantees are released after the award`;
  }
  if (guarantee.bidderCode !== project.winnerBidderCode) {
    return undefined;
  }
  if (project.status === 'CONTRACTED' || project.performanceOutcome === 'FULFILLED') {
    return undefined;
  }
  return project.performanceOutcome === 'DEFAULTED'
    ? `the winner defaulted on project ${project.projectId}; its guarantee can only be claimed`
    : `the winner's guarantee is released once the contract of project ${project.projectId} is recorded`;
}

/** A guarantee status change. */
interface GuaranteeChange {
  readonly to: 'RELEASED' | 'CLAIMED';
  readonly verb: string;
  readonly event: string;
  readonly problem: (project: TenderProject, guarantee: Guarantee) => string | undefined;
}

const RELEASE: GuaranteeChange = {
  to: 'RELEASED',
  verb: 'release',
  event: 'GuaranteeReleased',
  problem: releaseProblem,
};
const CLAIM: GuaranteeChange = {
  to: 'CLAIMED',
  verb: 'claim',
  event: 'GuaranteeClaimed',
  problem: (project, guarantee) =>
    guarantee.bidderCode === project.winnerBidderCode && project.performanceOutcome === 'DEFAULTED'
      ? undefined
      : `guarantee ${guarantee.guaranteeId} can only be claimed when its bidder won project ${project.projectId} and defaulted`,
};

/**
 * ReleaseGuarantee / ClaimGuarantee: the project's publishing centre changes a guarantee's status.
 *
 * @param ctx - transaction context
 * @param kind - RELEASE or CLAIM
 * @param guaranteeId - guarantee id
 * @param reasonCode - upper-case reason
 * @returns the guarantee
 */
async function changeGuarantee(
  ctx: Context,
  kind: GuaranteeChange,
  guaranteeId: string,
  reasonCode: string,
): Promise<Guarantee> {
  requireId(guaranteeId, 'guaranteeId');
  requireCode(reasonCode, 'reasonCode');
  const guarantee = await requireGuarantee(ctx, guaranteeId);
  const project = await requireProject(ctx, guarantee.projectId);
  requirePublisher(ctx, project, `${kind.verb} guarantee ${guaranteeId}`);
  if (guarantee.status !== 'ISSUED') {
    throw preconditionFailed(`cannot ${kind.verb} guarantee ${guaranteeId}: it is ${guarantee.status}`);
  }
  const problem = kind.problem(project, guarantee);
  if (problem !== undefined) {
    throw preconditionFailed(`cannot ${kind.verb} guarantee ${guaranteeId}: ${problem}`);
  }
  const updated = Object.assign(new Guarantee(), guarantee);
  updated.status = kind.to;
  updated.statusReason = reasonCode;
  updated.updatedAt = txTimeIso(ctx);
  updated.updatedByMsp = callerMsp(ctx);
  updated.txId = ctx.stub.getTxID();
  await writeJson(ctx, guaranteeKey(ctx, guaranteeId), updated);
  emitEvent(ctx, kind.event, {
    guaranteeId,
    projectId: updated.projectId,
    bidderCode: updated.bidderCode,
    status: updated.status,
    reasonCode,
    txId: updated.txId,
  });
  return updated;
}

/**
 * @param ctx - transaction context
 * @param guaranteeId - guarantee id
 * @param reasonCode - upper-case reason
 * @returns the guarantee, RELEASED
 */
export async function releaseGuarantee(ctx: Context, guaranteeId: string, reasonCode: string): Promise<Guarantee> {
  return changeGuarantee(ctx, RELEASE, guaranteeId, reasonCode);
}

/**
 * @param ctx - transaction context
 * @param guaranteeId - guarantee id
 * @param reasonCode - upper-case reason
 * @returns the guarantee, CLAIMED
 */
export async function claimGuarantee(ctx: Context, guaranteeId: string, reasonCode: string): Promise<Guarantee> {
  return changeGuarantee(ctx, CLAIM, guaranteeId, reasonCode);
}
