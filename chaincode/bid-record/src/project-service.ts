import type { Context } from 'fabric-contract-api';
import {
  CODE_RULE,
  ID_RULE,
  argumentRecord,
  SHA256_HEX_RULE,
  callerMsp,
  conflict,
  corruptState,
  emitEvent,
  forbidden,
  invalidArgument,
  isoFromMillis,
  notFound,
  parseIsoTime,
  preconditionFailed,
  readJson,
  readState,
  requireString,
  txTimeIso,
  txTimeMillis,
  writeIndex,
  writeJson,
  storedRecord,
} from '@govchain/chaincode-common';
import { ENDORSER_ROLE, ownedPolicy, requireTradingCentre } from './config-service';
import { CENTRE_INDEX, projectKey } from './keys';
import {
  Amendment,
  type ProjectStatus,
  REASON_TEXT_RULE,
  PublishProjectInput,
  TenderProject,
  type TradingConfig,
} from '@govchain/protocol/bid-record';

export { ENDORSER_ROLE };

/** Statuses from which nothing moves on. */
export const FINAL_STATUSES: readonly ProjectStatus[] = ['COMPLETED', 'FAILED', 'TERMINATED'];

/**
 * @param id - the argument
 * @param what - its name in messages
 * @returns the id
 * @throws INVALID_ARGUMENT when malformed
 */
export function requireId(id: string, what: string): string {
  return requireString(id, what, ID_RULE);
}

/**
 * @param code - the argument
 * @param what - its name in messages
 * @returns the code
 * @throws INVALID_ARGUMENT when malformed
 */
export function requireCode(code: string, what: string): string {
  return requireString(code, what, CODE_RULE);
}

/**
 * @param value - the argument
 * @param what - its name in messages
 * @returns the fingerprint, or `''` when the argument is empty
 * @throws INVALID_ARGUMENT when malformed
 */
export function optionalFingerprint(value: string, what: string): string {
  return value === '' ? '' : requireString(value, what, SHA256_HEX_RULE);
}

/**
 * @param ctx - transaction context
 * @param projectId - project id
 * @returns the project, or undefined
 */
export async function readProject(ctx: Context, projectId: string): Promise<TenderProject | undefined> {
  return readJson(
    ctx,
    projectKey(ctx, projectId),
    storedRecord(TenderProject, 'tender project'),
    `project ${projectId}`,
  );
}

/**
 * @param ctx - transaction context
 * @param projectId - project id
 * @returns the project
 * @throws NOT_FOUND when it does not exist
 */
export async function requireProject(ctx: Context, projectId: string): Promise<TenderProject> {
  const project = await readProject(ctx, projectId);
  if (project === undefined) {
    throw notFound(`project ${projectId} does not exist`);
  }
  return project;
}

/**
 * @param ctx - transaction context
 * @param project - the project
 * @param action - what the caller tries to do
 * @returns the caller's MSP
 * @throws FORBIDDEN unless the caller is the project's publishing centre
 */
export function requirePublisher(ctx: Context, project: TenderProject, action: string): string {
  const caller = callerMsp(ctx);
  if (caller !== project.centreMsp) {
    throw forbidden(`${caller} may not ${action} (only the publishing centre ${project.centreMsp} may)`);
  }
  return caller;
}

/**
 * @param project - the project
 * @param allowed - statuses the action is allowed from
 * @param action - the action, for the message
 * @throws PRECONDITION_FAILED when the project is in another status
 */
export function requireProjectStatus(project: TenderProject, allowed: readonly ProjectStatus[], action: string): void {
  if ((allowed as readonly string[]).includes(project.status)) {
    return;
  }
  if ((FINAL_STATUSES as readonly string[]).includes(project.status)) {
    throw preconditionFailed(`cannot ${action}: project ${project.projectId} is ${project.status} (final)`);
  }
  throw preconditionFailed(
    `cannot ${action}: project ${project.projectId} is ${project.status}, not ${allowed.join(' or ')}`,
  );
}

