import type { Context } from 'fabric-contract-api';
import { parseRecord, parseRecords } from '@govchain/protocol';
import {
  LIMITS,
  SHA256_HEX_RULE,
  callerMsp,
  isoFromMillis,
  jointOwnersPolicy,
  conflict,
  emitEvent,
  forbidden,
  invalidArgument,
  notFound,
  parseJson,
  preconditionFailed,
  readJson,
  requireString,
  txTimeIso,
  txTimeMillis,
  writeJson,
  storedRecord,
} from '@govchain/chaincode-common';
import { requireBidderSignature } from './bidder-key-service';
import { ENDORSER_ROLE, requireConfig, requireTradingCentre } from './config-service';
import {
  blacklistingInForce,
  newCreditRecord,
  readAll,
  requireNotBlacklisted,
  writeCreditRecord,
} from './credit-service';
import { requireGuaranteeFor } from './guarantee-service';
import { BID_NAMESPACE, bidKey } from './keys';
import { requireActiveBusinessLicence } from './licence-check';
import {
  AMOUNT_TEXT_RULE,
  Bid,
  type BidReveal,
  COMMIT_BID_ACTION,
  REPLACE_BID_ACTION,
  WITHDRAW_BID_ACTION,
  bidCommitment,
  type DisqualificationReason,
  OpeningOutcome,
  OpeningResult,
  OpeningReveal,
  type TenderProject,
  type TradingConfig,
} from '@govchain/protocol/bid-record';
import {
  requireId,
  requireProject,
  requireProjectStatus,
  requirePublisher,
  stampProject,
  storedTime,
  writeProject,
} from './project-service';
import { requireUscc } from './uscc';

/** Most bids (and reveals) one project takes. */
export const MAX_BIDS = 500;

/**
 * @param ctx - transaction context
 * @param projectId - project
 * @param bidderCode - bidder
 * @returns the bid, or undefined
 */
export async function readBid(ctx: Context, projectId: string, bidderCode: string): Promise<Bid | undefined> {
  return readJson(ctx, bidKey(ctx, projectId, bidderCode), storedRecord(Bid, 'bid'), `bid of ${bidderCode}`);
}

/**
 * @param ctx - transaction context
 * @param projectId - project
 * @param bidderCode - bidder
 * @returns the bid
 * @throws NOT_FOUND when the bidder has no bid on the project
 */
export async function requireBid(ctx: Context, projectId: string, bidderCode: string): Promise<Bid> {
  const bid = await readBid(ctx, projectId, bidderCode);
  if (bid === undefined) {
    throw notFound(`bidder ${bidderCode} has no bid on project ${projectId}`);
  }
  return bid;
}

/**
 * @param ctx - transaction context
 * @param projectId - project
 * @returns every bid of the project, in bidder-code order
 */
export async function readBids(ctx: Context, projectId: string): Promise<Bid[]> {
  return readAll(ctx, BID_NAMESPACE, [projectId], storedRecord(Bid, 'bid'), 'bid');
}

/**
 * @param ctx - transaction context
 * @param project - the project
 * @param action - the action, for the message
 * @throws PRECONDITION_FAILED unless the project takes bids (PUBLISHED: bidding not closed, and before the deadline)
 */
function requireBidsOpen(ctx: Context, project: TenderProject, action: string): void {
  if (project.status === 'BIDDING_CLOSED') {
    throw preconditionFailed(
      `cannot ${action}: bidding for project ${project.projectId} was closed at ${project.biddingClosedAt}`,
    );
  }
  requireProjectStatus(project, ['PUBLISHED'], action);
  if (txTimeMillis(ctx) >= storedTime(project.bidDeadline, 'bidDeadline')) {
    throw preconditionFailed(
      `cannot ${action}: bids for project ${project.projectId} closed at ${project.bidDeadline}`,
    );
  }
}

/**
 * @param project - the project
 * @param action - the action, for the message
 * @throws PRECONDITION_FAILED unless the bidding of the project is closed and its bids not yet opened
 */
function requireBiddingClosed(project: TenderProject, action: string): void {
  if (project.status === 'PUBLISHED') {
    throw preconditionFailed(
      `cannot ${action}: bidding for project ${project.projectId} is not closed yet (CloseBidding, from ${project.bidDeadline})`,
    );
  }
  requireProjectStatus(project, ['BIDDING_CLOSED'], action);
}

/** Checked arguments of CommitBid / ReplaceBid. */
interface CommitInput {
  readonly projectId: string;
  readonly bidderCode: string;
  readonly commitment: string;
  readonly guaranteeId: string;
}

