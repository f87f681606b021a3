/**
 * Typed client of the real-estate chaincode: property register, encumbrances and the one-window transfer
 * whose steps each department records. Records and inputs are the protocol classes of
 * `@govchain/protocol/real-estate`; every result is checked against them. The endorsers of each transaction
 * (the owner of every key it writes and a second transfer department, which the key-level policies and the
 * `transferDetail` collection need and service discovery does not know) come from the chaincode's on-ledger
 * role configuration (`GetRoles`), read once per client: no MSP id is written here.
 */
import type { PlainOf } from '@govchain/protocol';
import * as re from '@govchain/protocol/real-estate';
import { RoleConfig, roleMsps } from '@govchain/protocol/roles';
import type { GovchainConnection } from '../connection';
import {
  ChaincodeClient,
  type ChaincodeClientOptions,
  clientFactory,
  type EndorsementNeed,
  type EndorserStrategy,
  listOf,
  majorityOf,
  pageOf,
  recordOf,
} from './base';
import { E_LICENSE_CHAINCODE, type HolderRefGrant, type HolderRefPurpose, eLicenseClient } from './e-license';
import type { PageRequest, ResultPage, Submitted, TypedSubmitOptions as Options } from './shape';
import { checkedInput, pageArguments, privateSalt } from './shape';

export * from '@govchain/protocol/real-estate';
export { RoleAssignment, RoleConfig } from '@govchain/protocol/roles';

/** A record's plain-data shape (protocol's `PlainOf`). */
export type Plain<T> = PlainOf<T>;
export type ConfirmLandUseRightInput = Plain<re.ConfirmLandUseRightInput>;
export type RegisterUnitInput = Plain<re.RegisterUnitInput>;
export type ReplaceCertificateInput = Plain<re.ReplaceCertificateInput>;
export type MortgageInput = Plain<re.MortgageInput>;
export type SeizureInput = Plain<re.SeizureInput>;
export type OpenTransferInput = Plain<re.OpenTransferInput>;
export type IdentityVerificationInput = Plain<re.IdentityVerificationInput>;
export type StepEvidenceInput = Plain<re.StepEvidenceInput>;
export type LandUseConfirmationInput = Plain<re.LandUseConfirmationInput>;
export type TaxAssessmentInput = Plain<re.TaxAssessmentInput>;
export type LoanApprovalInput = Plain<re.LoanApprovalInput>;
export type CertificateRequest = Plain<re.CertificateRequest>;
export type IdentityDocumentInput = Plain<re.IdentityDocumentInput>;

/** Deployed name of the real-estate chaincode. */
export const REAL_ESTATE_CHAINCODE = 'real-estate';

/** A role, or `step`: the department of the step the call is about (RejectStep). */
type EndorsingRole = re.RealEstateRole | 'step';

/**
 * Whose endorsement each submit transaction needs, by role: the owner of the keys it writes first, then a
 * second transfer department. Writes of `transferDetail` use members of that collection only; calls of
 * e-license IssueLicense use the register and the identity authority, as e-license issuance does. The roles
 * are resolved through the on-ledger role configuration; SeedRoles and UpdateRoles need a majority.
 */
export const REAL_ESTATE_ENDORSING_ROLES = {
  ConfirmLandUseRight: ['landAuthority', 'propertyRegistry'],
  RegisterUnit: ['propertyRegistry', 'identityAuthority'],
  ReplaceCertificate: ['propertyRegistry', 'identityAuthority'],
  RegisterMortgage: ['propertyRegistry', 'identityAuthority'],
  DischargeMortgage: ['propertyRegistry', 'identityAuthority'],
  RegisterSeizure: ['propertyRegistry', 'identityAuthority'],
  ReleaseSeizure: ['propertyRegistry', 'identityAuthority'],
  OpenTransferApplication: ['propertyRegistry', 'taxAuthority'],
  RecordIdentityVerification: ['identityAuthority', 'propertyRegistry'],
  RecordMaritalStatus: ['maritalRegistry', 'propertyRegistry'],
  RecordLandUseConfirmation: ['landAuthority', 'propertyRegistry'],
  RecordTaxAssessment: ['taxAuthority', 'propertyRegistry'],
  RecordTaxClearance: ['taxAuthority', 'propertyRegistry'],
  RecordLoanApproval: ['providentFund', 'propertyRegistry'],
  RejectStep: ['step', 'propertyRegistry'],
  WithdrawApplication: ['propertyRegistry', 'identityAuthority'],
  RegisterTransfer: ['propertyRegistry', 'identityAuthority'],
} as const satisfies Readonly<Record<string, readonly EndorsingRole[]>>;

