/**
 * Typed client of the real-estate chaincode: property register, encumbrances and the one-window transfer
 * whose steps each department records. Every method chooses the endorsing organizations the chaincode's
 * key-level policies and the `transferDetail` private collection need (service discovery knows neither).
 */
import type { Contract } from '@hyperledger/fabric-gateway';
import type { GovchainConnection } from '../connection';
import { ChaincodeError, GovchainError } from '../errors';
import type { CommitStatusOptions } from '../commit-status';
import type { RetryOptions } from '../retry';
import { evaluate, evaluateSealed, submit } from '../transactions';
import { E_LICENSE_CHAINCODE, type HolderRefGrant, type HolderRefPurpose, eLicenseClient } from './e-license';
import { privateSalt } from './shape';

/** Deployed name of the real-estate chaincode. */
export const REAL_ESTATE_CHAINCODE = 'real-estate';

/** The departments of the one-window transfer. */
export const REAL_ESTATE_MSPS = {
  realEstate: 'RealEstateMSP',
  naturalResources: 'NaturalResourcesMSP',
  publicSecurity: 'PublicSecurityMSP',
  civilAffairs: 'CivilAffairsMSP',
  tax: 'TaxMSP',
  providentFund: 'ProvidentFundMSP',
} as const;

const { realEstate: RE, naturalResources: NR, publicSecurity: PS, civilAffairs: CA, tax: TAX } = REAL_ESTATE_MSPS;
const PF = REAL_ESTATE_MSPS.providentFund;

/** Submit transactions of the chaincode. */
export type RealEstateTransaction =
  | 'ConfirmLandUseRight'
  | 'RegisterUnit'
  | 'ReplaceCertificate'
  | 'RegisterMortgage'
  | 'DischargeMortgage'
  | 'RegisterSeizure'
  | 'ReleaseSeizure'
  | 'OpenTransferApplication'
  | 'RecordIdentityVerification'
  | 'RecordMaritalStatus'
  | 'RecordLandUseConfirmation'
  | 'RecordTaxAssessment'
  | 'RecordTaxClearance'
  | 'RecordLoanApproval'
  | 'RejectStep'
  | 'WithdrawApplication'
  | 'RegisterTransfer';

/**
 * Endorsers of each submit transaction: the owner of every key the transaction writes plus a second
 * department of the transfer, which each key-level policy `AND(owner, OutOf(1, other transfer departments))`
 * and the chaincode's OutOf(2) policy need. Transactions writing `transferDetail` use members of that
 * collection only; those calling e-license IssueLicense use RealEstateMSP and PublicSecurityMSP, as e-license
 * issuance does. RejectStep is endorsed by the step's department and Real Estate (see
 * {@link REJECT_ENDORSERS}).
 */
export const REAL_ESTATE_ENDORSERS: Readonly<Record<RealEstateTransaction, readonly string[]>> = {
  ConfirmLandUseRight: [NR, RE],
  RegisterUnit: [RE, PS],
  ReplaceCertificate: [RE, PS],
  RegisterMortgage: [RE, PS],
  DischargeMortgage: [RE, PS],
  RegisterSeizure: [RE, PS],
  ReleaseSeizure: [RE, PS],
  OpenTransferApplication: [RE, TAX],
  RecordIdentityVerification: [PS, RE],
  RecordMaritalStatus: [CA, RE],
  RecordLandUseConfirmation: [NR, RE],
  RecordTaxAssessment: [TAX, RE],
  RecordTaxClearance: [TAX, RE],
  RecordLoanApproval: [PF, RE],
  RejectStep: [RE],
  WithdrawApplication: [RE, PS],
  RegisterTransfer: [RE, PS],
};

/** Stable codes of the chaincode's refusals. */
export const REAL_ESTATE_ERROR_CODES = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'PRECONDITION_FAILED',
] as const;
/** One of {@link REAL_ESTATE_ERROR_CODES}. */
export type RealEstateErrorCode = (typeof REAL_ESTATE_ERROR_CODES)[number];

/**
 * Tells whether an error is a refusal of a chaincode (real-estate, or e-license through it), optionally
 * with a given code.
 *
 * @param err - any thrown value.
 * @param code - the code to look for; any code when omitted.
 * @returns true for a {@link ChaincodeError} with that code.
 *
 * @example
 * ```ts
 * try { await client.registerTransfer(id, input, holder); }
 * catch (err) { if (isRealEstateRefusal(err, 'PRECONDITION_FAILED')) showWaitingSteps(); }
 * ```
 */