function checkCommitArguments(
  projectId: string,
  bidderCode: string,
  commitment: string,
  guaranteeId: string,
): CommitInput {
  requireId(projectId, 'projectId');
  requireUscc(bidderCode, 'bidderCode');
  requireString(commitment, 'commitment', SHA256_HEX_RULE);
  if (guaranteeId !== '') {
    requireId(guaranteeId, 'guaranteeId');
  }
  return { projectId, bidderCode, commitment, guaranteeId };
}

/**
 * The bidder's eligibility: not blacklisted, guarantee (if any) for this bid, ACTIVE business licence.
 *
 * @param ctx - transaction context
 * @param input - the bid
 * @param licenceId - the bidder's business licence
 */
async function requireEligible(ctx: Context, input: CommitInput, licenceId: string): Promise<void> {
  await requireNotBlacklisted(ctx, input.bidderCode);
  if (input.guaranteeId !== '') {
    await requireGuaranteeFor(ctx, input.guaranteeId, input.projectId, input.bidderCode);
  }
  await requireActiveBusinessLicence(ctx, licenceId, input.bidderCode, txTimeMillis(ctx));
}

function stampBid(ctx: Context, bid: Bid): Bid {
  const updated = Object.assign(new Bid(), bid);
  updated.updatedAt = txTimeIso(ctx);
  updated.updatedByMsp = callerMsp(ctx);
  updated.txId = ctx.stub.getTxID();
  return updated;
}

/**
 * CommitBid: a trading centre relays a bidder's sealed bid, signed by the
 * bidder's bound key, while bidding is open. A WITHDRAWN bid may be
 * recommitted through the centre that submitted it. The first commitment
 * sets the bid's key-level policy: the submitting and the publishing centre
 * (with one other department when they are the same) endorse every change.
 *
 * @param ctx - transaction context
 * @param config - the configuration
 * @param args - projectId, bidderCode, licenceId, commitment, guaranteeId (empty for none), signature
 * @returns the bid
 */
export async function commitBid(
  ctx: Context,
  config: TradingConfig,
  args: readonly [string, string, string, string, string, string],
): Promise<Bid> {
  const [projectId, bidderCode, licenceId, commitment, guaranteeId, signature] = args;
  const input = checkCommitArguments(projectId, bidderCode, commitment, guaranteeId);
  requireId(licenceId, 'licenceId');
  const centre = requireTradingCentre(ctx, config, 'submit bids');
  const project = await requireProject(ctx, projectId);
  requireBidsOpen(ctx, project, 'commit a bid');
  const existing = await readBid(ctx, projectId, bidderCode);
  if (existing !== undefined && existing.status !== 'WITHDRAWN') {
    throw conflict(`bidder ${bidderCode} already has a bid on project ${projectId}; use ReplaceBid`);
  }
  if (existing !== undefined && existing.submittedByMsp !== centre) {
    throw forbidden(
      `${centre} may not recommit the withdrawn bid of ${bidderCode} (it was submitted through ${existing.submittedByMsp}; recommit through it)`,
    );
  }
  const sequence = (existing?.sequence ?? 0) + 1;
  const keyVersion = await requireBidderSignature(
    ctx,
    {
      action: COMMIT_BID_ACTION,
      projectId,
      bidderCode,
      submittingCentreMsp: centre,
      sequence,
      commitment,
      guaranteeId,
      licenceId,
    },
    signature,
  );
  await requireEligible(ctx, input, licenceId);

  const now = txTimeIso(ctx);
  const bid = stampBid(ctx, existing ?? new Bid());
  bid.projectId = projectId;
  bid.bidderCode = bidderCode;
  bid.licenceId = licenceId;
  bid.submittedByMsp = centre;
  bid.commitment = commitment;
  bid.guaranteeId = guaranteeId;
  bid.status = 'COMMITTED';
  bid.sequence = sequence;
  bid.keyVersion = keyVersion;
  if (existing === undefined) {
    bid.committedAt = now;
  } else {
    bid.replacements = existing.replacements + 1;
  }
  const key = bidKey(ctx, projectId, bidderCode);
  await writeJson(ctx, key, bid);
  if (existing === undefined) {
    await ctx.stub.setStateValidationParameter(
      key,
      jointOwnersPolicy(centre, project.centreMsp, config.departmentMsps, ENDORSER_ROLE),
    );
    await writeCreditRecord(ctx, config, newCreditRecord(ctx, { bidderCode, kind: 'BID', projectId }));
  }
  emitEvent(ctx, 'BidCommitted', {
    projectId,
    bidderCode,
    submittedByMsp: centre,
    commitment,
    guaranteeId,
    status: bid.status,
    sequence,
    txId: bid.txId,
  });
  return bid;
}

