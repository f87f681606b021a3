import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  GovchainContract,
  MSP_ID_RULE,
  canonicalJson,
  compositeKey,
  emitEvent,
  notFound,
  parseBookmark,
  parsePageSize,
  queryIndexPage,
  readJson,
  requireString,
  storedRecord,
} from '@govchain/chaincode-common';
import {
  awardProject,
  recordContract,
  recordEvaluation,
  recordObjection,
  recordPerformance,
  resolveObjection,
  startPublicity,
} from './award-service';
import { bindBidderKey, readBidderKey } from './bidder-key-service';
import { closeBidding, commitBid, openBids, readBid, replaceBid, revealBid, withdrawBid } from './bid-service';
import { CONFIG, requireConfig } from './config-service';
import { bidderProfile, blacklistBidder, liftBlacklisting, parseRecentCount, recordViolation } from './credit-service';
import { recordEvidence } from './evidence-service';
import { claimGuarantee, issueGuarantee, readGuarantee, releaseGuarantee } from './guarantee-service';
import { BID_NAMESPACE, CENTRE_INDEX, CREDIT_NAMESPACE, EVIDENCE_NAMESPACE, PROJECT_GUARANTEE_INDEX } from './keys';
import { CreditRecord, Evidence, type TradingConfig } from '@govchain/protocol/bid-record';
import {
  amendProject,
  publishProject,
  readProject,
  requireId,
  requireProject,
  terminateProject,
} from './project-service';
import { requireUscc } from './uscc';
import { BID_RECORD_TRANSACTIONS } from '@govchain/protocol/bid-record';

/**
 * The bid-record contract: tender projects, sealed bids by commit–reveal,
 * evaluation and award, witness evidence, bidder credit shared across
 * trading centres, blacklisting and electronic bid guarantees. Every
 * transaction returns canonical JSON text and every refusal is an error whose
 * message starts with a stable code.
 */
@Info({ title: 'bid-record', description: 'Public resource trading records shared by trading centres' })
export class BidRecordContract extends GovchainContract {
  constructor() {
    super('BidRecordContract', { transactions: BID_RECORD_TRANSACTIONS });
  }

  // ------------------------------------------------------------ configuration

