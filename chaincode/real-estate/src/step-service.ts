import type { Context } from 'fabric-contract-api';
import { argumentRecord, invalidArgument } from '@govchain/chaincode-common';
import { verifyIdentityDocument } from './e-license';
import {
  IdentityCheck,
  IdentityVerificationInput,
  LandUseConfirmationInput,
  LoanApprovalInput,
  StepEvidenceInput,
  TaxAssessmentInput,
  type TransferStep,
  type TransferStepCode,
  compareStrings,
} from './models';
import { readPrivateInput, writePrivateRecord } from './private-detail';
import { copyStep, loadStep, requireApplicationId, requireStepDepartment, writeStep } from './transfer-service';
import { readLandUse, requireNewEncumbranceId, requireUnit } from './unit-service';

/**
 * RecordIdentityVerification (Public Security): one identity document per
 * party (every seller and buyer), each verified through e-license.
 *
 * @param ctx - transaction context
 * @param applicationId - application id
 * @param json - `{ evidenceFingerprint, documents: [{ holderRef, licenceId, fingerprint }] }`
 * @returns the step
 */
export async function recordIdentityVerification(
  ctx: Context,
  applicationId: string,
  json: string,
): Promise<TransferStep> {
  await requireStepDepartment(ctx, 'IDENTITY');
  requireApplicationId(applicationId);
  const { evidenceFingerprint, documents } = argumentRecord(IdentityVerificationInput, json, 'identity');
  const loaded = await loadStep(ctx, applicationId, 'IDENTITY');
  const parties = [...new Set([...loaded.application.sellers, ...loaded.application.buyers].map((p) => p.holderRef))];
  const presented = documents.map((document) => document.holderRef);
  const repeated = presented.find((ref, index) => presented.indexOf(ref) !== index);
  if (repeated !== undefined) {
    throw invalidArgument('identity.documents has two documents for one party');
  }
  if (presented.some((ref) => !parties.includes(ref))) {
    throw invalidArgument(`identity.documents names someone who is not a party of application ${applicationId}`);
  }
  if (parties.some((ref) => !presented.includes(ref))) {
    throw invalidArgument(`identity.documents must hold one document for every seller and buyer`);
  }
  for (const [index, document] of documents.entries()) {
    await verifyIdentityDocument(
      ctx,
      document.holderRef,
      document.licenceId,
      document.fingerprint,
      `identity.documents[${index}]`,
    );
  }
  const updated = copyStep(loaded.step);
  updated.status = 'DONE';
  updated.evidenceFingerprint = evidenceFingerprint;
  updated.identityChecks = documents
    .map((document) =>
      Object.assign(new IdentityCheck(), { holderRef: document.holderRef, licenceId: document.licenceId }),
    )
    .sort((a, b) => compareStrings(a.holderRef, b.holderRef));
  await writeStep(ctx, loaded, updated);
  return updated;
}

/**
 * A step whose input is only the department's evidence fingerprint.
 *
 * @param ctx - transaction context
 * @param applicationId - application id
 * @param code - MARITAL_STATUS
 * @param json - `{ evidenceFingerprint }`
 * @returns the step
 */
export async function recordAttestation(
  ctx: Context,
  applicationId: string,
  code: TransferStepCode,
  json: string,
): Promise<TransferStep> {
  await requireStepDepartment(ctx, code);
  requireApplicationId(applicationId);
  const { evidenceFingerprint } = argumentRecord(StepEvidenceInput, json, 'attestation');
  const loaded = await loadStep(ctx, applicationId, code);
  const updated = copyStep(loaded.step);
  updated.status = 'DONE';
  updated.evidenceFingerprint = evidenceFingerprint;
  await writeStep(ctx, loaded, updated);
  return updated;
}

/**
 * RecordLandUseConfirmation (Natural Resources): the land-use right the unit will carry after transfer.
 *
 * @param ctx - transaction context
 * @param applicationId - application id
 * @param json - `{ evidenceFingerprint, kind, termEnd? }`
 * @returns the step
 */
