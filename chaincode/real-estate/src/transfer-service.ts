import type { Context } from 'fabric-contract-api';
import { oneOfRule } from '@govchain/protocol';
import {
  CODE_RULE,
  ID_RULE,
  SHA256_HEX_RULE,
  argumentRecord,
  callerMsp,
  compositeKey,
  conflict,
  emitEvent,
  invalidArgument,
  notFound,
  preconditionFailed,
  readJson,
  readState,
  requireCaller,
  requireString,
  storedRecord,
  txTimeIso,
  writeIndex,
} from '@govchain/chaincode-common';
import { landUseTermEnded, requiredSteps, transferRoles } from './departments';
import { currentCertificate, issueCertificate, revokeCertificate } from './e-license';
import { AWAITING_INDEX, applicationKey, stepKey } from './keys';
import {
  CertificateRequest,
  type Encumbrance,
  type EncumbranceDisposition,
  LandUseRight,
  OpenTransferInput,
  type PropertyUnit,
  TRANSFER_STEP_CODES,
  TransferApplication,
  type TransferApplicationStatus,
  TransferRegistration,
  TransferStep,
  type TransferStepCode,
  compareStrings,
  isSeized,
  sameShares,
  sortShares,
} from './models';
import { writeOwned } from './policies';
import { readPrivateInput, writePrivateRecord } from './private-detail';
import {
  copyUnit,
  newEncumbrance,
  readCertificateArgs,
  reindexOwners,
  requireUnit,
  sortEncumbrances,
  stamp,
  titleEntry,
  writeRelease,
  writeTitleEntry,
  writeUnit,
} from './unit-service';

/** Reason recorded on an application withdrawn by its applicants. */
export const WITHDRAWAL_REASON = 'WITHDRAWN_BY_APPLICANTS';

/**
 * @param value - the argument
 * @returns the application id
 */
export function requireApplicationId(value: string): string {
  return requireString(value, 'applicationId', ID_RULE);
}

/**
 * @param value - the argument
 * @returns the step code
 */
export function requireStepCode(value: string): TransferStepCode {
  return requireString(value, 'step', oneOfRule(TRANSFER_STEP_CODES)) as TransferStepCode;
}

/**
 * @param ctx - transaction context
 * @param applicationId - application id
 * @returns the application, or undefined
 */
export async function readApplication(ctx: Context, applicationId: string): Promise<TransferApplication | undefined> {
  return readJson(
    ctx,
    applicationKey(ctx, applicationId),
    storedRecord(TransferApplication, 'application'),
    `application ${applicationId}`,
  );
}

/**
 * @param ctx - transaction context
 * @param applicationId - application id
 * @returns the application
 * @throws NOT_FOUND when it does not exist
 */
export async function requireApplication(ctx: Context, applicationId: string): Promise<TransferApplication> {
  const application = await readApplication(ctx, applicationId);
  if (application === undefined) {
    throw notFound(`transfer application ${applicationId} does not exist`);
  }
  return application;
}

/**
 * Reads every step record of an application.
 *
 * @param ctx - transaction context
 * @param application - the application
 * @returns the steps, in progress order
 */
export async function readSteps(ctx: Context, application: TransferApplication): Promise<TransferStep[]> {
  const steps: TransferStep[] = [];
  for (const code of application.requiredSteps) {
    const step = await readJson(
      ctx,
      stepKey(ctx, application.id, code),
      storedRecord(TransferStep, 'step'),
      `step ${code} of application ${application.id}`,
    );
    if (step === undefined) {
      throw new Error(`stored state is corrupt: step ${code} of application ${application.id} is missing`);
    }
    steps.push(step);
  }
  return steps;
}

/**
 * Writes an application, owned by Real Estate (the window that opened it).
 *
 * @param ctx - transaction context
 * @param application - the application
 */
async function writeApplication(ctx: Context, application: TransferApplication): Promise<void> {
  const { propertyRegistry } = await transferRoles(ctx);
  await writeOwned(ctx, applicationKey(ctx, application.id), application, propertyRegistry);
}

/**
 * Writes a step, owned by its department.
 *
 * @param ctx - transaction context
 * @param step - the step
 */
async function writeStepRecord(ctx: Context, step: TransferStep): Promise<void> {
  const owner = (await transferRoles(ctx)).stepDepartment(step.step);
  await writeOwned(ctx, stepKey(ctx, step.applicationId, step.step), step, owner);
}

