/**
 * Typed client of the bid-record chaincode: tender projects, sealed bids by commit–reveal, evaluation and
 * award, witness evidence, electronic bid guarantees, and bidder credit shared across trading centres.
 *
 * Every method calls one chaincode transaction (plain function names: the chaincode's default contract) with
 * {@link submit} or {@link evaluate}, checks the shape of the decoded result, and lets the library's typed
 * errors through: a refusal is a {@link ChaincodeError} whose `code` is the chaincode's stable code
 * (`NOT_FOUND`, `FORBIDDEN`, `CONFLICT`, `INVALID_ARGUMENT`, `PRECONDITION_FAILED`).
 *
 * Endorsement: service discovery knows the chaincode policy (any two departments) but not the key-level
 * policies the chaincode sets: a project, its bids and its guarantees may only be changed with the
 * publishing centre's endorsement, a blacklisting with its imposer's, the configuration with a majority of the
 * departments'. So those transactions name their endorsers: the owner and one partner — the caller when it is
 * not the owner, else the first of `endorsingPartners`, the regulators and the departments (from the on-ledger
 * configuration) that is not the owner ({@link pairEndorsingOrganizations}). The publishing centre of a
 * project is looked up once with `getProject` and cached (it never changes). Every default can be overridden
 * per call with `endorsingOrganizations`.
 *
 * Bid commitments are computed here exactly as the chaincode checks them ({@link bidCommitment}); salts come
 * from a CSPRNG ({@link generateBidSalt}). Keep the salt and price secret until the opening.
 *
 * Bids are the bidder's acts: every commit, replacement and withdrawal carries the bidder's signature by the
 * P-256 key Market Regulation bound to its credit code ({@link signBidderKeyBinding}, `bindBidderKey`). The
 * client builds the payload ({@link bidActionPayload}) and asks the bidder's {@link BidderSigner} for the
 * signature, so a centre relays what the bidder signed and cannot bid in its name.
 */