/** Submit transactions of the chaincode. */
export type RealEstateTransaction = keyof typeof REAL_ESTATE_ENDORSING_ROLES | 'SeedRoles' | 'UpdateRoles';

/**
 * The certificate holder's identity: sent as transient data to e-license, never written to the ledger.
 * No holder key travels with it: e-license refuses one at issuance (Public Security binds holder keys with
 * the holder's proof of possession, e-license BindHolderKey).
 */
export interface CertificateHolder {
  /**
   * Real Estate's holder-reference grant for this holder ({@link RealEstateClient.requestHolderRef}, purpose
   * REGISTER_PROPERTY, at most 24 h old); when absent, the client requests one for `idNumber` first.
   */
  readonly holderRefGrant?: string;
  readonly idNumber: string;
  readonly name: string;
}

/**
 * Private detail (transient, to the `transferDetail` collection): string members; `salt` is generated when
 * omitted.
 */
export type TransferPrivateDetail<K extends string> = Readonly<Record<K, string>> &
  Readonly<Record<string, string>> & { readonly salt?: string };

/** Options of {@link realEstateClient}. */
export interface RealEstateClientOptions {
  /** Logical chaincode name (default `real-estate`). */
  readonly chaincode?: string;
  /** Logical name of e-license (default `e-license`), for {@link RealEstateClient.requestHolderRef}. */
  readonly eLicenseChaincode?: string;
  /** A strategy replacing the role-based choice, or fixed endorsers per transaction. */
  readonly endorsers?: EndorserStrategy | Readonly<Partial<Record<RealEstateTransaction, readonly string[]>>>;
  /** Retry and commit-status settings for every submit, as the other clients take them. */
  readonly submitDefaults?: ChaincodeClientOptions['submitDefaults'];
}

// ------------------------------------------------------------ implementation

function withSalt(detail: Readonly<Record<string, string>>): Record<string, string> {
  return { ...detail, salt: detail.salt ?? privateSalt() };
}

function isStrategy(value: RealEstateClientOptions['endorsers']): value is EndorserStrategy {
  return typeof (value as Partial<EndorserStrategy> | undefined)?.endorsers === 'function';
}

const unit = recordOf(re.PropertyUnit);
const application = recordOf(re.TransferApplication);
const step = recordOf(re.TransferStep);
const roles = recordOf(RoleConfig);
const registration = recordOf(re.TransferRegistration);

/**
 * Typed methods for every transaction of the real-estate chaincode. Each submitting method takes optional
 * per-call options last (`endorsingOrganizations`, `retry`, `commitStatus`), checks its JSON input against the
 * protocol class before sending (TypeError naming the member) and refusals are {@link ChaincodeError}s.
 */
export class RealEstateClient extends ChaincodeClient {
  readonly #options: Readonly<RealEstateClientOptions>;
  #roles: RoleConfig | undefined;

  readonly #submitDefaults: NonNullable<ChaincodeClientOptions['submitDefaults']>;

  constructor(connection: GovchainConnection, options: Readonly<RealEstateClientOptions> = {}) {
    const submitDefaults = options.submitDefaults ?? {};
    super(connection, REAL_ESTATE_CHAINCODE, {
      ...(options.chaincode === undefined ? {} : { chaincode: options.chaincode }),
      submitDefaults,
      ...(isStrategy(options.endorsers) ? { endorsers: options.endorsers } : {}),
    });
    this.#options = options;
    this.#submitDefaults = submitDefaults;
  }

