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
import { readFile, writeFile } from 'node:fs/promises';
import {
  BID_ACTIONS,
  type BidAction,
  type BidRecordClient,
  type BidRecordPage,
  type BidRecordPageRequest,
  type BidRecordSubmitOptions,
  type BidRecordSubmitResult,
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
import type { ArgumentDefinition, CommandContext, CommandDefinition, OptionDefinition } from '../command';
import { UsageError } from '../exit-codes';
import { idempotent, requestIdOption } from '../idempotency';
import { type CommandResult, formatResult } from '../output';

// ------------------------------------------------------------------------------------------ helpers

function arg(context: CommandContext, name: string): string {
  const value = context.args[name];
  if (typeof value !== 'string') {
    throw new UsageError(`missing argument <${name}>`);
  }
  return value;
}

function opt(context: CommandContext, name: string): string | undefined {
  const value = context.options[name];
  return typeof value === 'string' ? value : undefined;
}

function optList(context: CommandContext, name: string): string[] {
  const value = context.options[name];
  return Array.isArray(value) ? value.map(String) : [];
}

/** A JSON argument: inline JSON text, or `@file` holding it. */
async function jsonArg(context: CommandContext, name: string): Promise<unknown> {
  const value = arg(context, name);
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = await readFile(value.slice(1), 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read <${name}> file ${value.slice(1)}: ${(err as Error).message}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`<${name}> is not valid JSON: ${(err as Error).message}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function objectArg(context: CommandContext, name: string): Promise<Record<string, unknown>> {
  const value = await jsonArg(context, name);
  if (!isRecord(value)) {
    throw new UsageError(`<${name}> must be a JSON object`);
  }
  return value;
}

async function readKeyFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as Error).message}`);
  }
}

function optionalInteger(context: CommandContext, name: string, flag: string): number | undefined {
  const value = opt(context, name);
  return value === undefined ? undefined : positiveInteger(value, flag);
}

/**
 * The bidder's signature of a bid action: `--bidder-key <file>` signs here; `--signature <hex>` relays one the
 * bidder made (with `--sequence` and `--key-version`, the values it signed).
 */
async function bidderSignature(context: CommandContext): Promise<BidderSignature> {
  const keyFile = opt(context, 'bidderKey');
  const signature = opt(context, 'signature');
  const sequence = optionalInteger(context, 'sequence', '--sequence');
  const keyVersion = optionalInteger(context, 'keyVersion', '--key-version');
  const numbers = {
    ...(sequence === undefined ? {} : { sequence }),
    ...(keyVersion === undefined ? {} : { keyVersion }),
  };
  if ((keyFile === undefined) === (signature === undefined)) {
    throw new UsageError("give exactly one of --bidder-key <file> and --signature <hex> (the bidder's signature)");
  }
  if (keyFile !== undefined) {
    return { signer: bidderSigner(await readKeyFile(keyFile, 'bidder key')), ...numbers };
  }
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(signature ?? '') || sequence === undefined || keyVersion === undefined) {
    throw new UsageError('--signature takes hex, with the --sequence and --key-version the bidder signed');
  }
  return { signer: () => signature ?? '', ...numbers };
}

/**
 * @param value - ISO-8601 UTC as given, or `+<n>s|m|h|d` from now.
 * @returns the ISO time.
 */
export function timeArgument(value: string): string {
  const relative = /^\+(\d+)([smhd])$/.exec(value);
  if (relative === null) {
    return value;
  }
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 's' | 'm' | 'h' | 'd'];
  return new Date(Date.now() + Number(relative[1]) * unit).toISOString();
}

