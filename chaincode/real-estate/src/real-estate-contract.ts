import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  GovchainContract,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  canonicalJson,
  encryptResponse,
  forbidden,
  notFound,
  parseBookmark,
  parsePageSize,
  queryIndexPage,
  readJson,
  requireCallersOwnPeer,
  requireString,
  storedRecord,
} from '@govchain/chaincode-common';
import { ROLES, transferRoles } from './departments';
import { AWAITING_INDEX, OWNER_INDEX, titleKey } from './keys';
import { TitleEntry } from './models';
import { readPrivateRecord } from './private-detail';
import { progressOf } from './progress';
import {
  recordAttestation,
  recordIdentityVerification,
  recordLandUseConfirmation,
  recordLoanApproval,
  recordTaxAssessment,
  recordTaxClearance,
} from './step-service';
import {
  openApplication,
  readApplication,
  readSteps,
  registerTransfer,
  rejectStep,
  requireApplication,
  requireApplicationId,
  withdrawApplication,
} from './transfer-service';
import {
  MORTGAGE,
  SEIZURE,
  confirmLandUseRight,
  readLandUseRight,
  readUnit,
  registerEncumbrance,
  registerUnit,
  replaceUnitCertificate,
  releaseEncumbrance,
  requireUnit,
  requireUnitNumber,
} from './unit-service';
import { REAL_ESTATE_TRANSACTIONS } from '@govchain/protocol/real-estate';

/**
 * The real-estate contract: property register, encumbrances, and the
 * one-window transfer whose steps each department records on its own key.
 * Every transaction returns canonical JSON text and every refusal is an error
 * whose message starts with a stable code. As a {@link GovchainContract}, each
 * endorser refuses a proposal whose timestamp is off its own clock by more than
 * the skew bound.
 */
@Info({ title: 'real-estate', description: 'Property register and the one-window real-estate transfer' })
export class RealEstateContract extends GovchainContract {
  constructor() {
    super('RealEstateContract', { transactions: REAL_ESTATE_TRANSACTIONS });
  }

  // ------------------------------------------------------------------- roles

  /**
   * Writes the role configuration (the departments, and which department is the register and the
   * department of each step) from this endorser's governance file when none is stored; with one stored,
   * writes nothing and checks that it agrees (CONFLICT naming the differences). No argument: the caller
   * cannot choose the roles. Any governed department may call it.
   *
   * @param ctx - transaction context
   * @returns the configuration
   */
  @Transaction()
  @Returns('string')
  public async SeedRoles(ctx: Context): Promise<string> {
    return canonicalJson((await ROLES.seed(ctx)).config);
  }

  /**
   * Brings the role configuration to this endorser's governance file; commits only when a majority of the
   * current departments endorse the same.
   *
   * @param ctx - transaction context
   * @returns the configuration
   */
  @Transaction()
  @Returns('string')
  public async UpdateRoles(ctx: Context): Promise<string> {
    return canonicalJson((await ROLES.update(ctx)).config);
  }

  /**
   * @param ctx - transaction context
   * @returns the role configuration (PRECONDITION_FAILED before SeedRoles)
   */
  @Transaction(false)
  @Returns('string')
  public async GetRoles(ctx: Context): Promise<string> {
    return canonicalJson(await ROLES.require(ctx));
  }

  // ------------------------------------------------------------------- units

  /**
   * Natural Resources confirms the land-use right behind a unit, before its first registration.
   *
   * @param ctx - transaction context
   * @param landUseRightJson - `{ unitNumber, kind, termEnd?, evidenceFingerprint }`
   * @returns the confirmation
   */
  @Transaction()
  @Returns('string')
  public async ConfirmLandUseRight(ctx: Context, landUseRightJson: string): Promise<string> {
    return canonicalJson(await confirmLandUseRight(ctx, landUseRightJson));
  }