  protected async defaultEndorsers(
    transaction: string,
    need: EndorsementNeed | undefined,
  ): Promise<readonly string[] | undefined> {
    const fixed = isStrategy(this.#options.endorsers)
      ? undefined
      : this.#options.endorsers?.[transaction as RealEstateTransaction];
    if (fixed !== undefined) return fixed;
    // Before the roles are seeded there is nothing to read: any two departments (service discovery) seed them.
    if (transaction === 'SeedRoles') return undefined;
    const config = await this.getRoles();
    if (transaction === 'UpdateRoles') return majorityOf(config.departmentMsps, this.mspId);
    const needed = REAL_ESTATE_ENDORSING_ROLES[transaction as keyof typeof REAL_ESTATE_ENDORSING_ROLES];
    return needed.map((role) => {
      const name = role === 'step' ? re.STEP_ROLES[need?.id as re.TransferStepCode] : role;
      const [msp] = roleMsps(config, name);
      if (msp === undefined) throw new TypeError(`the real-estate role configuration names no ${name}`);
      return msp;
    });
  }

  /** The on-ledger role configuration (departments and who holds each role), read once and cached. */
  async getRoles(): Promise<RoleConfig> {
    this.#roles ??= await this.evaluateCall('GetRoles', { result: roles });
    return this.#roles;
  }

  /**
   * Resolves an ID number into a holder reference through e-license: a grant to the caller's department from
   * Public Security's peer (RequestHolderRef; logged, rate-limited; the ID number is transient), read on the
   * caller's own peer.
   *
   * @param idNumber - the raw ID number.
   * @param purpose - why (default REGISTER_PROPERTY, what registrations and transfers accept).
   * @returns the grant id and the holder reference.
   * @throws {@link ChaincodeError} when e-license refuses (`RATE_LIMITED` beyond the hourly quota).
   */
  async requestHolderRef(
    idNumber: string,
    purpose: HolderRefPurpose = 'REGISTER_PROPERTY',
  ): Promise<PlainOf<HolderRefGrant>> {
    const licences = eLicenseClient(this.connection, {
      chaincode: this.#options.eLicenseChaincode ?? E_LICENSE_CHAINCODE,
      submitDefaults: this.#submitDefaults,
    });
    const { grantId, holderRef, at, expiresAt } = await licences.requestHolderRef(idNumber, purpose);
    return { grantId, holderRef, purpose, at, expiresAt };
  }

  /** The certificate holder's transient fields (a grant requested when none is given) and a fresh salt. */
  async #holder(holder: CertificateHolder): Promise<Record<string, string>> {
    const holderRefGrant = holder.holderRefGrant ?? (await this.requestHolderRef(holder.idNumber)).grantId;
    return { holderRefGrant, idNumber: holder.idNumber, name: holder.name, salt: privateSalt() };
  }

  /** Any department: writes the role configuration from the endorsers' governance files when none is stored. */
  async seedRoles(options?: Options): Submitted<RoleConfig> {
    const outcome = await this.submitCall('SeedRoles', { result: roles }, options);
    this.#roles = outcome.result;
    return outcome;
  }

  /** A majority of the departments: brings the role configuration to their governance files. */
  async updateRoles(options?: Options): Submitted<RoleConfig> {
    const outcome = await this.submitCall('UpdateRoles', { result: roles }, options);
    this.#roles = outcome.result;
    return outcome;
  }

  /** Natural Resources: confirms the land-use right before first registration. */
  confirmLandUseRight(input: ConfirmLandUseRightInput, options?: Options): Submitted<re.LandUseRight> {
    const args = [checkedInput(re.ConfirmLandUseRightInput, input, 'landUseRight')];
    return this.submitCall('ConfirmLandUseRight', { arguments: args, result: recordOf(re.LandUseRight) }, options);
  }

  /** Real Estate: first registration; issues the certificate to `holder`. */
  async registerUnit(
    input: RegisterUnitInput,
    holder: CertificateHolder,
    options?: Options,
  ): Submitted<re.PropertyUnit> {
    const args = [checkedInput(re.RegisterUnitInput, input, 'unit')];
    const transientData = await this.#holder(holder);
    return this.submitCall('RegisterUnit', { arguments: args, result: unit, transientData }, options);
  }

  /**
   * Real Estate: reissues a unit's certificate (lost, damaged, corrected) through e-license ReplaceLicense, to
   * the same holder (a grant is requested for `REGISTER_PROPERTY` when none is given); the unit then names the
   * replacement. `reasonCode` is upper-case, e.g. `LOST`.
   */
  async replaceCertificate(
    unitNumber: string,
    replacement: ReplaceCertificateInput,
    reasonCode: string,
    holder: CertificateHolder,
    options?: Options,
  ): Submitted<re.PropertyUnit> {
    const args = [unitNumber, checkedInput(re.ReplaceCertificateInput, replacement, 'replacement'), reasonCode];
    const transientData = await this.#holder(holder);
    return this.submitCall('ReplaceCertificate', { arguments: args, result: unit, transientData }, options);
  }

