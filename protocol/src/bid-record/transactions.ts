import { CODE_RULE, ID_RULE, ISO_UTC_RULE, MSP_ID_RULE, SHA256_HEX_RULE } from '../rules';
import { PAGING_PARAMETERS, type ParameterDescriptor, defineTransactions } from '../transactions';
import { ADMIN_ONLY, ANY_CLERK } from '../clerks';
import { Bid, OpeningReveal, OpeningResult } from './bid';
import { BidderKey, BidderKeyBinding } from './bidder-key';
import { ConfigSeedResult, ConfigUpdateResult, TradingConfig } from './config';
import { BidderProfile, Blacklisting, CreditRecord } from './credit';
import { Evidence, RecordEvidenceInput } from './evidence';
import { Guarantee, IssueGuaranteeInput } from './guarantee';
import { PublishProjectInput, RecordEvaluationInput, TenderProject } from './project';
import { AMOUNT_TEXT_RULE, PERFORMANCE_OUTCOMES, REASON_TEXT_RULE, SALT_RULE } from './rules';
import { USCC_RULE } from './uscc';

const projectId: ParameterDescriptor = { name: 'projectId', description: 'project id', rule: ID_RULE };
const bidderCode: ParameterDescriptor = {
  name: 'bidderCode',
  description: "the bidder's unified social credit code",
  rule: USCC_RULE,
};
const reasonCode: ParameterDescriptor = { name: 'reasonCode', description: 'reason code', rule: CODE_RULE };
const guaranteeId: ParameterDescriptor = { name: 'guaranteeId', description: 'guarantee id', rule: ID_RULE };
const optionalProjectId: ParameterDescriptor = { ...projectId, description: 'project concerned', empty: 'none' };

function fingerprint(name: string, of: string): ParameterDescriptor {
  return { name, description: `SHA-256 of ${of}`, rule: SHA256_HEX_RULE };
}

function signature(action: string): ParameterDescriptor {
  return {
    name: 'signature',
    description: `hex ECDSA P-256/SHA-256 signature by the bidder's bound key over the canonical JSON of its ${action} payload`,
  };
}