/**
 * @param iso - a stored ISO time
 * @param what - its name
 * @returns epoch milliseconds
 */
export function storedTime(iso: string, what: string): number {
  return parseIsoTime(iso, what, corruptState);
}

/**
 * Copies a project and stamps it with the current transaction.
 *
 * @param ctx - transaction context
 * @param project - the project
 * @returns the copy
 */
export function stampProject(ctx: Context, project: TenderProject): TenderProject {
  const updated = Object.assign(new TenderProject(), project);
  updated.updatedAt = txTimeIso(ctx);
  updated.updatedByMsp = callerMsp(ctx);
  updated.txId = ctx.stub.getTxID();
  return updated;
}

/**
 * @param ctx - transaction context
 * @param project - the project to write
 */
export async function writeProject(ctx: Context, project: TenderProject): Promise<void> {
  await writeJson(ctx, projectKey(ctx, project.projectId), project);
}

/**
 * Checks the deadline and opening time against the transaction time.
 *
 * @param now - transaction time
 * @param deadline - bid deadline
 * @param opening - opening time
 * @throws INVALID_ARGUMENT when the deadline is not in the future or the opening is before it
 */
function checkSchedule(now: number, deadline: number, opening: number): void {
  if (deadline <= now) {
    throw invalidArgument('bidDeadline must be after the transaction time');
  }
  if (opening < deadline) {
    throw invalidArgument('openingTime must not be before bidDeadline');
  }
}

/**
 * PublishProject: a trading centre publishes a tender. Sets the project's
 * key-level policy: the publishing centre and one other department endorse
 * every later change.
 *
 * @param ctx - transaction context
 * @param config - the configuration
 * @param json - projectJson
 * @returns the project
 */
export async function publishProject(ctx: Context, config: TradingConfig, json: string): Promise<TenderProject> {
  const input = argumentRecord(PublishProjectInput, json, 'project');
  const { projectId, documentFingerprint } = input;
  const deadline = Date.parse(input.bidDeadline);
  const opening = Date.parse(input.openingTime);
  const centre = requireTradingCentre(ctx, config, 'publish tender projects');
  checkSchedule(txTimeMillis(ctx), deadline, opening);
  const key = projectKey(ctx, projectId);
  if ((await readState(ctx, key)) !== undefined) {
    throw conflict(`project ${projectId} already exists`);
  }
  const now = txTimeIso(ctx);
  const project = Object.assign(new TenderProject(), input, {
    centreMsp: centre,
    originalFingerprint: documentFingerprint,
    bidDeadline: isoFromMillis(deadline),
    openingTime: isoFromMillis(opening),
    status: 'PUBLISHED',
    statusReason: 'PUBLISHED',
    publishedAt: now,
  });
  const stamped = stampProject(ctx, project);
  await writeProject(ctx, stamped);
  await writeIndex(ctx, CENTRE_INDEX, [centre, projectId]);
  await ctx.stub.setStateValidationParameter(key, ownedPolicy(config, centre));
  emitEvent(ctx, 'ProjectPublished', {
    projectId,
    centreMsp: centre,
    status: stamped.status,
    documentFingerprint,
    bidDeadline: stamped.bidDeadline,
    openingTime: stamped.openingTime,
    txId: stamped.txId,
  });
  return stamped;
}

/**
 * AmendProject: records a new tender-document fingerprint with its reason
 * and, optionally, a later deadline and opening time. Only while bidding is
 * open (PUBLISHED, not closed) and before the deadline: never after a reveal.
 *
 * @param ctx - transaction context
 * @param projectId - project id
 * @param fingerprint - the amended document's fingerprint
 * @param reason - why (1–256 characters, no personal data)
 * @param bidDeadline - new deadline, not earlier than the current one; empty to keep it
 * @param openingTime - new opening time, not before the deadline; empty to keep it
 * @returns the project
 */
