/**
 * `govchain property …` and `govchain transfer …`: every transaction of the real-estate chaincode, through
 * the typed client (which chooses the endorsers). JSON inputs are given inline or as `@file`.
 */
import { readFileSync } from 'node:fs';
import {
  type RealEstateSubmitResult,
  type RealEstateClient,
  type TransferStepCode,
  realEstateClient,
} from '../../clients/real-estate';
import type { CommandContext, CommandDefinition, OptionDefinition } from '../command';
import { UsageError } from '../exit-codes';
import { type CommandResult, formatResult } from '../output';

/** One sub-command: its positional arguments and what it does. */
interface Action {
  readonly description: string;
  readonly args: readonly string[];
  readonly run: (client: RealEstateClient, args: readonly string[], context: CommandContext) => Promise<unknown>;
}

/**
 * Reads a JSON option given inline or as `@file`.
 *
 * @param context - the command context.
 * @param option - the camel-cased option name.
 * @param flag - the flag, for messages.
 * @returns the parsed JSON value.
 * @throws {@link UsageError} when missing, unreadable or not JSON.
 */
function jsonOption(context: CommandContext, option: string, flag: string): unknown {
  const value = context.options[option];
  if (typeof value !== 'string' || value === '') {
    throw new UsageError(`${flag} <json|@file> is required`);
  }
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = readFileSync(value.slice(1), 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${value.slice(1)}: ${(err as Error).message}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${flag} is not valid JSON`);
  }
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the chaincode checks the shape; the client method names it
function input<T>(context: CommandContext): T {
  return jsonOption(context, 'input', '--input') as T;
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the chaincode checks the shape; the client method names it
function detail<T>(context: CommandContext): T {
  return jsonOption(context, 'detail', '--detail') as T;
}

function stringOption(context: CommandContext, option: string, flag: string): string {
  const value = context.options[option];
  if (typeof value !== 'string' || value === '') {
    throw new UsageError(`${flag} is required`);
  }
  return value;
}

function holder(context: CommandContext): { idNumber: string; name: string; holderRefGrant?: string } {
  const grant = context.options.holderRefGrant;
  return {
    idNumber: stringOption(context, 'idNumber', '--id-number'),
    name: stringOption(context, 'name', '--name'),
    ...(typeof grant === 'string' && grant !== '' ? { holderRefGrant: grant } : {}),
  };
}

function page(context: CommandContext): { pageSize?: number; bookmark?: string } {
  const size = context.options.pageSize;
  const bookmark = context.options.bookmark;
  const pageSize = size === undefined ? undefined : Number(size);
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize <= 0)) {
    throw new UsageError(`--page-size must be a positive integer, got "${String(size)}"`);
  }
  return {
    ...(pageSize === undefined ? {} : { pageSize }),
    ...(typeof bookmark === 'string' ? { bookmark } : {}),
  };
}

const arg = (args: readonly string[], index: number): string => args[index] ?? '';

const PROPERTY_ACTIONS: Readonly<Record<string, Action>> = {
  'holder-ref': {
    description:
      "resolve --id-number into a holder reference: a logged, rate-limited grant from Public Security's peer (e-license RequestHolderRef)",
    args: [],
    run: async (c, _a, ctx) => c.requestHolderRef(stringOption(ctx, 'idNumber', '--id-number')),
  },
  'confirm-land-right': {
    description: 'Natural Resources: confirm a land-use right (--input)',
    args: [],
    run: (c, _a, ctx) => c.confirmLandUseRight(input(ctx)),
  },
  register: {
    description: 'first registration (--input, --id-number/--name of the certificate holder)',
    args: [],
    run: (c, _a, ctx) => c.registerUnit(input(ctx), holder(ctx)),
  },
  mortgage: {
    description: 'register a mortgage (--input {id, mortgagee, evidenceFingerprint})',
    args: ['unitNumber'],
    run: (c, a, ctx) => c.registerMortgage(arg(a, 0), input(ctx)),
  },
  discharge: {
    description: 'discharge a mortgage',
    args: ['unitNumber', 'mortgageId', 'evidenceFingerprint'],
    run: (c, a) => c.dischargeMortgage(arg(a, 0), arg(a, 1), arg(a, 2)),
  },
  seize: {
    description: 'register a judicial seizure (--input {id, court, evidenceFingerprint})',
    args: ['unitNumber'],
    run: (c, a, ctx) => c.registerSeizure(arg(a, 0), input(ctx)),
  },
  release: {
    description: 'release a judicial seizure',
    args: ['unitNumber', 'seizureId', 'evidenceFingerprint'],
    run: (c, a) => c.releaseSeizure(arg(a, 0), arg(a, 1), arg(a, 2)),
  },
  get: { description: 'show a unit', args: ['unitNumber'], run: (c, a) => c.getUnit(arg(a, 0)) },
  'land-right': {
    description: 'show the land-use right confirmed for first registration',
    args: ['unitNumber'],
    run: (c, a) => c.getLandUseRight(arg(a, 0)),
  },
  'by-owner': {
    description: 'list the units of a holder reference',
    args: ['holderRef'],
    run: (c, a, ctx) => c.listUnitsByOwner(arg(a, 0), page(ctx)),
  },
  title: { description: 'show the chain of title', args: ['unitNumber'], run: (c, a) => c.getChainOfTitle(arg(a, 0)) },
};

const TRANSFER_ACTIONS: Readonly<Record<string, Action>> = {
  open: {
    description: 'Real Estate: open a transfer (--input, --detail {declaredPrice, …} kept private)',
    args: [],
    run: (c, _a, ctx) => c.openTransferApplication(input(ctx), detail(ctx)),
  },
  'verify-identity': {
    description: 'Public Security: identity documents of every party (--input)',
    args: ['applicationId'],
    run: (c, a, ctx) => c.recordIdentityVerification(arg(a, 0), input(ctx)),
  },
  'attest-marital': {
    description: 'Civil Affairs: marital status (--input {evidenceFingerprint})',
    args: ['applicationId'],
    run: (c, a, ctx) => c.recordMaritalStatus(arg(a, 0), input(ctx)),
  },
  'confirm-land-use': {
    description: 'Natural Resources: land-use right after transfer (--input)',
    args: ['applicationId'],
    run: (c, a, ctx) => c.recordLandUseConfirmation(arg(a, 0), input(ctx)),
  },
  'assess-tax': {
    description: 'Tax: assessment (--input {assessmentFingerprint}, --detail {assessedAmount, …})',
    args: ['applicationId'],
    run: (c, a, ctx) => c.recordTaxAssessment(arg(a, 0), input(ctx), detail(ctx)),
  },
  'clear-tax': {
    description: 'Tax: clearance (--input {evidenceFingerprint})',
    args: ['applicationId'],
    run: (c, a, ctx) => c.recordTaxClearance(arg(a, 0), input(ctx)),
  },
  'approve-loan': {
    description: 'Provident Fund: loan and mortgage (--input, --detail {loanAmount, …})',
    args: ['applicationId'],
    run: (c, a, ctx) => c.recordLoanApproval(arg(a, 0), input(ctx), detail(ctx)),
  },
  reject: {
    description: 'a department rejects its step (ends the application, unlocks the unit)',
    args: ['applicationId', 'step', 'reasonCode'],
    run: (c, a) => c.rejectStep(arg(a, 0), arg(a, 1) as TransferStepCode, arg(a, 2)),
  },
  withdraw: {
    description: 'Real Estate: the applicants withdraw',
    args: ['applicationId', 'requestFingerprint'],
    run: (c, a) => c.withdrawApplication(arg(a, 0), arg(a, 1)),
  },
  register: {
    description: 'Real Estate: register the transfer (--input, --id-number/--name of the new certificate holder)',
    args: ['applicationId'],
    run: (c, a, ctx) => c.registerTransfer(arg(a, 0), input(ctx), holder(ctx)),
  },
  get: { description: 'show an application', args: ['applicationId'], run: (c, a) => c.getApplication(arg(a, 0)) },
  progress: {
    description: 'what is done and what waits on whom',
    args: ['applicationId'],
    run: (c, a) => c.getApplicationProgress(arg(a, 0)),
  },
  queue: {
    description: "a department's work queue",
    args: ['departmentMsp'],
    run: (c, a, ctx) => c.listApplicationsAwaiting(arg(a, 0), page(ctx)),
  },
  detail: {
    description: 'private detail (Real Estate, Tax, Provident Fund only)',
    args: ['applicationId'],
    run: (c, a) => c.getTransferDetail(arg(a, 0)),
  },
};

function isCommitted(value: unknown): value is RealEstateSubmitResult<unknown> {
  return typeof value === 'object' && value !== null && 'transactionId' in value && 'blockNumber' in value;
}

function describeActions(actions: Readonly<Record<string, Action>>): string {
  return Object.entries(actions)
    .map(([name, action]) => `${[name, ...action.args.map((a) => `<${a}>`)].join(' ')}: ${action.description}`)
    .join('\n');
}

const OPTIONS: readonly OptionDefinition[] = [
  { flags: '--input <json>', description: 'the JSON argument, inline or @file' },
  { flags: '--detail <json>', description: 'private detail (transient), inline or @file' },
  { flags: '--id-number <id>', description: "certificate holder's ID number (transient)" },
  { flags: '--name <name>', description: "certificate holder's name (transient)" },
  {
    flags: '--holder-ref-grant <grantId>',
    description: "Real Estate's holder-reference grant for the certificate holder (default: request one)",
  },
  { flags: '--page-size <n>', description: 'page size of lists, 1–100 (default 20)', integer: { min: 1, max: 100 } },
  { flags: '--bookmark <bookmark>', description: 'bookmark of the next page' },
];

function command(name: string, summary: string, actions: Readonly<Record<string, Action>>): CommandDefinition {
  return {
    name,
    description: `${summary}; actions: ${Object.keys(actions).join(', ')}`,
    arguments: [
      { name: 'action', description: describeActions(actions) },
      { name: 'args', description: 'the action’s arguments', optional: true, variadic: true },
    ],
    options: OPTIONS,
    async run(context): Promise<CommandResult> {
      const name = context.args.action;
      const action = typeof name === 'string' ? actions[name] : undefined;
      if (action === undefined) {
        throw new UsageError(`unknown action "${String(name)}"; expected one of ${Object.keys(actions).join(', ')}`);
      }
      const raw = context.args.args;
      const args = raw === undefined ? [] : typeof raw === 'string' ? [raw] : [...raw];
      if (args.length !== action.args.length) {
        throw new UsageError(`${String(name)} takes ${action.args.map((a) => `<${a}>`).join(' ') || 'no arguments'}`);
      }
      const connection = await context.connect();
      const outcome = await action.run(realEstateClient(connection), args, context);
      if (isCommitted(outcome)) {
        const block = outcome.blockNumber.toString();
        return {
          data: { result: outcome.result, transactionId: outcome.transactionId, blockNumber: block },
          text: [`transaction ${outcome.transactionId} committed in block ${block}`, formatResult(outcome.result)],
        };
      }
      return { data: { result: outcome }, text: [formatResult(outcome)] };
    },
  };
}

/** `govchain` commands of the real-estate chaincode. */
export const realEstateCommands: readonly CommandDefinition[] = [
  command('property', 'property units and encumbrances (real-estate)', PROPERTY_ACTIONS),
  command('transfer', 'one-window transfer applications and their steps (real-estate)', TRANSFER_ACTIONS),
];
