/**
 * `govchain property …` and `govchain transfer …`: every transaction of the real-estate chaincode, through
 * the typed client (which chooses the endorsers). Each action is a subcommand with its own arguments,
 * options and `--help`. JSON inputs are given inline or as `@file`.
 */
import {
  type CertificateHolder,
  type ConfirmLandUseRightInput,
  type MortgageInput,
  type RealEstateClient,
  type RegisterUnitInput,
  type SeizureInput,
  type StepEvidenceInput,
  type TransferStepCode,
  realEstateClient,
} from '../../clients/real-estate';
import {
  arg,
  argument,
  chaincodeCommands,
  jsonInput,
  kinds,
  need,
  opt,
  option,
  pageOptions,
  pageRequest,
} from '../args';
import type { CommandContext, CommandDefinition, OptionDefinition } from '../command';
import { type CommandResult, type Committed, committed, paged, shown } from '../output';

type Client = RealEstateClient;

// ------------------------------------------------------------------------------ arguments and options

const unit = argument('unitNumber', 'property unit number');
const application = argument('applicationId', 'transfer application id');
const evidence = argument('evidenceFingerprint', 'SHA-256 of the evidence, 64 hex characters', kinds.sha256);

/** `--input <json>`: the transaction's JSON argument, of the client method's input type. */
function inputOption<T extends object>(what: string): OptionDefinition<T> {
  return option('--input <json>', `${what}, inline or @file`, jsonInput<T>(), { required: true });
}

/** `--detail <json>`: private detail (transient), of the client method's detail type. */
function detailOption<T extends object>(what: string): OptionDefinition<T> {
  return option('--detail <json>', `private detail (transient): ${what}, inline or @file`, jsonInput<T>(), {
    required: true,
  });
}

const idNumberOption = option('--id-number <id>', "certificate holder's ID number (transient)", {}, { required: true });
const nameOption = option('--name <name>', "certificate holder's name (transient)", {}, { required: true });
const holderRefGrantOption = option(
  '--holder-ref-grant <grantId>',
  "Real Estate's holder-reference grant for the certificate holder (default: request one)",
);
const holderOptions: readonly OptionDefinition[] = [idNumberOption, nameOption, holderRefGrantOption];

function holder(context: CommandContext): CertificateHolder {
  const grant = opt(context, holderRefGrantOption);
  return {
    idNumber: need(context, idNumberOption),
    name: need(context, nameOption),
    ...(grant === undefined ? {} : { holderRefGrant: grant }),
  };
}

/** The steps of a transfer, as `transfer reject` takes them. */
const TRANSFER_STEPS: readonly TransferStepCode[] = [
  'IDENTITY',
  'MARITAL_STATUS',
  'LAND_USE_RIGHT',
  'TAX',
  'PROVIDENT_FUND',
];

// ------------------------------------------------------------------------------------------- builders

function isCommitted(value: unknown): value is Committed<unknown> {
  return typeof value === 'object' && value !== null && 'transactionId' in value && 'blockNumber' in value;
}

function isPage(value: unknown): value is { records: readonly unknown[]; bookmark: string } {
  return typeof value === 'object' && value !== null && 'records' in value && 'bookmark' in value;
}

/**
 * What a real-estate call returned, for printing: a commit with its transaction and block, a page with its
 * records and bookmark, anything else as it is.
 */
function present(outcome: unknown): CommandResult {
  if (isCommitted(outcome)) {
    return committed('result', outcome);
  }
  return isPage(outcome) ? paged(outcome) : shown('result', outcome);
}

/** A subcommand of `property` or `transfer`: its arguments and options, and the client call it makes. */
const action = chaincodeCommands(realEstateClient, present);

// ------------------------------------------------------------------------------------------- property

const confirmLandRightInput = inputOption<ConfirmLandUseRightInput>(
  '{unitNumber, kind, evidenceFingerprint, termEnd?}',
);
const registerInput = inputOption<RegisterUnitInput>('the unit');
const mortgageInput = inputOption<MortgageInput>('{id, mortgagee, evidenceFingerprint}');
const seizureInput = inputOption<SeizureInput>('{id, court, evidenceFingerprint}');
const mortgageId = argument('mortgageId', 'the mortgage');
const seizureId = argument('seizureId', 'the seizure');
const holderRef = argument('holderRef', 'holder reference (64 hex)');