import { createHash, createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { Contract } from '@hyperledger/fabric-gateway';
import type { GovchainConnection } from '../connection';
import { canonicalJson } from '../fingerprint';
import { ChaincodeError } from '../errors';
import { type SubmitOptions, evaluate, submit } from '../transactions';
import {
  type HolderKeyPair,
  type HolderPrivateKey,
  type SignatureEncoding,
  generateHolderKeyPair,
} from './holder-keys';
import {
  type IdempotencyOptions,
  type PageRequest,
  type ParseContext,
  type Parser,
  type ResultPage,
  type TypedSubmitOptions,
  type TypedSubmitResult,
  pageArguments,
  pageParser,
  requestTransient,
  Shape,
  timeArgument,
} from './shape';

/** Named in INVALID_RESULT errors. */
const CHAINCODE = 'bid-record';

/** Logical name of the bid-record chaincode in connection profiles. */
export const BID_RECORD_CHAINCODE = 'bid-record';

/** Tender project statuses; COMPLETED, FAILED and TERMINATED are final. */
export const TENDER_PROJECT_STATUSES = [
  'PUBLISHED',
  'BIDDING_CLOSED',
  'OPENED',
  'EVALUATED',
  'PUBLICITY',
  'AWARDED',
  'CONTRACTED',
  'COMPLETED',
  'FAILED',
  'TERMINATED',
] as const;
/** Status of a tender project. */
export type TenderProjectStatus = (typeof TENDER_PROJECT_STATUSES)[number];

/** Evaluation methods of a tender. */
export const TENDER_EVALUATION_METHODS = ['LOWEST_PRICE', 'COMPREHENSIVE_SCORE'] as const;
/** Evaluation method of a tender. */
export type TenderEvaluationMethod = (typeof TENDER_EVALUATION_METHODS)[number];

/** Bid statuses. */
export const BID_STATUSES = ['COMMITTED', 'WITHDRAWN', 'VALID', 'DISQUALIFIED'] as const;
/** Status of a bid. */
export type BidStatus = (typeof BID_STATUSES)[number];

/** Guarantee statuses. */
export const BID_GUARANTEE_STATUSES = ['ISSUED', 'RELEASED', 'CLAIMED'] as const;
/** Status of a bid guarantee. */
export type BidGuaranteeStatus = (typeof BID_GUARANTEE_STATUSES)[number];

/** Kinds of bidder credit records. */
export const CREDIT_RECORD_KINDS = ['BID', 'WIN', 'DEFAULT', 'VIOLATION', 'FULFILLED'] as const;
/** Kind of a bidder credit record. */
export type CreditRecordKind = (typeof CREDIT_RECORD_KINDS)[number];

/** Steps a witness evidence item documents. */
export const TENDER_EVIDENCE_STEPS = [
  'PUBLICATION',
  'AMENDMENT',
  'BID_SUBMISSION',
  'BID_OPENING',
  'EVALUATION',
  'PUBLICITY',
  'OBJECTION',
  'AWARD',
  'CONTRACT',
  'PERFORMANCE',
  'TERMINATION',
  'OTHER',
] as const;
/** Step documented by witness evidence. */
export type TenderEvidenceStep = (typeof TENDER_EVIDENCE_STEPS)[number];

/** Who plays which role in bid-record, and the bidding rules (from the approved package and governance file). */
export interface BidRecordConfig {
  readonly departmentMsps: readonly string[];
  readonly tradingCentreMsps: readonly string[];
  readonly regulatorMsps: readonly string[];
  /** Departments that bind bidders' keys (Market Regulation). */
  readonly bidderKeyAuthorityMsps: readonly string[];
  /** Least time between CloseBidding and OpenBids while a bid awaits its reveal. */
  readonly minRevealWindowSeconds: number;
  readonly updatedAt: string;
  readonly updatedByMsp: string;
  readonly txId: string;
}

/** One amendment of the tender documents. */
export interface TenderAmendment {
  readonly fingerprint: string;
  readonly reason: string;
  readonly bidDeadline: string;
  readonly openingTime: string;
  readonly amendedAt: string;
  readonly txId: string;
}

/** One line of the evaluation ranking. */
export interface TenderRankEntry {
  readonly rank: number;
  readonly bidderCode: string;
  readonly score: number;
  /** Fen. */
  readonly price: number;
}

/** An objection raised during the publicity period. */
export interface TenderObjection {
  readonly objectionId: string;
  readonly reasonCode: string;
  readonly fingerprint: string;
  readonly status: 'PENDING' | 'UPHELD' | 'DISMISSED';
  readonly recordedAt: string;
  readonly resolutionFingerprint: string;
  readonly resolvedAt: string;
}

/** A tender project and every step of it (later steps' fields are empty or 0 until they happen). */
export interface TenderProject {
  readonly projectId: string;
  /** The publishing trading centre. */
  readonly centreMsp: string;
  readonly title: string;
  readonly tendererCode: string;
  readonly tendererName: string;
  readonly category: string;
  /** Fen. */
  readonly budget: number;
  readonly documentFingerprint: string;
  readonly originalFingerprint: string;
  readonly bidDeadline: string;
  readonly openingTime: string;
  readonly evaluationMethod: TenderEvaluationMethod;
  readonly minValidBids: number;
  readonly amendments: readonly TenderAmendment[];
  readonly status: TenderProjectStatus;
  readonly statusReason: string;
  readonly validBidCount: number;
  readonly disqualifiedBidCount: number;
  /** When the publishing centre closed the bidding; empty before. */
  readonly biddingClosedAt: string;
  /** Earliest OpenBids while a bid awaits its reveal; empty before the close. */
  readonly revealWindowEndsAt: string;
  readonly openedAt: string;
  readonly evaluationReportFingerprint: string;
  readonly ranking: readonly TenderRankEntry[];
  readonly evaluatedAt: string;
  readonly candidateBidderCode: string;
  readonly publicityStartedAt: string;
  readonly publicityEndsAt: string;
  readonly objections: readonly TenderObjection[];
  readonly winnerBidderCode: string;
  readonly awardPrice: number;
  readonly awardNoticeFingerprint: string;
  readonly awardedAt: string;
  readonly contractFingerprint: string;
  readonly contractRecordedAt: string;
  readonly performanceOutcome: '' | 'FULFILLED' | 'DEFAULTED';
  readonly performanceReportFingerprint: string;
  readonly performanceRecordedAt: string;
  readonly publishedAt: string;
  readonly updatedAt: string;
  readonly updatedByMsp: string;
  readonly txId: string;
}

/** A sealed bid (price, salt and bid document are empty until revealed). */
export interface Bid {
  readonly projectId: string;
  readonly bidderCode: string;
  readonly licenceId: string;
  readonly submittedByMsp: string;
  readonly commitment: string;
  readonly guaranteeId: string;
  readonly status: BidStatus;
  readonly disqualificationReason: '' | 'NOT_REVEALED' | 'COMMITMENT_MISMATCH' | 'PRICE_ABOVE_BUDGET' | 'BLACKLISTED';
  readonly price: number;
  readonly salt: string;
  readonly bidDocumentFingerprint: string;
  readonly revealedAt: string;
  readonly committedAt: string;
  readonly replacements: number;
  /** Bidder-signed actions so far; the next one signs `sequence + 1`. */
  readonly sequence: number;
  /** Version of the bidder key that signed the last action. */
  readonly keyVersion: number;
  readonly updatedAt: string;
  readonly updatedByMsp: string;
  readonly txId: string;
}

/** A bidder's key, bound to its credit code by a bidder key authority. */
export interface BidderKey {
  readonly bidderCode: string;
  /** Hex of the DER SubjectPublicKeyInfo. */
  readonly publicKey: string;
  /** SHA-256 of the DER SubjectPublicKeyInfo. */
  readonly fingerprint: string;
  readonly keyVersion: number;
  readonly boundByMsp: string;
  readonly boundAt: string;
  readonly txId: string;
}

/** An electronic bid guarantee. */
export interface BidGuarantee {
  readonly guaranteeId: string;
  readonly projectId: string;
  readonly projectCentreMsp: string;
  readonly bidderCode: string;
  readonly guarantorCode: string;
  readonly guarantorName: string;
  /** Fen. */
  readonly amount: number;
  /** Fee rate, basis points of the amount. */
  readonly rateBasisPoints: number;
  readonly fingerprint: string;
  readonly status: BidGuaranteeStatus;
  readonly statusReason: string;
  readonly issuedByMsp: string;
  readonly issuedAt: string;
  readonly updatedAt: string;
  readonly updatedByMsp: string;
  readonly txId: string;
}

/** Witness evidence of one step. */
export interface TenderEvidence {
  readonly evidenceId: string;
  readonly projectId: string;
  readonly step: TenderEvidenceStep;
  readonly fingerprint: string;
  readonly mediaType: string;
  readonly size: number;
  readonly storageUri: string;
  readonly description: string;
  readonly recorderMsp: string;
  readonly recordedAt: string;
  readonly txId: string;
}

/** One entry of a bidder's shared credit history. */
export interface CreditRecord {
  readonly bidderCode: string;
  readonly kind: CreditRecordKind;
  readonly projectId: string;
  readonly recordedByMsp: string;
  readonly reasonCode: string;
  readonly evidenceFingerprint: string;
  readonly recordedAt: string;
  readonly txId: string;
}

/** A blacklisting of a bidder. */
export interface Blacklisting {
  /** The id of the transaction that imposed it. */
  readonly entryId: string;
  readonly bidderCode: string;
  readonly imposedByMsp: string;
  readonly reasonCode: string;
  readonly projectId: string;
  readonly imposedAt: string;
  readonly expiresAt: string;
  readonly status: 'ACTIVE' | 'LIFTED';
  readonly liftedAt: string;
  readonly liftReasonCode: string;
  readonly txId: string;
}

/** What a guarantor prices a guarantee from. */
export interface BidderProfile {
  readonly bidderCode: string;
  readonly asOf: string;
  readonly bids: number;
  readonly wins: number;
  readonly defaults: number;
  readonly violations: number;
  readonly fulfilled: number;
  /** Departments that recorded at least one record. */
  readonly recordedBy: readonly string[];
  /** Whether a blacklisting is in force at `asOf`. */
  readonly blacklisted: boolean;
  readonly blacklistings: readonly Blacklisting[];
  /** Newest first. */
  readonly recentRecords: readonly CreditRecord[];
}

/** What OpenBids did to one bid. */
export interface BidOpeningOutcome {
  readonly bidderCode: string;
  readonly status: BidStatus;
  readonly disqualificationReason: string;
  readonly price: number;
}

/** Result of {@link BidRecordClient.openBids}. */
export interface BidOpeningResult {
  readonly project: TenderProject;
  readonly bids: readonly BidOpeningOutcome[];
}

/** One page of a list. */
export type BidRecordPage<T> = ResultPage<T>;

/** Which page to read. */
export type BidRecordPageRequest = PageRequest;

/** A committed transaction with its checked result. */
export type BidRecordSubmitResult<T> = TypedSubmitResult<T>;

/** Per-call options of a submitting method. */
export type BidRecordSubmitOptions = TypedSubmitOptions;

/** Result of {@link BidRecordClient.seedConfig}. */
export interface BidRecordSeedResult {
  /** False when a configuration equal to the endorsers' was stored already (nothing written). */
  readonly seeded: boolean;
  readonly config: BidRecordConfig;
}

/** Result of {@link BidRecordClient.updateConfig}. */
export interface BidRecordUpdateResult {
  /** False when the stored configuration already equals the endorsers' (nothing written). */
  readonly updated: boolean;
  readonly config: BidRecordConfig;
}

/** Input of {@link BidRecordClient.publishProject}. */
export type PublishProjectInput = Pick<
  TenderProject,
  | 'projectId'
  | 'title'
  | 'tendererCode'
  | 'tendererName'
  | 'category'
  | 'budget'
  | 'documentFingerprint'
  | 'evaluationMethod'
  | 'minValidBids'
> & {
  readonly bidDeadline: string | Date;
  readonly openingTime: string | Date;
};

/** Input of {@link BidRecordClient.amendProject}. */
export interface AmendProjectInput {
  readonly projectId: string;
  /** Fingerprint of the amended tender document. */
  readonly fingerprint: string;
  readonly reason: string;
  /** A later deadline; omit to keep the current one. */
  readonly bidDeadline?: string | Date;
  /** A new opening time; omit to keep the current one. */
  readonly openingTime?: string | Date;
}

/** What a bidder commits to and reveals at the opening. */
export interface BidReveal {
  readonly projectId: string;
  readonly bidderCode: string;
  /** Price in fen, a positive safe integer. */
  readonly price: number;
  readonly salt: string;
  readonly bidDocumentFingerprint: string;
}

/** A sealed bid prepared by {@link sealBid}: the commitment to submit and the values to keep secret. */
export interface SealedBid {
  readonly reveal: BidReveal;
  readonly commitment: string;
}

/** The `action` of a bidder key binding. */
export const BIND_BIDDER_KEY_ACTION = 'BIND_BIDDER_KEY';
/** The `action`s of the bid payloads a bidder signs. */
export const BID_ACTIONS = ['COMMIT_BID', 'REPLACE_BID', 'WITHDRAW_BID'] as const;
/** A bid action a bidder signs. */
export type BidAction = (typeof BID_ACTIONS)[number];

/** A bidder's key pair (the same P-256 wallet key as a licence holder's). */
export type BidderKeyPair = HolderKeyPair;
/** A bidder's private key: PKCS#8 (or SEC1) PEM, or a KeyObject. */
export type BidderPrivateKey = HolderPrivateKey;

/** What a bidder signs to bind its key (its proof of possession). */
export interface BidderKeyBinding {
  readonly action: typeof BIND_BIDDER_KEY_ACTION;
  /** The bidder's unified social credit code. */
  readonly uscc: string;
  /** The public key bound: PEM or hex DER SubjectPublicKeyInfo, exactly as signed. */
  readonly publicKey: string;
  /** 1 at the first binding, one more at each rotation. */
  readonly keyVersion: number;
}

/** A key binding with the bidder's signature, ready for {@link BidRecordClient.bindBidderKey}. */
export interface SignedBidderKeyBinding {
  readonly binding: BidderKeyBinding;
  /** ECDSA P-256 / SHA-256 signature by the bound key over the binding's canonical JSON, hex. */
  readonly signature: string;
}

/** What a bidder signs for a commit, replacement or withdrawal (see the chaincode README, "Bidder keys"). */
export interface BidActionPayload {
  readonly action: BidAction;
  readonly projectId: string;
  readonly bidderCode: string;
  /** The trading centre relaying the bid. */
  readonly submittingCentreMsp: string;
  /** The bid's sequence after this action (1 for a first commitment). */
  readonly sequence: number;
  /** The version of the bidder key that signs. */
  readonly keyVersion: number;
  /** Commit and replace. */
  readonly commitment?: string;
  /** Commit and replace (`''` for none). */
  readonly guaranteeId?: string;
  /** Commit. */
  readonly licenceId?: string;
}

/**
 * The bidder's side of a bid action: signs the payload (with the bidder's key, in its wallet or an HSM)
 * and returns the hex signature. {@link bidderSigner} makes one from a private key.
 */
export type BidderSigner = (payload: BidActionPayload) => string | Promise<string>;

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

/** Input of {@link BidRecordClient.recordEvaluation}. */
export interface TenderEvaluationInput {
  readonly reportFingerprint: string;
  readonly scores: readonly { readonly bidderCode: string; readonly score: number }[];
}

/** Input of {@link BidRecordClient.recordObjection}. */
export interface TenderObjectionInput {
  readonly projectId: string;
  readonly objectionId: string;
  readonly reasonCode: string;
  readonly fingerprint: string;
}

/** Input of {@link BidRecordClient.resolveObjection}. */
export interface TenderObjectionResolution {
  readonly projectId: string;
  readonly objectionId: string;
  readonly resolution: 'UPHELD' | 'DISMISSED';
  readonly fingerprint: string;
}

/** Input of {@link BidRecordClient.recordEvidence}. */
export type TenderEvidenceInput = Pick<TenderEvidence, 'step' | 'fingerprint' | 'mediaType' | 'size' | 'storageUri'> & {
  readonly description?: string;
};

/** Input of {@link BidRecordClient.issueGuarantee}. */
export type IssueGuaranteeInput = Pick<
  BidGuarantee,
  'guaranteeId' | 'projectId' | 'bidderCode' | 'guarantorCode' | 'guarantorName' | 'amount' | 'rateBasisPoints'
> & { readonly fingerprint: string };

/** Input of {@link BidRecordClient.recordViolation}. */
export interface BidderViolationInput {
  readonly bidderCode: string;
  readonly reasonCode: string;
  readonly projectId?: string;
  readonly evidenceFingerprint?: string;
}

/** Input of {@link BidRecordClient.blacklistBidder}. */
export interface BlacklistInput {
  readonly bidderCode: string;
  readonly reasonCode: string;
  readonly expiresAt: string | Date;
  readonly projectId?: string;
}

/** Input of {@link BidRecordClient.liftBlacklisting}. */
export interface LiftBlacklistingInput {
  readonly bidderCode: string;
  readonly entryId: string;
  readonly reasonCode: string;
}

/** Options of {@link bidRecordClient}. */
export interface BidRecordClientOptions {
  /** Logical chaincode name in the profile (default {@link BID_RECORD_CHAINCODE}). */
  readonly chaincode?: string;
  /** Preferred partner departments that co-endorse with an owner, before the configuration's regulators and departments. */
  readonly endorsingPartners?: readonly string[];
  /** Default retry and commit-status settings of every submit. */
  readonly submitDefaults?: Readonly<Pick<SubmitOptions, 'retry' | 'commitStatus'>>;
}

/**
 * The commitment of a sealed bid: SHA-256 over the UTF-8 bytes of
 * `canonicalJson({ bidDocumentFingerprint, bidderCode, price, projectId, salt })`, 64 lowercase hex —
 * exactly what the chaincode recomputes at the reveal.
 *
 * @param reveal - the values committed to.
 * @returns the commitment.
 * @throws TypeError when the price is not a positive safe integer.
 *
 * @example
 * ```ts
 * const commitment = bidCommitment({ projectId: 'P-1', bidderCode: '91350100M000100Y43', price: 98_000_000,
 *   salt: generateBidSalt(), bidDocumentFingerprint: await fingerprintFile('bid.pdf') });
 * ```
 */
export function bidCommitment(reveal: BidReveal): string {
  if (!Number.isSafeInteger(reveal.price) || reveal.price < 1) {
    throw new TypeError(`price must be a positive whole number of fen, got ${reveal.price}`);
  }
  const text = canonicalJson({
    bidDocumentFingerprint: reveal.bidDocumentFingerprint,
    bidderCode: reveal.bidderCode,
    price: reveal.price,
    projectId: reveal.projectId,
    salt: reveal.salt,
  });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A fresh salt for a bid commitment: 32 random bytes from the operating system's CSPRNG, as 64 hex characters.
 *
 * @returns the salt.
 */
export function generateBidSalt(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Seals a bid: picks a fresh salt and computes the commitment.
 *
 * @param bid - project, bidder, price (fen) and bid-document fingerprint.
 * @returns the commitment to submit and the reveal to keep secret until the opening.
 * @throws TypeError when the price is not a positive safe integer.
 */
export function sealBid(bid: Omit<BidReveal, 'salt'>): SealedBid {
  const reveal = { ...bid, salt: generateBidSalt() };
  return { reveal, commitment: bidCommitment(reveal) };
}

/**
 * Creates a fresh bidder key pair (ECDSA P-256), as {@link generateHolderKeyPair}.
 *
 * @returns the private key (PKCS#8 PEM) and the public key in PEM, hex DER and fingerprint form.
 */
export function generateBidderKeyPair(): BidderKeyPair {
  return generateHolderKeyPair();
}

/**
 * The exact bytes a bidder signs: the UTF-8 encoding of the payload's canonical JSON.
 *
 * @param payload - a key binding or a bid action.
 * @returns the bytes to sign.
 */
export function bidderSignedBytes(payload: BidderKeyBinding | BidActionPayload): Uint8Array {
  return new TextEncoder().encode(canonicalJson(payload));
}

function bidderPrivateKey(key: BidderPrivateKey): KeyObject {
  const object = typeof key === 'string' ? createPrivateKey(key) : key;
  if (object.type !== 'private' || object.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new TypeError('the bidder key must be an ECDSA P-256 (prime256v1) private key');
  }
  return object;
}

/**
 * Signs a key binding or a bid action with the bidder's private key.
 *
 * @param privateKey - the bidder's P-256 private key (PEM or KeyObject).
 * @param payload - what to sign.
 * @param encoding - `der` (default) or `ieee-p1363`; the chaincode accepts both.
 * @returns the signature, lowercase hex.
 * @throws TypeError if the key is not a P-256 private key.
 */
export function signBidderPayload(
  privateKey: BidderPrivateKey,
  payload: BidderKeyBinding | BidActionPayload,
  encoding: SignatureEncoding = 'der',
): string {
  return sign('sha256', bidderSignedBytes(payload), {
    key: bidderPrivateKey(privateKey),
    dsaEncoding: encoding,
  }).toString('hex');
}

/**
 * Builds and signs a bidder's key binding: the bidder's proof that it holds the key bound to its credit code.
 *
 * @param privateKey - the key being bound (the bidder's P-256 private key).
 * @param binding - credit code, public key (PEM or hex DER), version (1, then one more per rotation).
 * @returns the binding and its signature, for {@link BidRecordClient.bindBidderKey}.
 * @throws TypeError if the key is not a P-256 private key.
 *
 * @example
 * ```ts
 * const wallet = generateBidderKeyPair();
 * const signed = signBidderKeyBinding(wallet.privateKeyPem, { uscc, publicKey: wallet.publicKeyHex, keyVersion: 1 });
 * await bidRecordClient(marketRegulation).bindBidderKey(signed);
 * ```
 */
export function signBidderKeyBinding(
  privateKey: BidderPrivateKey,
  binding: Omit<BidderKeyBinding, 'action'>,
): SignedBidderKeyBinding {
  const full: BidderKeyBinding = {
    action: BIND_BIDDER_KEY_ACTION,
    uscc: binding.uscc,
    publicKey: binding.publicKey,
    keyVersion: binding.keyVersion,
  };
  return { binding: full, signature: signBidderPayload(privateKey, full) };
}

/**
 * A {@link BidderSigner} over a private key held by the caller (a bidder's own system, or a test).
 *
 * @param privateKey - the bidder's P-256 private key (parsed once, here).
 * @param encoding - signature encoding (default `der`).
 * @returns the signer.
 * @throws TypeError if the key is not a P-256 private key.
 */
export function bidderSigner(privateKey: BidderPrivateKey, encoding: SignatureEncoding = 'der'): BidderSigner {
  const key = bidderPrivateKey(privateKey);
  return (payload) => signBidderPayload(key, payload, encoding);
}

/**
 * The payload of a bid action exactly as the chaincode rebuilds it (members it does not use are left out).
 *
 * @param payload - the action and its values.
 * @returns the payload to sign.
 */
export function bidActionPayload(payload: BidActionPayload): BidActionPayload {
  const common = {
    action: payload.action,
    projectId: payload.projectId,
    bidderCode: payload.bidderCode,
    submittingCentreMsp: payload.submittingCentreMsp,
    sequence: payload.sequence,
    keyVersion: payload.keyVersion,
  };
  if (payload.action === 'WITHDRAW_BID') {
    return common;
  }
  const values = { ...common, commitment: payload.commitment ?? '', guaranteeId: payload.guaranteeId ?? '' };
  return payload.action === 'COMMIT_BID' ? { ...values, licenceId: payload.licenceId ?? '' } : values;
}

/**
 * The endorsers of a transaction that changes a key owned by one department: the owner and one partner — the
 * caller when it is not the owner, else the first candidate that is not the owner.
 *
 * @param ownerMsp - the owning department (publishing centre, imposer).
 * @param callerMsp - the caller.
 * @param candidates - partner candidates in order of preference.
 * @returns `[ownerMsp, partner]`.
 * @throws TypeError when no partner other than the owner is available.
 */
export function pairEndorsingOrganizations(
  ownerMsp: string,
  callerMsp: string,
  candidates: readonly string[],
): string[] {
  const partner = [callerMsp, ...candidates].find((msp) => msp !== ownerMsp);
  if (partner === undefined) {
    throw new TypeError(`no endorsing partner other than ${ownerMsp} is available`);
  }
  return [ownerMsp, partner];
}

/** The bid-record chaincode, as a department calls it through its own peer. */
export interface BidRecordClient {
  /** MSP id of the connection's identity (the caller). */
  readonly mspId: string;

  /**
   * Seeds the configuration from the endorsers' governance file and the package's seed files (deployment).
   * Takes no roles: no caller chooses them.
   *
   * @param options - endorsement, retry and commit-status settings.
   * @returns `seeded` (false when an equal configuration was stored already) and the configuration.
   * @throws {@link ChaincodeError} `CONFLICT` when the stored configuration differs from the endorsers' files
   * (the message names the differences); `FORBIDDEN`; `PRECONDITION_FAILED` (no governance file).
   */
  seedConfig(options?: BidRecordSubmitOptions): Promise<BidRecordSubmitResult<BidRecordSeedResult>>;
  /**
   * Brings the configuration to the endorsers' files after they changed; endorsed by a majority of the
   * current departments, which must agree.
   *
   * @param options - endorsement, retry and commit-status settings.
   * @returns `updated` (false when nothing changed) and the configuration.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED` not seeded; `FORBIDDEN`.
   */
  updateConfig(options?: BidRecordSubmitOptions): Promise<BidRecordSubmitResult<BidRecordUpdateResult>>;
  /**
   * @returns the role configuration.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED` when not seeded.
   */
  getConfig(): Promise<BidRecordConfig>;

  /**
   * Publishes a tender (caller: a trading centre).
   *
   * @param project - the project.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the project.
   * @throws {@link ChaincodeError} `FORBIDDEN`, `INVALID_ARGUMENT`, `CONFLICT`, `PRECONDITION_FAILED`.
   */
  publishProject(
    project: PublishProjectInput,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>>;
  /**
   * Records an amendment (caller: the publishing centre, before the deadline).
   *
   * @param amendment - new fingerprint, reason, optional later schedule.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the project.
   * @throws {@link ChaincodeError} `FORBIDDEN`, `INVALID_ARGUMENT`, `NOT_FOUND`, `PRECONDITION_FAILED`.
   */
  amendProject(
    amendment: AmendProjectInput,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>>;
  /**
   * Terminates a project before its contract (caller: the publishing centre).
   *
   * @param projectId - the project.
   * @param reasonCode - upper-case reason.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the project.
   * @throws {@link ChaincodeError} `FORBIDDEN`, `NOT_FOUND`, `PRECONDITION_FAILED`, `INVALID_ARGUMENT`.
   */
  terminateProject(
    projectId: string,
    reasonCode: string,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>>;
  /**
   * @param projectId - the project.
   * @returns the project.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`.
   */
  getProject(projectId: string): Promise<TenderProject>;
  /**
   * @param centreMsp - publishing centre.
   * @param page - page size and bookmark.
   * @returns a page of projects.
   * @throws {@link ChaincodeError} `INVALID_ARGUMENT`.
   */
  listProjectsByCentre(centreMsp: string, page?: BidRecordPageRequest): Promise<BidRecordPage<TenderProject>>;

  /**
   * Binds (or rotates) a bidder's key (caller: a bidder key authority — Market Regulation).
   *
   * @param signed - the binding with the bidder's signature, from {@link signBidderKeyBinding}.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the binding.
   * @throws {@link ChaincodeError} `FORBIDDEN` (not an authority, no proof of possession), `CONFLICT` (not the
   * next key version), `INVALID_ARGUMENT`.
   */
  bindBidderKey(
    signed: SignedBidderKeyBinding,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<BidderKey>>;
  /**
   * @param bidderCode - the bidder.
   * @returns the bidder's bound key.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`.
   */
  getBidderKey(bidderCode: string): Promise<BidderKey>;

  /**
   * Commits a bidder's sealed bid while bidding is open (caller: any trading centre, relaying the bidder's
   * signature, which the `signer` gives).
   *
   * @param bid - project, bidder, licence, commitment, optional guarantee, the bidder's signer.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the bid.
   * @throws {@link ChaincodeError} `INVALID_ARGUMENT` (e.g. a commitment of the wrong shape), `FORBIDDEN` (not a
   * trading centre, not signed by the bidder, bidder blacklisted), `PRECONDITION_FAILED` (deadline passed or
   * bidding closed, no bound key, no ACTIVE business licence), `CONFLICT`, `NOT_FOUND`.
   */
  commitBid(bid: CommitBidInput, options?: BidRecordSubmitOptions): Promise<BidRecordSubmitResult<Bid>>;
  /**
   * Replaces a sealed bid while bidding is open (caller: the submitting centre, with the bidder's signature).
   *
   * @param bid - project, bidder, new commitment, optional guarantee, the bidder's signer.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the bid.
   * @throws {@link ChaincodeError} as {@link BidRecordClient.commitBid}.
   */
  replaceBid(bid: ReplaceBidInput, options?: BidRecordSubmitOptions): Promise<BidRecordSubmitResult<Bid>>;
  /**
   * Withdraws a sealed bid while bidding is open (caller: the submitting centre, with the bidder's signature).
   *
   * @param bid - project, bidder, the bidder's signer.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the bid.
   * @throws {@link ChaincodeError} `FORBIDDEN`, `NOT_FOUND`, `PRECONDITION_FAILED`.
   */
  withdrawBid(bid: WithdrawBidInput, options?: BidRecordSubmitOptions): Promise<BidRecordSubmitResult<Bid>>;
  /**
   * Closes the bidding from the deadline (caller: the publishing centre); reveals may follow.
   *
   * @param projectId - the project.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the project, BIDDING_CLOSED.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED` (before the deadline, not PUBLISHED), `FORBIDDEN`.
   */
  closeBidding(projectId: string, options?: BidRecordSubmitOptions): Promise<BidRecordSubmitResult<TenderProject>>;
  /**
   * Reveals one bid once bidding is closed (caller: the submitting or the publishing centre).
   *
   * @param reveal - the values committed to.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the bid.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED` before the close; `INVALID_ARGUMENT` when it does not
   * match; `CONFLICT` already revealed; `FORBIDDEN`.
   */
  revealBid(reveal: BidReveal, options?: BidRecordSubmitOptions): Promise<BidRecordSubmitResult<Bid>>;
  /**
   * Closes the opening (caller: the publishing centre, once bidding is closed, from the opening time and — while
   * a bid awaits its reveal — after the reveal window).
   *
   * @param projectId - the project.
   * @param reveals - reveals presented at the opening (not already made with revealBid).
   * @param options - endorsement, retry and commit-status settings.
   * @returns the project and the outcome of every bid.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED`, `FORBIDDEN`, `INVALID_ARGUMENT`.
   */
  openBids(
    projectId: string,
    reveals: readonly Omit<BidReveal, 'projectId'>[],
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<BidOpeningResult>>;
  /**
   * @param projectId - the project.
   * @param bidderCode - the bidder.
   * @returns the bid.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`.
   */
  getBid(projectId: string, bidderCode: string): Promise<Bid>;
  /**
   * @param projectId - the project.
   * @param page - page size and bookmark.
   * @returns a page of bids.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`.
   */
  listBids(projectId: string, page?: BidRecordPageRequest): Promise<BidRecordPage<Bid>>;

  /**
   * Records the evaluation (caller: the publishing centre).
   *
   * @param projectId - the project.
   * @param evaluation - report fingerprint and a score for every valid bid.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the project with its ranking.
   * @throws {@link ChaincodeError} `INVALID_ARGUMENT`, `PRECONDITION_FAILED`, `FORBIDDEN`.
   */
  recordEvaluation(
    projectId: string,
    evaluation: TenderEvaluationInput,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>>;
  /**
   * Starts the first-ranked bidder's publicity period (caller: the publishing centre).
   *
   * @param projectId - the project.
   * @param publicityEndsAt - end of the period.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the project.
   * @throws {@link ChaincodeError} `INVALID_ARGUMENT`, `PRECONDITION_FAILED`, `FORBIDDEN`.
   */
  startPublicity(
    projectId: string,
    publicityEndsAt: string | Date,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>>;
  /**
   * Records an objection during the publicity period (caller: the publishing centre).
   *
   * @param objection - id, reason, document fingerprint.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the project.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED`, `CONFLICT`, `FORBIDDEN`, `INVALID_ARGUMENT`.
   */
  recordObjection(
    objection: TenderObjectionInput,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>>;
  /**
   * Resolves an objection (caller: the publishing centre).
   *
   * @param resolution - UPHELD or DISMISSED with the reply's fingerprint.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the project.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `PRECONDITION_FAILED`, `FORBIDDEN`, `INVALID_ARGUMENT`.
   */
  resolveObjection(
    resolution: TenderObjectionResolution,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>>;
  /**
   * Awards the project after the publicity period (caller: the publishing centre).
   *
   * @param projectId - the project.
   * @param noticeFingerprint - fingerprint of the award notice.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the project.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED` (e.g. before the evaluation), `FORBIDDEN`.
   */
  awardProject(
    projectId: string,
    noticeFingerprint: string,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>>;
  /**
   * Records the signed contract (caller: the publishing centre).
   *
   * @param projectId - the project.
   * @param contractFingerprint - fingerprint of the contract.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the project.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED`, `FORBIDDEN`.
   */
  recordContract(
    projectId: string,
    contractFingerprint: string,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>>;
  /**
   * Records the performance outcome (caller: the publishing centre).
   *
   * @param projectId - the project.
   * @param outcome - FULFILLED or DEFAULTED.
   * @param reportFingerprint - fingerprint of the acceptance or default report.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the project.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED`, `FORBIDDEN`, `INVALID_ARGUMENT`.
   */
  recordPerformance(
    projectId: string,
    outcome: 'FULFILLED' | 'DEFAULTED',
    reportFingerprint: string,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>>;

  /**
   * Records witness evidence (caller: any department).
   *
   * @param projectId - the project.
   * @param evidence - step, fingerprint, media type, size, storage URI.
   * @param options - endorsement, retry and commit-status settings; `requestId`, the idempotency key (default: a
   * fresh UUID, reused across this call's own retries) — the same key again returns the first result.
   * @returns the evidence.
   * @throws {@link ChaincodeError} `FORBIDDEN`, `INVALID_ARGUMENT`, `NOT_FOUND`; `CONFLICT` when the requestId was
   * used with other input.
   */
  recordEvidence(
    projectId: string,
    evidence: TenderEvidenceInput,
    options?: BidRecordSubmitOptions & IdempotencyOptions,
  ): Promise<BidRecordSubmitResult<TenderEvidence>>;
  /**
   * @param projectId - the project.
   * @param page - page size and bookmark.
   * @returns a page of evidence, oldest first.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`.
   */
  listEvidence(projectId: string, page?: BidRecordPageRequest): Promise<BidRecordPage<TenderEvidence>>;

  /**
   * Records a bid guarantee (caller: a trading centre, before the deadline).
   *
   * @param guarantee - the guarantee.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the guarantee.
   * @throws {@link ChaincodeError} `FORBIDDEN`, `INVALID_ARGUMENT`, `CONFLICT`, `NOT_FOUND`, `PRECONDITION_FAILED`.
   */
  issueGuarantee(
    guarantee: IssueGuaranteeInput,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<BidGuarantee>>;
  /**
   * Releases a guarantee (caller: the project's publishing centre).
   *
   * @param guaranteeId - the guarantee.
   * @param reasonCode - upper-case reason.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the guarantee.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED`, `FORBIDDEN`, `NOT_FOUND`.
   */
  releaseGuarantee(
    guaranteeId: string,
    reasonCode: string,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<BidGuarantee>>;
  /**
   * Claims the defaulting winner's guarantee (caller: the project's publishing centre).
   *
   * @param guaranteeId - the guarantee.
   * @param reasonCode - upper-case reason.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the guarantee.
   * @throws {@link ChaincodeError} `PRECONDITION_FAILED`, `FORBIDDEN`, `NOT_FOUND`.
   */
  claimGuarantee(
    guaranteeId: string,
    reasonCode: string,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<BidGuarantee>>;
  /**
   * @param guaranteeId - the guarantee.
   * @returns the guarantee.
   * @throws {@link ChaincodeError} `NOT_FOUND`, `INVALID_ARGUMENT`.
   */
  getGuarantee(guaranteeId: string): Promise<BidGuarantee>;
  /**
   * @param projectId - the project.
   * @param page - page size and bookmark.
   * @returns a page of guarantees.
   * @throws {@link ChaincodeError} `INVALID_ARGUMENT`.
   */
  listGuaranteesByProject(projectId: string, page?: BidRecordPageRequest): Promise<BidRecordPage<BidGuarantee>>;

  /**
   * Records a violation (caller: a trading centre or a regulator).
   *
   * @param violation - bidder, reason, optional project and evidence.
   * @param options - endorsement, retry and commit-status settings; `requestId`, the idempotency key (default: a
   * fresh UUID, reused across this call's own retries) — the same key again returns the first result.
   * @returns the credit record.
   * @throws {@link ChaincodeError} `FORBIDDEN`, `INVALID_ARGUMENT`, `NOT_FOUND`; `CONFLICT` when the requestId was
   * used with other input.
   */
  recordViolation(
    violation: BidderViolationInput,
    options?: BidRecordSubmitOptions & IdempotencyOptions,
  ): Promise<BidRecordSubmitResult<CreditRecord>>;
  /**
   * Blacklists a bidder until `expiresAt` (caller: a trading centre or a regulator).
   *
   * @param blacklisting - bidder, reason, expiry, optional project.
   * @param options - endorsement, retry and commit-status settings; `requestId`, the idempotency key (default: a
   * fresh UUID, reused across this call's own retries) — the same key again returns the first result.
   * @returns the blacklisting.
   * @throws {@link ChaincodeError} `FORBIDDEN`, `INVALID_ARGUMENT`, `PRECONDITION_FAILED`, `NOT_FOUND`; `CONFLICT`
   * when the requestId was used with other input.
   */
  blacklistBidder(
    blacklisting: BlacklistInput,
    options?: BidRecordSubmitOptions & IdempotencyOptions,
  ): Promise<BidRecordSubmitResult<Blacklisting>>;
  /**
   * Lifts a blacklisting early (caller: its imposer only).
   *
   * @param lift - bidder, entry id, reason.
   * @param options - endorsement, retry and commit-status settings.
   * @returns the blacklisting.
   * @throws {@link ChaincodeError} `FORBIDDEN`, `NOT_FOUND`, `PRECONDITION_FAILED`.
   */
  liftBlacklisting(
    lift: LiftBlacklistingInput,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<Blacklisting>>;
  /**
   * @param bidderCode - the bidder.
   * @param recentCount - recent records to include (0–100, default 10).
   * @returns the credit profile.
   * @throws {@link ChaincodeError} `INVALID_ARGUMENT`.
   */
  getBidderProfile(bidderCode: string, recentCount?: number): Promise<BidderProfile>;
  /**
   * @param bidderCode - the bidder.
   * @param page - page size and bookmark.
   * @returns a page of credit records, oldest first.
   * @throws {@link ChaincodeError} `INVALID_ARGUMENT`.
   */
  listCreditRecords(bidderCode: string, page?: BidRecordPageRequest): Promise<BidRecordPage<CreditRecord>>;
}

// ------------------------------------------------------------------------------------ result shapes

/** Builds an object of strings from the listed members (each required). */
function strings<K extends string>(s: Shape, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((key) => [key, s.string(key)])) as Record<K, string>;
}

/** Builds an object of strings from the listed members (each may be empty or absent). */
function optionalStrings<K extends string>(s: Shape, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((key) => [key, s.optionalString(key)])) as Record<K, string>;
}

function parseConfig(value: unknown, context: ParseContext): BidRecordConfig {
  const s = Shape.of(value, '$', context);
  return {
    departmentMsps: s.stringArray('departmentMsps'),
    tradingCentreMsps: s.stringArray('tradingCentreMsps'),
    regulatorMsps: s.stringArray('regulatorMsps'),
    bidderKeyAuthorityMsps: s.stringArray('bidderKeyAuthorityMsps'),
    minRevealWindowSeconds: s.number('minRevealWindowSeconds'),
    ...strings(s, ['updatedAt', 'updatedByMsp', 'txId']),
  };
}

function parseSeedResult(value: unknown, context: ParseContext): BidRecordSeedResult {
  const s = Shape.of(value, '$', context);
  return { seeded: s.boolean('seeded'), config: s.object('config', parseConfig) };
}

function parseUpdateResult(value: unknown, context: ParseContext): BidRecordUpdateResult {
  const s = Shape.of(value, '$', context);
  return { updated: s.boolean('updated'), config: s.object('config', parseConfig) };
}

function parseBidderKey(value: unknown, context: ParseContext): BidderKey {
  const s = Shape.of(value, '$', context);
  return {
    ...strings(s, ['bidderCode', 'publicKey', 'fingerprint', 'boundByMsp', 'boundAt', 'txId']),
    keyVersion: s.number('keyVersion'),
  };
}

function parseAmendment(value: unknown, context: ParseContext, path: string): TenderAmendment {
  const s = Shape.of(value, path, context);
  return strings(s, ['fingerprint', 'reason', 'bidDeadline', 'openingTime', 'amendedAt', 'txId']);
}

function parseRankEntry(value: unknown, context: ParseContext, path: string): TenderRankEntry {
  const s = Shape.of(value, path, context);
  return {
    rank: s.number('rank'),
    bidderCode: s.string('bidderCode'),
    score: s.number('score'),
    price: s.number('price'),
  };
}

function parseObjection(value: unknown, context: ParseContext, path: string): TenderObjection {
  const s = Shape.of(value, path, context);
  return {
    ...strings(s, ['objectionId', 'reasonCode', 'fingerprint', 'recordedAt']),
    ...optionalStrings(s, ['resolutionFingerprint', 'resolvedAt']),
    status: s.oneOf('status', ['PENDING', 'UPHELD', 'DISMISSED'] as const),
  };
}

function parseProject(value: unknown, context: ParseContext, path = '$'): TenderProject {
  const s = Shape.of(value, path, context);
  return {
    ...strings(s, [
      'projectId',
      'centreMsp',
      'title',
      'tendererCode',
      'tendererName',
      'category',
      'documentFingerprint',
      'originalFingerprint',
      'bidDeadline',
      'openingTime',
      'statusReason',
      'publishedAt',
      'updatedAt',
      'updatedByMsp',
      'txId',
    ]),
    ...optionalStrings(s, [
      'biddingClosedAt',
      'revealWindowEndsAt',
      'openedAt',
      'evaluationReportFingerprint',
      'evaluatedAt',
      'candidateBidderCode',
      'publicityStartedAt',
      'publicityEndsAt',
      'winnerBidderCode',
      'awardNoticeFingerprint',
      'awardedAt',
      'contractFingerprint',
      'contractRecordedAt',
      'performanceReportFingerprint',
      'performanceRecordedAt',
    ]),
    budget: s.number('budget'),
    evaluationMethod: s.oneOf('evaluationMethod', TENDER_EVALUATION_METHODS),
    minValidBids: s.number('minValidBids'),
    amendments: s.array('amendments', (item, itemPath) => parseAmendment(item, context, itemPath)),
    status: s.oneOf('status', TENDER_PROJECT_STATUSES),
    validBidCount: s.number('validBidCount'),
    disqualifiedBidCount: s.number('disqualifiedBidCount'),
    ranking: s.array('ranking', (item, itemPath) => parseRankEntry(item, context, itemPath)),
    objections: s.array('objections', (item, itemPath) => parseObjection(item, context, itemPath)),
    awardPrice: s.number('awardPrice'),
    performanceOutcome: s.optionalString('performanceOutcome') as TenderProject['performanceOutcome'],
  };
}

function parseBid(value: unknown, context: ParseContext, path = '$'): Bid {
  const s = Shape.of(value, path, context);
  return {
    ...strings(s, [
      'projectId',
      'bidderCode',
      'licenceId',
      'submittedByMsp',
      'commitment',
      'committedAt',
      'updatedAt',
      'updatedByMsp',
      'txId',
    ]),
    ...optionalStrings(s, ['guaranteeId', 'salt', 'bidDocumentFingerprint', 'revealedAt']),
    status: s.oneOf('status', BID_STATUSES),
    disqualificationReason: s.optionalString('disqualificationReason') as Bid['disqualificationReason'],
    price: s.number('price'),
    replacements: s.number('replacements'),
    sequence: s.number('sequence'),
    keyVersion: s.number('keyVersion'),
  };
}

function parseGuarantee(value: unknown, context: ParseContext, path = '$'): BidGuarantee {
  const s = Shape.of(value, path, context);
  return {
    ...strings(s, [
      'guaranteeId',
      'projectId',
      'projectCentreMsp',
      'bidderCode',
      'guarantorCode',
      'guarantorName',
      'fingerprint',
      'statusReason',
      'issuedByMsp',
      'issuedAt',
      'updatedAt',
      'updatedByMsp',
      'txId',
    ]),
    amount: s.number('amount'),
    rateBasisPoints: s.number('rateBasisPoints'),
    status: s.oneOf('status', BID_GUARANTEE_STATUSES),
  };
}

function parseEvidence(value: unknown, context: ParseContext, path = '$'): TenderEvidence {
  const s = Shape.of(value, path, context);
  return {
    ...strings(s, [
      'evidenceId',
      'projectId',
      'fingerprint',
      'mediaType',
      'storageUri',
      'recorderMsp',
      'recordedAt',
      'txId',
    ]),
    description: s.optionalString('description'),
    step: s.oneOf('step', TENDER_EVIDENCE_STEPS),
    size: s.number('size'),
  };
}

function parseCreditRecord(value: unknown, context: ParseContext, path = '$'): CreditRecord {
  const s = Shape.of(value, path, context);
  return {
    ...strings(s, ['bidderCode', 'recordedByMsp', 'recordedAt', 'txId']),
    ...optionalStrings(s, ['projectId', 'reasonCode', 'evidenceFingerprint']),
    kind: s.oneOf('kind', CREDIT_RECORD_KINDS),
  };
}

function parseBlacklisting(value: unknown, context: ParseContext, path = '$'): Blacklisting {
  const s = Shape.of(value, path, context);
  return {
    ...strings(s, ['entryId', 'bidderCode', 'imposedByMsp', 'reasonCode', 'imposedAt', 'expiresAt', 'txId']),
    ...optionalStrings(s, ['projectId', 'liftedAt', 'liftReasonCode']),
    status: s.oneOf('status', ['ACTIVE', 'LIFTED'] as const),
  };
}

function parseProfile(value: unknown, context: ParseContext): BidderProfile {
  const s = Shape.of(value, '$', context);
  return {
    bidderCode: s.string('bidderCode'),
    asOf: s.string('asOf'),
    bids: s.number('bids'),
    wins: s.number('wins'),
    defaults: s.number('defaults'),
    violations: s.number('violations'),
    fulfilled: s.number('fulfilled'),
    recordedBy: s.stringArray('recordedBy'),
    blacklisted: s.boolean('blacklisted'),
    blacklistings: s.array('blacklistings', (item, path) => parseBlacklisting(item, context, path)),
    recentRecords: s.array('recentRecords', (item, path) => parseCreditRecord(item, context, path)),
  };
}

function parseOpening(value: unknown, context: ParseContext): BidOpeningResult {
  const s = Shape.of(value, '$', context);
  return {
    project: s.object('project', parseProject),
    bids: s.array('bids', (item, path) => {
      const b = Shape.of(item, path, context);
      return {
        bidderCode: b.string('bidderCode'),
        status: b.oneOf('status', BID_STATUSES),
        disqualificationReason: b.optionalString('disqualificationReason'),
        price: b.number('price'),
      };
    }),
  };
}

const parseProjectPage = pageParser(parseProject);
const parseBidPage = pageParser(parseBid);
const parseGuaranteePage = pageParser(parseGuarantee);
const parseEvidencePage = pageParser(parseEvidence);
const parseCreditPage = pageParser(parseCreditRecord);

// --------------------------------------------------------------------------------------- arguments

// ------------------------------------------------------------------------------------------ client

interface CallOptions {
  readonly arguments?: readonly unknown[];
  readonly transientData?: Readonly<Record<string, unknown>>;
  readonly endorsingOrganizations?: readonly string[] | undefined;
}

/** Where the endorsers of a call come from. */
type Owner =
  | { readonly project: string }
  | { readonly guarantee: string }
  | { readonly msp: string }
  | { readonly bid: { readonly projectId: string; readonly bidderCode: string } }
  | { readonly opening: string }
  | undefined;

class BidRecordClientImpl implements BidRecordClient {
  readonly #connection: GovchainConnection;
  readonly #chaincode: string;
  readonly #partners: readonly string[];
  readonly #defaults: Readonly<Pick<SubmitOptions, 'retry' | 'commitStatus'>>;
  readonly #centres = new Map<string, string>();
  #config: BidRecordConfig | undefined;

  constructor(connection: GovchainConnection, options: Readonly<BidRecordClientOptions>) {
    this.#connection = connection;
    this.#chaincode = options.chaincode ?? BID_RECORD_CHAINCODE;
    this.#partners = [...(options.endorsingPartners ?? [])];
    this.#defaults = options.submitDefaults ?? {};
  }

  get mspId(): string {
    return this.#connection.mspId;
  }

  get #contract(): Contract {
    return this.#connection.getContract(this.#chaincode);
  }

  async #submit<T>(
    transaction: string,
    parse: Parser<T>,
    call: CallOptions,
    owner: Owner,
    options: BidRecordSubmitOptions | undefined,
  ): Promise<BidRecordSubmitResult<T>> {
    const endorsingOrganizations = options?.endorsingOrganizations ?? (await this.#endorsers(owner));
    const outcome = await submit(this.#contract, transaction, {
      ...this.#defaults,
      ...(options?.retry === undefined ? {} : { retry: options.retry }),
      ...(options?.commitStatus === undefined ? {} : { commitStatus: options.commitStatus }),
      arguments: call.arguments ?? [],
      ...(call.transientData === undefined ? {} : { transientData: call.transientData }),
      ...(endorsingOrganizations === undefined ? {} : { endorsingOrganizations }),
    });
    const result = parse(outcome.result, { chaincode: CHAINCODE, transaction, transactionId: outcome.transactionId });
    return {
      result,
      transactionId: outcome.transactionId,
      blockNumber: outcome.blockNumber,
      attempts: outcome.attempts,
    };
  }

  async #evaluate<T>(transaction: string, parse: Parser<T>, args: readonly unknown[] = []): Promise<T> {
    const result = await evaluate(this.#contract, transaction, { arguments: args });
    return parse(result, { chaincode: CHAINCODE, transaction });
  }

  async #publisher(projectId: string): Promise<string> {
    let centre = this.#centres.get(projectId);
    if (centre === undefined) {
      centre = (await this.getProject(projectId)).centreMsp;
      this.#centres.set(projectId, centre);
    }
    return centre;
  }

  async #ownerMsp(
    owner: { readonly project: string } | { readonly guarantee: string } | { readonly msp: string },
  ): Promise<string> {
    if ('msp' in owner) {
      return owner.msp;
    }
    return this.#publisher('project' in owner ? owner.project : (await this.getGuarantee(owner.guarantee)).projectId);
  }

  async #pair(ownerMsp: string): Promise<string[]> {
    this.#config ??= await this.getConfig();
    return pairEndorsingOrganizations(ownerMsp, this.mspId, [
      ...this.#partners,
      ...this.#config.regulatorMsps,
      ...this.#config.departmentMsps,
    ]);
  }

  async #endorsers(owner: Owner): Promise<readonly string[] | undefined> {
    if (owner === undefined) {
      return undefined;
    }
    if ('bid' in owner) {
      // AND(submitting centre, publishing centre), or the centre and a partner when they are one.
      const publisher = await this.#publisher(owner.bid.projectId);
      const { submittedByMsp } = await this.getBid(owner.bid.projectId, owner.bid.bidderCode);
      return submittedByMsp === publisher ? this.#pair(publisher) : [publisher, submittedByMsp];
    }
    if ('opening' in owner) {
      // The project (publisher and a partner) and every bid (its submitting centre with the publisher).
      const publisher = await this.#publisher(owner.opening);
      this.#config ??= await this.getConfig();
      const centres = [...new Set([publisher, ...this.#config.tradingCentreMsps])];
      return centres.length > 1 ? centres : this.#pair(publisher);
    }
    return this.#pair(await this.#ownerMsp(owner));
  }

  /**
   * The bidder's signature over a bid action, with the sequence and key version looked up when not given.
   */
  async #signBidAction(
    input: BidderSignature,
    payload: Omit<BidActionPayload, 'sequence' | 'keyVersion'>,
  ): Promise<string> {
    const sequence = input.sequence ?? (await this.#nextSequence(payload.projectId, payload.bidderCode));
    const keyVersion = input.keyVersion ?? (await this.getBidderKey(payload.bidderCode)).keyVersion;
    return input.signer(bidActionPayload({ ...payload, sequence, keyVersion }));
  }

  async #nextSequence(projectId: string, bidderCode: string): Promise<number> {
    try {
      return (await this.getBid(projectId, bidderCode)).sequence + 1;
    } catch (err) {
      if (err instanceof ChaincodeError && err.code === 'NOT_FOUND') {
        return 1;
      }
      throw err;
    }
  }

  async #majority(options: BidRecordSubmitOptions | undefined): Promise<readonly string[]> {
    if (options?.endorsingOrganizations !== undefined) {
      return options.endorsingOrganizations;
    }
    const { departmentMsps } = await this.getConfig();
    const ordered = departmentMsps.includes(this.mspId)
      ? [this.mspId, ...departmentMsps.filter((msp) => msp !== this.mspId)]
      : [...departmentMsps];
    return ordered.slice(0, Math.floor(departmentMsps.length / 2) + 1);
  }

  // configuration

  async seedConfig(options?: BidRecordSubmitOptions): Promise<BidRecordSubmitResult<BidRecordSeedResult>> {
    return this.#submit('SeedConfig', parseSeedResult, {}, undefined, options);
  }

  async updateConfig(options?: BidRecordSubmitOptions): Promise<BidRecordSubmitResult<BidRecordUpdateResult>> {
    const endorsingOrganizations = await this.#majority(options);
    const outcome = await this.#submit('UpdateConfig', parseUpdateResult, {}, undefined, {
      ...options,
      endorsingOrganizations,
    });
    this.#config = outcome.result.config;
    return outcome;
  }

  async getConfig(): Promise<BidRecordConfig> {
    return this.#evaluate('GetConfig', parseConfig);
  }

  // projects

  async publishProject(
    project: PublishProjectInput,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>> {
    const json = {
      ...project,
      bidDeadline: timeArgument(project.bidDeadline, 'bidDeadline'),
      openingTime: timeArgument(project.openingTime, 'openingTime'),
    };
    return this.#submit('PublishProject', parseProject, { arguments: [json] }, undefined, options);
  }

  async amendProject(
    amendment: AmendProjectInput,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>> {
    const args = [
      amendment.projectId,
      amendment.fingerprint,
      amendment.reason,
      timeArgument(amendment.bidDeadline, 'bidDeadline'),
      timeArgument(amendment.openingTime, 'openingTime'),
    ];
    return this.#submit('AmendProject', parseProject, { arguments: args }, { project: amendment.projectId }, options);
  }

  async terminateProject(
    projectId: string,
    reasonCode: string,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>> {
    return this.#submit(
      'TerminateProject',
      parseProject,
      { arguments: [projectId, reasonCode] },
      { project: projectId },
      options,
    );
  }

  async getProject(projectId: string): Promise<TenderProject> {
    return this.#evaluate('GetProject', parseProject, [projectId]);
  }

  async listProjectsByCentre(centreMsp: string, page?: BidRecordPageRequest): Promise<BidRecordPage<TenderProject>> {
    return this.#evaluate('ListProjectsByCentre', parseProjectPage, [centreMsp, ...pageArguments(page)]);
  }

  // bids

  // bidder keys

  async bindBidderKey(
    signed: SignedBidderKeyBinding,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<BidderKey>> {
    const args = [{ ...signed.binding }, signed.signature];
    return this.#submit('BindBidderKey', parseBidderKey, { arguments: args }, { msp: this.mspId }, options);
  }

  async getBidderKey(bidderCode: string): Promise<BidderKey> {
    return this.#evaluate('GetBidderKey', parseBidderKey, [bidderCode]);
  }

  // bids

  async commitBid(bid: CommitBidInput, options?: BidRecordSubmitOptions): Promise<BidRecordSubmitResult<Bid>> {
    const guaranteeId = bid.guaranteeId ?? '';
    const signature = await this.#signBidAction(bid, {
      action: 'COMMIT_BID',
      projectId: bid.projectId,
      bidderCode: bid.bidderCode,
      submittingCentreMsp: this.mspId,
      commitment: bid.commitment,
      guaranteeId,
      licenceId: bid.licenceId,
    });
    const args = [bid.projectId, bid.bidderCode, bid.licenceId, bid.commitment, guaranteeId, signature];
    return this.#submit('CommitBid', parseBid, { arguments: args }, { project: bid.projectId }, options);
  }

  async replaceBid(bid: ReplaceBidInput, options?: BidRecordSubmitOptions): Promise<BidRecordSubmitResult<Bid>> {
    const guaranteeId = bid.guaranteeId ?? '';
    const signature = await this.#signBidAction(bid, {
      action: 'REPLACE_BID',
      projectId: bid.projectId,
      bidderCode: bid.bidderCode,
      submittingCentreMsp: this.mspId,
      commitment: bid.commitment,
      guaranteeId,
    });
    const args = [bid.projectId, bid.bidderCode, bid.commitment, guaranteeId, signature];
    return this.#submit('ReplaceBid', parseBid, { arguments: args }, { project: bid.projectId }, options);
  }

  async withdrawBid(bid: WithdrawBidInput, options?: BidRecordSubmitOptions): Promise<BidRecordSubmitResult<Bid>> {
    const signature = await this.#signBidAction(bid, {
      action: 'WITHDRAW_BID',
      projectId: bid.projectId,
      bidderCode: bid.bidderCode,
      submittingCentreMsp: this.mspId,
    });
    const args = [bid.projectId, bid.bidderCode, signature];
    return this.#submit('WithdrawBid', parseBid, { arguments: args }, { project: bid.projectId }, options);
  }

  async closeBidding(
    projectId: string,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>> {
    return this.#submit('CloseBidding', parseProject, { arguments: [projectId] }, { project: projectId }, options);
  }

  async revealBid(reveal: BidReveal, options?: BidRecordSubmitOptions): Promise<BidRecordSubmitResult<Bid>> {
    const args = [
      reveal.projectId,
      reveal.bidderCode,
      String(reveal.price),
      reveal.salt,
      reveal.bidDocumentFingerprint,
    ];
    const owner = { bid: { projectId: reveal.projectId, bidderCode: reveal.bidderCode } };
    return this.#submit('RevealBid', parseBid, { arguments: args }, owner, options);
  }

  async openBids(
    projectId: string,
    reveals: readonly Omit<BidReveal, 'projectId'>[],
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<BidOpeningResult>> {
    const json = reveals.map((r) => ({
      bidderCode: r.bidderCode,
      price: r.price,
      salt: r.salt,
      bidDocumentFingerprint: r.bidDocumentFingerprint,
    }));
    return this.#submit('OpenBids', parseOpening, { arguments: [projectId, json] }, { opening: projectId }, options);
  }

  async getBid(projectId: string, bidderCode: string): Promise<Bid> {
    return this.#evaluate('GetBid', parseBid, [projectId, bidderCode]);
  }

  async listBids(projectId: string, page?: BidRecordPageRequest): Promise<BidRecordPage<Bid>> {
    return this.#evaluate('ListBids', parseBidPage, [projectId, ...pageArguments(page)]);
  }

  // evaluation and award

  async recordEvaluation(
    projectId: string,
    evaluation: TenderEvaluationInput,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>> {
    const json = { reportFingerprint: evaluation.reportFingerprint, scores: evaluation.scores.map((s) => ({ ...s })) };
    return this.#submit(
      'RecordEvaluation',
      parseProject,
      { arguments: [projectId, json] },
      { project: projectId },
      options,
    );
  }

  async startPublicity(
    projectId: string,
    publicityEndsAt: string | Date,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>> {
    const args = [projectId, timeArgument(publicityEndsAt, 'publicityEndsAt')];
    return this.#submit('StartPublicity', parseProject, { arguments: args }, { project: projectId }, options);
  }

  async recordObjection(
    objection: TenderObjectionInput,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>> {
    const args = [objection.projectId, objection.objectionId, objection.reasonCode, objection.fingerprint];
    return this.#submit(
      'RecordObjection',
      parseProject,
      { arguments: args },
      { project: objection.projectId },
      options,
    );
  }

  async resolveObjection(
    resolution: TenderObjectionResolution,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>> {
    const args = [resolution.projectId, resolution.objectionId, resolution.resolution, resolution.fingerprint];
    return this.#submit(
      'ResolveObjection',
      parseProject,
      { arguments: args },
      { project: resolution.projectId },
      options,
    );
  }

  async awardProject(
    projectId: string,
    noticeFingerprint: string,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>> {
    const args = [projectId, noticeFingerprint];
    return this.#submit('AwardProject', parseProject, { arguments: args }, { project: projectId }, options);
  }

  async recordContract(
    projectId: string,
    contractFingerprint: string,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>> {
    const args = [projectId, contractFingerprint];
    return this.#submit('RecordContract', parseProject, { arguments: args }, { project: projectId }, options);
  }

  async recordPerformance(
    projectId: string,
    outcome: 'FULFILLED' | 'DEFAULTED',
    reportFingerprint: string,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<TenderProject>> {
    const args = [projectId, outcome, reportFingerprint];
    return this.#submit('RecordPerformance', parseProject, { arguments: args }, { project: projectId }, options);
  }

  // evidence

  async recordEvidence(
    projectId: string,
    evidence: TenderEvidenceInput,
    options?: BidRecordSubmitOptions & IdempotencyOptions,
  ): Promise<BidRecordSubmitResult<TenderEvidence>> {
    return this.#submit(
      'RecordEvidence',
      parseEvidence,
      { arguments: [projectId, { ...evidence }], transientData: requestTransient(options) },
      undefined,
      options,
    );
  }

  async listEvidence(projectId: string, page?: BidRecordPageRequest): Promise<BidRecordPage<TenderEvidence>> {
    return this.#evaluate('ListEvidence', parseEvidencePage, [projectId, ...pageArguments(page)]);
  }

  // guarantees

  async issueGuarantee(
    guarantee: IssueGuaranteeInput,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<BidGuarantee>> {
    return this.#submit('IssueGuarantee', parseGuarantee, { arguments: [{ ...guarantee }] }, undefined, options);
  }

  async releaseGuarantee(
    guaranteeId: string,
    reasonCode: string,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<BidGuarantee>> {
    const args = [guaranteeId, reasonCode];
    return this.#submit('ReleaseGuarantee', parseGuarantee, { arguments: args }, { guarantee: guaranteeId }, options);
  }

  async claimGuarantee(
    guaranteeId: string,
    reasonCode: string,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<BidGuarantee>> {
    const args = [guaranteeId, reasonCode];
    return this.#submit('ClaimGuarantee', parseGuarantee, { arguments: args }, { guarantee: guaranteeId }, options);
  }

  async getGuarantee(guaranteeId: string): Promise<BidGuarantee> {
    return this.#evaluate('GetGuarantee', parseGuarantee, [guaranteeId]);
  }

  async listGuaranteesByProject(projectId: string, page?: BidRecordPageRequest): Promise<BidRecordPage<BidGuarantee>> {
    return this.#evaluate('ListGuaranteesByProject', parseGuaranteePage, [projectId, ...pageArguments(page)]);
  }

  // bidder credit

  async recordViolation(
    violation: BidderViolationInput,
    options?: BidRecordSubmitOptions & IdempotencyOptions,
  ): Promise<BidRecordSubmitResult<CreditRecord>> {
    const args = [
      violation.bidderCode,
      violation.projectId ?? '',
      violation.reasonCode,
      violation.evidenceFingerprint ?? '',
    ];
    const call = { arguments: args, transientData: requestTransient(options) };
    return this.#submit('RecordViolation', parseCreditRecord, call, undefined, options);
  }

  async blacklistBidder(
    blacklisting: BlacklistInput,
    options?: BidRecordSubmitOptions & IdempotencyOptions,
  ): Promise<BidRecordSubmitResult<Blacklisting>> {
    const args = [
      blacklisting.bidderCode,
      blacklisting.reasonCode,
      timeArgument(blacklisting.expiresAt, 'expiresAt'),
      blacklisting.projectId ?? '',
    ];
    const call = { arguments: args, transientData: requestTransient(options) };
    return this.#submit('BlacklistBidder', parseBlacklisting, call, undefined, options);
  }

  async liftBlacklisting(
    lift: LiftBlacklistingInput,
    options?: BidRecordSubmitOptions,
  ): Promise<BidRecordSubmitResult<Blacklisting>> {
    const args = [lift.bidderCode, lift.entryId, lift.reasonCode];
    return this.#submit('LiftBlacklisting', parseBlacklisting, { arguments: args }, { msp: this.mspId }, options);
  }

  async getBidderProfile(bidderCode: string, recentCount?: number): Promise<BidderProfile> {
    return this.#evaluate('GetBidderProfile', parseProfile, [
      bidderCode,
      recentCount === undefined ? '' : String(recentCount),
    ]);
  }

  async listCreditRecords(bidderCode: string, page?: BidRecordPageRequest): Promise<BidRecordPage<CreditRecord>> {
    return this.#evaluate('ListCreditRecords', parseCreditPage, [bidderCode, ...pageArguments(page)]);
  }
}

/**
 * Creates the typed bid-record client over a department's connection.
 *
 * @param connection - the department's connection, from {@link connectDepartment} or {@link connect}.
 * @param options - chaincode name, preferred endorsing partners, default submit settings.
 * @returns the client (it does not own the connection: close the connection yourself).
 *
 * @example
 * ```ts
 * const connection = await connectDepartment({ department: 'trading-center-2' });
 * try {
 *   const tenders = bidRecordClient(connection);
 *   const sealed = sealBid({ projectId: 'P-1', bidderCode: '91350100M000100Y43', price: 98_000_000,
 *     bidDocumentFingerprint: await fingerprintFile('bid.pdf') });
 *   await tenders.commitBid({ projectId: 'P-1', bidderCode: '91350100M000100Y43', licenceId: 'BL-1',
 *     commitment: sealed.commitment });
 *   // keep sealed.reveal secret until the opening, then: await tenders.revealBid(sealed.reveal);
 * } finally {
 *   connection.close();
 * }
 * ```
 */
export function bidRecordClient(
  connection: GovchainConnection,
  options: Readonly<BidRecordClientOptions> = {},
): BidRecordClient {
  return new BidRecordClientImpl(connection, options);
}