function requireOpen(application: TransferApplication): void {
  const { status } = application;
  if (status === 'REGISTERED') {
    throw preconditionFailed(`transfer application ${application.id} is already registered`);
  }
  if (status !== 'OPEN') {
    throw preconditionFailed(`transfer application ${application.id} is closed (${status})`);
  }
}

// ------------------------------------------------------------------ opening

function sortedDispositions(dispositions: EncumbranceDisposition[]): EncumbranceDisposition[] {
  const ids = dispositions.map((disposition) => disposition.encumbranceId);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) {
    throw invalidArgument(`application.dispositions names encumbrance ${duplicate} twice`);
  }
  return dispositions.sort((a, b) => compareStrings(a.encumbranceId, b.encumbranceId));
}

function parseOpenInput(json: string): TransferApplication {
  const input = argumentRecord(OpenTransferInput, json, 'application');
  const application = new TransferApplication();
  application.id = input.id;
  application.unitNumber = input.unitNumber;
  application.type = input.type;
  application.sellers = sortShares(input.sellers);
  application.buyers = sortShares(input.buyers);
  application.providentFundLoan = input.providentFundLoan ?? false;
  application.marriedParty = input.marriedParty ?? false;
  application.dispositions = sortedDispositions(input.dispositions ?? []);
  application.applicationFingerprint = input.applicationFingerprint;
  if (application.providentFundLoan && application.type !== 'SALE') {
    throw invalidArgument('application.providentFundLoan is only possible for a SALE');
  }
  if (sameShares(application.sellers, application.buyers)) {
    throw invalidArgument('application.buyers must differ from application.sellers');
  }
  return application;
}

/**
 * Checks the application against the unit: not locked, not seized (unless a
 * judicial ruling), sellers exactly the owners, a disposition for exactly the
 * encumbrances the unit carries.
 *
 * @param application - the application
 * @param unit - the unit
 */
function checkAgainstUnit(application: TransferApplication, unit: PropertyUnit): void {
  if (unit.openApplicationId !== '') {
    throw conflict(`unit ${unit.unitNumber} already has an open transfer application (${unit.openApplicationId})`);
  }
  if (isSeized(unit) && application.type !== 'JUDICIAL_RULING') {
    throw preconditionFailed(`unit ${unit.unitNumber} is seized; only a JUDICIAL_RULING can transfer it`);
  }
  if (!sameShares(application.sellers, unit.owners)) {
    throw invalidArgument(
      `application.sellers must be exactly the current owners of unit ${unit.unitNumber}, with their shares`,
    );
  }
  const declared = application.dispositions.map((disposition) => disposition.encumbranceId);
  const carried = unit.encumbrances.map((encumbrance) => encumbrance.id);
  const missing = carried.find((id) => !declared.includes(id));
  if (missing !== undefined) {
    throw invalidArgument(`application.dispositions must say what happens to encumbrance ${missing}`);
  }
  const unknown = declared.find((id) => !carried.includes(id));
  if (unknown !== undefined) {
    throw invalidArgument(
      `application.dispositions names encumbrance ${unknown}, which unit ${unit.unitNumber} does not carry`,
    );
  }
}

/**
 * Builds the pending step record of a new application.
 *
 * @param ctx - transaction context
 * @param applicationId - application id
 * @param code - step code
 * @returns the step
 */
function pendingStep(ctx: Context, applicationId: string, code: TransferStepCode, departmentMsp: string): TransferStep {
  return stamp(
    ctx,
    Object.assign(new TransferStep(), {
      applicationId,
      step: code,
      departmentMsp,
      status: 'PENDING',
      evidenceFingerprint: '',
      assessmentFingerprint: '',
      reasonCode: '',
      identityChecks: [],
      loanId: '',
      mortgageId: '',
      mortgagee: '',
      mortgageContractFingerprint: '',
      landUseKind: '',
      landUseTermEnd: '',
    }),
  );
}

/**
 * OpenTransferApplication: Real Estate opens a transfer at its window and
 * locks the unit. Transient `transferDetail` (declared price and personal
 * detail) goes to the private collection.
 *
 * @param ctx - transaction context
 * @param json - applicationJson
 * @returns the application
 */
