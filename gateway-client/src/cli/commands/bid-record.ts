/**
 * `govchain` commands of the bid-record chaincode: `tender …` (projects, closing, opening, evaluation, award,
 * configuration), `bid …` (sealing, signing, commit, replace, withdraw, reveal), `bidder …` (keys, credit,
 * violations, blacklisting), `guarantee …` and `evidence …`. Built on {@link bidRecordClient}.
 *
 * A bid is the bidder's act: `bid commit|replace|withdraw` relay the bidder's signature, given with
 * `--signature` (made by the bidder with `bid sign`) or made here from the bidder's key file with
 * `--bidder-key`.
 *
 * JSON arguments are given inline or as `@file`; times as ISO-8601 UTC or relative to now (`+10m`, `+2h`,
 * `+3d`, `+30s`). `--json` prints the checked result with the transaction id and block.
 */
import { createPublicKey } from 'node:crypto';
import { checkUscc } from '@govchain/protocol/bid-record';
import { writeFile } from 'node:fs/promises';
import {
  BID_ACTIONS,
  type BidRecordClient,
  type BidReveal,
  type BidderSignature,
  type SignedBidderKeyBinding,
  bidActionPayload,
  bidRecordClient,
  bidderSigner,
  sealBid,
  signBidderKeyBinding,
  signBidderPayload,
} from '../../clients/bid-record';
import {
  arg,
  argument,
  endorseWithOption,
  integer,
  jsonArrayInput,
  jsonInput,
  kinds,
  need,
  oneOf,
  opt,
  option,
  pageOptions,
  pageRequest,
  timeArgument,
  timeOption,
  chaincodeCommands,
  checkedBy,
} from '../args';
import type { ArgumentDefinition, CommandContext, CommandDefinition, OptionDefinition } from '../command';
import { UsageError } from '../exit-codes';
import { idempotent, requestIdOption } from '../idempotency';
import { type CommandResult, committed, formatResult, paged, shown } from '../output';

// ------------------------------------------------------------------------------ arguments and options

const project = argument('projectId', 'tender project id', kinds.id);
const bidder = argument('bidderCode', "bidder's unified social credit code", checkedBy(checkUscc));
const fingerprint = (name: string, what: string): ArgumentDefinition<string> =>
  argument(name, `SHA-256 of the ${what}, 64 hex characters (govchain fingerprint <file>)`, kinds.sha256);
const reason = argument('reasonCode', 'upper-case reason code, e.g. BID_RIGGING', kinds.code);
const endorseWith = endorseWithOption('the owner of the record and a partner');
const projectOption = option('--project <projectId>', 'the project concerned', kinds.id);

const bidderKeyOption = option(
  '--bidder-key <file>',
  "the bidder's P-256 private key (PEM): sign here",
  kinds.textFile,
);
const signatureOption = option(
  '--signature <hex>',
  "the bidder's signature, made with `bid sign`, to relay",
  kinds.hex,
  {
    requires: ['--sequence <n>', '--key-version <n>'],
  },
);
const sequenceOption = option(
  '--sequence <n>',
  "the bid's next sequence number (default: looked up)",
  integer({ min: 1 }),
);
const keyVersionOption = option(
  '--key-version <n>',
  "the bidder's key version (default: looked up)",
  integer({ min: 1 }),
);
const signatureOptions: readonly OptionDefinition[] = [
  bidderKeyOption,
  signatureOption,
  sequenceOption,
  keyVersionOption,
];
const signatureGroup: readonly OptionDefinition[] = [bidderKeyOption, signatureOption];

/**
 * The bidder's signature of a bid action: `--bidder-key <file>` signs here; `--signature <hex>` relays one the
 * bidder made (with `--sequence` and `--key-version`, the values it signed). Exactly one of the two, and the
 * numbers a relayed signature needs, are checked while parsing.
 */
function bidderSignature(context: CommandContext): BidderSignature {
  const key = opt(context, bidderKeyOption);
  const signature = opt(context, signatureOption) ?? '';
  const sequence = opt(context, sequenceOption);
  const keyVersion = opt(context, keyVersionOption);
  const numbers = {
    ...(sequence === undefined ? {} : { sequence }),
    ...(keyVersion === undefined ? {} : { keyVersion }),
  };
  return { signer: key === undefined ? () => signature : bidderSigner(key), ...numbers };
}