/**
 * @param ctx - transaction context
 * @param bid - the bid
 * @param action - the action, for the message
 * @throws FORBIDDEN unless the caller is the centre that submitted the bid
 */
function requireSubmitter(ctx: Context, bid: Bid, action: string): void {
  const caller = callerMsp(ctx);
  if (caller !== bid.submittedByMsp) {
    throw forbidden(`${caller} may not ${action} (only ${bid.submittedByMsp}, which submitted it, may)`);
  }
}

/**
 * @param bid - the bid
 * @param action - the action, for the message
 * @throws PRECONDITION_FAILED unless the bid is COMMITTED
 */
function requireCommitted(bid: Bid, action: string): void {
  if (bid.status !== 'COMMITTED') {
    throw preconditionFailed(
      `cannot ${action}: the bid of ${bid.bidderCode} on project ${bid.projectId} is ${bid.status}`,
    );
  }
}

/**
 * ReplaceBid: the submitting centre relays the bidder's signed replacement of
 * a sealed bid while bidding is open.
 *
 * @param ctx - transaction context
 * @param args - projectId, bidderCode, commitment, guaranteeId (empty for none), signature
 * @returns the bid
 */
export async function replaceBid(ctx: Context, args: readonly [string, string, string, string, string]): Promise<Bid> {
  const [projectId, bidderCode, commitment, guaranteeId, signature] = args;
  const input = checkCommitArguments(projectId, bidderCode, commitment, guaranteeId);
  const project = await requireProject(ctx, projectId);
  const existing = await requireBid(ctx, projectId, bidderCode);
  requireSubmitter(ctx, existing, `replace the bid of ${bidderCode}`);
  requireBidsOpen(ctx, project, 'replace a bid');
  requireCommitted(existing, 'replace the bid');
  const sequence = existing.sequence + 1;
  const keyVersion = await requireBidderSignature(
    ctx,
    {
      action: REPLACE_BID_ACTION,
      projectId,
      bidderCode,
      submittingCentreMsp: existing.submittedByMsp,
      sequence,
      commitment,
      guaranteeId,
    },
    signature,
  );
  await requireEligible(ctx, input, existing.licenceId);
  const bid = stampBid(ctx, existing);
  bid.commitment = commitment;
  bid.guaranteeId = guaranteeId;
  bid.replacements = existing.replacements + 1;
  bid.sequence = sequence;
  bid.keyVersion = keyVersion;
  await writeJson(ctx, bidKey(ctx, projectId, bidderCode), bid);
  emitEvent(ctx, 'BidReplaced', {
    projectId,
    bidderCode,
    submittedByMsp: bid.submittedByMsp,
    commitment,
    guaranteeId,
    status: bid.status,
    sequence,
    txId: bid.txId,
  });
  return bid;
}

/**
 * WithdrawBid: the submitting centre relays the bidder's signed withdrawal of
 * a sealed bid while bidding is open.
 *
 * @param ctx - transaction context
 * @param projectId - project
 * @param bidderCode - bidder
 * @param signature - the bidder's signature over the withdrawal
 * @returns the bid, WITHDRAWN
 */
export async function withdrawBid(
  ctx: Context,
  projectId: string,
  bidderCode: string,
  signature: string,
): Promise<Bid> {
  requireId(projectId, 'projectId');
  requireUscc(bidderCode, 'bidderCode');
  const project = await requireProject(ctx, projectId);
  const existing = await requireBid(ctx, projectId, bidderCode);
  requireSubmitter(ctx, existing, `withdraw the bid of ${bidderCode}`);
  requireBidsOpen(ctx, project, 'withdraw a bid');
  requireCommitted(existing, 'withdraw the bid');
  const sequence = existing.sequence + 1;
  const keyVersion = await requireBidderSignature(
    ctx,
    {
      action: WITHDRAW_BID_ACTION,
      projectId,
      bidderCode,
      submittingCentreMsp: existing.submittedByMsp,
      sequence,
    },
    signature,
  );
  const bid = stampBid(ctx, existing);
  bid.status = 'WITHDRAWN';
  bid.sequence = sequence;
  bid.keyVersion = keyVersion;
  await writeJson(ctx, bidKey(ctx, projectId, bidderCode), bid);
  emitEvent(ctx, 'BidWithdrawn', {
    projectId,
    bidderCode,
    submittedByMsp: bid.submittedByMsp,
    status: bid.status,
    sequence,
    txId: bid.txId,
  });
  return bid;
}