export async function openApplication(ctx: Context, json: string): Promise<TransferApplication> {
  const roles = await transferRoles(ctx);
  const caller = requireCaller(ctx, roles.propertyRegistry, 'open transfer applications');
  const application = parseOpenInput(json);
  const detail = readPrivateInput(ctx, 'transferDetail', application.id);
  if ((await readState(ctx, applicationKey(ctx, application.id))) !== undefined) {
    throw conflict(`transfer application ${application.id} already exists`);
  }
  const unit = await requireUnit(ctx, application.unitNumber);
  checkAgainstUnit(application, unit);

  const steps = requiredSteps(ctx, application.type, application, unit);
  application.requiredSteps = steps;
  application.status = 'OPEN';
  Object.assign(application, { closedReason: '', rejectedStep: '', closingFingerprint: '', closedAt: '' });
  Object.assign(application, { closedByMsp: '', certificateId: '' });
  application.previousCertificateId = unit.certificateId;
  application.openedAt = txTimeIso(ctx);
  application.openedByMsp = caller;
  stamp(ctx, application);

  const locked = stamp(ctx, copyUnit(unit));
  locked.status = 'IN_TRANSFER';
  locked.openApplicationId = application.id;

  await writeApplication(ctx, application);
  for (const code of steps) {
    const step = pendingStep(ctx, application.id, code, roles.stepDepartment(code));
    await writeStepRecord(ctx, step);
    await writeIndex(ctx, AWAITING_INDEX, [step.departmentMsp, application.id]);
  }
  await writeUnit(ctx, locked);
  await writePrivateRecord(ctx, detail);
  emitEvent(ctx, 'TransferApplicationOpened', {
    applicationId: application.id,
    unitNumber: application.unitNumber,
    type: application.type,
    requiredSteps: steps,
    txId: application.txId,
  });
  return application;
}

// -------------------------------------------------------------------- steps

/** An open application and one of its steps, loaded for a department's transaction. */
export interface StepContext {
  readonly application: TransferApplication;
  readonly step: TransferStep;
  readonly steps: readonly TransferStep[];
}

/**
 * Loads a step for its department: checks the caller first, then that the
 * application is open, needs the step, and that the step is not done.
 *
 * @param ctx - transaction context
 * @param applicationId - application id (already checked)
 * @param code - the step
 * @param allowed - step statuses the action may start from
 * @returns the application and its steps
 */
export async function loadStep(
  ctx: Context,
  applicationId: string,
  code: TransferStepCode,
  allowed: readonly string[] = ['PENDING'],
): Promise<StepContext> {
  const application = await requireApplication(ctx, applicationId);
  requireOpen(application);
  if (!application.requiredSteps.includes(code)) {
    throw preconditionFailed(`transfer application ${applicationId} does not need step ${code}`);
  }
  const steps = await readSteps(ctx, application);
  const step = steps.find((item) => item.step === code);
  if (step === undefined) {
    throw new Error(`stored state is corrupt: step ${code} of application ${applicationId} is missing`);
  }
  if (step.status === 'DONE') {
    throw conflict(`step ${code} of transfer application ${applicationId} is already recorded`);
  }
  if (!allowed.includes(step.status)) {
    throw preconditionFailed(`step ${code} of transfer application ${applicationId} is ${step.status}`);
  }
  return { application, step, steps };
}

/**
 * Requires the caller to be the department of a step.
 *
 * @param ctx - transaction context
 * @param code - the step
 * @returns the caller's MSP id
 */
export async function requireStepDepartment(ctx: Context, code: TransferStepCode): Promise<string> {
  return requireCaller(ctx, (await transferRoles(ctx)).stepDepartment(code), `record step ${code}`);
}

/**
 * Writes a step's new state; when it is DONE, takes the application off the
 * department's queue and, if it was the last step, puts it on Real Estate's.
 *
 * @param ctx - transaction context
 * @param loaded - the application and its steps
 * @param updated - the step's new state
 * @returns whether the application is now ready for registration
 */