  /** Real Estate: registers a mortgage. */
  registerMortgage(unitNumber: string, input: MortgageInput, options?: Options): Submitted<re.PropertyUnit> {
    const args = [unitNumber, checkedInput(re.MortgageInput, input, 'mortgage')];
    return this.submitCall('RegisterMortgage', { arguments: args, result: unit }, options);
  }

  /** Real Estate: discharges a mortgage on the mortgagee's discharge certificate. */
  dischargeMortgage(unitNumber: string, id: string, evidence: string, options?: Options): Submitted<re.PropertyUnit> {
    return this.submitCall('DischargeMortgage', { arguments: [unitNumber, id, evidence], result: unit }, options);
  }

  /** Real Estate: registers a judicial seizure. */
  registerSeizure(unitNumber: string, input: SeizureInput, options?: Options): Submitted<re.PropertyUnit> {
    const args = [unitNumber, checkedInput(re.SeizureInput, input, 'seizure')];
    return this.submitCall('RegisterSeizure', { arguments: args, result: unit }, options);
  }

  /** Real Estate: releases a judicial seizure on the court's release order. */
  releaseSeizure(unitNumber: string, id: string, evidence: string, options?: Options): Submitted<re.PropertyUnit> {
    return this.submitCall('ReleaseSeizure', { arguments: [unitNumber, id, evidence], result: unit }, options);
  }

  /** Real Estate: opens a transfer and locks the unit; `detail` (price, names) stays private. */
  openTransferApplication(
    input: OpenTransferInput,
    detail: TransferPrivateDetail<'declaredPrice'>,
    options?: Options,
  ): Submitted<re.TransferApplication> {
    const args = [checkedInput(re.OpenTransferInput, input, 'application')];
    const transientData = { transferDetail: withSalt(detail) };
    return this.submitCall('OpenTransferApplication', { arguments: args, result: application, transientData }, options);
  }

  /** Public Security: verifies every party's identity document through e-license. */
  recordIdentityVerification(
    id: string,
    input: IdentityVerificationInput,
    options?: Options,
  ): Submitted<re.TransferStep> {
    const args = [id, checkedInput(re.IdentityVerificationInput, input, 'identity')];
    return this.submitCall('RecordIdentityVerification', { arguments: args, result: step }, options);
  }

  /** Civil Affairs: attests marital status. */
  recordMaritalStatus(id: string, input: StepEvidenceInput, options?: Options): Submitted<re.TransferStep> {
    const args = [id, checkedInput(re.StepEvidenceInput, input, 'attestation')];
    return this.submitCall('RecordMaritalStatus', { arguments: args, result: step }, options);
  }

  /** Natural Resources: confirms the land-use right after transfer. */
  recordLandUseConfirmation(
    id: string,
    input: LandUseConfirmationInput,
    options?: Options,
  ): Submitted<re.TransferStep> {
    const args = [id, checkedInput(re.LandUseConfirmationInput, input, 'landUse')];
    return this.submitCall('RecordLandUseConfirmation', { arguments: args, result: step }, options);
  }

  /** Tax: assessment; the amount stays private. */
  recordTaxAssessment(
    id: string,
    input: TaxAssessmentInput,
    assessment: TransferPrivateDetail<'assessedAmount'>,
    options?: Options,
  ): Submitted<re.TransferStep> {
    const args = [id, checkedInput(re.TaxAssessmentInput, input, 'assessment')];
    const transientData = { taxAssessment: withSalt(assessment) };
    return this.submitCall('RecordTaxAssessment', { arguments: args, result: step, transientData }, options);
  }

  /** Tax: clearance. */
  recordTaxClearance(id: string, input: StepEvidenceInput, options?: Options): Submitted<re.TransferStep> {
    const args = [id, checkedInput(re.StepEvidenceInput, input, 'clearance')];
    return this.submitCall('RecordTaxClearance', { arguments: args, result: step }, options);
  }