/** A query command: its run gets the client. */
const querying = chaincodeCommands(bidRecordClient, (result: CommandResult) => result);

/** A submitting command: `--endorse-with` added, and its run gets the client and the per-call options. */
const submitting: typeof querying = (name, description, args, call, options = [], exactlyOne = []) =>
  querying(name, description, args, call, [...options, endorseWith], exactlyOne);

// -------------------------------------------------------------------------------------------- tender

/** The type of a client method's input, for {@link jsonInput}. */
type Input<M extends keyof BidRecordClient, I extends number = 0> = BidRecordClient[M] extends (
  ...args: infer A
) => unknown
  ? A[I] & object
  : never;

const projectJson = argument(
  'project',
  'projectJson, inline or @file (see chaincode/bid-record/README.md)',
  jsonInput<Input<'publishProject'>>(),
);
const amendedFingerprint = fingerprint('fingerprint', 'amended tender document');
const amendReason = argument('reason', 'why');
const deadlineOption = timeOption('--deadline <time>', 'a later bid deadline');
const openingOption = timeOption('--opening <time>', 'a new opening time');
const centre = argument('centreMsp', 'the publishing centre', kinds.mspId);
const reveals = argument(
  'reveals',
  'JSON array (or @file) of reveals from `bid seal`; [] for none',
  jsonArrayInput<BidReveal>(),
);
const evaluation = argument(
  'evaluation',
  '{"reportFingerprint","scores":[{"bidderCode","score"}]} or @file',
  jsonInput<Input<'recordEvaluation', 1>>(),
);
const endsAt = timeArgument('endsAt', 'end of the period');
const objectionId = argument('objectionId', 'objection id', kinds.id);
const objectionFingerprint = fingerprint('fingerprint', 'objection');
const resolution = argument('resolution', 'UPHELD or DISMISSED', oneOf(['UPHELD', 'DISMISSED']));
const replyFingerprint = fingerprint('fingerprint', 'reply');
const noticeFingerprint = fingerprint('noticeFingerprint', 'award notice');
const contractFingerprint = fingerprint('contractFingerprint', 'signed contract');
const performance = argument('outcome', 'FULFILLED or DEFAULTED', oneOf(['FULFILLED', 'DEFAULTED']));
const reportFingerprint = fingerprint('reportFingerprint', 'acceptance or default report');