export async function writeStep(ctx: Context, loaded: StepContext, updated: TransferStep): Promise<boolean> {
  const { application, steps } = loaded;
  stamp(ctx, updated);
  await writeStepRecord(ctx, updated);
  let ready = false;
  if (updated.status === 'DONE') {
    await ctx.stub.deleteState(compositeKey(ctx, AWAITING_INDEX, [updated.departmentMsp, application.id]));
    ready = steps.every((step) => step.step === updated.step || step.status === 'DONE');
    if (ready) {
      await writeIndex(ctx, AWAITING_INDEX, [(await transferRoles(ctx)).propertyRegistry, application.id]);
    }
  }
  emitEvent(ctx, 'TransferStepRecorded', {
    applicationId: application.id,
    unitNumber: application.unitNumber,
    step: updated.step,
    status: updated.status,
    departmentMsp: updated.departmentMsp,
    readyForRegistration: ready,
    txId: updated.txId,
  });
  return ready;
}

/**
 * @param step - a step
 * @returns a copy that can be changed and written
 */
export function copyStep(step: TransferStep): TransferStep {
  const copy = Object.assign(new TransferStep(), step);
  copy.identityChecks = [...step.identityChecks];
  return copy;
}

// ----------------------------------------------------- rejection, withdrawal

async function closeApplication(
  ctx: Context,
  application: TransferApplication,
  steps: readonly TransferStep[],
  status: TransferApplicationStatus,
  reason: string,
): Promise<TransferApplication> {
  const unit = await requireUnit(ctx, application.unitNumber);
  const closed = stamp(ctx, Object.assign(new TransferApplication(), application));
  closed.status = status;
  closed.closedReason = reason;
  closed.closedAt = txTimeIso(ctx);
  closed.closedByMsp = callerMsp(ctx);
  const unlocked = stamp(ctx, copyUnit(unit));
  if (unit.openApplicationId === application.id) {
    unlocked.status = 'REGISTERED';
    unlocked.openApplicationId = '';
  }
  await writeApplication(ctx, closed);
  await writeUnit(ctx, unlocked);
  const { propertyRegistry } = await transferRoles(ctx);
  const queues = [...new Set([propertyRegistry, ...steps.map((step) => step.departmentMsp)])].sort(compareStrings);
  for (const msp of queues) {
    await ctx.stub.deleteState(compositeKey(ctx, AWAITING_INDEX, [msp, application.id]));
  }
  return closed;
}

/**
 * RejectStep: the step's department rejects it with a reason; the application
 * ends (REJECTED) and the unit is unlocked.
 *
 * @param ctx - transaction context
 * @param applicationId - application id
 * @param stepCode - the step
 * @param reasonCode - upper-case reason code
 * @returns the closed application
 */
export async function rejectStep(
  ctx: Context,
  applicationId: string,
  stepCode: string,
  reasonCode: string,
): Promise<TransferApplication> {
  const code = requireStepCode(stepCode);
  requireCaller(ctx, (await transferRoles(ctx)).stepDepartment(code), `reject step ${code}`);
  requireApplicationId(applicationId);
  requireString(reasonCode, 'reasonCode', CODE_RULE);
  const loaded = await loadStep(ctx, applicationId, code, ['PENDING', 'ASSESSED']);
  const rejected = stamp(ctx, copyStep(loaded.step));
  rejected.status = 'REJECTED';
  rejected.reasonCode = reasonCode;
  await writeStepRecord(ctx, rejected);
  const closed = await closeApplication(ctx, loaded.application, loaded.steps, 'REJECTED', reasonCode);
  closed.rejectedStep = code;
  await writeApplication(ctx, closed);
  emitEvent(ctx, 'TransferApplicationRejected', {
    applicationId,
    unitNumber: closed.unitNumber,
    step: code,
    departmentMsp: rejected.departmentMsp,
    reasonCode,
    txId: closed.txId,
  });
  return closed;
}

/**
 * WithdrawApplication: the applicants withdraw (through Real Estate's window) before registration.
 *
 * @param ctx - transaction context
 * @param applicationId - application id
 * @param requestFingerprint - SHA-256 of the applicants' signed withdrawal request
 * @returns the closed application
 */
export async function withdrawApplication(
  ctx: Context,
  applicationId: string,
  requestFingerprint: string,
): Promise<TransferApplication> {
  requireCaller(ctx, (await transferRoles(ctx)).propertyRegistry, 'record withdrawals');
  requireApplicationId(applicationId);
  requireString(requestFingerprint, 'requestFingerprint', SHA256_HEX_RULE);
  const application = await requireApplication(ctx, applicationId);
  requireOpen(application);
  const steps = await readSteps(ctx, application);
  const closed = await closeApplication(ctx, application, steps, 'WITHDRAWN', WITHDRAWAL_REASON);
  closed.closingFingerprint = requestFingerprint;
  await writeApplication(ctx, closed);
  emitEvent(ctx, 'TransferApplicationWithdrawn', {
    applicationId,
    unitNumber: closed.unitNumber,
    reasonCode: WITHDRAWAL_REASON,
    txId: closed.txId,
  });
  return closed;
}

