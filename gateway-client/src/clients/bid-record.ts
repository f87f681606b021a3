/**
 * Typed client of the bid-record chaincode: tender projects, sealed bids by commit–reveal, evaluation and
 * award, witness evidence, electronic bid guarantees, and bidder credit shared across trading centres.
 *
 * The records are the protocol's classes (`@govchain/protocol/bid-record`, re-exported here): every result is
 * checked against its class, and JSON inputs are checked with the same classes before they are sent. A
 * refusal is a {@link ChaincodeError} whose `code` is the chaincode's stable code (`NOT_FOUND`, `FORBIDDEN`,
 * `CONFLICT`, `INVALID_ARGUMENT`, `PRECONDITION_FAILED`).
 *
 * Endorsement: service discovery knows the chaincode policy but not the key-level policies the chaincode
 * sets: a project, its bids and its guarantees change only with the publishing centre's endorsement, a
 * blacklisting with its imposer's, a bidder key with its authority's, the configuration with a majority of
 * the departments'. {@link BidRecordClient} names those endorsers from the on-ledger configuration: the owner
 * and one partner — the caller when it is not the owner, else the first of `endorsingPartners`, the
 * regulators and the departments that is not ({@link pairEndorsingOrganizations}). A project's publishing
 * centre is looked up once and cached (it never changes). Replace the choice with the `endorsers` option, or
 * name the endorsers of one call with `endorsingOrganizations`.
 *
 * Bids are the bidder's acts: every commit, replacement and withdrawal carries the bidder's signature by the
 * P-256 key Market Regulation bound to its credit code ({@link signBidderKeyBinding}, `bindBidderKey`). The
 * client builds the payload ({@link bidActionPayload}) and asks the bidder's {@link BidderSigner} for the
 * signature, so a centre relays what the bidder signed and cannot bid in its name. Commitments are computed
 * exactly as the chaincode checks them ({@link bidCommitment}); salts come from a CSPRNG. Keep the salt and
 * price secret until the opening.
 */
import type { PlainOf } from '@govchain/protocol';
import {
  type AmendProjectInput,
  type BidActionPayload,
  type BidReveal,
  type BidderViolationInput,
  BidderKeyBinding,
  type BlacklistInput,
  ConfigSeedResult,
  ConfigUpdateResult,
  IssueGuaranteeInput,
  type LiftBlacklistingInput,
  OpeningResult,
  OpeningReveal,
  type PerformanceOutcome,
  PublishProjectInput as PublishProjectRecord,
  RecordEvaluationInput,
  RecordEvidenceInput,
  Bid,
  BidderKey,
  BidderProfile,
  Blacklisting,
  CreditRecord,
  Evidence,
  Guarantee,
  type TenderObjectionInput,
  type TenderObjectionResolution,
  TenderProject,
  TradingConfig,
  bidActionPayload,
} from '@govchain/protocol/bid-record';
import type { GovchainConnection } from '../connection';
import { ChaincodeError } from '../errors';
import {
  type ChaincodeClientOptions,
  ChaincodeClient,
  clientFactory,
  type EndorsementNeed,
  majorityOf,
  pageOf,
  pairEndorsingOrganizations,
  recordOf,
} from './base';
import { type BidderSigner, type SignedBidderKeyBinding } from './bidder-keys';
import type { IdempotencyOptions, PageRequest, ResultPage, Submitted, TypedSubmitOptions as Options } from './shape';
import { checkedInput, pageArguments, requestTransient, timeArgument } from './shape';

export * from '@govchain/protocol/bid-record';
export * from './bidder-keys';
export { bidCommitment } from './bidder-keys';

/** Logical name of the bid-record chaincode in connection profiles. */
export const BID_RECORD_CHAINCODE = 'bid-record';

/** Input of {@link BidRecordClient.publishProject}: the protocol's input, times also as Dates. */
export type PublishProjectInput = Omit<PlainOf<PublishProjectRecord>, 'bidDeadline' | 'openingTime'> & {
  readonly bidDeadline: string | Date;
  readonly openingTime: string | Date;
};

/** What every signed bid action needs besides its own values. */
export interface BidderSignature {
  /** The bidder's signer. */
  readonly signer: BidderSigner;
  /** The bid's next sequence number; looked up with getBid when omitted. */
  readonly sequence?: number;
  /** The bidder's bound key version; looked up with getBidderKey when omitted. */
  readonly keyVersion?: number;
}