const tenderCommands: readonly CommandDefinition[] = [
  submitting('tender publish', 'publish a tender project (as a trading centre)', [projectJson], async (bids, c, o) =>
    committed('project', await bids.publishProject(arg(c, projectJson), o)),
  ),
  submitting(
    'tender amend',
    'record an amendment of the tender documents: a new fingerprint and its reason',
    [project, amendedFingerprint, amendReason],
    async (bids, context, options) => {
      const deadline = opt(context, deadlineOption);
      const opening = opt(context, openingOption);
      const amendment = {
        projectId: arg(context, project),
        fingerprint: arg(context, amendedFingerprint),
        reason: arg(context, amendReason),
        ...(deadline === undefined ? {} : { bidDeadline: deadline }),
        ...(opening === undefined ? {} : { openingTime: opening }),
      };
      return committed('project', await bids.amendProject(amendment, options));
    },
    [deadlineOption, openingOption],
  ),
  submitting('tender terminate', 'terminate a project before its contract', [project, reason], async (bids, c, o) =>
    committed('project', await bids.terminateProject(arg(c, project), arg(c, reason), o)),
  ),
  querying('tender show', 'show a tender project', [project], async (bids, c) =>
    shown('project', await bids.getProject(arg(c, project))),
  ),
  querying(
    'tender list',
    "list a trading centre's projects",
    [centre],
    async (bids, c) => paged(await bids.listProjectsByCentre(arg(c, centre), pageRequest(c))),
    pageOptions,
  ),
  submitting(
    'tender close',
    'close the bidding, from the deadline (as the publishing centre)',
    [project],
    async (b, c, o) => committed('project', await b.closeBidding(arg(c, project), o)),
  ),
  submitting(
    'tender open',
    'close the opening: check the reveals presented, disqualify mismatched and unrevealed bids',
    [project, reveals],
    async (bids, c, o) => committed('opening', await bids.openBids(arg(c, project), arg(c, reveals), o)),
  ),
  submitting(
    'tender evaluate',
    'record the evaluation report and a score for every valid bid',
    [project, evaluation],
    async (bids, c, o) => committed('project', await bids.recordEvaluation(arg(c, project), arg(c, evaluation), o)),
  ),
  submitting(
    'tender publicity',
    "start the first-ranked bidder's publicity period",
    [project, endsAt],
    async (bids, c, o) => committed('project', await bids.startPublicity(arg(c, project), arg(c, endsAt), o)),
  ),
  submitting(
    'tender object',
    'record an objection received during the publicity period',
    [project, objectionId, reason, objectionFingerprint],
    async (bids, c, o) =>
      committed(
        'project',
        await bids.recordObjection(
          {
            projectId: arg(c, project),
            objectionId: arg(c, objectionId),
            reasonCode: arg(c, reason),
            fingerprint: arg(c, objectionFingerprint),
          },
          o,
        ),
      ),
  ),
  submitting(
    'tender resolve',
    'resolve an objection: UPHELD or DISMISSED',
    [project, objectionId, resolution, replyFingerprint],
    async (bids, c, o) => {
      const input = {
        projectId: arg(c, project),
        objectionId: arg(c, objectionId),
        resolution: arg(c, resolution),
        fingerprint: arg(c, replyFingerprint),
      };
      return committed('project', await bids.resolveObjection(input, o));
    },
  ),
  submitting(
    'tender award',
    'award the project to the candidate after the publicity period',
    [project, noticeFingerprint],
    async (bids, c, o) => committed('project', await bids.awardProject(arg(c, project), arg(c, noticeFingerprint), o)),
  ),
  submitting(
    'tender contract',
    "record the signed contract's fingerprint",
    [project, contractFingerprint],
    async (bids, c, o) =>
      committed('project', await bids.recordContract(arg(c, project), arg(c, contractFingerprint), o)),
  ),
  submitting(
    'tender performance',
    "record the contract's performance: FULFILLED or DEFAULTED",
    [project, performance, reportFingerprint],
    async (bids, c, o) =>
      committed(
        'project',
        await bids.recordPerformance(arg(c, project), arg(c, performance), arg(c, reportFingerprint), o),
      ),
  ),
  querying('tender config', 'show the trading centres, regulators and departments of bid-record', [], async (bids) =>
    shown('config', await bids.getConfig()),
  ),
  submitting(
    'tender config-seed',
    "seed the configuration: roles from the endorsers' governance file, the reveal window from the package (deployment)",
    [],
    async (b, _c, o) => committed('seed', await b.seedConfig(o)),
  ),
  submitting(
    'tender config-update',
    "bring the configuration to the endorsers' changed files (a majority of the departments endorses)",
    [],
    async (b, _c, o) => committed('update', await b.updateConfig(o)),
  ),
];

// ----------------------------------------------------------------------------------------------- bid

const price = argument('price', 'price in fen (whole number)', integer({ min: 1 }));
const bidDocumentFingerprint = fingerprint('bidDocumentFingerprint', 'bid document');
const outOption = option('--out <file>', 'write the reveal (keep it secret until the opening) to this file');

const sealCommand: CommandDefinition = {
  name: 'bid seal',
  description: 'seal a bid locally: a fresh salt and the commitment to submit (nothing is sent)',
  arguments: [project, bidder, price, bidDocumentFingerprint],
  options: [outOption],
  async run(context) {
    const sealed = sealBid({
      projectId: arg(context, project),
      bidderCode: arg(context, bidder),
      price: arg(context, price),
      bidDocumentFingerprint: arg(context, bidDocumentFingerprint),
    });
    const out = opt(context, outOption);
    if (out !== undefined) {
      await writeFile(out, `${JSON.stringify(sealed.reveal, null, 2)}\n`, { mode: 0o600 });
    }
    return {
      data: { commitment: sealed.commitment, reveal: sealed.reveal },
      text: [
        `commitment ${sealed.commitment}`,
        out === undefined ? formatResult(sealed.reveal) : `reveal written to ${out}`,
      ],
    };
  },
};