// ------------------------------------------------------------- registration

/** What registration does to the unit's encumbrances. */
interface EncumbrancePlan {
  readonly kept: Encumbrance[];
  readonly discharged: { readonly encumbrance: Encumbrance; readonly evidenceFingerprint: string }[];
  readonly mortgage: Encumbrance | undefined;
}

function planEncumbrances(
  ctx: Context,
  application: TransferApplication,
  unit: PropertyUnit,
  steps: readonly TransferStep[],
): EncumbrancePlan {
  if (isSeized(unit) && application.type !== 'JUDICIAL_RULING') {
    throw preconditionFailed(`unit ${unit.unitNumber} is seized; only a JUDICIAL_RULING can transfer it`);
  }
  const kept: Encumbrance[] = [];
  const discharged: EncumbrancePlan['discharged'] = [];
  for (const encumbrance of unit.encumbrances) {
    const disposition = application.dispositions.find((item) => item.encumbranceId === encumbrance.id);
    if (disposition === undefined) {
      throw preconditionFailed(
        `encumbrance ${encumbrance.id} was registered on unit ${unit.unitNumber} after the application was opened`,
      );
    }
    if (disposition.action === 'DISCHARGE') {
      discharged.push({ encumbrance, evidenceFingerprint: disposition.evidenceFingerprint });
    } else {
      kept.push(encumbrance);
    }
  }
  const loan = steps.find((step) => step.step === 'PROVIDENT_FUND');
  let mortgage: Encumbrance | undefined;
  if (loan !== undefined) {
    if (kept.some((encumbrance) => encumbrance.id === loan.mortgageId)) {
      throw conflict(`encumbrance ${loan.mortgageId} already exists on unit ${unit.unitNumber}`);
    }
    mortgage = newEncumbrance(ctx, {
      id: loan.mortgageId,
      kind: 'MORTGAGE',
      holder: loan.mortgagee,
      evidenceFingerprint: loan.mortgageContractFingerprint,
      applicationId: application.id,
    });
  }
  return { kept, discharged, mortgage };
}

function requireAllStepsDone(application: TransferApplication, steps: readonly TransferStep[]): void {
  const open = steps.filter((step) => step.status !== 'DONE');
  if (open.length > 0) {
    const list = open.map((step) => `${step.step} (${step.departmentMsp})`).join(', ');
    throw preconditionFailed(`transfer application ${application.id} still waits on ${list}`);
  }
}

/**
 * Refuses to register when the unit's land-use term has ended while the application was open and the
 * application, opened before, does not have Natural Resources confirm the land-use right.
 *
 * @param ctx - transaction context
 * @param application - the application
 * @param unit - the unit
 * @throws PRECONDITION_FAILED then (withdraw the application and open it again)
 */
function requireLandUseStepIfEnded(
  ctx: Context,
  application: TransferApplication,
  unit: PropertyUnit,
  landAuthority: string,
): void {
  if (!application.requiredSteps.includes('LAND_USE_RIGHT') && landUseTermEnded(ctx, unit.landUseRight.termEnd)) {
    throw preconditionFailed(
      `the land-use term of unit ${unit.unitNumber} has ended since transfer application ${application.id} was opened; withdraw it and open it again for ${landAuthority} to confirm the land-use right`,
    );
  }
}

function transferredUnit(
  ctx: Context,
  unit: PropertyUnit,
  application: TransferApplication,
  steps: readonly TransferStep[],
  plan: EncumbrancePlan,
  certificateId: string,
): PropertyUnit {
  const updated = stamp(ctx, copyUnit(unit));
  updated.owners = application.buyers;
  updated.encumbrances = sortEncumbrances(plan.mortgage === undefined ? plan.kept : [...plan.kept, plan.mortgage]);
  updated.status = 'REGISTERED';
  updated.openApplicationId = '';
  updated.certificateId = certificateId;
  updated.titleSequence = unit.titleSequence + 1;
  const land = steps.find((step) => step.step === 'LAND_USE_RIGHT');
  if (land !== undefined) {
    updated.landUseRight = Object.assign(new LandUseRight(), unit.landUseRight, {
      kind: land.landUseKind,
      termEnd: land.landUseTermEnd,
      evidenceFingerprint: land.evidenceFingerprint,
      confirmedByMsp: land.updatedByMsp,
      confirmedAt: land.updatedAt,
      txId: land.txId,
    });
  }
  return updated;
}