  /**
   * First registration of a unit by Real Estate; issues its real-estate certificate through e-license.
   * Transient: `holderRefGrant` (Real Estate's holder-reference grant for
   * REGISTER_PROPERTY of the certificate holder), `idNumber`, `name` of the
   * certificate holder and `salt` (the client's random salt for the
   * certificate's private detail in e-license).
   *
   * @param ctx - transaction context
   * @param unitJson - `{ unitNumber, location, areaSquareMetres, use, owners, certificateId, certificateFingerprint, certificateHolderRef }`
   * @returns the unit
   */
  @Transaction()
  @Returns('string')
  public async RegisterUnit(ctx: Context, unitJson: string): Promise<string> {
    return canonicalJson(await registerUnit(ctx, unitJson));
  }

  /**
   * Real Estate reissues a unit's certificate (lost, damaged, corrected) through
   * e-license; the unit names the replacement. Transient: `holderRefGrant`,
   * `idNumber`, `name` of the certificate holder and `salt` (as for RegisterUnit).
   *
   * @param ctx - transaction context
   * @param unitNumber - the unit
   * @param replacementJson - `{ certificateId, certificateFingerprint }`
   * @param reasonCode - upper-case reason, e.g. `LOST`
   * @returns the unit
   */
  @Transaction()
  @Returns('string')
  public async ReplaceCertificate(
    ctx: Context,
    unitNumber: string,
    replacementJson: string,
    reasonCode: string,
  ): Promise<string> {
    return canonicalJson(await replaceUnitCertificate(ctx, unitNumber, replacementJson, reasonCode));
  }

  /**
   * @param ctx - transaction context
   * @param unitNumber - the unit
   * @param mortgageJson - `{ id, mortgagee, evidenceFingerprint }`
   * @returns the unit
   */
  @Transaction()
  @Returns('string')
  public async RegisterMortgage(ctx: Context, unitNumber: string, mortgageJson: string): Promise<string> {
    return canonicalJson(await registerEncumbrance(ctx, MORTGAGE, unitNumber, mortgageJson));
  }

  /**
   * @param ctx - transaction context
   * @param unitNumber - the unit
   * @param mortgageId - the mortgage
   * @param evidenceFingerprint - SHA-256 of the mortgagee's discharge certificate
   * @returns the unit
   */
  @Transaction()
  @Returns('string')
  public async DischargeMortgage(
    ctx: Context,
    unitNumber: string,
    mortgageId: string,
    evidenceFingerprint: string,
  ): Promise<string> {
    return canonicalJson(await releaseEncumbrance(ctx, 'MORTGAGE', unitNumber, mortgageId, evidenceFingerprint));
  }

  /**
   * @param ctx - transaction context
   * @param unitNumber - the unit
   * @param seizureJson - `{ id, court, evidenceFingerprint }`
   * @returns the unit
   */
  @Transaction()
  @Returns('string')
  public async RegisterSeizure(ctx: Context, unitNumber: string, seizureJson: string): Promise<string> {
    return canonicalJson(await registerEncumbrance(ctx, SEIZURE, unitNumber, seizureJson));
  }

  /**
   * @param ctx - transaction context
   * @param unitNumber - the unit
   * @param seizureId - the seizure
   * @param evidenceFingerprint - SHA-256 of the court's release order
   * @returns the unit
   */
  @Transaction()
  @Returns('string')
  public async ReleaseSeizure(
    ctx: Context,
    unitNumber: string,
    seizureId: string,
    evidenceFingerprint: string,
  ): Promise<string> {
    return canonicalJson(await releaseEncumbrance(ctx, 'SEIZURE', unitNumber, seizureId, evidenceFingerprint));
  }

  /**
   * @param ctx - transaction context
   * @param unitNumber - the unit
   * @returns the unit
   */
  @Transaction(false)
  @Returns('string')
  public async GetUnit(ctx: Context, unitNumber: string): Promise<string> {
    requireUnitNumber(unitNumber);
    return canonicalJson(await requireUnit(ctx, unitNumber));
  }