export function isRealEstateRefusal(err: unknown, code?: RealEstateErrorCode): err is ChaincodeError {
  return err instanceof ChaincodeError && (code === undefined || err.code === code);
}

// ------------------------------------------------------------------- models

export type TransferType = 'SALE' | 'GIFT' | 'INHERITANCE' | 'JUDICIAL_RULING';
export type TransferStepCode = 'IDENTITY' | 'MARITAL_STATUS' | 'LAND_USE_RIGHT' | 'TAX' | 'PROVIDENT_FUND';
export type TransferStepStatus = 'PENDING' | 'ASSESSED' | 'DONE' | 'REJECTED';
export type TransferApplicationStatus = 'OPEN' | 'REGISTERED' | 'REJECTED' | 'WITHDRAWN';
export type LandUseKind = 'GRANTED' | 'ALLOCATED' | 'LEASED';
export type UnitUse = 'RESIDENTIAL' | 'COMMERCIAL' | 'OFFICE' | 'INDUSTRIAL' | 'OTHER';

/** An owner, seller or buyer: holder reference (see {@link RealEstateClient.requestHolderRef}) and share. */
export interface OwnerShare {
  readonly holderRef: string;
  /** Basis points, 1–10000; a list sums to 10000. */
  readonly shareBasisPoints: number;
}

export interface LandUseRight {
  readonly unitNumber: string;
  readonly kind: LandUseKind;
  /** ISO-8601 UTC; empty for ALLOCATED land. */
  readonly termEnd: string;
  readonly evidenceFingerprint: string;
  readonly confirmedByMsp: string;
  readonly confirmedAt: string;
  readonly txId: string;
}

export interface Encumbrance {
  readonly id: string;
  readonly kind: 'MORTGAGE' | 'SEIZURE';
  /** Mortgagee (institution code or MSP id) or court code. */
  readonly holder: string;
  readonly evidenceFingerprint: string;
  readonly applicationId: string;
  readonly registeredAt: string;
  readonly registeredByMsp: string;
  readonly txId: string;
}

export interface PropertyUnit {
  readonly unitNumber: string;
  readonly location: string;
  readonly areaSquareMetres: string;
  readonly use: UnitUse;
  readonly landUseRight: LandUseRight;
  readonly owners: readonly OwnerShare[];
  readonly encumbrances: readonly Encumbrance[];
  readonly status: 'REGISTERED' | 'IN_TRANSFER';
  readonly openApplicationId: string;
  /** The current real-estate certificate (e-license licence id). */
  readonly certificateId: string;
  readonly titleSequence: number;
  readonly registeredAt: string;
  readonly updatedAt: string;
  readonly updatedByMsp: string;
  readonly txId: string;
}

export interface EncumbranceDisposition {
  readonly encumbranceId: string;
  readonly action: 'DISCHARGE' | 'CARRY_OVER';
  /** SHA-256 of the mortgagee's consent or the court's order. */
  readonly evidenceFingerprint: string;
}

export interface TransferApplication {
  readonly id: string;
  readonly unitNumber: string;
  readonly type: TransferType;
  readonly sellers: readonly OwnerShare[];
  readonly buyers: readonly OwnerShare[];
  readonly providentFundLoan: boolean;
  readonly marriedParty: boolean;
  readonly requiredSteps: readonly TransferStepCode[];
  readonly dispositions: readonly EncumbranceDisposition[];
  readonly applicationFingerprint: string;
  readonly status: TransferApplicationStatus;
  readonly closedReason: string;
  readonly rejectedStep: string;
  readonly closingFingerprint: string;
  readonly closedAt: string;
  readonly closedByMsp: string;
  readonly previousCertificateId: string;
  readonly certificateId: string;
  readonly openedAt: string;
  readonly openedByMsp: string;
  readonly updatedAt: string;
  readonly updatedByMsp: string;
  readonly txId: string;
}

export interface TransferStep {
  readonly applicationId: string;
  readonly step: TransferStepCode;
  readonly departmentMsp: string;
  readonly status: TransferStepStatus;
  readonly evidenceFingerprint: string;
  readonly assessmentFingerprint: string;
  readonly reasonCode: string;
  readonly identityChecks: readonly { readonly holderRef: string; readonly licenceId: string }[];
  readonly loanId: string;
  readonly mortgageId: string;
  readonly mortgagee: string;
  readonly mortgageContractFingerprint: string;
  readonly landUseKind: string;
  readonly landUseTermEnd: string;
  readonly updatedAt: string;
  readonly updatedByMsp: string;
  readonly txId: string;
}