/**
 * CloseBidding: the publishing centre ends the bidding, from the bid
 * deadline. From here no bid can be committed, replaced or withdrawn, and
 * reveals are accepted; the reveal window (the configuration's
 * `minRevealWindowSeconds`) starts.
 *
 * @param ctx - transaction context
 * @param projectId - project
 * @returns the project, BIDDING_CLOSED
 */
export async function closeBidding(ctx: Context, projectId: string): Promise<TenderProject> {
  requireId(projectId, 'projectId');
  const project = await requireProject(ctx, projectId);
  requirePublisher(ctx, project, `close the bidding of project ${projectId}`);
  requireProjectStatus(project, ['PUBLISHED'], 'close the bidding');
  const now = txTimeMillis(ctx);
  if (now < storedTime(project.bidDeadline, 'bidDeadline')) {
    throw preconditionFailed(
      `cannot close the bidding of project ${projectId} before its deadline ${project.bidDeadline}`,
    );
  }
  const config = await requireConfig(ctx);
  const updated = stampProject(ctx, project);
  updated.status = 'BIDDING_CLOSED';
  updated.statusReason = 'BIDDING_CLOSED';
  updated.biddingClosedAt = isoFromMillis(now);
  updated.revealWindowEndsAt = isoFromMillis(now + config.minRevealWindowSeconds * 1000);
  await writeProject(ctx, updated);
  emitEvent(ctx, 'BiddingClosed', {
    projectId,
    centreMsp: updated.centreMsp,
    status: updated.status,
    biddingClosedAt: updated.biddingClosedAt,
    revealWindowEndsAt: updated.revealWindowEndsAt,
    openingTime: updated.openingTime,
    txId: updated.txId,
  });
  return updated;
}

/** Values presented at a reveal, without project and bidder. */
interface Presented {
  readonly price: number;
  readonly salt: string;
  readonly bidDocumentFingerprint: string;
}

/**
 * Judges a presented reveal against a committed bid.
 *
 * @param project - the project
 * @param bid - a COMMITTED bid
 * @param presented - the reveal
 * @returns the outcome: VALID, or DISQUALIFIED with its reason
 */
export function judgeReveal(
  project: TenderProject,
  bid: Bid,
  presented: Presented,
): { readonly matches: boolean; readonly reason: DisqualificationReason | undefined } {
  const reveal: BidReveal = { projectId: bid.projectId, bidderCode: bid.bidderCode, ...presented };
  if (bidCommitment(reveal) !== bid.commitment) {
    return { matches: false, reason: 'COMMITMENT_MISMATCH' };
  }
  return { matches: true, reason: presented.price > project.budget ? 'PRICE_ABOVE_BUDGET' : undefined };
}

/**
 * Applies the outcome of a reveal (or its absence) to a bid.
 *
 * @param ctx - transaction context
 * @param bid - the bid
 * @param presented - the reveal, or undefined when the bidder revealed nothing
 * @param reason - disqualification reason, or undefined for a valid bid
 * @returns the updated bid
 */
function revealed(
  ctx: Context,
  bid: Bid,
  presented: Presented | undefined,
  reason: DisqualificationReason | undefined,
): Bid {
  const updated = stampBid(ctx, bid);
  updated.status = reason === undefined ? 'VALID' : 'DISQUALIFIED';
  updated.disqualificationReason = reason ?? '';
  if (presented !== undefined && reason !== 'COMMITMENT_MISMATCH') {
    updated.price = presented.price;
    updated.salt = presented.salt;
    updated.bidDocumentFingerprint = presented.bidDocumentFingerprint;
    updated.revealedAt = txTimeIso(ctx);
  }
  return updated;
}

/**
 * RevealBid: once bidding is closed and until OpenBids, the submitting centre
 * (or the publishing centre) reveals one bid. A reveal that does not match the commitment is
 * refused and writes nothing; the bidder may try again until OpenBids.
 *
 * @param ctx - transaction context
 * @param args - projectId, bidderCode, price (decimal fen), salt, bidDocumentFingerprint
 * @returns the bid, VALID or DISQUALIFIED (PRICE_ABOVE_BUDGET, or BLACKLISTED when the bidder is blacklisted now)
 */