/** Every transaction of the bid-record chaincode's BidRecordContract. */
export const BID_RECORD_TRANSACTIONS = defineTransactions({
  contract: 'BidRecordContract',
  title: 'bid-record',
  description: 'Public resource trading records shared by trading centres',
  transactions: {
    SeedConfig: {
      submit: true,
      clerkRoles: ADMIN_ONLY,
      summary:
        "Seeds the configuration from the endorser's governance file and the package's seed; with one stored, " +
        'writes nothing and answers seeded: false, or CONFLICT naming the differences. No arguments.',
      parameters: [],
      returns: ConfigSeedResult,
    },
    UpdateConfig: {
      submit: true,
      clerkRoles: ADMIN_ONLY,
      summary:
        "Brings the configuration to the endorser's governance file and seed; commits only when a majority of the " +
        "current departments' peers agree.",
      parameters: [],
      returns: ConfigUpdateResult,
    },
    GetConfig: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'The configuration: departments, trading centres, regulators, key authorities, reveal window.',
      parameters: [],
      returns: TradingConfig,
    },
    PublishProject: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary: 'Publishes a tender project. Caller: a trading centre, which becomes its publishing centre.',
      parameters: [{ name: 'projectJson', description: 'the project', record: PublishProjectInput }],
      returns: TenderProject,
    },
    AmendProject: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary:
        'Records an amendment of the tender documents, optionally with later times. Caller: the publishing ' +
        'centre, before the bid deadline.',
      parameters: [
        projectId,
        fingerprint('fingerprint', 'the amended tender document'),
        { name: 'reason', description: 'why', rule: REASON_TEXT_RULE },
        { name: 'bidDeadline', description: 'new bid deadline', rule: ISO_UTC_RULE, empty: 'keep it' },
        { name: 'openingTime', description: 'new opening time', rule: ISO_UTC_RULE, empty: 'keep it' },
      ],
      returns: TenderProject,
    },
    TerminateProject: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary: 'Terminates a project before its contract. Caller: the publishing centre.',
      parameters: [projectId, reasonCode],
      returns: TenderProject,
    },
    GetProject: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'One tender project.',
      parameters: [projectId],
      returns: TenderProject,
    },
    ListProjectsByCentre: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "A page of a publishing centre's projects.",
      parameters: [{ name: 'centreMsp', description: 'publishing centre', rule: MSP_ID_RULE }, ...PAGING_PARAMETERS],
      returns: { page: TenderProject },
    },
    BindBidderKey: {
      submit: true,
      clerkRoles: ['attester'],
      summary:
        "Binds (or rotates) a bidder's P-256 key, with the bidder's proof of possession. Caller: a bidder key " +
        'authority.',
      parameters: [
        { name: 'bindingJson', description: 'the binding', record: BidderKeyBinding },
        { name: 'signature', description: 'hex ECDSA P-256/SHA-256 signature by the bound key over the binding' },
      ],
      returns: BidderKey,
    },
    GetBidderKey: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "The bidder's key binding.",
      parameters: [bidderCode],
      returns: BidderKey,
    },
    CommitBid: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary:
        "Commits a bidder's sealed bid while bidding is open. Caller: a trading centre relaying the bidder's " +
        'signature; the bidder holds an active business licence and is not blacklisted.',
      parameters: [
        projectId,
        bidderCode,
        { name: 'licenceId', description: "the bidder's business licence in e-license", rule: ID_RULE },
        {
          name: 'commitment',
          description: 'SHA-256 commitment to price, salt and bid document',
          rule: SHA256_HEX_RULE,
        },
        { ...guaranteeId, description: 'bid guarantee backing the bid', empty: 'none' },
        signature('COMMIT_BID'),
      ],
      returns: Bid,
    },
    ReplaceBid: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary: 'Replaces a sealed bid while bidding is open. Caller: the centre that submitted it.',
      parameters: [
        projectId,
        bidderCode,
        { name: 'commitment', description: 'the new commitment', rule: SHA256_HEX_RULE },
        { ...guaranteeId, description: 'bid guarantee backing the bid', empty: 'none' },
        signature('REPLACE_BID'),
      ],
      returns: Bid,
    },
    WithdrawBid: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary: 'Withdraws a sealed bid while bidding is open. Caller: the centre that submitted it.',
      parameters: [projectId, bidderCode, signature('WITHDRAW_BID')],
      returns: Bid,
    },
    CloseBidding: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary: 'Ends the bidding and starts the reveal window. Caller: the publishing centre, from the deadline.',
      parameters: [projectId],
      returns: TenderProject,
    },
    RevealBid: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary:
        'Reveals one bid once bidding is closed, until OpenBids; a reveal that does not match the commitment is ' +
        'refused.',
      parameters: [
        projectId,
        bidderCode,
        { name: 'price', description: 'price in fen', rule: AMOUNT_TEXT_RULE },
        { name: 'salt', description: 'the salt committed to', rule: SALT_RULE },
        fingerprint('bidDocumentFingerprint', 'the bid document committed to'),
      ],
      returns: Bid,
    },
    OpenBids: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary:
        'Closes the opening: checks the reveals presented, disqualifies mismatched and unrevealed bids, fails ' +
        'the tender with too few valid bids. Caller: the publishing centre.',
      parameters: [
        projectId,
        { name: 'revealsJson', description: 'reveals (may be empty)', record: OpeningReveal, list: true },
      ],
      returns: OpeningResult,
    },
    GetBid: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "One bidder's bid on a project.",
      parameters: [projectId, bidderCode],
      returns: Bid,
    },
    ListBids: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "A page of a project's bids, in bidder-code order.",
      parameters: [projectId, ...PAGING_PARAMETERS],
      returns: { page: Bid },
    },
    RecordEvaluation: {
      submit: true,
      clerkRoles: ['evaluator'],
      summary: 'Records the evaluation and computes the ranking. Caller: the publishing centre.',
      parameters: [projectId, { name: 'evaluationJson', description: 'the evaluation', record: RecordEvaluationInput }],
      returns: TenderProject,
    },
    StartPublicity: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary: 'Starts the publicity period of the first-ranked bidder. Caller: the publishing centre.',
      parameters: [
        projectId,
        { name: 'publicityEndsAt', description: 'end of the period, after the transaction time', rule: ISO_UTC_RULE },
      ],
      returns: TenderProject,
    },
    RecordObjection: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary: 'Records an objection received during the publicity period. Caller: the publishing centre.',
      parameters: [
        projectId,
        { name: 'objectionId', description: 'objection id, unique within the project', rule: ID_RULE },
        reasonCode,
        fingerprint('fingerprint', 'the objection document'),
      ],
      returns: TenderProject,
    },
    ResolveObjection: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary: 'Resolves an objection. Caller: the publishing centre.',
      parameters: [
        projectId,
        { name: 'objectionId', description: 'the objection', rule: ID_RULE },
        { name: 'resolution', description: 'the resolution', oneOf: ['UPHELD', 'DISMISSED'] },
        fingerprint('fingerprint', 'the reply'),
      ],
      returns: TenderProject,
    },
    AwardProject: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary: 'Awards the project to the candidate after the publicity period. Caller: the publishing centre.',
      parameters: [projectId, fingerprint('noticeFingerprint', 'the award notice')],
      returns: TenderProject,
    },
    RecordContract: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary: "Records the signed contract's fingerprint. Caller: the publishing centre.",
      parameters: [projectId, fingerprint('contractFingerprint', 'the signed contract')],
      returns: TenderProject,
    },
    RecordPerformance: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary: "Records the contract's performance outcome. Caller: the publishing centre.",
      parameters: [
        projectId,
        { name: 'outcome', description: 'the outcome', oneOf: PERFORMANCE_OUTCOMES },
        fingerprint('reportFingerprint', 'the acceptance or default report'),
      ],
      returns: TenderProject,
    },
    RecordEvidence: {
      submit: true,
      clerkRoles: ['tenderOfficer', 'evaluator', 'supervisor'],
      summary:
        'Records witness evidence of a step. Caller: any department of bid-record; the optional transient ' +
        'requestId makes a retry idempotent.',
      parameters: [projectId, { name: 'evidenceJson', description: 'the evidence', record: RecordEvidenceInput }],
      transient: ['requestId'],
      returns: Evidence,
    },
    ListEvidence: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "A page of a project's evidence, oldest first.",
      parameters: [projectId, ...PAGING_PARAMETERS],
      returns: { page: Evidence },
    },
    IssueGuarantee: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary: 'Records an electronic bid guarantee. Caller: a trading centre, before the bid deadline.',
      parameters: [{ name: 'guaranteeJson', description: 'the guarantee', record: IssueGuaranteeInput }],
      returns: Guarantee,
    },
    ReleaseGuarantee: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary: "Releases a guarantee after the award, the contract or a failed tender. Caller: the project's centre.",
      parameters: [guaranteeId, reasonCode],
      returns: Guarantee,
    },
    ClaimGuarantee: {
      submit: true,
      clerkRoles: ['tenderOfficer'],
      summary: "Claims the winner's guarantee after it defaulted. Caller: the project's publishing centre.",
      parameters: [guaranteeId, reasonCode],
      returns: Guarantee,
    },
    GetGuarantee: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'One guarantee.',
      parameters: [guaranteeId],
      returns: Guarantee,
    },
    ListGuaranteesByProject: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "A page of a project's guarantees.",
      parameters: [projectId, ...PAGING_PARAMETERS],
      returns: { page: Guarantee },
    },
    RecordViolation: {
      submit: true,
      clerkRoles: ['supervisor'],
      summary:
        "Records a violation in the bidder's shared credit. Caller: a trading centre or a regulator; the optional " +
        'transient requestId makes a retry idempotent.',
      parameters: [
        bidderCode,
        optionalProjectId,
        reasonCode,
        { ...fingerprint('evidenceFingerprint', 'supporting evidence'), empty: 'none' },
      ],
      transient: ['requestId'],
      returns: CreditRecord,
    },
    BlacklistBidder: {
      submit: true,
      clerkRoles: ['supervisor'],
      summary:
        'Blacklists a bidder until expiresAt. Caller: a trading centre or a regulator; the optional transient ' +
        'requestId makes a retry idempotent.',
      parameters: [
        bidderCode,
        reasonCode,
        { name: 'expiresAt', description: 'end (exclusive), after the transaction time', rule: ISO_UTC_RULE },
        optionalProjectId,
      ],
      transient: ['requestId'],
      returns: Blacklisting,
    },
    LiftBlacklisting: {
      submit: true,
      clerkRoles: ['supervisor'],
      summary: 'Lifts a blacklisting before it expires. Caller: the department that imposed it.',
      parameters: [bidderCode, { name: 'entryId', description: 'the blacklisting', rule: ID_RULE }, reasonCode],
      returns: Blacklisting,
    },
    GetBidderProfile: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "The bidder's credit profile across every trading centre.",
      parameters: [
        bidderCode,
        { name: 'recentCount', description: 'how many recent records to include, decimal 0–100', empty: '10' },
      ],
      returns: BidderProfile,
    },
    ListCreditRecords: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "A page of the bidder's credit records, oldest first.",
      parameters: [bidderCode, ...PAGING_PARAMETERS],
      returns: { page: CreditRecord },
    },
  },
});