export interface TitleEntry {
  readonly unitNumber: string;
  readonly sequence: number;
  readonly kind: 'FIRST_REGISTRATION' | TransferType;
  readonly applicationId: string;
  readonly owners: readonly OwnerShare[];
  readonly certificateId: string;
  readonly previousCertificateId: string;
  readonly registeredAt: string;
  readonly registeredByMsp: string;
  readonly txId: string;
}

export interface TransferStepProgress {
  readonly step: TransferStepCode;
  readonly title: string;
  readonly departmentMsp: string;
  readonly status: TransferStepStatus;
  readonly updatedAt: string;
  readonly reasonCode: string;
}

/** What is done and what waits on whom, as a citizen sees it. */
export interface ApplicationProgress {
  readonly applicationId: string;
  readonly unitNumber: string;
  readonly type: TransferType;
  readonly status: TransferApplicationStatus;
  readonly openedAt: string;
  readonly closedAt: string;
  readonly closedReason: string;
  readonly steps: readonly TransferStepProgress[];
  readonly doneCount: number;
  readonly requiredCount: number;
  readonly waitingOn: readonly string[];
  readonly readyForRegistration: boolean;
  readonly certificateId: string;
  readonly summary: string;
}

/** A private record of the `transferDetail` collection. */
export interface TransferPrivateRecord {
  readonly applicationId: string;
  readonly kind: 'transferDetail' | 'taxAssessment' | 'loanDetail';
  readonly fields: Readonly<Record<string, string>>;
  readonly salt: string;
  readonly recordedAt: string;
  readonly recordedByMsp: string;
  readonly txId: string;
}

export interface TransferDetail {
  readonly applicationId: string;
  readonly transferDetail: TransferPrivateRecord | null;
  readonly taxAssessment: TransferPrivateRecord | null;
  readonly loanDetail: TransferPrivateRecord | null;
}

/** The result of RegisterTransfer. */
export interface TransferRegistration {
  readonly application: TransferApplication;
  readonly unit: PropertyUnit;
}

export interface RealEstatePage<T> {
  readonly records: readonly T[];
  /** Pass back for the next page; empty when there are no more. */
  readonly bookmark: string;
  readonly fetchedCount: number;
}

export interface RealEstatePageRequest {
  /** 1–100; default 20. */
  readonly pageSize?: number;
  readonly bookmark?: string;
}

// ------------------------------------------------------------------- inputs

export type ConfirmLandUseRightInput = Pick<LandUseRight, 'unitNumber' | 'kind' | 'evidenceFingerprint'> & {
  /** Required unless ALLOCATED. */
  readonly termEnd?: string;
};

export interface CertificateRequest {
  readonly certificateId: string;
  /** SHA-256 of the new certificate document. */
  readonly certificateFingerprint: string;
  /** One of the new owners: the certificate names this holder. */
  readonly certificateHolderRef: string;
}

/** Input of {@link RealEstateClient.replaceCertificate}: the replacement certificate. */
export interface ReplaceCertificateInput {
  readonly certificateId: string;
  /** SHA-256 of the new certificate document, 64 hex characters. */
  readonly certificateFingerprint: string;
}

export type RegisterUnitInput = Pick<PropertyUnit, 'unitNumber' | 'location' | 'areaSquareMetres' | 'use' | 'owners'> &
  CertificateRequest;

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

export interface MortgageInput {
  readonly id: string;
  readonly mortgagee: string;
  readonly evidenceFingerprint: string;
}

export interface SeizureInput {
  readonly id: string;
  readonly court: string;
  readonly evidenceFingerprint: string;
}

export type OpenTransferInput = Pick<
  TransferApplication,
  'id' | 'unitNumber' | 'type' | 'sellers' | 'buyers' | 'applicationFingerprint'
> &
  Partial<Pick<TransferApplication, 'providentFundLoan' | 'marriedParty' | 'dispositions'>>;

/**
 * Private detail (transient, to the `transferDetail` collection): string members; `salt` is generated when
 * omitted.
 */
export type TransferPrivateDetail<K extends string> = Readonly<Record<K, string>> &
  Readonly<Record<string, string>> & { readonly salt?: string };