const propertyCommands: readonly CommandDefinition[] = [
  action(
    'property holder-ref',
    "resolve --id-number into a holder reference: a logged, rate-limited grant from Public Security's peer (e-license RequestHolderRef)",
    [],
    (c, ctx) => c.requestHolderRef(need(ctx, idNumberOption)),
    [idNumberOption],
  ),
  action(
    'property confirm-land-right',
    'Natural Resources: confirm a land-use right (--input)',
    [],
    (c, ctx) => c.confirmLandUseRight(need(ctx, confirmLandRightInput)),
    [confirmLandRightInput],
  ),
  action(
    'property register',
    'first registration (--input, --id-number/--name of the certificate holder)',
    [],
    (c, ctx) => c.registerUnit(need(ctx, registerInput), holder(ctx)),
    [registerInput, ...holderOptions],
  ),
  action(
    'property mortgage',
    'register a mortgage (--input {id, mortgagee, evidenceFingerprint})',
    [unit],
    (c, ctx) => c.registerMortgage(arg(ctx, unit), need(ctx, mortgageInput)),
    [mortgageInput],
  ),
  action('property discharge', 'discharge a mortgage', [unit, mortgageId, evidence], (c, ctx) =>
    c.dischargeMortgage(arg(ctx, unit), arg(ctx, mortgageId), arg(ctx, evidence)),
  ),
  action(
    'property seize',
    'register a judicial seizure (--input {id, court, evidenceFingerprint})',
    [unit],
    (c, ctx) => c.registerSeizure(arg(ctx, unit), need(ctx, seizureInput)),
    [seizureInput],
  ),
  action('property release', 'release a judicial seizure', [unit, seizureId, evidence], (c, ctx) =>
    c.releaseSeizure(arg(ctx, unit), arg(ctx, seizureId), arg(ctx, evidence)),
  ),
  action('property get', 'show a unit', [unit], (c, ctx) => c.getUnit(arg(ctx, unit))),
  action('property land-right', 'show the land-use right confirmed for first registration', [unit], (c, ctx) =>
    c.getLandUseRight(arg(ctx, unit)),
  ),
  action(
    'property by-owner',
    'list the units of a holder reference',
    [holderRef],
    (c, ctx) => c.listUnitsByOwner(arg(ctx, holderRef), pageRequest(ctx)),
    pageOptions,
  ),
  action('property title', 'show the chain of title', [unit], (c, ctx) => c.getChainOfTitle(arg(ctx, unit))),
];

// ------------------------------------------------------------------------------------------- transfer

/** The type of a client method's input, for the JSON options. */
type Inputs<M extends keyof Client, I extends number> = Client[M] extends (...args: infer A) => unknown
  ? A[I] & object
  : never;

const openInput = inputOption<Inputs<'openTransferApplication', 0>>('the application');
const openDetail = detailOption<Inputs<'openTransferApplication', 1>>('{declaredPrice, …}');
const identityInput = inputOption<Inputs<'recordIdentityVerification', 1>>('identity documents of every party');
const maritalInput = inputOption<StepEvidenceInput>('{evidenceFingerprint}');
const landUseInput = inputOption<Inputs<'recordLandUseConfirmation', 1>>('land-use right after transfer');
const taxInput = inputOption<Inputs<'recordTaxAssessment', 1>>('{assessmentFingerprint}');
const taxDetail = detailOption<Inputs<'recordTaxAssessment', 2>>('{assessedAmount, …}');
const clearanceInput = inputOption<StepEvidenceInput>('{evidenceFingerprint}');
const loanInput = inputOption<Inputs<'recordLoanApproval', 1>>('loan and mortgage');
const loanDetail = detailOption<Inputs<'recordLoanApproval', 2>>('{loanAmount, …}');
const registerTransferInput = inputOption<Inputs<'registerTransfer', 1>>('the transfer');
const step = argument('step', 'the rejected step', { choices: TRANSFER_STEPS });
const reasonCode = argument('reasonCode', 'upper-case reason code');
const requestFingerprint = argument('requestFingerprint', 'SHA-256 of the withdrawal request', kinds.sha256);
const departmentMsp = argument('departmentMsp', 'the department, e.g. TaxMSP', kinds.mspId);