function positiveInteger(value: string, what: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${what} must be a positive whole number, got "${value}"`);
  }
  return Number(value);
}

function pageRequest(context: CommandContext): BidRecordPageRequest {
  const size = opt(context, 'pageSize');
  const bookmark = opt(context, 'bookmark');
  return {
    ...(size === undefined ? {} : { pageSize: positiveInteger(size, '--page-size') }),
    ...(bookmark === undefined ? {} : { bookmark }),
  };
}

function submitOptions(context: CommandContext): BidRecordSubmitOptions {
  const endorsers = optList(context, 'endorseWith');
  return endorsers.length > 0 ? { endorsingOrganizations: endorsers } : {};
}

async function client(context: CommandContext): Promise<BidRecordClient> {
  return bidRecordClient(await context.connect());
}

function committed<T>(key: string, outcome: BidRecordSubmitResult<T>): CommandResult {
  return {
    data: { [key]: outcome.result, transactionId: outcome.transactionId, blockNumber: outcome.blockNumber.toString() },
    text: [
      formatResult(outcome.result),
      `transaction ${outcome.transactionId} committed in block ${outcome.blockNumber.toString()}`,
    ],
  };
}

function shown(key: string, value: unknown): CommandResult {
  return { data: { [key]: value }, text: [formatResult(value)] };
}

function paged<T>(page: BidRecordPage<T>): CommandResult {
  const lines = page.records.length === 0 ? ['(none)'] : page.records.map((record) => formatResult(record));
  if (page.bookmark !== '') {
    lines.push(`more: --bookmark ${page.bookmark}`);
  }
  return { data: { ...page }, text: lines };
}

// ---------------------------------------------------------------------------------- shared options

const endorseWith: OptionDefinition = {
  flags: '--endorse-with <mspId>',
  description: 'organization that must endorse, repeatable (default: the owner of the record and a partner)',
  repeatable: true,
};
const pageOptions: readonly OptionDefinition[] = [
  { flags: '--page-size <n>', description: 'records per page, 1–100 (default 20)', integer: { min: 1, max: 100 } },
  { flags: '--bookmark <bookmark>', description: 'bookmark printed with the previous page' },
];
const project: ArgumentDefinition = { name: 'projectId', description: 'tender project id' };
const bidder: ArgumentDefinition = { name: 'bidderCode', description: "bidder's unified social credit code" };
const fingerprint = (name: string, what: string): ArgumentDefinition => ({
  name,
  description: `SHA-256 of the ${what}, 64 hex characters (govchain fingerprint <file>)`,
});
const reason: ArgumentDefinition = { name: 'reasonCode', description: 'upper-case reason code, e.g. BID_RIGGING' };

/** A submitting command: arguments, `--endorse-with`, and a run that gets the client. */
function submitting(
  name: string,
  description: string,
  args: readonly ArgumentDefinition[],
  run: (bids: BidRecordClient, context: CommandContext, options: BidRecordSubmitOptions) => Promise<CommandResult>,
  options: readonly OptionDefinition[] = [],
): CommandDefinition {
  return {
    name,
    description,
    arguments: args,
    options: [...options, endorseWith],
    run: async (context) => run(await client(context), context, submitOptions(context)),
  };
}

/** A query command. */
function querying(
  name: string,
  description: string,
  args: readonly ArgumentDefinition[],
  run: (bids: BidRecordClient, context: CommandContext) => Promise<CommandResult>,
  options: readonly OptionDefinition[] = [],
): CommandDefinition {
  return { name, description, arguments: args, options, run: async (context) => run(await client(context), context) };
}

// -------------------------------------------------------------------------------------------- tender

const tenderCommands: readonly CommandDefinition[] = [
  submitting(
    'tender publish',
    'publish a tender project (as a trading centre)',
    [{ name: 'project', description: 'projectJson, inline or @file (see chaincode/bid-record/README.md)' }],
    async (bids, context, options) => {
      const json = await objectArg(context, 'project');
      const input = { ...json } as unknown as Parameters<BidRecordClient['publishProject']>[0];
      return committed('project', await bids.publishProject(input, options));
    },
  ),
  submitting(
    'tender amend',
    'record an amendment of the tender documents: a new fingerprint and its reason',
    [project, fingerprint('fingerprint', 'amended tender document'), { name: 'reason', description: 'why' }],
    async (bids, context, options) => {
      const deadline = opt(context, 'deadline');
      const opening = opt(context, 'opening');
      const amendment = {
        projectId: arg(context, 'projectId'),
        fingerprint: arg(context, 'fingerprint'),
        reason: arg(context, 'reason'),
        ...(deadline === undefined ? {} : { bidDeadline: timeArgument(deadline) }),
        ...(opening === undefined ? {} : { openingTime: timeArgument(opening) }),
      };
      return committed('project', await bids.amendProject(amendment, options));
    },
    [
      { flags: '--deadline <time>', description: 'a later bid deadline' },
      { flags: '--opening <time>', description: 'a new opening time' },
    ],
  ),
  submitting('tender terminate', 'terminate a project before its contract', [project, reason], async (bids, c, o) =>
    committed('project', await bids.terminateProject(arg(c, 'projectId'), arg(c, 'reasonCode'), o)),
  ),
  querying('tender show', 'show a tender project', [project], async (bids, c) =>
    shown('project', await bids.getProject(arg(c, 'projectId'))),
  ),
  querying(
    'tender list',
    "list a trading centre's projects",
    [{ name: 'centreMsp', description: 'the publishing centre' }],
    async (bids, c) => paged(await bids.listProjectsByCentre(arg(c, 'centreMsp'), pageRequest(c))),
    pageOptions,
  ),
  submitting(
    'tender close',
    'close the bidding, from the deadline (as the publishing centre)',
    [project],
    async (b, c, o) => committed('project', await b.closeBidding(arg(c, 'projectId'), o)),
  ),
  submitting(
    'tender open',
    'close the opening: check the reveals presented, disqualify mismatched and unrevealed bids',
    [project, { name: 'reveals', description: 'JSON array (or @file) of reveals from `bid seal`; [] for none' }],
    async (bids, context, options) => {
      const reveals = await jsonArg(context, 'reveals');
      if (!Array.isArray(reveals)) {
        throw new UsageError('<reveals> must be a JSON array');
      }
      const outcome = await bids.openBids(arg(context, 'projectId'), reveals as BidReveal[], options);
      return committed('opening', outcome);
    },
  ),
  submitting(
    'tender evaluate',
    'record the evaluation report and a score for every valid bid',
    [project, { name: 'evaluation', description: '{"reportFingerprint","scores":[{"bidderCode","score"}]} or @file' }],
    async (bids, context, options) => {
      const evaluation = (await objectArg(context, 'evaluation')) as unknown as Parameters<
        BidRecordClient['recordEvaluation']
      >[1];
      return committed('project', await bids.recordEvaluation(arg(context, 'projectId'), evaluation, options));
    },
  ),
  submitting(
    'tender publicity',
    "start the first-ranked bidder's publicity period",
    [project, { name: 'endsAt', description: 'end of the period (ISO-8601 UTC or +3d)' }],
    async (bids, c, o) =>
      committed('project', await bids.startPublicity(arg(c, 'projectId'), timeArgument(arg(c, 'endsAt')), o)),
  ),
  submitting(
    'tender object',
    'record an objection received during the publicity period',
    [project, { name: 'objectionId', description: 'objection id' }, reason, fingerprint('fingerprint', 'objection')],
    async (bids, c, o) =>
      committed(
        'project',
        await bids.recordObjection(
          {
            projectId: arg(c, 'projectId'),
            objectionId: arg(c, 'objectionId'),
            reasonCode: arg(c, 'reasonCode'),
            fingerprint: arg(c, 'fingerprint'),
          },
          o,
        ),
      ),
  ),
  submitting(
    'tender resolve',
    'resolve an objection: UPHELD or DISMISSED',
    [
      project,
      { name: 'objectionId', description: 'objection id' },
      { name: 'resolution', description: 'UPHELD or DISMISSED' },
      fingerprint('fingerprint', 'reply'),
    ],
    async (bids, c, o) => {
      const resolution = arg(c, 'resolution');
      if (resolution !== 'UPHELD' && resolution !== 'DISMISSED') {
        throw new UsageError('<resolution> must be UPHELD or DISMISSED');
      }
      const input = {
        projectId: arg(c, 'projectId'),
        objectionId: arg(c, 'objectionId'),
        resolution,
        fingerprint: arg(c, 'fingerprint'),
      } as const;
      return committed('project', await bids.resolveObjection(input, o));
    },
  ),
  submitting(
    'tender award',
    'award the project to the candidate after the publicity period',
    [project, fingerprint('noticeFingerprint', 'award notice')],
    async (bids, c, o) =>
      committed('project', await bids.awardProject(arg(c, 'projectId'), arg(c, 'noticeFingerprint'), o)),
  ),
  submitting(
    'tender contract',
    "record the signed contract's fingerprint",
    [project, fingerprint('contractFingerprint', 'signed contract')],
    async (bids, c, o) =>
      committed('project', await bids.recordContract(arg(c, 'projectId'), arg(c, 'contractFingerprint'), o)),
  ),
  submitting(
    'tender performance',
    "record the contract's performance: FULFILLED or DEFAULTED",
    [
      project,
      { name: 'outcome', description: 'FULFILLED or DEFAULTED' },
      fingerprint('reportFingerprint', 'acceptance or default report'),
    ],
    async (bids, c, o) => {
      const outcome = arg(c, 'outcome');
      if (outcome !== 'FULFILLED' && outcome !== 'DEFAULTED') {
        throw new UsageError('<outcome> must be FULFILLED or DEFAULTED');
      }
      return committed(
        'project',
        await bids.recordPerformance(arg(c, 'projectId'), outcome, arg(c, 'reportFingerprint'), o),
      );
    },
  ),
  querying('tender config', 'show the trading centres, regulators and departments of bid-record', [], async (bids) =>
    shown('config', await bids.getConfig()),
  ),
  submitting(
    'tender config-seed',
    "seed the configuration from the endorsers' governance file and the package's seed files (deployment)",
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

const sealCommand: CommandDefinition = {
  name: 'bid seal',
  description: 'seal a bid locally: a fresh salt and the commitment to submit (nothing is sent)',
  arguments: [
    project,
    bidder,
    { name: 'price', description: 'price in fen (whole number)', integer: { min: 1 } },
    fingerprint('bidDocumentFingerprint', 'bid document'),
  ],
  options: [{ flags: '--out <file>', description: 'write the reveal (keep it secret until the opening) to this file' }],
  async run(context) {
    const sealed = sealBid({
      projectId: arg(context, 'projectId'),
      bidderCode: arg(context, 'bidderCode'),
      price: positiveInteger(arg(context, 'price'), '<price>'),
      bidDocumentFingerprint: arg(context, 'bidDocumentFingerprint'),
    });
    const out = opt(context, 'out');
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

const guaranteeOption: OptionDefinition = { flags: '--guarantee <id>', description: 'bid guarantee backing the bid' };
const signatureOptions: readonly OptionDefinition[] = [
  { flags: '--bidder-key <file>', description: "the bidder's P-256 private key (PEM): sign here" },
  { flags: '--signature <hex>', description: "the bidder's signature, made with `bid sign`, to relay" },
  { flags: '--sequence <n>', description: "the bid's next sequence number (default: looked up)", integer: { min: 1 } },
  { flags: '--key-version <n>', description: "the bidder's key version (default: looked up)", integer: { min: 1 } },
];

const signCommand: CommandDefinition = {
  name: 'bid sign',
  description: "sign a bid action with the bidder's key, for a trading centre to relay (nothing is sent)",
  arguments: [
    { name: 'action', description: BID_ACTIONS.join(' | ') },
    project,
    bidder,
    { name: 'centreMsp', description: 'the trading centre that relays it' },
  ],
  options: [
    { flags: '--bidder-key <file>', description: "the bidder's P-256 private key (PEM)" },
    {
      flags: '--sequence <n>',
      description: "the bid's sequence after this action (1 for a first commitment)",
      integer: { min: 1 },
    },
    { flags: '--key-version <n>', description: "the bidder's bound key version", integer: { min: 1 } },
    { flags: '--commitment <hex>', description: 'commit and replace: the commitment' },
    { flags: '--guarantee <id>', description: 'commit and replace: the guarantee' },
    { flags: '--licence <id>', description: 'commit: the business licence' },
  ],
  async run(context) {
    const action = arg(context, 'action');
    if (!(BID_ACTIONS as readonly string[]).includes(action)) {
      throw new UsageError(`<action> must be one of ${BID_ACTIONS.join(', ')}`);
    }
    const keyFile = opt(context, 'bidderKey');
    const sequence = optionalInteger(context, 'sequence', '--sequence');
    const keyVersion = optionalInteger(context, 'keyVersion', '--key-version');
    if (keyFile === undefined || sequence === undefined || keyVersion === undefined) {
      throw new UsageError('bid sign needs --bidder-key, --sequence and --key-version');
    }
    const payload = bidActionPayload({
      action: action as BidAction,
      projectId: arg(context, 'projectId'),
      bidderCode: arg(context, 'bidderCode'),
      submittingCentreMsp: arg(context, 'centreMsp'),
      sequence,
      keyVersion,
      commitment: opt(context, 'commitment') ?? '',
      guaranteeId: opt(context, 'guarantee') ?? '',
      licenceId: opt(context, 'licence') ?? '',
    });
    const signature = signBidderPayload(await readKeyFile(keyFile, 'bidder key'), payload);
    return { data: { payload, signature }, text: [formatResult(payload), `signature ${signature}`] };
  },
};

const bidCommands: readonly CommandDefinition[] = [
  sealCommand,
  signCommand,
  submitting(
    'bid commit',
    "commit a bidder's sealed bid, signed by the bidder, while bidding is open (as a trading centre)",
    [
      project,
      bidder,
      { name: 'licenceId', description: "the bidder's business licence in e-license" },
      { name: 'commitment', description: 'from `bid seal`' },
    ],
    async (bids, c, o) => {
      const guaranteeId = opt(c, 'guarantee');
      const input = {
        projectId: arg(c, 'projectId'),
        bidderCode: arg(c, 'bidderCode'),
        licenceId: arg(c, 'licenceId'),
        commitment: arg(c, 'commitment'),
        ...(guaranteeId === undefined ? {} : { guaranteeId }),
        ...(await bidderSignature(c)),
      };
      return committed('bid', await bids.commitBid(input, o));
    },
    [guaranteeOption, ...signatureOptions],
  ),
  submitting(
    'bid replace',
    'replace a sealed bid while bidding is open (as the centre that submitted it, signed by the bidder)',
    [project, bidder, { name: 'commitment', description: 'the new commitment' }],
    async (bids, c, o) => {
      const guaranteeId = opt(c, 'guarantee');
      const input = {
        projectId: arg(c, 'projectId'),
        bidderCode: arg(c, 'bidderCode'),
        commitment: arg(c, 'commitment'),
        ...(guaranteeId === undefined ? {} : { guaranteeId }),
        ...(await bidderSignature(c)),
      };
      return committed('bid', await bids.replaceBid(input, o));
    },
    [guaranteeOption, ...signatureOptions],
  ),
  submitting(
    'bid withdraw',
    'withdraw a sealed bid while bidding is open (signed by the bidder)',
    [project, bidder],
    async (bids, c, o) => {
      const input = { projectId: arg(c, 'projectId'), bidderCode: arg(c, 'bidderCode'), ...(await bidderSignature(c)) };
      return committed('bid', await bids.withdrawBid(input, o));
    },
    signatureOptions,
  ),
  submitting(
    'bid reveal',
    'reveal a bid once bidding is closed',
    [{ name: 'reveal', description: 'the reveal from `bid seal --out`, inline or @file' }],
    async (bids, c, o) =>
      committed('bid', await bids.revealBid((await objectArg(c, 'reveal')) as unknown as BidReveal, o)),
  ),
  querying('bid show', 'show a bid', [project, bidder], async (bids, c) =>
    shown('bid', await bids.getBid(arg(c, 'projectId'), arg(c, 'bidderCode'))),
  ),
  querying(
    'bid list',
    'list the bids of a project',
    [project],
    async (bids, c) => paged(await bids.listBids(arg(c, 'projectId'), pageRequest(c))),
    pageOptions,
  ),
];

// -------------------------------------------------------------------------------------------- bidder

const keyBindingCommand: CommandDefinition = {
  name: 'bidder key-binding',
  description: "sign a key binding with the bidder's key, for Market Regulation to submit (nothing is sent)",
  arguments: [bidder, { name: 'keyFile', description: "the bidder's P-256 private key (PEM) being bound" }],
  options: [
    {
      flags: '--key-version <n>',
      description: '1 for the first binding, one more per rotation',
      defaultValue: '1',
      integer: { min: 1 },
    },
  ],
  async run(context) {
    const pem = await readKeyFile(arg(context, 'keyFile'), 'bidder key');
    let publicKey: string;
    try {
      publicKey = createPublicKey(pem).export({ format: 'der', type: 'spki' }).toString('hex');
    } catch (err) {
      throw new UsageError(`<keyFile> is not a private key: ${(err as Error).message}`);
    }
    const signed = signBidderKeyBinding(pem, {
      uscc: arg(context, 'bidderCode'),
      publicKey,
      keyVersion: positiveInteger(opt(context, 'keyVersion') ?? '1', '--key-version'),
    });
    return { data: { ...signed }, text: [formatResult(signed)] };
  },
};

const bidderCommands: readonly CommandDefinition[] = [
  keyBindingCommand,
  submitting(
    'bidder bind-key',
    "bind a bidder's key to its credit code (as Market Regulation), from `bidder key-binding`",
    [{ name: 'signedBinding', description: '{ binding, signature } inline or @file' }],
    async (bids, c, o) => {
      const signed = (await objectArg(c, 'signedBinding')) as unknown as SignedBidderKeyBinding;
      return committed('key', await bids.bindBidderKey(signed, o));
    },
  ),
  querying('bidder key', "show a bidder's bound key", [bidder], async (bids, c) =>
    shown('key', await bids.getBidderKey(arg(c, 'bidderCode'))),
  ),
  querying(
    'bidder profile',
    "a bidder's credit across every trading centre: counts, blacklistings, recent records",
    [bidder],
    async (bids, c) => {
      const recent = opt(c, 'recent');
      const count = recent === undefined ? undefined : recent === '0' ? 0 : positiveInteger(recent, '--recent');
      return shown('profile', await bids.getBidderProfile(arg(c, 'bidderCode'), count));
    },
    [
      {
        flags: '--recent <n>',
        description: 'recent records to include, 0–100 (default 10)',
        integer: { min: 0, max: 100 },
      },
    ],
  ),
  querying(
    'bidder records',
    "list a bidder's credit records, oldest first",
    [bidder],
    async (bids, c) => paged(await bids.listCreditRecords(arg(c, 'bidderCode'), pageRequest(c))),
    pageOptions,
  ),
  submitting(
    'bidder violation',
    "record a violation in a bidder's credit (as a trading centre or regulator)",
    [bidder, reason],
    async (bids, c, o) => {
      const projectId = opt(c, 'project');
      const evidenceFingerprint = opt(c, 'evidenceFingerprint');
      const input = {
        bidderCode: arg(c, 'bidderCode'),
        reasonCode: arg(c, 'reasonCode'),
        ...(projectId === undefined ? {} : { projectId }),
        ...(evidenceFingerprint === undefined ? {} : { evidenceFingerprint }),
      };
      return idempotent(c, async (requestId) =>
        committed('record', await bids.recordViolation(input, { ...o, requestId })),
      );
    },
    [
      { flags: '--project <projectId>', description: 'the project concerned' },
      { flags: '--evidence-fingerprint <hex>', description: 'SHA-256 of supporting evidence' },
      requestIdOption,
    ],
  ),
  submitting(
    'bidder blacklist',
    'blacklist a bidder until a time (as a trading centre or regulator)',
    [bidder, reason, { name: 'expiresAt', description: 'end of the blacklisting (ISO-8601 UTC or +365d)' }],
    async (bids, c, o) => {
      const projectId = opt(c, 'project');
      const input = {
        bidderCode: arg(c, 'bidderCode'),
        reasonCode: arg(c, 'reasonCode'),
        expiresAt: timeArgument(arg(c, 'expiresAt')),
        ...(projectId === undefined ? {} : { projectId }),
      };
      return idempotent(c, async (requestId) =>
        committed('blacklisting', await bids.blacklistBidder(input, { ...o, requestId })),
      );
    },
    [{ flags: '--project <projectId>', description: 'the project concerned' }, requestIdOption],
  ),
  submitting(
    'bidder lift',
    'lift a blacklisting early (as the department that imposed it)',
    [bidder, { name: 'entryId', description: 'the blacklisting (its entryId)' }, reason],
    async (bids, c, o) =>
      committed(
        'blacklisting',
        await bids.liftBlacklisting(
          { bidderCode: arg(c, 'bidderCode'), entryId: arg(c, 'entryId'), reasonCode: arg(c, 'reasonCode') },
          o,
        ),
      ),
  ),
];

// ----------------------------------------------------------------------------------------- guarantee

const guaranteeArgument: ArgumentDefinition = { name: 'guaranteeId', description: 'guarantee id' };

const guaranteeCommands: readonly CommandDefinition[] = [
  submitting(
    'guarantee issue',
    'record an electronic bid guarantee (as a trading centre, before the deadline)',
    [{ name: 'guarantee', description: 'guaranteeJson, inline or @file (see chaincode/bid-record/README.md)' }],
    async (bids, c, o) => {
      const input = (await objectArg(c, 'guarantee')) as unknown as Parameters<BidRecordClient['issueGuarantee']>[0];
      return committed('guarantee', await bids.issueGuarantee(input, o));
    },
  ),
  submitting('guarantee release', 'release a guarantee', [guaranteeArgument, reason], async (bids, c, o) =>
    committed('guarantee', await bids.releaseGuarantee(arg(c, 'guaranteeId'), arg(c, 'reasonCode'), o)),
  ),
  submitting('guarantee claim', "claim a defaulting winner's guarantee", [guaranteeArgument, reason], async (b, c, o) =>
    committed('guarantee', await b.claimGuarantee(arg(c, 'guaranteeId'), arg(c, 'reasonCode'), o)),
  ),
  querying('guarantee show', 'show a guarantee', [guaranteeArgument], async (bids, c) =>
    shown('guarantee', await bids.getGuarantee(arg(c, 'guaranteeId'))),
  ),
  querying(
    'guarantee list',
    'list the guarantees of a project',
    [project],
    async (bids, c) => paged(await bids.listGuaranteesByProject(arg(c, 'projectId'), pageRequest(c))),
    pageOptions,
  ),
];

// ------------------------------------------------------------------------------------------ evidence

const evidenceCommands: readonly CommandDefinition[] = [
  submitting(
    'evidence record',
    'record witness evidence of a step (any department)',
    [project, { name: 'evidence', description: '{"step","fingerprint","mediaType","size","storageUri"} or @file' }],
    async (bids, c, o) => {
      const evidence = (await objectArg(c, 'evidence')) as unknown as Parameters<BidRecordClient['recordEvidence']>[1];
      return idempotent(c, async (requestId) =>
        committed('evidence', await bids.recordEvidence(arg(c, 'projectId'), evidence, { ...o, requestId })),
      );
    },
    [requestIdOption],
  ),
  querying(
    'evidence list',
    'list the witness evidence of a project, oldest first',
    [project],
    async (bids, c) => paged(await bids.listEvidence(arg(c, 'projectId'), pageRequest(c))),
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