export interface IdentityDocumentInput {
  readonly holderRef: string;
  /** The party's IDENTITY_DOCUMENT licence in e-license. */
  readonly licenceId: string;
  /** SHA-256 of the presented document. */
  readonly fingerprint: string;
}

export interface IdentityVerificationInput {
  readonly evidenceFingerprint: string;
  readonly documents: readonly IdentityDocumentInput[];
}

export interface StepEvidenceInput {
  readonly evidenceFingerprint: string;
}

export interface LandUseConfirmationInput extends StepEvidenceInput {
  readonly kind: LandUseKind;
  readonly termEnd?: string;
}

export interface TaxAssessmentInput {
  readonly assessmentFingerprint: string;
}

export interface LoanApprovalInput extends StepEvidenceInput {
  readonly loanId: string;
  /** Id of the mortgage registration will put on the unit. */
  readonly mortgageId: string;
}

/** A committed transaction's result. */
export interface RealEstateSubmitResult<T> {
  readonly result: T;
  readonly transactionId: string;
  readonly blockNumber: bigint;
}

/** Options of {@link realEstateClient}. */
export interface RealEstateClientOptions {
  /** Logical chaincode name (default `real-estate`). */
  readonly chaincode?: string;
  /** Logical name of e-license (default `e-license`), for {@link RealEstateClient.requestHolderRef}. */
  readonly eLicenseChaincode?: string;
  /** Overrides of {@link REAL_ESTATE_ENDORSERS}. */
  readonly endorsers?: Readonly<Partial<Record<RealEstateTransaction, readonly string[]>>>;
  /** Retry policy of submits. */
  readonly retry?: Readonly<Partial<RetryOptions>>;
  /** Commit-status polling of submits. */
  readonly commitStatus?: Readonly<CommitStatusOptions>;
}