/** Input of {@link BidRecordClient.commitBid}. */
export interface CommitBidInput extends BidderSignature {
  readonly projectId: string;
  readonly bidderCode: string;
  /** The bidder's business licence in e-license. */
  readonly licenceId: string;
  readonly commitment: string;
  readonly guaranteeId?: string;
}

/** Input of {@link BidRecordClient.replaceBid}. */
export type ReplaceBidInput = Omit<CommitBidInput, 'licenceId'>;

/** Input of {@link BidRecordClient.withdrawBid}. */
export type WithdrawBidInput = Pick<CommitBidInput, 'projectId' | 'bidderCode'> & BidderSignature;

/** Options of {@link bidRecordClient}. */
export interface BidRecordClientOptions extends ChaincodeClientOptions {
  /** Preferred partner departments that co-endorse with an owner, before the configuration's regulators and departments. */
  readonly endorsingPartners?: readonly string[];
}

/** Whose endorsement a bid-record transaction needs (see the module comment). */
type Need =
  | { readonly kind: 'project' | 'opening'; readonly id: string }
  | { readonly kind: 'guarantee'; readonly id: string }
  | { readonly kind: 'owner'; readonly id: string }
  | { readonly kind: 'bid'; readonly id: string; readonly ids: readonly [string] }
  | { readonly kind: 'majority' };

const projectNeed = (id: string): Need => ({ kind: 'project', id });

/**
 * The bid-record chaincode, as a department calls it through its own peer. Make one with
 * {@link bidRecordClient}.
 */
export class BidRecordClient extends ChaincodeClient {
  readonly #partners: readonly string[];
  readonly #centres = new Map<string, string>();
  #config: TradingConfig | undefined;

  /**
   * @param connection - the department's connection (not owned: close it yourself).
   * @param options - chaincode name, endorsing partners, endorser strategy, default submit settings.
   */
  constructor(connection: GovchainConnection, options: Readonly<BidRecordClientOptions> = {}) {
    super(connection, BID_RECORD_CHAINCODE, options);
    this.#partners = [...(options.endorsingPartners ?? [])];
  }