  /**
   * @param ctx - transaction context
   * @param unitNumber - the unit
   * @returns the land-use right Natural Resources confirmed for its first registration
   */
  @Transaction(false)
  @Returns('string')
  public async GetLandUseRight(ctx: Context, unitNumber: string): Promise<string> {
    requireUnitNumber(unitNumber);
    const right = await readLandUseRight(ctx, unitNumber);
    if (right === undefined) {
      throw notFound(`no land-use right is confirmed for unit ${unitNumber}`);
    }
    return canonicalJson(right);
  }

  /**
   * @param ctx - transaction context
   * @param holderRef - the owner's holder reference
   * @param pageSize - decimal, 1–100, empty for 20
   * @param bookmark - from the previous page, empty for the first
   * @returns `{ records: PropertyUnit[], bookmark, fetchedCount }`
   */
  @Transaction(false)
  @Returns('string')
  public async ListUnitsByOwner(ctx: Context, holderRef: string, pageSize: string, bookmark: string): Promise<string> {
    requireString(holderRef, 'holderRef', SHA256_HEX_RULE);
    const size = parsePageSize(pageSize);
    const mark = parseBookmark(bookmark);
    // An index entry is a hint: only a unit that names the holder among its owners is listed.
    const page = await queryIndexPage(ctx, OWNER_INDEX, [holderRef], size, mark, async ([, unitNumber]) => {
      const unit = unitNumber === undefined ? undefined : await readUnit(ctx, unitNumber);
      return unit?.owners.some((owner) => owner.holderRef === holderRef) === true ? unit : undefined;
    });
    return canonicalJson(page);
  }

  /**
   * The chain of title: every registration of the unit, oldest first.
   *
   * @param ctx - transaction context
   * @param unitNumber - the unit
   * @returns `TitleEntry[]`
   */
  @Transaction(false)
  @Returns('string')
  public async GetChainOfTitle(ctx: Context, unitNumber: string): Promise<string> {
    requireUnitNumber(unitNumber);
    const unit = await requireUnit(ctx, unitNumber);
    const entries: TitleEntry[] = [];
    for (let sequence = 1; sequence <= unit.titleSequence; sequence++) {
      const entry = await readJson(
        ctx,
        titleKey(ctx, unitNumber, sequence),
        storedRecord(TitleEntry, 'title entry'),
        `title entry ${sequence} of unit ${unitNumber}`,
      );
      if (entry === undefined) {
        throw new Error(`stored state is corrupt: title entry ${sequence} of unit ${unitNumber} is missing`);
      }
      entries.push(entry);
    }
    return canonicalJson(entries);
  }

  // --------------------------------------------------------------- transfers

  /**
   * Real Estate opens a transfer application and locks the unit. Transient:
   * `transferDetail` (JSON object of strings: `declaredPrice`, `salt`, further personal detail).
   *
   * @param ctx - transaction context
   * @param applicationJson - `{ id, unitNumber, type, sellers, buyers, providentFundLoan?, marriedParty?, dispositions?, applicationFingerprint }`
   * @returns the application
   */
  @Transaction()
  @Returns('string')
  public async OpenTransferApplication(ctx: Context, applicationJson: string): Promise<string> {
    return canonicalJson(await openApplication(ctx, applicationJson));
  }

  /**
   * Public Security verifies every party's identity document through e-license.
   *
   * @param ctx - transaction context
   * @param applicationId - the application
   * @param identityJson - `{ evidenceFingerprint, documents: [{ holderRef, licenceId, fingerprint }] }`
   * @returns the step
   */
  @Transaction()
  @Returns('string')
  public async RecordIdentityVerification(ctx: Context, applicationId: string, identityJson: string): Promise<string> {
    return canonicalJson(await recordIdentityVerification(ctx, applicationId, identityJson));
  }

  /**
   * Civil Affairs attests the parties' marital status.
   *
   * @param ctx - transaction context
   * @param applicationId - the application
   * @param attestationJson - `{ evidenceFingerprint }`
   * @returns the step
   */
  @Transaction()
  @Returns('string')
  public async RecordMaritalStatus(ctx: Context, applicationId: string, attestationJson: string): Promise<string> {
    return canonicalJson(await recordAttestation(ctx, applicationId, 'MARITAL_STATUS', attestationJson));
  }