export async function amendProject(
  ctx: Context,
  projectId: string,
  fingerprint: string,
  reason: string,
  bidDeadline: string,
  openingTime: string,
): Promise<TenderProject> {
  requireId(projectId, 'projectId');
  requireString(fingerprint, 'fingerprint', SHA256_HEX_RULE);
  requireString(reason, 'reason', REASON_TEXT_RULE);
  const newDeadline = bidDeadline === '' ? undefined : parseIsoTime(bidDeadline, 'bidDeadline');
  const newOpening = openingTime === '' ? undefined : parseIsoTime(openingTime, 'openingTime');
  const project = await requireProject(ctx, projectId);
  requirePublisher(ctx, project, `amend project ${projectId}`);
  requireProjectStatus(project, ['PUBLISHED'], 'amend the tender documents (bidding must not be closed)');
  const now = txTimeMillis(ctx);
  const currentDeadline = storedTime(project.bidDeadline, 'bidDeadline');
  if (now >= currentDeadline) {
    throw preconditionFailed(`cannot amend project ${projectId}: its bid deadline ${project.bidDeadline} has passed`);
  }
  if (fingerprint === project.documentFingerprint) {
    throw invalidArgument('fingerprint must differ from the current tender document');
  }
  const deadline = newDeadline ?? currentDeadline;
  const opening = newOpening ?? storedTime(project.openingTime, 'openingTime');
  if (deadline < currentDeadline) {
    throw invalidArgument(`bidDeadline must not be earlier than the current deadline ${project.bidDeadline}`);
  }
  checkSchedule(now, deadline, opening);
  const amendment = new Amendment();
  amendment.fingerprint = fingerprint;
  amendment.reason = reason;
  amendment.bidDeadline = isoFromMillis(deadline);
  amendment.openingTime = isoFromMillis(opening);
  amendment.amendedAt = txTimeIso(ctx);
  amendment.txId = ctx.stub.getTxID();
  if (project.amendments.length >= 100) {
    throw preconditionFailed(`project ${projectId} already has 100 amendments`);
  }
  const updated = stampProject(ctx, project);
  updated.documentFingerprint = fingerprint;
  updated.bidDeadline = amendment.bidDeadline;
  updated.openingTime = amendment.openingTime;
  updated.amendments = [...project.amendments, amendment];
  await writeProject(ctx, updated);
  emitEvent(ctx, 'ProjectAmended', {
    projectId,
    centreMsp: updated.centreMsp,
    documentFingerprint: fingerprint,
    amendment: updated.amendments.length,
    bidDeadline: updated.bidDeadline,
    openingTime: updated.openingTime,
    txId: updated.txId,
  });
  return updated;
}

/** Statuses a project can be terminated from. */
const TERMINABLE: readonly ProjectStatus[] = [
  'PUBLISHED',
  'BIDDING_CLOSED',
  'OPENED',
  'EVALUATED',
  'PUBLICITY',
  'AWARDED',
];

/**
 * TerminateProject: the publishing centre ends a tender before the contract.
 *
 * @param ctx - transaction context
 * @param projectId - project id
 * @param reasonCode - upper-case reason
 * @returns the project
 */
export async function terminateProject(ctx: Context, projectId: string, reasonCode: string): Promise<TenderProject> {
  requireId(projectId, 'projectId');
  requireCode(reasonCode, 'reasonCode');
  const project = await requireProject(ctx, projectId);
  requirePublisher(ctx, project, `terminate project ${projectId}`);
  requireProjectStatus(project, TERMINABLE, 'terminate the project');
  const updated = stampProject(ctx, project);
  updated.status = 'TERMINATED';
  updated.statusReason = reasonCode;
  await writeProject(ctx, updated);
  emitEvent(ctx, 'ProjectTerminated', {
    projectId,
    centreMsp: updated.centreMsp,
    status: updated.status,
    reasonCode,
    txId: updated.txId,
  });
  return updated;
}