/**
 * RegisterTransfer: when every required step is done, Real Estate registers
 * the transfer in one transaction — owners change, encumbrances are carried
 * over or discharged as declared (and the provident-fund mortgage
 * registered), the old certificate (the unit's, or its replacement as e-license
 * records it) is revoked and the new one issued through
 * e-license to the certificate holder (transient `holderRefGrant`, `idNumber`, `name`), the
 * chain of title grows, the application closes.
 *
 * @param ctx - transaction context
 * @param applicationId - application id
 * @param json - `{ certificateId, certificateFingerprint, certificateHolderRef }`
 * @returns the closed application and the unit
 */
export async function registerTransfer(
  ctx: Context,
  applicationId: string,
  json: string,
): Promise<TransferRegistration> {
  const roles = await transferRoles(ctx);
  requireCaller(ctx, roles.propertyRegistry, 'register transfers');
  requireApplicationId(applicationId);
  const input = argumentRecord(CertificateRequest, json, 'registration');
  const application = await requireApplication(ctx, applicationId);
  requireOpen(application);
  const holder = readCertificateArgs(ctx, input, application.buyers, 'registration');
  const steps = await readSteps(ctx, application);
  requireAllStepsDone(application, steps);
  const unit = await requireUnit(ctx, application.unitNumber);
  if (unit.openApplicationId !== application.id) {
    throw new Error(`stored state is corrupt: unit ${unit.unitNumber} is not locked by application ${application.id}`);
  }
  requireLandUseStepIfEnded(ctx, application, unit, roles.landAuthority);
  if (input.certificateId === unit.certificateId) {
    throw invalidArgument(`registration.certificateId must be a new certificate, not ${unit.certificateId}`);
  }
  const plan = planEncumbrances(ctx, application, unit, steps);
  // The certificate that stands now: the unit's, or the replacement e-license records for it.
  const previousCertificateId = (await currentCertificate(ctx, unit.certificateId)).certificateId;

  const updated = transferredUnit(ctx, unit, application, steps, plan, input.certificateId);
  await revokeCertificate(ctx, previousCertificateId);
  await issueCertificate(ctx, {
    certificateId: input.certificateId,
    fingerprint: input.certificateFingerprint,
    unitNumber: unit.unitNumber,
    location: unit.location,
    areaSquareMetres: unit.areaSquareMetres,
    use: unit.use,
    landUseRight: updated.landUseRight,
    holder: holder,
    registrationType: application.type,
  });

  const closed = stamp(ctx, Object.assign(new TransferApplication(), application));
  closed.status = 'REGISTERED';
  closed.closedReason = 'REGISTERED';
  closed.closedAt = txTimeIso(ctx);
  closed.closedByMsp = callerMsp(ctx);
  closed.certificateId = input.certificateId;

  await writeUnit(ctx, updated);
  await reindexOwners(ctx, unit.unitNumber, unit.owners, updated.owners);
  for (const { encumbrance, evidenceFingerprint } of plan.discharged) {
    await writeRelease(ctx, unit.unitNumber, encumbrance, evidenceFingerprint, application.id);
  }
  await writeTitleEntry(ctx, titleEntry(ctx, updated, application.type, application.id, previousCertificateId));
  await writeApplication(ctx, closed);
  await ctx.stub.deleteState(compositeKey(ctx, AWAITING_INDEX, [roles.propertyRegistry, application.id]));
  emitEvent(ctx, 'TransferRegistered', {
    applicationId: application.id,
    unitNumber: unit.unitNumber,
    type: application.type,
    certificateId: input.certificateId,
    previousCertificateId,
    dischargedEncumbranceIds: plan.discharged.map((item) => item.encumbrance.id),
    mortgageId: plan.mortgage?.id ?? '',
    titleSequence: updated.titleSequence,
    txId: closed.txId,
  });
  return Object.assign(new TransferRegistration(), { application: closed, unit: updated });
}