const transferCommands: readonly CommandDefinition[] = [
  action(
    'transfer open',
    'Real Estate: open a transfer (--input, --detail {declaredPrice, …} kept private)',
    [],
    (c, ctx) => c.openTransferApplication(need(ctx, openInput), need(ctx, openDetail)),
    [openInput, openDetail],
  ),
  action(
    'transfer verify-identity',
    'Public Security: identity documents of every party (--input)',
    [application],
    (c, ctx) => c.recordIdentityVerification(arg(ctx, application), need(ctx, identityInput)),
    [identityInput],
  ),
  action(
    'transfer attest-marital',
    'Civil Affairs: marital status (--input {evidenceFingerprint})',
    [application],
    (c, ctx) => c.recordMaritalStatus(arg(ctx, application), need(ctx, maritalInput)),
    [maritalInput],
  ),
  action(
    'transfer confirm-land-use',
    'Natural Resources: land-use right after transfer (--input)',
    [application],
    (c, ctx) => c.recordLandUseConfirmation(arg(ctx, application), need(ctx, landUseInput)),
    [landUseInput],
  ),
  action(
    'transfer assess-tax',
    'Tax: assessment (--input {assessmentFingerprint}, --detail {assessedAmount, …})',
    [application],
    (c, ctx) => c.recordTaxAssessment(arg(ctx, application), need(ctx, taxInput), need(ctx, taxDetail)),
    [taxInput, taxDetail],
  ),
  action(
    'transfer clear-tax',
    'Tax: clearance (--input {evidenceFingerprint})',
    [application],
    (c, ctx) => c.recordTaxClearance(arg(ctx, application), need(ctx, clearanceInput)),
    [clearanceInput],
  ),
  action(
    'transfer approve-loan',
    'Provident Fund: loan and mortgage (--input, --detail {loanAmount, …})',
    [application],
    (c, ctx) => c.recordLoanApproval(arg(ctx, application), need(ctx, loanInput), need(ctx, loanDetail)),
    [loanInput, loanDetail],
  ),
  action(
    'transfer reject',
    'a department rejects its step (ends the application, unlocks the unit)',
    [application, step, reasonCode],
    (c, ctx) => c.rejectStep(arg(ctx, application), arg(ctx, step), arg(ctx, reasonCode)),
  ),
  action('transfer withdraw', 'Real Estate: the applicants withdraw', [application, requestFingerprint], (c, ctx) =>
    c.withdrawApplication(arg(ctx, application), arg(ctx, requestFingerprint)),
  ),
  action(
    'transfer register',
    'Real Estate: register the transfer (--input, --id-number/--name of the new certificate holder)',
    [application],
    (c, ctx) => c.registerTransfer(arg(ctx, application), need(ctx, registerTransferInput), holder(ctx)),
    [registerTransferInput, ...holderOptions],
  ),
  action('transfer get', 'show an application', [application], (c, ctx) => c.getApplication(arg(ctx, application))),
  action('transfer progress', 'what is done and what waits on whom', [application], (c, ctx) =>
    c.getApplicationProgress(arg(ctx, application)),
  ),
  action(
    'transfer queue',
    "a department's work queue",
    [departmentMsp],
    (c, ctx) => c.listApplicationsAwaiting(arg(ctx, departmentMsp), pageRequest(ctx)),
    pageOptions,
  ),
  action('transfer detail', 'private detail (Real Estate, Tax, Provident Fund only)', [application], (c, ctx) =>
    c.getTransferDetail(arg(ctx, application)),
  ),
];

/** `govchain` commands of the real-estate chaincode. */
export const realEstateCommands: readonly CommandDefinition[] = Object.freeze([
  ...propertyCommands,
  ...transferCommands,
]);