  /**
   * Natural Resources confirms the land-use right the unit carries after the transfer.
   *
   * @param ctx - transaction context
   * @param applicationId - the application
   * @param landUseJson - `{ evidenceFingerprint, kind, termEnd? }`
   * @returns the step
   */
  @Transaction()
  @Returns('string')
  public async RecordLandUseConfirmation(ctx: Context, applicationId: string, landUseJson: string): Promise<string> {
    return canonicalJson(await recordLandUseConfirmation(ctx, applicationId, landUseJson));
  }

  /**
   * Tax assesses the transfer. Transient: `taxAssessment` (`assessedAmount`, `salt`, …).
   *
   * @param ctx - transaction context
   * @param applicationId - the application
   * @param assessmentJson - `{ assessmentFingerprint }`
   * @returns the step (ASSESSED)
   */
  @Transaction()
  @Returns('string')
  public async RecordTaxAssessment(ctx: Context, applicationId: string, assessmentJson: string): Promise<string> {
    return canonicalJson(await recordTaxAssessment(ctx, applicationId, assessmentJson));
  }

  /**
   * Tax clears the transfer (paid or exempted).
   *
   * @param ctx - transaction context
   * @param applicationId - the application
   * @param clearanceJson - `{ evidenceFingerprint }`
   * @returns the step (DONE)
   */
  @Transaction()
  @Returns('string')
  public async RecordTaxClearance(ctx: Context, applicationId: string, clearanceJson: string): Promise<string> {
    return canonicalJson(await recordTaxClearance(ctx, applicationId, clearanceJson));
  }

  /**
   * The Provident Fund approves the buyers' loan and names the mortgage registration will put on
   * the unit. Transient: `loanDetail` (`loanAmount`, `salt`, …).
   *
   * @param ctx - transaction context
   * @param applicationId - the application
   * @param loanJson - `{ evidenceFingerprint, loanId, mortgageId }`
   * @returns the step
   */
  @Transaction()
  @Returns('string')
  public async RecordLoanApproval(ctx: Context, applicationId: string, loanJson: string): Promise<string> {
    return canonicalJson(await recordLoanApproval(ctx, applicationId, loanJson));
  }

  /**
   * The step's department rejects it: the application ends and the unit is unlocked.
   *
   * @param ctx - transaction context
   * @param applicationId - the application
   * @param step - IDENTITY, MARITAL_STATUS, LAND_USE_RIGHT, TAX or PROVIDENT_FUND
   * @param reasonCode - upper-case reason code
   * @returns the application (REJECTED)
   */
  @Transaction()
  @Returns('string')
  public async RejectStep(ctx: Context, applicationId: string, step: string, reasonCode: string): Promise<string> {
    return canonicalJson(await rejectStep(ctx, applicationId, step, reasonCode));
  }

  /**
   * The applicants withdraw before registration (recorded by Real Estate).
   *
   * @param ctx - transaction context
   * @param applicationId - the application
   * @param requestFingerprint - SHA-256 of the signed withdrawal request
   * @returns the application (WITHDRAWN)
   */
  @Transaction()
  @Returns('string')
  public async WithdrawApplication(ctx: Context, applicationId: string, requestFingerprint: string): Promise<string> {
    return canonicalJson(await withdrawApplication(ctx, applicationId, requestFingerprint));
  }

  /**
   * Real Estate registers the transfer in one transaction, issuing the new
   * certificate and revoking the old one through e-license. Transient:
   * `holderRefGrant`, `idNumber`, `name` of the new certificate holder and `salt` (as for RegisterUnit).
   *
   * @param ctx - transaction context
   * @param applicationId - the application
   * @param registrationJson - `{ certificateId, certificateFingerprint, certificateHolderRef }`
   * @returns `{ application, unit }`
   */
  @Transaction()
  @Returns('string')
  public async RegisterTransfer(ctx: Context, applicationId: string, registrationJson: string): Promise<string> {
    return canonicalJson(await registerTransfer(ctx, applicationId, registrationJson));
  }