  /**
   * Seeds the configuration: the departments and who holds the roles
   * `tradingCentre`, `regulator` and `bidderKeyAuthority` from this endorser's
   * governance file (the topology's department `roles`), the reveal window from
   * the package's `seed/bidding-rules.json`. Takes no arguments: a caller cannot
   * choose the rules (PRECONDITION_FAILED naming a required role the file lacks). When a configuration is stored already it
   * writes nothing and answers `seeded: false` if the stored one agrees with
   * this endorser's, else CONFLICT naming the differences. Sets the
   * configuration's key-level policy: a majority of the departments' peers.
   *
   * @param ctx - transaction context
   * @returns `{ seeded, config }`
   */
  @Transaction()
  @Returns('string')
  public async SeedConfig(ctx: Context): Promise<string> {
    const outcome = await CONFIG.seed(ctx);
    if (outcome.written) {
      emitEvent(ctx, 'BidRecordConfigSeeded', this.#configEvent(outcome.config));
    }
    return canonicalJson({ seeded: outcome.written, config: outcome.config });
  }

  /**
   * Brings the configuration to this endorser's governance file and bidding
   * rules (after either changed). Takes no arguments; each endorser writes what
   * its own files say, so the change commits only when a majority of the
   * current departments' peers agree on it. Writes nothing when nothing changed.
   *
   * @param ctx - transaction context
   * @returns `{ updated, config }`
   */
  @Transaction()
  @Returns('string')
  public async UpdateConfig(ctx: Context): Promise<string> {
    const outcome = await CONFIG.update(ctx);
    if (outcome.written) {
      emitEvent(ctx, 'BidRecordConfigUpdated', this.#configEvent(outcome.config));
    }
    return canonicalJson({ updated: outcome.written, config: outcome.config });
  }

  /**
   * @param ctx - transaction context
   * @returns the role configuration
   */
  @Transaction(false)
  @Returns('string')
  public async GetConfig(ctx: Context): Promise<string> {
    return canonicalJson(await requireConfig(ctx));
  }

  // ----------------------------------------------------------------- projects

  /**
   * Publishes a tender project. Caller: a trading centre, which becomes the project's publishing centre.
   *
   * @param ctx - transaction context
   * @param projectJson - `{ projectId, title, tendererCode, tendererName, category, budget, documentFingerprint, bidDeadline, openingTime, evaluationMethod, minValidBids }`
   * @returns the project
   */
  @Transaction()
  @Returns('string')
  public async PublishProject(ctx: Context, projectJson: string): Promise<string> {
    const config = await requireConfig(ctx);
    return canonicalJson(await publishProject(ctx, config, projectJson));
  }

  /**
   * Records an amendment of the tender documents (new fingerprint and reason), optionally with a later deadline.
   * Caller: the publishing centre, before the bid deadline.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param fingerprint - fingerprint of the amended tender document
   * @param reason - why (1–256 characters)
   * @param bidDeadline - new deadline (not earlier than the current one), empty to keep it
   * @param openingTime - new opening time (not before the deadline), empty to keep it
   * @returns the project
   */
  @Transaction()
  @Returns('string')
  public async AmendProject(
    ctx: Context,
    projectId: string,
    fingerprint: string,
    reason: string,
    bidDeadline: string,
    openingTime: string,
  ): Promise<string> {
    return canonicalJson(await amendProject(ctx, projectId, fingerprint, reason, bidDeadline, openingTime));
  }

  /**
   * Terminates a project before its contract. Caller: the publishing centre.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param reasonCode - upper-case reason
   * @returns the project, TERMINATED
   */
  @Transaction()
  @Returns('string')
  public async TerminateProject(ctx: Context, projectId: string, reasonCode: string): Promise<string> {
    return canonicalJson(await terminateProject(ctx, projectId, reasonCode));
  }

  /**
   * @param ctx - transaction context
   * @param projectId - project id
   * @returns the project
   */
  @Transaction(false)
  @Returns('string')
  public async GetProject(ctx: Context, projectId: string): Promise<string> {
    requireId(projectId, 'projectId');
    return canonicalJson(await requireProject(ctx, projectId));
  }

  /**
   * @param ctx - transaction context
   * @param centreMsp - publishing centre
   * @param pageSize - decimal, 1–100, empty for 20
   * @param bookmark - from the previous page, empty for the first
   * @returns `{ records: TenderProject[], bookmark, fetchedCount }`
   */
  @Transaction(false)
  @Returns('string')
  public async ListProjectsByCentre(
    ctx: Context,
    centreMsp: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requireString(centreMsp, 'centreMsp', MSP_ID_RULE);
    const size = parsePageSize(pageSize);
    const mark = parseBookmark(bookmark);
    const page = await queryIndexPage(ctx, CENTRE_INDEX, [centreMsp], size, mark, async ([, projectId]) =>
      projectId === undefined ? undefined : readProject(ctx, projectId),
    );
    return canonicalJson(page);
  }

  // -------------------------------------------------------------- bidder keys

  /**
   * Binds (or rotates) a bidder's P-256 key to its unified social credit code.
   * Caller: a bidder key authority (Market Regulation); a rotation only the one
   * that made the binding. The binding carries the bidder's proof of
   * possession: a signature by the key over the binding's canonical JSON.
   *
   * @param ctx - transaction context
   * @param bindingJson - `{ action: "BIND_BIDDER_KEY", uscc, publicKey, keyVersion }` (keyVersion: 1, then +1 per rotation)
   * @param signature - hex ECDSA P-256 / SHA-256 signature by `publicKey` over `canonicalJson(binding)`
   * @returns the binding
   */
  @Transaction()
  @Returns('string')
  public async BindBidderKey(ctx: Context, bindingJson: string, signature: string): Promise<string> {
    const config = await requireConfig(ctx);
    return canonicalJson(await bindBidderKey(ctx, config, bindingJson, signature));
  }

  /**
   * @param ctx - transaction context
   * @param bidderCode - the bidder's unified social credit code
   * @returns the bidder's key binding
   */
  @Transaction(false)
  @Returns('string')
  public async GetBidderKey(ctx: Context, bidderCode: string): Promise<string> {
    requireUscc(bidderCode, 'bidderCode');
    const key = await readBidderKey(ctx, bidderCode);
    if (key === undefined) {
      throw notFound(`bidder ${bidderCode} has no bound key`);
    }
    return canonicalJson(key);
  }

  // --------------------------------------------------------------------- bids

  /**
   * Commits a bidder's sealed bid while bidding is open (before the deadline
   * and CloseBidding). Caller: any trading centre, relaying the bidder's
   * signature. The bidder must have a bound key, hold the ACTIVE business
   * licence `licenceId` in e-license and must not be blacklisted. Also
   * recommits a WITHDRAWN bid, through the centre that submitted it.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param bidderCode - the bidder's unified social credit code
   * @param licenceId - the bidder's business licence in e-license
   * @param commitment - SHA-256 commitment, 64 lowercase hex
   * @param guaranteeId - bid guarantee backing the bid, empty for none
   * @param signature - the bidder's signature over `{ action: "COMMIT_BID", projectId, bidderCode, licenceId, commitment, guaranteeId, submittingCentreMsp, sequence, keyVersion }`
   * @returns the bid
   */
  @Transaction()
  @Returns('string')
  public async CommitBid(
    ctx: Context,
    projectId: string,
    bidderCode: string,
    licenceId: string,
    commitment: string,
    guaranteeId: string,
    signature: string,
  ): Promise<string> {
    const config = await requireConfig(ctx);
    return canonicalJson(
      await commitBid(ctx, config, [projectId, bidderCode, licenceId, commitment, guaranteeId, signature]),
    );
  }

  /**
   * Replaces a sealed bid while bidding is open. Caller: the centre that submitted it, relaying the bidder's
   * signature.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param bidderCode - bidder
   * @param commitment - the new commitment
   * @param guaranteeId - bid guarantee, empty for none
   * @param signature - the bidder's signature over `{ action: "REPLACE_BID", projectId, bidderCode, commitment, guaranteeId, submittingCentreMsp, sequence, keyVersion }`
   * @returns the bid
   */
  @Transaction()
  @Returns('string')
  public async ReplaceBid(
    ctx: Context,
    projectId: string,
    bidderCode: string,
    commitment: string,
    guaranteeId: string,
    signature: string,
  ): Promise<string> {
    return canonicalJson(await replaceBid(ctx, [projectId, bidderCode, commitment, guaranteeId, signature]));
  }

  /**
   * Withdraws a sealed bid while bidding is open. Caller: the centre that submitted it, relaying the bidder's
   * signature.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param bidderCode - bidder
   * @param signature - the bidder's signature over `{ action: "WITHDRAW_BID", projectId, bidderCode, submittingCentreMsp, sequence, keyVersion }`
   * @returns the bid, WITHDRAWN
   */
  @Transaction()
  @Returns('string')
  public async WithdrawBid(ctx: Context, projectId: string, bidderCode: string, signature: string): Promise<string> {
    return canonicalJson(await withdrawBid(ctx, projectId, bidderCode, signature));
  }

  /**
   * Ends the bidding of a project: from here no bid is committed, replaced or withdrawn, reveals are accepted
   * and the reveal window runs. Caller: the publishing centre, from the bid deadline.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @returns the project, BIDDING_CLOSED
   */
  @Transaction()
  @Returns('string')
  public async CloseBidding(ctx: Context, projectId: string): Promise<string> {
    return canonicalJson(await closeBidding(ctx, projectId));
  }

  /**
   * Reveals one bid once bidding is closed, until OpenBids. Caller: the centre
   * that submitted it or the publishing centre. A reveal that does not match
   * the commitment is refused.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param bidderCode - bidder
   * @param price - price in fen, decimal
   * @param salt - the salt committed to
   * @param bidDocumentFingerprint - fingerprint of the bid document committed to
   * @returns the bid, VALID (or DISQUALIFIED when the price is above the budget)
   */
  @Transaction()
  @Returns('string')
  public async RevealBid(
    ctx: Context,
    projectId: string,
    bidderCode: string,
    price: string,
    salt: string,
    bidDocumentFingerprint: string,
  ): Promise<string> {
    return canonicalJson(await revealBid(ctx, [projectId, bidderCode, price, salt, bidDocumentFingerprint]));
  }

  /**
   * Closes the opening: checks the reveals presented here, disqualifies
   * mismatched and unrevealed bids, and fails the tender when fewer than
   * `minValidBids` bids are valid. Caller: the publishing centre, once bidding
   * is closed, from the opening time and — while a bid awaits its reveal — not
   * before the reveal window ends.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param revealsJson - JSON array of `{ bidderCode, price, salt, bidDocumentFingerprint }` (may be `[]`)
   * @returns `{ project, bids: [{ bidderCode, status, disqualificationReason, price }] }`
   */
  @Transaction()
  @Returns('string')
  public async OpenBids(ctx: Context, projectId: string, revealsJson: string): Promise<string> {
    return canonicalJson(await openBids(ctx, projectId, revealsJson));
  }

  /**
   * @param ctx - transaction context
   * @param projectId - project id
   * @param bidderCode - bidder
   * @returns the bid
   */
  @Transaction(false)
  @Returns('string')
  public async GetBid(ctx: Context, projectId: string, bidderCode: string): Promise<string> {
    requireId(projectId, 'projectId');
    requireUscc(bidderCode, 'bidderCode');
    const bid = await readBid(ctx, projectId, bidderCode);
    if (bid === undefined) {
      throw notFound(`bidder ${bidderCode} has no bid on project ${projectId}`);
    }
    return canonicalJson(bid);
  }

  /**
   * @param ctx - transaction context
   * @param projectId - project id
   * @param pageSize - decimal, 1–100, empty for 20
   * @param bookmark - from the previous page, empty for the first
   * @returns `{ records: Bid[], bookmark, fetchedCount }`, in bidder-code order
   */
  @Transaction(false)
  @Returns('string')
  public async ListBids(ctx: Context, projectId: string, pageSize: string, bookmark: string): Promise<string> {
    requireId(projectId, 'projectId');
    const size = parsePageSize(pageSize);
    const mark = parseBookmark(bookmark);
    await requireProject(ctx, projectId);
    const page = await queryIndexPage(ctx, BID_NAMESPACE, [projectId], size, mark, async ([, bidderCode]) =>
      bidderCode === undefined ? undefined : readBid(ctx, projectId, bidderCode),
    );
    return canonicalJson(page);
  }

  // ------------------------------------------------------- evaluation, award

  /**
   * Records the evaluation: report fingerprint and a score for every valid bid; the ranking is computed.
   * Caller: the publishing centre.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param evaluationJson - `{ reportFingerprint, scores: [{ bidderCode, score }] }`
   * @returns the project, EVALUATED
   */
  @Transaction()
  @Returns('string')
  public async RecordEvaluation(ctx: Context, projectId: string, evaluationJson: string): Promise<string> {
    return canonicalJson(await recordEvaluation(ctx, projectId, evaluationJson));
  }

  /**
   * Starts the publicity period of the first-ranked bidder. Caller: the publishing centre.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param publicityEndsAt - end of the period, ISO-8601 UTC, after the transaction time
   * @returns the project, PUBLICITY
   */
  @Transaction()
  @Returns('string')
  public async StartPublicity(ctx: Context, projectId: string, publicityEndsAt: string): Promise<string> {
    return canonicalJson(await startPublicity(ctx, projectId, publicityEndsAt));
  }

  /**
   * Records an objection received during the publicity period. Caller: the publishing centre.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param objectionId - id, unique within the project
   * @param reasonCode - upper-case reason
   * @param fingerprint - fingerprint of the objection document
   * @returns the project
   */
  @Transaction()
  @Returns('string')
  public async RecordObjection(
    ctx: Context,
    projectId: string,
    objectionId: string,
    reasonCode: string,
    fingerprint: string,
  ): Promise<string> {
    return canonicalJson(await recordObjection(ctx, projectId, objectionId, reasonCode, fingerprint));
  }

  /**
   * Resolves an objection. Caller: the publishing centre.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param objectionId - the objection
   * @param resolution - UPHELD or DISMISSED
   * @param fingerprint - fingerprint of the reply
   * @returns the project
   */
  @Transaction()
  @Returns('string')
  public async ResolveObjection(
    ctx: Context,
    projectId: string,
    objectionId: string,
    resolution: string,
    fingerprint: string,
  ): Promise<string> {
    return canonicalJson(await resolveObjection(ctx, projectId, objectionId, resolution, fingerprint));
  }

  /**
   * Awards the project to the candidate after the publicity period. Caller: the publishing centre.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param noticeFingerprint - fingerprint of the award notice
   * @returns the project, AWARDED
   */
  @Transaction()
  @Returns('string')
  public async AwardProject(ctx: Context, projectId: string, noticeFingerprint: string): Promise<string> {
    return canonicalJson(await awardProject(ctx, projectId, noticeFingerprint));
  }

  /**
   * Records the signed contract's fingerprint. Caller: the publishing centre.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param contractFingerprint - fingerprint of the signed contract
   * @returns the project, CONTRACTED
   */
  @Transaction()
  @Returns('string')
  public async RecordContract(ctx: Context, projectId: string, contractFingerprint: string): Promise<string> {
    return canonicalJson(await recordContract(ctx, projectId, contractFingerprint));
  }

  /**
   * Records the contract's performance outcome. Caller: the publishing centre.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param outcome - FULFILLED or DEFAULTED
   * @param reportFingerprint - fingerprint of the acceptance or default report
   * @returns the project, COMPLETED
   */
  @Transaction()
  @Returns('string')
  public async RecordPerformance(
    ctx: Context,
    projectId: string,
    outcome: string,
    reportFingerprint: string,
  ): Promise<string> {
    return canonicalJson(await recordPerformance(ctx, projectId, outcome, reportFingerprint));
  }

  // ------------------------------------------------------------------ evidence

  /**
   * Records witness evidence of a step. Caller: any department of bid-record.
   * Transient `requestId` (optional idempotency key, 8 to 64 letters, digits
   * and `. _ : -`): a retry by the same department with the same requestId and
   * arguments returns the first result and writes nothing; other arguments are
   * refused with CONFLICT.
   *
   * @param ctx - transaction context
   * @param projectId - project id
   * @param evidenceJson - `{ step, fingerprint, mediaType, size, storageUri, description? }`
   * @returns the evidence
   */
  @Transaction()
  @Returns('string')
  public async RecordEvidence(ctx: Context, projectId: string, evidenceJson: string): Promise<string> {
    const config = await requireConfig(ctx);
    return canonicalJson(await recordEvidence(ctx, config, projectId, evidenceJson));
  }

  /**
   * @param ctx - transaction context
   * @param projectId - project id
   * @param pageSize - decimal, 1–100, empty for 20
   * @param bookmark - from the previous page, empty for the first
   * @returns `{ records: Evidence[], bookmark, fetchedCount }`, oldest first
   */
  @Transaction(false)
  @Returns('string')
  public async ListEvidence(ctx: Context, projectId: string, pageSize: string, bookmark: string): Promise<string> {
    requireId(projectId, 'projectId');
    const size = parsePageSize(pageSize);
    const mark = parseBookmark(bookmark);
    await requireProject(ctx, projectId);
    const page = await queryIndexPage(ctx, EVIDENCE_NAMESPACE, [projectId], size, mark, async (attributes) =>
      readJson(ctx, compositeKey(ctx, EVIDENCE_NAMESPACE, attributes), storedRecord(Evidence, 'evidence'), 'evidence'),
    );
    return canonicalJson(page);
  }

  // --------------------------------------------------------------- guarantees

  /**
   * Records an electronic bid guarantee issued for a bid. Caller: a trading centre, before the bid deadline.
   *
   * @param ctx - transaction context
   * @param guaranteeJson - `{ guaranteeId, projectId, bidderCode, guarantorCode, guarantorName, amount, rateBasisPoints, fingerprint }`
   * @returns the guarantee
   */
  @Transaction()
  @Returns('string')
  public async IssueGuarantee(ctx: Context, guaranteeJson: string): Promise<string> {
    const config = await requireConfig(ctx);
    return canonicalJson(await issueGuarantee(ctx, config, guaranteeJson));
  }

  /**
   * Releases a guarantee: non-winners after the award, the winner after the contract, everyone after a
   * failed or terminated tender. Caller: the project's publishing centre.
   *
   * @param ctx - transaction context
   * @param guaranteeId - guarantee id
   * @param reasonCode - upper-case reason
   * @returns the guarantee, RELEASED
   */
  @Transaction()
  @Returns('string')
  public async ReleaseGuarantee(ctx: Context, guaranteeId: string, reasonCode: string): Promise<string> {
    return canonicalJson(await releaseGuarantee(ctx, guaranteeId, reasonCode));
  }

  /**
   * Claims the winner's guarantee after it defaulted. Caller: the project's publishing centre.
   *
   * @param ctx - transaction context
   * @param guaranteeId - guarantee id
   * @param reasonCode - upper-case reason
   * @returns the guarantee, CLAIMED
   */
  @Transaction()
  @Returns('string')
  public async ClaimGuarantee(ctx: Context, guaranteeId: string, reasonCode: string): Promise<string> {
    return canonicalJson(await claimGuarantee(ctx, guaranteeId, reasonCode));
  }

  /**
   * @param ctx - transaction context
   * @param guaranteeId - guarantee id
   * @returns the guarantee
   */
  @Transaction(false)
  @Returns('string')
  public async GetGuarantee(ctx: Context, guaranteeId: string): Promise<string> {
    requireId(guaranteeId, 'guaranteeId');
    const guarantee = await readGuarantee(ctx, guaranteeId);
    if (guarantee === undefined) {
      throw notFound(`guarantee ${guaranteeId} does not exist`);
    }
    return canonicalJson(guarantee);
  }

  /**
   * @param ctx - transaction context
   * @param projectId - project id
   * @param pageSize - decimal, 1–100, empty for 20
   * @param bookmark - from the previous page, empty for the first
   * @returns `{ records: Guarantee[], bookmark, fetchedCount }`
   */
  @Transaction(false)
  @Returns('string')
  public async ListGuaranteesByProject(
    ctx: Context,
    projectId: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requireId(projectId, 'projectId');
    const size = parsePageSize(pageSize);
    const mark = parseBookmark(bookmark);
    const page = await queryIndexPage(ctx, PROJECT_GUARANTEE_INDEX, [projectId], size, mark, async ([, id]) =>
      id === undefined ? undefined : readGuarantee(ctx, id),
    );
    return canonicalJson(page);
  }

  // ------------------------------------------------------------ bidder credit

  /**
   * Records a violation in the bidder's shared credit. Caller: a trading centre or a regulator.
   * Transient `requestId` (optional idempotency key, 8 to 64 letters, digits
   * and `. _ : -`): a retry by the same department with the same requestId and
   * arguments returns the first result and writes nothing; other arguments are
   * refused with CONFLICT.
   *
   * @param ctx - transaction context
   * @param bidderCode - bidder
   * @param projectId - project concerned, empty for none
   * @param reasonCode - upper-case reason
   * @param evidenceFingerprint - fingerprint of supporting evidence, empty for none
   * @returns the credit record
   */
  @Transaction()
  @Returns('string')
  public async RecordViolation(
    ctx: Context,
    bidderCode: string,
    projectId: string,
    reasonCode: string,
    evidenceFingerprint: string,
  ): Promise<string> {
    const config = await requireConfig(ctx);
    return canonicalJson(await recordViolation(ctx, config, bidderCode, projectId, reasonCode, evidenceFingerprint));
  }

  /**
   * Blacklists a bidder until `expiresAt`: no bids anywhere meanwhile. Caller: a trading centre or a regulator.
   * Transient `requestId` (optional idempotency key, 8 to 64 letters, digits
   * and `. _ : -`): a retry by the same department with the same requestId and
   * arguments returns the first result and writes nothing; other arguments are
   * refused with CONFLICT.
   *
   * @param ctx - transaction context
   * @param bidderCode - bidder
   * @param reasonCode - upper-case reason
   * @param expiresAt - end (exclusive), ISO-8601 UTC, after the transaction time
   * @param projectId - project concerned, empty for none
   * @returns the blacklisting (its `entryId` is the transaction id)
   */
  @Transaction()
  @Returns('string')
  public async BlacklistBidder(
    ctx: Context,
    bidderCode: string,
    reasonCode: string,
    expiresAt: string,
    projectId: string,
  ): Promise<string> {
    const config = await requireConfig(ctx);
    return canonicalJson(await blacklistBidder(ctx, config, bidderCode, reasonCode, expiresAt, projectId));
  }

  /**
   * Lifts a blacklisting before it expires. Caller: the department that imposed it, only.
   *
   * @param ctx - transaction context
   * @param bidderCode - bidder
   * @param entryId - the blacklisting
   * @param reasonCode - upper-case reason
   * @returns the blacklisting, LIFTED
   */
  @Transaction()
  @Returns('string')
  public async LiftBlacklisting(
    ctx: Context,
    bidderCode: string,
    entryId: string,
    reasonCode: string,
  ): Promise<string> {
    return canonicalJson(await liftBlacklisting(ctx, bidderCode, entryId, reasonCode));
  }

  /**
   * The bidder's credit profile across every trading centre.
   *
   * @param ctx - transaction context
   * @param bidderCode - bidder
   * @param recentCount - how many recent records to include, 0–100, empty for 10
   * @returns the profile
   */
  @Transaction(false)
  @Returns('string')
  public async GetBidderProfile(ctx: Context, bidderCode: string, recentCount: string): Promise<string> {
    requireUscc(bidderCode, 'bidderCode');
    const count = parseRecentCount(recentCount);
    return canonicalJson(await bidderProfile(ctx, bidderCode, count));
  }

  /**
   * @param ctx - transaction context
   * @param bidderCode - bidder
   * @param pageSize - decimal, 1–100, empty for 20
   * @param bookmark - from the previous page, empty for the first
   * @returns `{ records: CreditRecord[], bookmark, fetchedCount }`, oldest first
   */
  @Transaction(false)
  @Returns('string')
  public async ListCreditRecords(
    ctx: Context,
    bidderCode: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requireUscc(bidderCode, 'bidderCode');
    const size = parsePageSize(pageSize);
    const mark = parseBookmark(bookmark);
    const page = await queryIndexPage(ctx, CREDIT_NAMESPACE, [bidderCode], size, mark, async (attributes) =>
      readJson(
        ctx,
        compositeKey(ctx, CREDIT_NAMESPACE, attributes),
        storedRecord(CreditRecord, 'credit record'),
        'credit record',
      ),
    );
    return canonicalJson(page);
  }

  #configEvent(config: TradingConfig): Record<string, unknown> {
    return {
      departmentMsps: config.departmentMsps,
      tradingCentreMsps: config.tradingCentreMsps,
      regulatorMsps: config.regulatorMsps,
      bidderKeyAuthorityMsps: config.bidderKeyAuthorityMsps,
      minRevealWindowSeconds: config.minRevealWindowSeconds,
      txId: config.txId,
    };
  }
}