export async function revealBid(ctx: Context, args: readonly [string, string, string, string, string]): Promise<Bid> {
  const [projectId, bidderCode, priceText, salt, bidDocumentFingerprint] = args;
  requireId(projectId, 'projectId');
  requireUscc(bidderCode, 'bidderCode');
  requireString(priceText, 'price', AMOUNT_TEXT_RULE);
  const presented = parseRecord(
    OpeningReveal,
    { bidderCode, price: Number(priceText), salt, bidDocumentFingerprint },
    'reveal',
    invalidArgument,
  );
  const project = await requireProject(ctx, projectId);
  const bid = await requireBid(ctx, projectId, bidderCode);
  const caller = callerMsp(ctx);
  if (caller !== bid.submittedByMsp && caller !== project.centreMsp) {
    throw forbidden(
      `${caller} may not reveal the bid of ${bidderCode} (only ${bid.submittedByMsp} or ${project.centreMsp} may)`,
    );
  }
  requireBiddingClosed(project, 'reveal a bid');
  if (bid.status === 'VALID' || bid.status === 'DISQUALIFIED') {
    throw conflict(`the bid of ${bidderCode} on project ${projectId} is already revealed`);
  }
  requireCommitted(bid, 'reveal the bid');
  const outcome = judgeReveal(project, bid, presented);
  if (!outcome.matches) {
    throw invalidArgument(`the reveal does not match the commitment of bidder ${bidderCode} on project ${projectId}`);
  }
  const reason = (await blacklistingInForce(ctx, bidderCode)) === undefined ? outcome.reason : 'BLACKLISTED';
  const updated = revealed(ctx, bid, presented, reason);
  await writeJson(ctx, bidKey(ctx, projectId, bidderCode), updated);
  emitEvent(ctx, 'BidRevealed', {
    projectId,
    bidderCode,
    status: updated.status,
    disqualificationReason: updated.disqualificationReason,
    price: updated.price,
    txId: updated.txId,
  });
  return updated;
}

/**
 * Parses OpenBids' revealsJson.
 *
 * @param json - JSON array of `{ bidderCode, price, salt, bidDocumentFingerprint }`
 * @returns the reveals by bidder
 * @throws INVALID_ARGUMENT when malformed or a bidder appears twice
 */
function parseReveals(json: string): Map<string, Presented> {
  const parsed = parseJson(json, 'reveals', invalidArgument, LIMITS.jsonList);
  if (!Array.isArray(parsed) || parsed.length > MAX_BIDS) {
    throw invalidArgument(`reveals must be a JSON array of at most ${MAX_BIDS} reveals`);
  }
  const reveals = new Map<string, Presented>();
  for (const reveal of parseRecords(OpeningReveal, parsed, 'reveals', invalidArgument)) {
    if (reveals.has(reveal.bidderCode)) {
      throw invalidArgument(`reveals lists bidder ${reveal.bidderCode} twice`);
    }
    reveals.set(reveal.bidderCode, reveal);
  }
  return reveals;
}

/**
 * Refuses an opening before the opening time, and before the end of the
 * reveal window while any bid still awaits its reveal (when none does, no
 * bidder can lose anything by an earlier opening).
 *
 * @param ctx - transaction context
 * @param project - the project, BIDDING_CLOSED
 * @param awaiting - how many bids await their reveal (COMMITTED)
 * @throws PRECONDITION_FAILED when it is too early
 */
function requireOpeningAllowed(ctx: Context, project: TenderProject, awaiting: number): void {
  const now = txTimeMillis(ctx);
  if (now < storedTime(project.openingTime, 'openingTime')) {
    throw preconditionFailed(
      `cannot open the bids: the opening of project ${project.projectId} is at ${project.openingTime}`,
    );
  }
  if (awaiting > 0 && now < storedTime(project.revealWindowEndsAt, 'revealWindowEndsAt')) {
    throw preconditionFailed(
      `cannot open the bids of project ${project.projectId} before its reveal window ends at ${project.revealWindowEndsAt}: ${awaiting} bid(s) await their reveal`,
    );
  }
}

/**
 * One bid at the opening. A committed bid is judged on its reveal (or its
 * absence). A bidder blacklisted at the opening is disqualified (BLACKLISTED)
 * whether its bid was revealed before (VALID) or is revealed now and matches;
 * a bid already disqualified keeps its reason.
 *
 * @param ctx - transaction context
 * @param project - the project
 * @param bid - a bid that was not withdrawn
 * @param presented - its reveal in OpenBids, if any
 * @returns the bid after the opening and whether it changed
 */