export async function recordLandUseConfirmation(
  ctx: Context,
  applicationId: string,
  json: string,
): Promise<TransferStep> {
  await requireStepDepartment(ctx, 'LAND_USE_RIGHT');
  requireApplicationId(applicationId);
  const input = argumentRecord(LandUseConfirmationInput, json, 'landUse');
  const { evidenceFingerprint } = input;
  const land = readLandUse(ctx, input, 'landUse');
  const loaded = await loadStep(ctx, applicationId, 'LAND_USE_RIGHT');
  const updated = copyStep(loaded.step);
  updated.status = 'DONE';
  updated.evidenceFingerprint = evidenceFingerprint;
  updated.landUseKind = land.kind;
  updated.landUseTermEnd = land.termEnd;
  await writeStep(ctx, loaded, updated);
  return updated;
}

/**
 * RecordTaxAssessment (Tax): the assessment notice; the assessed amount goes
 * to the private collection (transient `taxAssessment`). The step becomes ASSESSED.
 *
 * @param ctx - transaction context
 * @param applicationId - application id
 * @param json - `{ assessmentFingerprint }`
 * @returns the step
 */
export async function recordTaxAssessment(ctx: Context, applicationId: string, json: string): Promise<TransferStep> {
  await requireStepDepartment(ctx, 'TAX');
  requireApplicationId(applicationId);
  const { assessmentFingerprint } = argumentRecord(TaxAssessmentInput, json, 'assessment');
  const detail = readPrivateInput(ctx, 'taxAssessment', applicationId);
  const loaded = await loadStep(ctx, applicationId, 'TAX');
  const updated = copyStep(loaded.step);
  updated.status = 'ASSESSED';
  updated.assessmentFingerprint = assessmentFingerprint;
  await writePrivateRecord(ctx, detail);
  await writeStep(ctx, loaded, updated);
  return updated;
}

/**
 * RecordTaxClearance (Tax): the tax is paid or exempted; the step is DONE.
 *
 * @param ctx - transaction context
 * @param applicationId - application id
 * @param json - `{ evidenceFingerprint }` (the clearance certificate)
 * @returns the step
 */
export async function recordTaxClearance(ctx: Context, applicationId: string, json: string): Promise<TransferStep> {
  await requireStepDepartment(ctx, 'TAX');
  requireApplicationId(applicationId);
  const { evidenceFingerprint } = argumentRecord(StepEvidenceInput, json, 'clearance');
  const loaded = await loadStep(ctx, applicationId, 'TAX', ['ASSESSED']);
  const updated = copyStep(loaded.step);
  updated.status = 'DONE';
  updated.evidenceFingerprint = evidenceFingerprint;
  await writeStep(ctx, loaded, updated);
  return updated;
}

/**
 * RecordLoanApproval (Provident Fund): the loan and the mortgage registration
 * will put on the unit; the loan amount goes to the private collection
 * (transient `loanDetail`). The mortgagee is the Provident Fund.
 *
 * @param ctx - transaction context
 * @param applicationId - application id
 * @param json - `{ evidenceFingerprint, loanId, mortgageId }` (evidence: the loan and mortgage contract)
 * @returns the step
 */
export async function recordLoanApproval(ctx: Context, applicationId: string, json: string): Promise<TransferStep> {
  const caller = await requireStepDepartment(ctx, 'PROVIDENT_FUND');
  requireApplicationId(applicationId);
  const { evidenceFingerprint, loanId, mortgageId } = argumentRecord(LoanApprovalInput, json, 'loan');
  const detail = readPrivateInput(ctx, 'loanDetail', applicationId);
  const loaded = await loadStep(ctx, applicationId, 'PROVIDENT_FUND');
  const unit = await requireUnit(ctx, loaded.application.unitNumber);
  await requireNewEncumbranceId(ctx, unit, mortgageId);
  const updated = copyStep(loaded.step);
  updated.status = 'DONE';
  updated.evidenceFingerprint = evidenceFingerprint;
  updated.loanId = loanId;
  updated.mortgageId = mortgageId;
  updated.mortgagee = caller;
  updated.mortgageContractFingerprint = evidenceFingerprint;
  await writePrivateRecord(ctx, detail);
  await writeStep(ctx, loaded, updated);
  return updated;
}