const guaranteeOption = option('--guarantee <id>', 'bid guarantee backing the bid', kinds.id);
const bidAction = argument('action', BID_ACTIONS.join(' | '), oneOf(BID_ACTIONS));
const relayingCentre = argument('centreMsp', 'the trading centre that relays it', kinds.mspId);
const signKeyOption = option('--bidder-key <file>', "the bidder's P-256 private key (PEM)", kinds.textFile, {
  required: true,
});
const signSequenceOption = option(
  '--sequence <n>',
  "the bid's sequence after this action (1 for a first commitment)",
  integer({ min: 1 }),
  { required: true },
);
const signKeyVersionOption = option('--key-version <n>', "the bidder's bound key version", integer({ min: 1 }), {
  required: true,
});
const commitmentOption = option('--commitment <hex>', 'commit and replace: the commitment');
const signGuaranteeOption = option('--guarantee <id>', 'commit and replace: the guarantee');
const licenceOption = option('--licence <id>', 'commit: the business licence');

const signCommand: CommandDefinition = {
  name: 'bid sign',
  description: "sign a bid action with the bidder's key, for a trading centre to relay (nothing is sent)",
  arguments: [bidAction, project, bidder, relayingCentre],
  options: [
    signKeyOption,
    signSequenceOption,
    signKeyVersionOption,
    commitmentOption,
    signGuaranteeOption,
    licenceOption,
  ],
  run(context) {
    const payload = bidActionPayload({
      action: arg(context, bidAction),
      projectId: arg(context, project),
      bidderCode: arg(context, bidder),
      submittingCentreMsp: arg(context, relayingCentre),
      sequence: need(context, signSequenceOption),
      keyVersion: need(context, signKeyVersionOption),
      commitment: opt(context, commitmentOption) ?? '',
      guaranteeId: opt(context, signGuaranteeOption) ?? '',
      licenceId: opt(context, licenceOption) ?? '',
    });
    const signature = signBidderPayload(need(context, signKeyOption), payload);
    return Promise.resolve({ data: { payload, signature }, text: [formatResult(payload), `signature ${signature}`] });
  },
};

const licenceId = argument('licenceId', "the bidder's business licence in e-license", kinds.id);
const commitment = argument('commitment', 'from `bid seal`');
const newCommitment = argument('commitment', 'the new commitment');
const revealArgument = argument('reveal', 'the reveal from `bid seal --out`, inline or @file', jsonInput<BidReveal>());

/** `--guarantee`, if given, as the input member. */
function guarantee(context: CommandContext): { guaranteeId?: string } {
  const guaranteeId = opt(context, guaranteeOption);
  return guaranteeId === undefined ? {} : { guaranteeId };
}

const bidCommands: readonly CommandDefinition[] = [
  sealCommand,
  signCommand,
  submitting(
    'bid commit',
    "commit a bidder's sealed bid, signed by the bidder, while bidding is open (as a trading centre)",
    [project, bidder, licenceId, commitment],
    async (bids, c, o) => {
      const input = {
        projectId: arg(c, project),
        bidderCode: arg(c, bidder),
        licenceId: arg(c, licenceId),
        commitment: arg(c, commitment),
        ...guarantee(c),
        ...bidderSignature(c),
      };
      return committed('bid', await bids.commitBid(input, o));
    },
    [guaranteeOption, ...signatureOptions],
    [signatureGroup],
  ),
  submitting(
    'bid replace',
    'replace a sealed bid while bidding is open (as the centre that submitted it, signed by the bidder)',
    [project, bidder, newCommitment],
    async (bids, c, o) => {
      const input = {
        projectId: arg(c, project),
        bidderCode: arg(c, bidder),
        commitment: arg(c, newCommitment),
        ...guarantee(c),
        ...bidderSignature(c),
      };
      return committed('bid', await bids.replaceBid(input, o));
    },
    [guaranteeOption, ...signatureOptions],
    [signatureGroup],
  ),
  submitting(
    'bid withdraw',
    'withdraw a sealed bid while bidding is open (signed by the bidder)',
    [project, bidder],
    async (bids, c, o) => {
      const input = { projectId: arg(c, project), bidderCode: arg(c, bidder), ...bidderSignature(c) };
      return committed('bid', await bids.withdrawBid(input, o));
    },
    signatureOptions,
    [signatureGroup],
  ),
  submitting('bid reveal', 'reveal a bid once bidding is closed', [revealArgument], async (bids, c, o) =>
    committed('bid', await bids.revealBid(arg(c, revealArgument), o)),
  ),
  querying('bid show', 'show a bid', [project, bidder], async (bids, c) =>
    shown('bid', await bids.getBid(arg(c, project), arg(c, bidder))),
  ),
  querying(
    'bid list',
    'list the bids of a project',
    [project],
    async (bids, c) => paged(await bids.listBids(arg(c, project), pageRequest(c))),
    pageOptions,
  ),
];