async function openedBid(
  ctx: Context,
  project: TenderProject,
  bid: Bid,
  presented: Presented | undefined,
): Promise<{ bid: Bid; changed: boolean }> {
  if (bid.status === 'DISQUALIFIED') {
    return { bid, changed: false };
  }
  const blacklisted = (await blacklistingInForce(ctx, bid.bidderCode)) !== undefined;
  if (bid.status === 'VALID') {
    return blacklisted ? { bid: revealed(ctx, bid, undefined, 'BLACKLISTED'), changed: true } : { bid, changed: false };
  }
  const judged = presented === undefined ? undefined : judgeReveal(project, bid, presented);
  let reason: DisqualificationReason | undefined;
  if (judged === undefined) {
    reason = 'NOT_REVEALED';
  } else if (!judged.matches) {
    reason = 'COMMITMENT_MISMATCH';
  } else {
    reason = blacklisted ? 'BLACKLISTED' : judged.reason;
  }
  return { bid: revealed(ctx, bid, presented, reason), changed: true };
}

/**
 * OpenBids: the publishing centre closes the opening, once bidding is closed,
 * from the opening time, and — while a bid awaits its reveal — not before the
 * reveal window ends.
 * Reveals presented here are checked against the commitments: a match is
 * VALID (or DISQUALIFIED, PRICE_ABOVE_BUDGET), a mismatch is DISQUALIFIED
 * (COMMITMENT_MISMATCH); a committed bid with no reveal is DISQUALIFIED
 * (NOT_REVEALED); the bid of a bidder blacklisted at the opening is
 * DISQUALIFIED (BLACKLISTED), even one revealed VALID before. Fewer valid
 * bids than `minValidBids` fail the tender.
 *
 * @param ctx - transaction context
 * @param projectId - project
 * @param revealsJson - JSON array of reveals not made by RevealBid (may be `[]`)
 * @returns the project and the outcome for every bid that was not withdrawn
 */
export async function openBids(ctx: Context, projectId: string, revealsJson: string): Promise<OpeningResult> {
  requireId(projectId, 'projectId');
  const reveals = parseReveals(revealsJson);
  const project = await requireProject(ctx, projectId);
  requirePublisher(ctx, project, `open the bids of project ${projectId}`);
  requireBiddingClosed(project, 'open the bids');
  const bids = await readBids(ctx, projectId);
  requireOpeningAllowed(ctx, project, bids.filter((bid) => bid.status === 'COMMITTED').length);
  for (const bidderCode of reveals.keys()) {
    const bid = bids.find((candidate) => candidate.bidderCode === bidderCode);
    if (bid?.status !== 'COMMITTED') {
      throw invalidArgument(`reveals names bidder ${bidderCode}, who has no sealed bid awaiting its reveal`);
    }
  }
  const finalBids: { bid: Bid; changed: boolean }[] = [];
  for (const bid of bids.filter((candidate) => candidate.status !== 'WITHDRAWN')) {
    finalBids.push(await openedBid(ctx, project, bid, reveals.get(bid.bidderCode)));
  }
  const validBidCount = finalBids.filter(({ bid }) => bid.status === 'VALID').length;
  const updated = stampProject(ctx, project);
  updated.validBidCount = validBidCount;
  updated.disqualifiedBidCount = finalBids.length - validBidCount;
  updated.openedAt = txTimeIso(ctx);
  updated.status = validBidCount >= project.minValidBids ? 'OPENED' : 'FAILED';
  updated.statusReason = updated.status === 'OPENED' ? 'OPENED' : 'TOO_FEW_VALID_BIDS';
  for (const { bid, changed } of finalBids) {
    if (changed) {
      await writeJson(ctx, bidKey(ctx, projectId, bid.bidderCode), bid);
    }
  }
  await writeProject(ctx, updated);
  const outcomes = finalBids.map(({ bid }) =>
    Object.assign(new OpeningOutcome(), {
      bidderCode: bid.bidderCode,
      status: bid.status,
      disqualificationReason: bid.disqualificationReason,
      price: bid.price,
    }),
  );
  emitEvent(ctx, 'BidsOpened', {
    projectId,
    status: updated.status,
    validBidCount,
    disqualified: outcomes
      .filter((outcome) => outcome.status === 'DISQUALIFIED')
      .map((outcome) => ({ bidderCode: outcome.bidderCode, reason: outcome.disqualificationReason })),
    txId: updated.txId,
  });
  return Object.assign(new OpeningResult(), { project: updated, bids: outcomes });
}