/** Typed methods for every transaction of the real-estate chaincode. */
export interface RealEstateClient {
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
  requestHolderRef(idNumber: string, purpose?: HolderRefPurpose): Promise<Readonly<HolderRefGrant>>;
  /** Natural Resources: confirms the land-use right before first registration. */
  confirmLandUseRight(input: ConfirmLandUseRightInput): Promise<RealEstateSubmitResult<LandUseRight>>;
  /** Real Estate: first registration; issues the certificate to `holder`. */
  registerUnit(input: RegisterUnitInput, holder: CertificateHolder): Promise<RealEstateSubmitResult<PropertyUnit>>;
  /**
   * Real Estate: reissues a unit's certificate (lost, damaged, corrected) through e-license ReplaceLicense, to
   * the same holder; the unit then names the replacement.
   *
   * @param unitNumber - the unit.
   * @param replacement - the new certificate's id and fingerprint.
   * @param reasonCode - upper-case reason, e.g. `LOST`.
   * @param holder - the certificate holder (a grant is requested for `REGISTER_PROPERTY` when none is given).
   * @returns the unit.
   */
  replaceCertificate(
    unitNumber: string,
    replacement: ReplaceCertificateInput,
    reasonCode: string,
    holder: CertificateHolder,
  ): Promise<RealEstateSubmitResult<PropertyUnit>>;
  /** Real Estate: registers a mortgage. */
  registerMortgage(unitNumber: string, input: MortgageInput): Promise<RealEstateSubmitResult<PropertyUnit>>;
  /** Real Estate: discharges a mortgage. */
  dischargeMortgage(
    unitNumber: string,
    mortgageId: string,
    evidenceFingerprint: string,
  ): Promise<RealEstateSubmitResult<PropertyUnit>>;
  /** Real Estate: registers a judicial seizure. */
  registerSeizure(unitNumber: string, input: SeizureInput): Promise<RealEstateSubmitResult<PropertyUnit>>;
  /** Real Estate: releases a judicial seizure. */
  releaseSeizure(
    unitNumber: string,
    seizureId: string,
    evidenceFingerprint: string,
  ): Promise<RealEstateSubmitResult<PropertyUnit>>;
  /** Real Estate: opens a transfer and locks the unit; `detail` (price, names) stays private. */
  openTransferApplication(
    input: OpenTransferInput,
    detail: TransferPrivateDetail<'declaredPrice'>,
  ): Promise<RealEstateSubmitResult<TransferApplication>>;
  /** Public Security: verifies every party's identity document through e-license. */
  recordIdentityVerification(
    applicationId: string,
    input: IdentityVerificationInput,
  ): Promise<RealEstateSubmitResult<TransferStep>>;
  /** Civil Affairs: attests marital status. */
  recordMaritalStatus(applicationId: string, input: StepEvidenceInput): Promise<RealEstateSubmitResult<TransferStep>>;
  /** Natural Resources: confirms the land-use right after transfer. */
  recordLandUseConfirmation(
    applicationId: string,
    input: LandUseConfirmationInput,
  ): Promise<RealEstateSubmitResult<TransferStep>>;
  /** Tax: assessment; the amount stays private. */
  recordTaxAssessment(
    applicationId: string,
    input: TaxAssessmentInput,
    assessment: TransferPrivateDetail<'assessedAmount'>,
  ): Promise<RealEstateSubmitResult<TransferStep>>;
  /** Tax: clearance. */
  recordTaxClearance(applicationId: string, input: StepEvidenceInput): Promise<RealEstateSubmitResult<TransferStep>>;
  /** Provident Fund: loan approval and the mortgage to register; the amount stays private. */
  recordLoanApproval(
    applicationId: string,
    input: LoanApprovalInput,
    loan: TransferPrivateDetail<'loanAmount'>,
  ): Promise<RealEstateSubmitResult<TransferStep>>;
  /** The step's department rejects it: the application ends, the unit is unlocked. */
  rejectStep(
    applicationId: string,
    step: TransferStepCode,
    reasonCode: string,
  ): Promise<RealEstateSubmitResult<TransferApplication>>;
  /** Real Estate: the applicants withdraw. */
  withdrawApplication(
    applicationId: string,
    requestFingerprint: string,
  ): Promise<RealEstateSubmitResult<TransferApplication>>;
  /** Real Estate: registers the transfer; issues the new certificate to `holder`, revokes the old one. */
  registerTransfer(
    applicationId: string,
    input: CertificateRequest,
    holder: CertificateHolder,
  ): Promise<RealEstateSubmitResult<TransferRegistration>>;
  getUnit(unitNumber: string): Promise<PropertyUnit>;
  getLandUseRight(unitNumber: string): Promise<LandUseRight>;
  listUnitsByOwner(holderRef: string, page?: RealEstatePageRequest): Promise<RealEstatePage<PropertyUnit>>;
  getChainOfTitle(unitNumber: string): Promise<readonly TitleEntry[]>;
  getApplication(applicationId: string): Promise<TransferApplication>;
  getApplicationProgress(applicationId: string): Promise<ApplicationProgress>;
  listApplicationsAwaiting(
    departmentMsp: string,
    page?: RealEstatePageRequest,
  ): Promise<RealEstatePage<ApplicationProgress>>;
  /**
   * Evaluated on a peer of the caller's own organization (the chaincode refuses to return private data
   * anywhere else): RealEstateMSP, TaxMSP and ProvidentFundMSP only. A fresh one-time key goes in transient
   * data; the chaincode answers encrypted to it (so that a block could only ever hold ciphertext), and this
   * call decrypts the answer.
   */
  getTransferDetail(applicationId: string): Promise<TransferDetail>;
}

// ------------------------------------------------------------ implementation

/**
 * Builds the error thrown when a result does not have the expected shape.
 *
 * @param what - what was expected.
 * @returns the error.
 */