  protected override async defaultEndorsers(
    _transaction: string,
    need: EndorsementNeed | undefined,
  ): Promise<readonly string[] | undefined> {
    const known = need as Need | undefined;
    switch (known?.kind) {
      case undefined:
        return undefined;
      case 'majority':
        return majorityOf((await this.#roles()).departmentMsps, this.mspId);
      case 'owner':
        return this.#pair(known.id);
      case 'guarantee':
        return this.#pair(await this.#publisher((await this.getGuarantee(known.id)).projectId));
      case 'project':
        return this.#pair(await this.#publisher(known.id));
      case 'bid': {
        // AND(submitting centre, publishing centre), or the centre and a partner when they are one.
        const publisher = await this.#publisher(known.id);
        const { submittedByMsp } = await this.getBid(known.id, known.ids[0]);
        return submittedByMsp === publisher ? this.#pair(publisher) : [publisher, submittedByMsp];
      }
      case 'opening': {
        // The project (publisher and a partner) and every bid (its submitting centre with the publisher).
        const publisher = await this.#publisher(known.id);
        const centres = [...new Set([publisher, ...(await this.#roles()).tradingCentreMsps])];
        return centres.length > 1 ? centres : this.#pair(publisher);
      }
    }
  }

  async #roles(): Promise<TradingConfig> {
    this.#config ??= await this.getConfig();
    return this.#config;
  }

  async #publisher(projectId: string): Promise<string> {
    let centre = this.#centres.get(projectId);
    if (centre === undefined) {
      centre = (await this.getProject(projectId)).centreMsp;
      this.#centres.set(projectId, centre);
    }
    return centre;
  }

  async #pair(ownerMsp: string): Promise<string[]> {
    const roles = await this.#roles();
    return pairEndorsingOrganizations(ownerMsp, this.mspId, [
      ...this.#partners,
      ...roles.regulatorMsps,
      ...roles.departmentMsps,
    ]);
  }

  /** The bidder's signature over a bid action, with the sequence and key version looked up when not given. */
  async #signBidAction(
    given: BidderSignature,
    payload: Omit<BidActionPayload, 'sequence' | 'keyVersion' | 'submittingCentreMsp'>,
  ): Promise<string> {
    const sequence = given.sequence ?? (await this.#nextSequence(payload.projectId, payload.bidderCode));
    const keyVersion = given.keyVersion ?? (await this.getBidderKey(payload.bidderCode)).keyVersion;
    return given.signer(bidActionPayload({ ...payload, submittingCentreMsp: this.mspId, sequence, keyVersion }));
  }

  async #nextSequence(projectId: string, bidderCode: string): Promise<number> {
    try {
      return (await this.getBid(projectId, bidderCode)).sequence + 1;
    } catch (err) {
      if (err instanceof ChaincodeError && err.code === 'NOT_FOUND') return 1;
      throw err;
    }
  }

  #project(
    transaction: string,
    projectId: string,
    args: readonly unknown[],
    options: Options | undefined,
  ): Submitted<TenderProject> {
    return this.submitCall(
      transaction,
      { arguments: [projectId, ...args], result: recordOf(TenderProject), owner: projectNeed(projectId) },
      options,
    );
  }

  // ------------------------------------------------------------------------------------ configuration

  /**
   * Seeds the configuration from the endorsers' governance file (departments and roles) and the package's
   * bidding rules (deployment).
   * Takes no roles: no caller chooses them.
   *
   * @returns `seeded` (false when an equal configuration was stored already) and the configuration.
   * @throws {@link ChaincodeError} `CONFLICT` when the stored configuration differs from the endorsers' files
   * (the message names the differences); `FORBIDDEN`; `PRECONDITION_FAILED` (no governance file, or it gives
   * no department a required role: `tradingCentre`, `bidderKeyAuthority`).
   */
  async seedConfig(options?: Options): Submitted<ConfigSeedResult> {
    return this.submitCall('SeedConfig', { result: recordOf(ConfigSeedResult) }, options);
  }

  /**
   * Brings the configuration to the endorsers' files after they changed; endorsed by a majority of the
   * current departments, which must agree.
   *
   * @returns `updated` (false when nothing changed) and the configuration.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED` not seeded; `FORBIDDEN`.
   */
  async updateConfig(options?: Options): Submitted<ConfigUpdateResult> {
    const need: Need = { kind: 'majority' };
    const outcome = await this.submitCall(
      'UpdateConfig',
      { result: recordOf(ConfigUpdateResult), owner: need },
      options,
    );
    this.#config = outcome.result.config;
    return outcome;
  }

  /** @returns the role configuration; `PRECONDITION_FAILED` when not seeded. */
  async getConfig(): Promise<TradingConfig> {
    return this.evaluateCall('GetConfig', { result: recordOf(TradingConfig) });
  }

  // ----------------------------------------------------------------------------------------- projects

  /**
   * Publishes a tender (caller: a trading centre).
   *
   * @throws TypeError when the input breaks the protocol's rules (nothing sent); {@link ChaincodeError}
   * `FORBIDDEN`, `INVALID_ARGUMENT`, `CONFLICT`, `PRECONDITION_FAILED`.
   */
  async publishProject(project: PublishProjectInput, options?: Options): Submitted<TenderProject> {
    const bidDeadline = timeArgument(project.bidDeadline, 'bidDeadline');
    const openingTime = timeArgument(project.openingTime, 'openingTime');
    const checked = checkedInput(PublishProjectRecord, { ...project, bidDeadline, openingTime }, 'project');
    return this.submitCall('PublishProject', { arguments: [checked], result: recordOf(TenderProject) }, options);
  }

  /**
   * Records an amendment: a new fingerprint with its reason, optionally a later schedule (caller: the
   * publishing centre, before the deadline).
   *
   * @throws {@link ChaincodeError} `FORBIDDEN`, `INVALID_ARGUMENT`, `NOT_FOUND`, `PRECONDITION_FAILED`.
   */
  async amendProject(amendment: AmendProjectInput, options?: Options): Submitted<TenderProject> {
    const args = [
      amendment.fingerprint,
      amendment.reason,
      timeArgument(amendment.bidDeadline, 'bidDeadline'),
      timeArgument(amendment.openingTime, 'openingTime'),
    ];
    return this.#project('AmendProject', amendment.projectId, args, options);
  }

  /**
   * Terminates a project before its contract with an upper-case reason (caller: the publishing centre).
   *
   * @throws {@link ChaincodeError} `FORBIDDEN`, `NOT_FOUND`, `PRECONDITION_FAILED`, `INVALID_ARGUMENT`.
   */
  async terminateProject(projectId: string, reasonCode: string, options?: Options): Submitted<TenderProject> {
    return this.#project('TerminateProject', projectId, [reasonCode], options);
  }

  /** @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`. */
  async getProject(projectId: string): Promise<TenderProject> {
    return this.evaluateCall('GetProject', { arguments: [projectId], result: recordOf(TenderProject) });
  }

  /** @returns a page of the projects a centre published. */
  async listProjectsByCentre(centreMsp: string, page?: PageRequest): Promise<ResultPage<TenderProject>> {
    const args = [centreMsp, ...pageArguments(page)];
    return this.evaluateCall('ListProjectsByCentre', { arguments: args, result: pageOf(TenderProject) });
  }

  // ------------------------------------------------------------------------------------- bidder keys

  /**
   * Binds (or rotates) a bidder's key (caller: a bidder key authority — Market Regulation).
   *
   * @param signed - the binding with the bidder's signature, from {@link signBidderKeyBinding}.
   * @throws {@link ChaincodeError} `FORBIDDEN` (not an authority, no proof of possession), `CONFLICT` (not the
   * next key version), `INVALID_ARGUMENT`.
   */
  async bindBidderKey(signed: SignedBidderKeyBinding, options?: Options): Submitted<BidderKey> {
    const call = {
      arguments: [checkedInput(BidderKeyBinding, signed.binding, 'binding'), signed.signature],
      result: recordOf(BidderKey),
      owner: { kind: 'owner', id: this.mspId } satisfies Need,
    };
    return this.submitCall('BindBidderKey', call, options);
  }

  /** @throws {@link ChaincodeError} `NOT_FOUND` (no key bound), `INVALID_ARGUMENT`. */
  async getBidderKey(bidderCode: string): Promise<BidderKey> {
    return this.evaluateCall('GetBidderKey', { arguments: [bidderCode], result: recordOf(BidderKey) });
  }

  // -------------------------------------------------------------------------------------------- bids

  /**
   * Commits a bidder's sealed bid while bidding is open (caller: any trading centre, relaying the bidder's
   * signature, which the `signer` gives).
   *
   * @throws {@link ChaincodeError} `INVALID_ARGUMENT` (e.g. a commitment of the wrong shape), `FORBIDDEN` (not a
   * trading centre, not signed by the bidder, bidder blacklisted), `PRECONDITION_FAILED` (deadline passed or
   * bidding closed, no bound key, no ACTIVE business licence), `CONFLICT`, `NOT_FOUND`.
   */
  async commitBid(bid: CommitBidInput, options?: Options): Submitted<Bid> {
    const { projectId, bidderCode, licenceId, commitment } = bid;
    const guaranteeId = bid.guaranteeId ?? '';
    const values = { projectId, bidderCode, commitment, guaranteeId, licenceId };
    const signature = await this.#signBidAction(bid, { action: 'COMMIT_BID', ...values });
    const args = [projectId, bidderCode, licenceId, commitment, guaranteeId, signature];
    return this.submitCall(
      'CommitBid',
      { arguments: args, result: recordOf(Bid), owner: projectNeed(projectId) },
      options,
    );
  }

  /** Replaces a sealed bid while bidding is open (caller: the submitting centre); refusals as commitBid. */
  async replaceBid(bid: ReplaceBidInput, options?: Options): Submitted<Bid> {
    const { projectId, bidderCode, commitment } = bid;
    const guaranteeId = bid.guaranteeId ?? '';
    const signature = await this.#signBidAction(bid, {
      action: 'REPLACE_BID',
      ...{ projectId, bidderCode, commitment, guaranteeId },
    });
    const args = [projectId, bidderCode, commitment, guaranteeId, signature];
    return this.submitCall(
      'ReplaceBid',
      { arguments: args, result: recordOf(Bid), owner: projectNeed(projectId) },
      options,
    );
  }

  /**
   * Withdraws a sealed bid while bidding is open (caller: the submitting centre, with the bidder's signature).
   *
   * @throws {@link ChaincodeError} `FORBIDDEN`, `NOT_FOUND`, `PRECONDITION_FAILED`.
   */
  async withdrawBid(bid: WithdrawBidInput, options?: Options): Submitted<Bid> {
    const { projectId, bidderCode } = bid;
    const signature = await this.#signBidAction(bid, { action: 'WITHDRAW_BID', projectId, bidderCode });
    const args = [projectId, bidderCode, signature];
    return this.submitCall(
      'WithdrawBid',
      { arguments: args, result: recordOf(Bid), owner: projectNeed(projectId) },
      options,
    );
  }

  /**
   * Closes the bidding from the deadline (caller: the publishing centre); reveals may follow.
   *
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED` (before the deadline, not PUBLISHED), `FORBIDDEN`.
   */
  async closeBidding(projectId: string, options?: Options): Submitted<TenderProject> {
    return this.#project('CloseBidding', projectId, [], options);
  }

  /**
   * Reveals one bid once bidding is closed (caller: the submitting or the publishing centre).
   *
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED` before the close; `INVALID_ARGUMENT` when it does not
   * match; `CONFLICT` already revealed; `FORBIDDEN`.
   */
  async revealBid(reveal: BidReveal, options?: Options): Submitted<Bid> {
    const { projectId, bidderCode } = reveal;
    const args = [projectId, bidderCode, String(reveal.price), reveal.salt, reveal.bidDocumentFingerprint];
    const owner: Need = { kind: 'bid', id: projectId, ids: [bidderCode] };
    return this.submitCall('RevealBid', { arguments: args, result: recordOf(Bid), owner }, options);
  }

  /**
   * Closes the opening (caller: the publishing centre, once bidding is closed, from the opening time and —
   * while a bid awaits its reveal — after the reveal window).
   *
   * @param reveals - reveals presented at the opening (not already made with revealBid).
   * @returns the project and the outcome of every bid.
   * @throws TypeError when a reveal is malformed (nothing sent); {@link ChaincodeError} `PRECONDITION_FAILED`,
   * `FORBIDDEN`, `INVALID_ARGUMENT`.
   */
  async openBids(
    projectId: string,
    reveals: readonly Omit<BidReveal, 'projectId'>[],
    options?: Options,
  ): Submitted<OpeningResult> {
    const json = reveals.map(({ bidderCode, price, salt, bidDocumentFingerprint }, i) =>
      checkedInput(OpeningReveal, { bidderCode, price, salt, bidDocumentFingerprint }, `reveals[${i}]`),
    );
    const owner: Need = { kind: 'opening', id: projectId };
    return this.submitCall(
      'OpenBids',
      { arguments: [projectId, json], result: recordOf(OpeningResult), owner },
      options,
    );
  }

  /** @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`. */
  async getBid(projectId: string, bidderCode: string): Promise<Bid> {
    return this.evaluateCall('GetBid', { arguments: [projectId, bidderCode], result: recordOf(Bid) });
  }

  /** @returns a page of a project's bids. */
  async listBids(projectId: string, page?: PageRequest): Promise<ResultPage<Bid>> {
    return this.evaluateCall('ListBids', { arguments: [projectId, ...pageArguments(page)], result: pageOf(Bid) });
  }

  // ------------------------------------------------------------------------------ evaluation and award

  /**
   * Records the evaluation report's fingerprint and a score for every valid bid (caller: the publishing
   * centre); the chaincode ranks the bids.
   *
   * @throws TypeError when the evaluation is malformed (nothing sent); {@link ChaincodeError}
   * `INVALID_ARGUMENT`, `PRECONDITION_FAILED`, `FORBIDDEN`.
   */
  async recordEvaluation(
    projectId: string,
    evaluation: PlainOf<RecordEvaluationInput>,
    options?: Options,
  ): Submitted<TenderProject> {
    return this.#project(
      'RecordEvaluation',
      projectId,
      [checkedInput(RecordEvaluationInput, evaluation, 'evaluation')],
      options,
    );
  }

  /** Starts the first-ranked bidder's publicity period until `publicityEndsAt` (caller: the publishing centre). */
  async startPublicity(projectId: string, publicityEndsAt: string | Date, options?: Options): Submitted<TenderProject> {
    return this.#project('StartPublicity', projectId, [timeArgument(publicityEndsAt, 'publicityEndsAt')], options);
  }

  /** Records an objection during the publicity period (caller: the publishing centre). */
  async recordObjection(objection: TenderObjectionInput, options?: Options): Submitted<TenderProject> {
    const { projectId, objectionId, reasonCode, fingerprint } = objection;
    return this.#project('RecordObjection', projectId, [objectionId, reasonCode, fingerprint], options);
  }

  /** Resolves an objection, UPHELD or DISMISSED with the reply's fingerprint (caller: the publishing centre). */
  async resolveObjection(resolution: TenderObjectionResolution, options?: Options): Submitted<TenderProject> {
    const { projectId, objectionId, fingerprint } = resolution;
    return this.#project('ResolveObjection', projectId, [objectionId, resolution.resolution, fingerprint], options);
  }

  /** Awards the project after the publicity period (caller: the publishing centre). */
  async awardProject(projectId: string, noticeFingerprint: string, options?: Options): Submitted<TenderProject> {
    return this.#project('AwardProject', projectId, [noticeFingerprint], options);
  }

  /** Records the signed contract's fingerprint (caller: the publishing centre). */
  async recordContract(projectId: string, contractFingerprint: string, options?: Options): Submitted<TenderProject> {
    return this.#project('RecordContract', projectId, [contractFingerprint], options);
  }

  /** Records the performance outcome with its report's fingerprint (caller: the publishing centre). */
  async recordPerformance(
    projectId: string,
    outcome: PerformanceOutcome,
    reportFingerprint: string,
    options?: Options,
  ): Submitted<TenderProject> {
    return this.#project('RecordPerformance', projectId, [outcome, reportFingerprint], options);
  }

  // ---------------------------------------------------------------------------------------- evidence

  /**
   * Records witness evidence (caller: any department). `requestId` is the idempotency key (default: a fresh
   * UUID, reused across this call's own retries): the same key again returns the first result.
   *
   * @throws TypeError when the evidence is malformed (nothing sent); {@link ChaincodeError} `FORBIDDEN`,
   * `INVALID_ARGUMENT`, `NOT_FOUND`; `CONFLICT` when the requestId was used with other input.
   */
  async recordEvidence(
    projectId: string,
    evidence: PlainOf<RecordEvidenceInput>,
    options?: Options & IdempotencyOptions,
  ): Submitted<Evidence> {
    const call = {
      arguments: [projectId, checkedInput(RecordEvidenceInput, evidence, 'evidence')],
      transientData: requestTransient(options),
      result: recordOf(Evidence),
    };
    return this.submitCall('RecordEvidence', call, options);
  }

  /** @returns a page of a project's evidence, oldest first. */
  async listEvidence(projectId: string, page?: PageRequest): Promise<ResultPage<Evidence>> {
    const args = [projectId, ...pageArguments(page)];
    return this.evaluateCall('ListEvidence', { arguments: args, result: pageOf(Evidence) });
  }

  // -------------------------------------------------------------------------------------- guarantees

  /**
   * Records a bid guarantee (caller: a trading centre, before the deadline).
   *
   * @throws TypeError when the guarantee is malformed (nothing sent); {@link ChaincodeError} `FORBIDDEN`,
   * `INVALID_ARGUMENT`, `CONFLICT`, `NOT_FOUND`, `PRECONDITION_FAILED`.
   */
  async issueGuarantee(guarantee: PlainOf<IssueGuaranteeInput>, options?: Options): Submitted<Guarantee> {
    const args = [checkedInput(IssueGuaranteeInput, guarantee, 'guarantee')];
    return this.submitCall('IssueGuarantee', { arguments: args, result: recordOf(Guarantee) }, options);
  }

  /** Releases a guarantee with an upper-case reason (caller: the project's publishing centre). */
  async releaseGuarantee(guaranteeId: string, reasonCode: string, options?: Options): Submitted<Guarantee> {
    const call = { arguments: [guaranteeId, reasonCode], result: recordOf(Guarantee) };
    return this.submitCall('ReleaseGuarantee', { ...call, owner: { kind: 'guarantee', id: guaranteeId } }, options);
  }

  /** Claims the defaulting winner's guarantee (caller: the project's publishing centre). */
  async claimGuarantee(guaranteeId: string, reasonCode: string, options?: Options): Submitted<Guarantee> {
    const call = { arguments: [guaranteeId, reasonCode], result: recordOf(Guarantee) };
    return this.submitCall('ClaimGuarantee', { ...call, owner: { kind: 'guarantee', id: guaranteeId } }, options);
  }

  /** @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`. */
  async getGuarantee(guaranteeId: string): Promise<Guarantee> {
    return this.evaluateCall('GetGuarantee', { arguments: [guaranteeId], result: recordOf(Guarantee) });
  }

  /** @returns a page of a project's guarantees. */
  async listGuaranteesByProject(projectId: string, page?: PageRequest): Promise<ResultPage<Guarantee>> {
    const args = [projectId, ...pageArguments(page)];
    return this.evaluateCall('ListGuaranteesByProject', { arguments: args, result: pageOf(Guarantee) });
  }

  // ---------------------------------------------------------------------------------- bidder credit

  /**
   * Records a violation (caller: a trading centre or a regulator); `requestId` as in recordEvidence.
   *
   * @throws {@link ChaincodeError} `FORBIDDEN`, `INVALID_ARGUMENT`, `NOT_FOUND`; `CONFLICT` when the requestId
   * was used with other input.
   */
  async recordViolation(
    violation: BidderViolationInput,
    options?: Options & IdempotencyOptions,
  ): Submitted<CreditRecord> {
    const { bidderCode, projectId = '', reasonCode, evidenceFingerprint = '' } = violation;
    const call = {
      arguments: [bidderCode, projectId, reasonCode, evidenceFingerprint],
      transientData: requestTransient(options),
      result: recordOf(CreditRecord),
    };
    return this.submitCall('RecordViolation', call, options);
  }

  /**
   * Blacklists a bidder until `expiresAt` (caller: a trading centre or a regulator); `requestId` as in
   * recordEvidence.
   *
   * @throws {@link ChaincodeError} `FORBIDDEN`, `INVALID_ARGUMENT`, `PRECONDITION_FAILED`, `NOT_FOUND`;
   * `CONFLICT` when the requestId was used with other input.
   */
  async blacklistBidder(blacklisting: BlacklistInput, options?: Options & IdempotencyOptions): Submitted<Blacklisting> {
    const { bidderCode, reasonCode, projectId = '' } = blacklisting;
    const call = {
      arguments: [bidderCode, reasonCode, timeArgument(blacklisting.expiresAt, 'expiresAt'), projectId],
      transientData: requestTransient(options),
      result: recordOf(Blacklisting),
    };
    return this.submitCall('BlacklistBidder', call, options);
  }

  /**
   * Lifts a blacklisting early (caller: its imposer only).
   *
   * @throws {@link ChaincodeError} `FORBIDDEN`, `NOT_FOUND`, `PRECONDITION_FAILED`.
   */
  async liftBlacklisting(lift: LiftBlacklistingInput, options?: Options): Submitted<Blacklisting> {
    const call = {
      arguments: [lift.bidderCode, lift.entryId, lift.reasonCode],
      result: recordOf(Blacklisting),
      owner: { kind: 'owner', id: this.mspId } satisfies Need,
    };
    return this.submitCall('LiftBlacklisting', call, options);
  }

  /**
   * @param recentCount - recent records to include (0–100, default 10).
   * @returns the credit profile a guarantor prices a guarantee from.
   */
  async getBidderProfile(bidderCode: string, recentCount?: number): Promise<BidderProfile> {
    const args = [bidderCode, recentCount === undefined ? '' : String(recentCount)];
    return this.evaluateCall('GetBidderProfile', { arguments: args, result: recordOf(BidderProfile) });
  }

  /** @returns a page of a bidder's credit records, oldest first. */
  async listCreditRecords(bidderCode: string, page?: PageRequest): Promise<ResultPage<CreditRecord>> {
    const args = [bidderCode, ...pageArguments(page)];
    return this.evaluateCall('ListCreditRecords', { arguments: args, result: pageOf(CreditRecord) });
  }
}

/** Creates the typed bid-record client over a department's connection (README: sealing, signing, bidding). */
export const bidRecordClient = clientFactory<BidRecordClient, BidRecordClientOptions>(BidRecordClient);