  /** Provident Fund: loan approval and the mortgage to register; the amount stays private. */
  recordLoanApproval(
    id: string,
    input: LoanApprovalInput,
    loan: TransferPrivateDetail<'loanAmount'>,
    options?: Options,
  ): Submitted<re.TransferStep> {
    const args = [id, checkedInput(re.LoanApprovalInput, input, 'loan')];
    const transientData = { loanDetail: withSalt(loan) };
    return this.submitCall('RecordLoanApproval', { arguments: args, result: step, transientData }, options);
  }

  /** The step's department rejects it (endorsed by it and the register): the application ends, the unit is free. */
  rejectStep(
    id: string,
    code: re.TransferStepCode,
    reasonCode: string,
    options?: Options,
  ): Submitted<re.TransferApplication> {
    if (!re.TRANSFER_STEP_CODES.includes(code)) {
      throw new TypeError(`INVALID_ARGUMENT: step must be one of ${re.TRANSFER_STEP_CODES.join(', ')}`);
    }
    const call = { arguments: [id, code, reasonCode], result: application, owner: { kind: 'step', id: code } };
    return this.submitCall('RejectStep', call, options);
  }

  /** Real Estate: the applicants withdraw (`requestFingerprint`: their signed request). */
  withdrawApplication(id: string, requestFingerprint: string, options?: Options): Submitted<re.TransferApplication> {
    return this.submitCall(
      'WithdrawApplication',
      { arguments: [id, requestFingerprint], result: application },
      options,
    );
  }

  /** Real Estate: registers the transfer; issues the new certificate to `holder`, revokes the old one. */
  async registerTransfer(
    id: string,
    input: CertificateRequest,
    holder: CertificateHolder,
    options?: Options,
  ): Submitted<re.TransferRegistration> {
    const args = [id, checkedInput(re.CertificateRequest, input, 'registration')];
    const transientData = await this.#holder(holder);
    return this.submitCall('RegisterTransfer', { arguments: args, result: registration, transientData }, options);
  }

  getUnit(unitNumber: string): Promise<re.PropertyUnit> {
    return this.evaluateCall('GetUnit', { arguments: [unitNumber], result: unit });
  }

  getLandUseRight(unitNumber: string): Promise<re.LandUseRight> {
    return this.evaluateCall('GetLandUseRight', { arguments: [unitNumber], result: recordOf(re.LandUseRight) });
  }

  listUnitsByOwner(holderRef: string, page: PageRequest = {}): Promise<ResultPage<re.PropertyUnit>> {
    const args = [holderRef, ...pageArguments(page)];
    return this.evaluateCall('ListUnitsByOwner', { arguments: args, result: pageOf(re.PropertyUnit) });
  }

  getChainOfTitle(unitNumber: string): Promise<readonly re.TitleEntry[]> {
    return this.evaluateCall('GetChainOfTitle', { arguments: [unitNumber], result: listOf(re.TitleEntry) });
  }

  getApplication(id: string): Promise<re.TransferApplication> {
    return this.evaluateCall('GetApplication', { arguments: [id], result: application });
  }

  getApplicationProgress(id: string): Promise<re.ApplicationProgress> {
    return this.evaluateCall('GetApplicationProgress', { arguments: [id], result: recordOf(re.ApplicationProgress) });
  }

  listApplicationsAwaiting(departmentMsp: string, page: PageRequest = {}): Promise<ResultPage<re.ApplicationProgress>> {
    const args = [departmentMsp, ...pageArguments(page)];
    return this.evaluateCall('ListApplicationsAwaiting', { arguments: args, result: pageOf(re.ApplicationProgress) });
  }

  /**
   * Evaluated on a peer of the caller's own organization (the chaincode refuses to return private data
   * anywhere else): members of `transferDetail` only. A fresh one-time key goes in transient data; the
   * chaincode answers encrypted to it (so that a block could only ever hold ciphertext), and this call
   * decrypts the answer.
   */
  getTransferDetail(id: string): Promise<re.TransferDetail> {
    return this.evaluateSealedCall('GetTransferDetail', { arguments: [id], result: recordOf(re.TransferDetail) });
  }
}

/** Creates the typed real-estate client over a department's connection (README: the one-window transfer). */
export const realEstateClient = clientFactory<RealEstateClient, RealEstateClientOptions>(RealEstateClient);