function unexpectedResult(what: string): GovchainError {
  // The same code as the other typed clients' result checks (clients/shape.ts).
  return new GovchainError({ code: 'INVALID_RESULT', message: `real-estate returned an unexpected ${what}` });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that a result is an object carrying the given string members.
 *
 * @param value - the decoded result.
 * @param what - its name.
 * @param keys - members that must be strings.
 * @returns the value, typed by the caller.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the result's shape
function checked<T>(value: unknown, what: string, keys: readonly string[]): T {
  if (!isRecord(value) || keys.some((key) => typeof value[key] !== 'string')) {
    throw unexpectedResult(what);
  }
  return value as T;
}

function checkedPage<T>(value: unknown, what: string, keys: readonly string[]): RealEstatePage<T> {
  const page = checked<{ records: unknown; bookmark: string }>(value, `${what} page`, ['bookmark']);
  if (!Array.isArray(page.records)) {
    throw unexpectedResult(`${what} page`);
  }
  const records: unknown[] = page.records;
  records.forEach((record) => checked<T>(record, what, keys));
  return value as RealEstatePage<T>;
}

const UNIT_KEYS = ['unitNumber', 'certificateId', 'status'];
const APPLICATION_KEYS = ['id', 'unitNumber', 'status'];
const STEP_KEYS = ['applicationId', 'step', 'status'];
const PROGRESS_KEYS = ['applicationId', 'status', 'summary'];

function withSalt(detail: Readonly<Record<string, string>>): Record<string, string> {
  return { ...detail, salt: detail.salt ?? privateSalt() };
}

/** The certificate holder's transient fields, with a fresh random salt for the certificate's private detail. */
function holderTransient(holder: CertificateHolder, holderRefGrant: string): Record<string, string> {
  return { holderRefGrant, idNumber: holder.idNumber, name: holder.name, salt: privateSalt() };
}

class RealEstateClientImpl implements RealEstateClient {
  readonly #connection: GovchainConnection;
  readonly #options: Readonly<RealEstateClientOptions>;

  constructor(connection: GovchainConnection, options: Readonly<RealEstateClientOptions>) {
    this.#connection = connection;
    this.#options = options;
  }

  async #submit<T>(
    name: RealEstateTransaction,
    args: readonly unknown[],
    check: (value: unknown) => T,
    transientData?: Readonly<Record<string, unknown>>,
    endorsers: readonly string[] = this.#options.endorsers?.[name] ?? REAL_ESTATE_ENDORSERS[name],
  ): Promise<RealEstateSubmitResult<T>> {
    const outcome = await submit(this.#contract, name, {
      arguments: args,
      ...(transientData === undefined ? {} : { transientData }),
      endorsingOrganizations: endorsers,
      ...(this.#options.retry === undefined ? {} : { retry: this.#options.retry }),
      ...(this.#options.commitStatus === undefined ? {} : { commitStatus: this.#options.commitStatus }),
    });
    return { result: check(outcome.result), transactionId: outcome.transactionId, blockNumber: outcome.blockNumber };
  }

  get #contract(): Contract {
    return this.#connection.getContract(this.#options.chaincode ?? REAL_ESTATE_CHAINCODE);
  }

  async #evaluate(name: string, args: readonly unknown[]): Promise<unknown> {
    return evaluate(this.#contract, name, { arguments: args });
  }

  async requestHolderRef(
    idNumber: string,
    purpose: HolderRefPurpose = 'REGISTER_PROPERTY',
  ): Promise<Readonly<HolderRefGrant>> {
    const licences = eLicenseClient(this.#connection, {
      chaincode: this.#options.eLicenseChaincode ?? E_LICENSE_CHAINCODE,
      ...(this.#options.retry === undefined ? {} : { submitDefaults: { retry: this.#options.retry } }),
    });
    const { grantId, holderRef, at, expiresAt } = await licences.requestHolderRef(idNumber, purpose);
    return { grantId, holderRef, purpose, at, expiresAt };
  }

  /** The certificate holder's transient fields, requesting a grant when none is given. */
  async #certificateTransient(holder: CertificateHolder): Promise<Record<string, string>> {
    const grant = holder.holderRefGrant ?? (await this.requestHolderRef(holder.idNumber)).grantId;
    return holderTransient(holder, grant);
  }

  confirmLandUseRight(input: ConfirmLandUseRightInput): Promise<RealEstateSubmitResult<LandUseRight>> {
    return this.#submit('ConfirmLandUseRight', [input], (v) =>
      checked<LandUseRight>(v, 'land-use right', ['unitNumber', 'kind']),
    );
  }

  async registerUnit(
    input: RegisterUnitInput,
    holder: CertificateHolder,
  ): Promise<RealEstateSubmitResult<PropertyUnit>> {
    return this.#submit(
      'RegisterUnit',
      [input],
      (v) => checked<PropertyUnit>(v, 'unit', UNIT_KEYS),
      await this.#certificateTransient(holder),
    );
  }

  async replaceCertificate(
    unitNumber: string,
    replacement: ReplaceCertificateInput,
    reasonCode: string,
    holder: CertificateHolder,
  ): Promise<RealEstateSubmitResult<PropertyUnit>> {
    return this.#submit(
      'ReplaceCertificate',
      [unitNumber, replacement, reasonCode],
      (v) => checked<PropertyUnit>(v, 'unit', UNIT_KEYS),
      await this.#certificateTransient(holder),
    );
  }

  registerMortgage(unitNumber: string, input: MortgageInput): Promise<RealEstateSubmitResult<PropertyUnit>> {
    return this.#submit('RegisterMortgage', [unitNumber, input], (v) => checked<PropertyUnit>(v, 'unit', UNIT_KEYS));
  }

  dischargeMortgage(
    unitNumber: string,
    mortgageId: string,
    evidenceFingerprint: string,
  ): Promise<RealEstateSubmitResult<PropertyUnit>> {
    return this.#submit('DischargeMortgage', [unitNumber, mortgageId, evidenceFingerprint], (v) =>
      checked<PropertyUnit>(v, 'unit', UNIT_KEYS),
    );
  }

  registerSeizure(unitNumber: string, input: SeizureInput): Promise<RealEstateSubmitResult<PropertyUnit>> {
    return this.#submit('RegisterSeizure', [unitNumber, input], (v) => checked<PropertyUnit>(v, 'unit', UNIT_KEYS));
  }

  releaseSeizure(
    unitNumber: string,
    seizureId: string,
    evidenceFingerprint: string,
  ): Promise<RealEstateSubmitResult<PropertyUnit>> {
    return this.#submit('ReleaseSeizure', [unitNumber, seizureId, evidenceFingerprint], (v) =>
      checked<PropertyUnit>(v, 'unit', UNIT_KEYS),
    );
  }

  openTransferApplication(
    input: OpenTransferInput,
    detail: TransferPrivateDetail<'declaredPrice'>,
  ): Promise<RealEstateSubmitResult<TransferApplication>> {
    return this.#submit(
      'OpenTransferApplication',
      [input],
      (v) => checked<TransferApplication>(v, 'application', APPLICATION_KEYS),
      { transferDetail: withSalt(detail) },
    );
  }

  recordIdentityVerification(
    applicationId: string,
    input: IdentityVerificationInput,
  ): Promise<RealEstateSubmitResult<TransferStep>> {
    return this.#submit('RecordIdentityVerification', [applicationId, input], (v) =>
      checked<TransferStep>(v, 'step', STEP_KEYS),
    );
  }

  recordMaritalStatus(applicationId: string, input: StepEvidenceInput): Promise<RealEstateSubmitResult<TransferStep>> {
    return this.#submit('RecordMaritalStatus', [applicationId, input], (v) =>
      checked<TransferStep>(v, 'step', STEP_KEYS),
    );
  }

  recordLandUseConfirmation(
    applicationId: string,
    input: LandUseConfirmationInput,
  ): Promise<RealEstateSubmitResult<TransferStep>> {
    return this.#submit('RecordLandUseConfirmation', [applicationId, input], (v) =>
      checked<TransferStep>(v, 'step', STEP_KEYS),
    );
  }

  recordTaxAssessment(
    applicationId: string,
    input: TaxAssessmentInput,
    assessment: TransferPrivateDetail<'assessedAmount'>,
  ): Promise<RealEstateSubmitResult<TransferStep>> {
    return this.#submit(
      'RecordTaxAssessment',
      [applicationId, input],
      (v) => checked<TransferStep>(v, 'step', STEP_KEYS),
      { taxAssessment: withSalt(assessment) },
    );
  }

  recordTaxClearance(applicationId: string, input: StepEvidenceInput): Promise<RealEstateSubmitResult<TransferStep>> {
    return this.#submit('RecordTaxClearance', [applicationId, input], (v) =>
      checked<TransferStep>(v, 'step', STEP_KEYS),
    );
  }

  recordLoanApproval(
    applicationId: string,
    input: LoanApprovalInput,
    loan: TransferPrivateDetail<'loanAmount'>,
  ): Promise<RealEstateSubmitResult<TransferStep>> {
    return this.#submit(
      'RecordLoanApproval',
      [applicationId, input],
      (v) => checked<TransferStep>(v, 'step', STEP_KEYS),
      { loanDetail: withSalt(loan) },
    );
  }

  rejectStep(
    applicationId: string,
    step: TransferStepCode,
    reasonCode: string,
  ): Promise<RealEstateSubmitResult<TransferApplication>> {
    return this.#submit(
      'RejectStep',
      [applicationId, step, reasonCode],
      (v) => checked<TransferApplication>(v, 'application', APPLICATION_KEYS),
      undefined,
      this.#options.endorsers?.RejectStep ?? REJECT_ENDORSERS[step],
    );
  }

  withdrawApplication(
    applicationId: string,
    requestFingerprint: string,
  ): Promise<RealEstateSubmitResult<TransferApplication>> {
    return this.#submit('WithdrawApplication', [applicationId, requestFingerprint], (v) =>
      checked<TransferApplication>(v, 'application', APPLICATION_KEYS),
    );
  }

  async registerTransfer(
    applicationId: string,
    input: CertificateRequest,
    holder: CertificateHolder,
  ): Promise<RealEstateSubmitResult<TransferRegistration>> {
    const transient = await this.#certificateTransient(holder);
    return this.#submit(
      'RegisterTransfer',
      [applicationId, input],
      (v) => {
        const registration = checked<TransferRegistration>(v, 'registration', []);
        checked(registration.application, 'application', APPLICATION_KEYS);
        checked(registration.unit, 'unit', UNIT_KEYS);
        return registration;
      },
      transient,
    );
  }

  async getUnit(unitNumber: string): Promise<PropertyUnit> {
    return checked(await this.#evaluate('GetUnit', [unitNumber]), 'unit', UNIT_KEYS);
  }

  async getLandUseRight(unitNumber: string): Promise<LandUseRight> {
    return checked(await this.#evaluate('GetLandUseRight', [unitNumber]), 'land-use right', ['unitNumber', 'kind']);
  }

  async listUnitsByOwner(holderRef: string, page: RealEstatePageRequest = {}): Promise<RealEstatePage<PropertyUnit>> {
    const result = await this.#evaluate('ListUnitsByOwner', [holderRef, pageSizeArg(page), page.bookmark ?? '']);
    return checkedPage(result, 'unit', UNIT_KEYS);
  }

  async getChainOfTitle(unitNumber: string): Promise<readonly TitleEntry[]> {
    const result = await this.#evaluate('GetChainOfTitle', [unitNumber]);
    if (!Array.isArray(result)) {
      throw unexpectedResult('chain of title');
    }
    const entries: unknown[] = result;
    return entries.map((entry) => checked<TitleEntry>(entry, 'title entry', ['unitNumber', 'kind', 'certificateId']));
  }

  async getApplication(applicationId: string): Promise<TransferApplication> {
    return checked(await this.#evaluate('GetApplication', [applicationId]), 'application', APPLICATION_KEYS);
  }

  async getApplicationProgress(applicationId: string): Promise<ApplicationProgress> {
    return checked(await this.#evaluate('GetApplicationProgress', [applicationId]), 'progress', PROGRESS_KEYS);
  }

  async listApplicationsAwaiting(
    departmentMsp: string,
    page: RealEstatePageRequest = {},
  ): Promise<RealEstatePage<ApplicationProgress>> {
    const result = await this.#evaluate('ListApplicationsAwaiting', [
      departmentMsp,
      pageSizeArg(page),
      page.bookmark ?? '',
    ]);
    return checkedPage(result, 'progress', PROGRESS_KEYS);
  }

  async getTransferDetail(applicationId: string): Promise<TransferDetail> {
    const result = await evaluateSealed(this.#contract, 'GetTransferDetail', {
      arguments: [applicationId],
      endorsingOrganizations: [this.#connection.mspId],
      sealedBy: REAL_ESTATE_CHAINCODE,
    });
    return checked(result, 'transfer detail', ['applicationId']);
  }
}

/** Endorsers of RejectStep by step: the step's department and Real Estate (the unit and application keys). */
export const REJECT_ENDORSERS: Readonly<Record<TransferStepCode, readonly string[]>> = {
  IDENTITY: [PS, RE],
  MARITAL_STATUS: [CA, RE],
  LAND_USE_RIGHT: [NR, RE],
  TAX: [TAX, RE],
  PROVIDENT_FUND: [PF, RE],
};

function pageSizeArg(page: RealEstatePageRequest): string {
  return page.pageSize === undefined ? '' : String(page.pageSize);
}

/**
 * Creates the typed client of the real-estate chaincode over a department's connection.
 *
 * @param connection - a connection from {@link connectDepartment}; the client does not close it.
 * @param options - chaincode names, endorser overrides, retry and commit-status settings.
 * @returns the client.
 *
 * @example
 * ```ts
 * const connection = await connectDepartment({ department: 'tax' });
 * try {
 *   const realEstate = realEstateClient(connection);
 *   const queue = await realEstate.listApplicationsAwaiting('TaxMSP');
 *   await realEstate.recordTaxClearance(queue.records[0].applicationId, { evidenceFingerprint });
 * } finally {
 *   connection.close();
 * }
 * ```
 */
export function realEstateClient(
  connection: GovchainConnection,
  options: Readonly<RealEstateClientOptions> = {},
): RealEstateClient {
  return new RealEstateClientImpl(connection, options);
}