// -------------------------------------------------------------------------------------------- bidder

const keyFile = argument('keyFile', "the bidder's P-256 private key (PEM) being bound", kinds.textFile);
const bindingVersionOption = option(
  '--key-version <n>',
  '1 for the first binding, one more per rotation',
  integer({ min: 1 }),
  { defaultValue: 1 },
);

const keyBindingCommand: CommandDefinition = {
  name: 'bidder key-binding',
  description: "sign a key binding with the bidder's key, for Market Regulation to submit (nothing is sent)",
  arguments: [bidder, keyFile],
  options: [bindingVersionOption],
  run(context) {
    const pem = arg(context, keyFile);
    let publicKey: string;
    try {
      publicKey = createPublicKey(pem).export({ format: 'der', type: 'spki' }).toString('hex');
    } catch (err) {
      throw new UsageError(`<keyFile> is not a private key: ${(err as Error).message}`);
    }
    const signed = signBidderKeyBinding(pem, {
      uscc: arg(context, bidder),
      publicKey,
      keyVersion: opt(context, bindingVersionOption) ?? 1,
    });
    return Promise.resolve({ data: { ...signed }, text: [formatResult(signed)] });
  },
};

const signedBinding = argument(
  'signedBinding',
  '{ binding, signature } inline or @file',
  jsonInput<SignedBidderKeyBinding>(),
);
const recentOption = option(
  '--recent <n>',
  'recent records to include, 0–100 (default 10)',
  integer({ min: 0, max: 100 }),
);
const evidenceFingerprintOption = option(
  '--evidence-fingerprint <hex>',
  'SHA-256 of supporting evidence',
  kinds.sha256,
);
const expiresAt = timeArgument('expiresAt', 'end of the blacklisting');
const entryId = argument('entryId', 'the blacklisting (its entryId)', kinds.id);

/** `--project`, if given, as the input member. */
function projectMember(context: CommandContext): { projectId?: string } {
  const projectId = opt(context, projectOption);
  return projectId === undefined ? {} : { projectId };
}