  /**
   * @param ctx - transaction context
   * @param applicationId - the application
   * @returns the application
   */
  @Transaction(false)
  @Returns('string')
  public async GetApplication(ctx: Context, applicationId: string): Promise<string> {
    requireApplicationId(applicationId);
    return canonicalJson(await requireApplication(ctx, applicationId));
  }

  /**
   * What is done and what waits on whom, as a citizen sees it.
   *
   * @param ctx - transaction context
   * @param applicationId - the application
   * @returns the progress
   */
  @Transaction(false)
  @Returns('string')
  public async GetApplicationProgress(ctx: Context, applicationId: string): Promise<string> {
    requireApplicationId(applicationId);
    const application = await requireApplication(ctx, applicationId);
    const { propertyRegistry } = await transferRoles(ctx);
    return canonicalJson(progressOf(application, await readSteps(ctx, application), propertyRegistry));
  }

  /**
   * A department's work queue: open applications waiting on it (Real Estate: ready for registration).
   *
   * @param ctx - transaction context
   * @param departmentMsp - the department
   * @param pageSize - decimal, 1–100, empty for 20
   * @param bookmark - from the previous page, empty for the first
   * @returns `{ records: ApplicationProgress[], bookmark, fetchedCount }`
   */
  @Transaction(false)
  @Returns('string')
  public async ListApplicationsAwaiting(
    ctx: Context,
    departmentMsp: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requireString(departmentMsp, 'departmentMsp', MSP_ID_RULE);
    const size = parsePageSize(pageSize);
    const mark = parseBookmark(bookmark);
    const { propertyRegistry } = await transferRoles(ctx);
    // An index entry is a hint: only an application that waits on the department is listed.
    const page = await queryIndexPage(ctx, AWAITING_INDEX, [departmentMsp], size, mark, async ([, applicationId]) => {
      const application = applicationId === undefined ? undefined : await readApplication(ctx, applicationId);
      if (application === undefined) return undefined;
      const progress = progressOf(application, await readSteps(ctx, application), propertyRegistry);
      return progress.waitingOn.includes(departmentMsp) ? progress : undefined;
    });
    return canonicalJson(page);
  }

  /**
   * The private detail of an application: declared price and personal detail,
   * tax assessment, loan, encrypted to the caller's one-time key (transient
   * `responseKey`), so that even submitted it puts only ciphertext into a
   * block. Evaluate only, on the caller's own peer (RealEstateMSP, TaxMSP or
   * ProvidentFundMSP): run on another department's peer it refuses, so it
   * cannot gather two endorsements either.
   *
   * @param ctx - transaction context
   * @param applicationId - the application
   * @returns `{ alg, ciphertext, iv, tag }` sealing
   * `{ applicationId, transferDetail, taxAssessment, loanDetail }` (absent records are null)
   */
  @Transaction(false)
  @Returns('string')
  public async GetTransferDetail(ctx: Context, applicationId: string): Promise<string> {
    const caller = requireCallersOwnPeer(ctx, 'GetTransferDetail');
    requireApplicationId(applicationId);
    const { detailReaders } = await transferRoles(ctx);
    if (!detailReaders.includes(caller)) {
      throw forbidden(`${caller} may not read transfer detail (only ${detailReaders.join(', ')} may)`);
    }
    await requireApplication(ctx, applicationId);
    const detail = {
      applicationId,
      transferDetail: (await readPrivateRecord(ctx, 'transferDetail', applicationId)) ?? null,
      taxAssessment: (await readPrivateRecord(ctx, 'taxAssessment', applicationId)) ?? null,
      loanDetail: (await readPrivateRecord(ctx, 'loanDetail', applicationId)) ?? null,
    };
    return encryptResponse(ctx, 'real-estate', 'GetTransferDetail', canonicalJson(detail));
  }
}