const bidderCommands: readonly CommandDefinition[] = [
  keyBindingCommand,
  submitting(
    'bidder bind-key',
    "bind a bidder's key to its credit code (as Market Regulation), from `bidder key-binding`",
    [signedBinding],
    async (bids, c, o) => committed('key', await bids.bindBidderKey(arg(c, signedBinding), o)),
  ),
  querying('bidder key', "show a bidder's bound key", [bidder], async (bids, c) =>
    shown('key', await bids.getBidderKey(arg(c, bidder))),
  ),
  querying(
    'bidder profile',
    "a bidder's credit across every trading centre: counts, blacklistings, recent records",
    [bidder],
    async (bids, c) => shown('profile', await bids.getBidderProfile(arg(c, bidder), opt(c, recentOption))),
    [recentOption],
  ),
  querying(
    'bidder records',
    "list a bidder's credit records, oldest first",
    [bidder],
    async (bids, c) => paged(await bids.listCreditRecords(arg(c, bidder), pageRequest(c))),
    pageOptions,
  ),
  submitting(
    'bidder violation',
    "record a violation in a bidder's credit (as a trading centre or regulator)",
    [bidder, reason],
    async (bids, c, o) => {
      const evidenceFingerprint = opt(c, evidenceFingerprintOption);
      const input = {
        bidderCode: arg(c, bidder),
        reasonCode: arg(c, reason),
        ...projectMember(c),
        ...(evidenceFingerprint === undefined ? {} : { evidenceFingerprint }),
      };
      return idempotent(c, async (requestId) =>
        committed('record', await bids.recordViolation(input, { ...o, requestId })),
      );
    },
    [projectOption, evidenceFingerprintOption, requestIdOption],
  ),
  submitting(
    'bidder blacklist',
    'blacklist a bidder until a time (as a trading centre or regulator)',
    [bidder, reason, expiresAt],
    async (bids, c, o) => {
      const input = {
        bidderCode: arg(c, bidder),
        reasonCode: arg(c, reason),
        expiresAt: arg(c, expiresAt),
        ...projectMember(c),
      };
      return idempotent(c, async (requestId) =>
        committed('blacklisting', await bids.blacklistBidder(input, { ...o, requestId })),
      );
    },
    [projectOption, requestIdOption],
  ),
  submitting(
    'bidder lift',
    'lift a blacklisting early (as the department that imposed it)',
    [bidder, entryId, reason],
    async (bids, c, o) =>
      committed(
        'blacklisting',
        await bids.liftBlacklisting(
          { bidderCode: arg(c, bidder), entryId: arg(c, entryId), reasonCode: arg(c, reason) },
          o,
        ),
      ),
  ),
];

// ----------------------------------------------------------------------------------------- guarantee

const guaranteeArgument = argument('guaranteeId', 'guarantee id', kinds.id);
const guaranteeJson = argument(
  'guarantee',
  'guaranteeJson, inline or @file (see chaincode/bid-record/README.md)',
  jsonInput<Input<'issueGuarantee'>>(),
);

const guaranteeCommands: readonly CommandDefinition[] = [
  submitting(
    'guarantee issue',
    'record an electronic bid guarantee (as a trading centre, before the deadline)',
    [guaranteeJson],
    async (bids, c, o) => committed('guarantee', await bids.issueGuarantee(arg(c, guaranteeJson), o)),
  ),
  submitting('guarantee release', 'release a guarantee', [guaranteeArgument, reason], async (bids, c, o) =>
    committed('guarantee', await bids.releaseGuarantee(arg(c, guaranteeArgument), arg(c, reason), o)),
  ),
  submitting('guarantee claim', "claim a defaulting winner's guarantee", [guaranteeArgument, reason], async (b, c, o) =>
    committed('guarantee', await b.claimGuarantee(arg(c, guaranteeArgument), arg(c, reason), o)),
  ),
  querying('guarantee show', 'show a guarantee', [guaranteeArgument], async (bids, c) =>
    shown('guarantee', await bids.getGuarantee(arg(c, guaranteeArgument))),
  ),
  querying(
    'guarantee list',
    'list the guarantees of a project',
    [project],
    async (bids, c) => paged(await bids.listGuaranteesByProject(arg(c, project), pageRequest(c))),
    pageOptions,
  ),
];

// ------------------------------------------------------------------------------------------ evidence

const evidenceJson = argument(
  'evidence',
  '{"step","fingerprint","mediaType","size","storageUri"} or @file',
  jsonInput<Input<'recordEvidence', 1>>(),
);

const evidenceCommands: readonly CommandDefinition[] = [
  submitting(
    'evidence record',
    'record witness evidence of a step (any department)',
    [project, evidenceJson],
    async (bids, c, o) =>
      idempotent(c, async (requestId) =>
        committed('evidence', await bids.recordEvidence(arg(c, project), arg(c, evidenceJson), { ...o, requestId })),
      ),
    [requestIdOption],
  ),
  querying(
    'evidence list',
    'list the witness evidence of a project, oldest first',
    [project],
    async (bids, c) => paged(await bids.listEvidence(arg(c, project), pageRequest(c))),
    pageOptions,
  ),
];

/** `govchain` commands of the bid-record chaincode. */
export const bidRecordCommands: readonly CommandDefinition[] = Object.freeze([
  ...tenderCommands,
  ...bidCommands,
  ...bidderCommands,
  ...guaranteeCommands,
  ...evidenceCommands,
]);
