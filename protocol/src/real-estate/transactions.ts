import { RoleConfig } from '../roles';
import { CODE_RULE, ID_RULE, MSP_ID_RULE, SHA256_HEX_RULE } from '../rules';
import { PAGING_PARAMETERS, type ParameterDescriptor, defineTransactions } from '../transactions';
import { ADMIN_ONLY, ANY_CLERK } from '../clerks';
import {
  CertificateRequest,
  ConfirmLandUseRightInput,
  IdentityVerificationInput,
  LandUseConfirmationInput,
  LoanApprovalInput,
  MortgageInput,
  OpenTransferInput,
  RegisterUnitInput,
  ReplaceCertificateInput,
  SeizureInput,
  StepEvidenceInput,
  TaxAssessmentInput,
} from './inputs';
import {
  ApplicationProgress,
  LandUseRight,
  PropertyUnit,
  TitleEntry,
  TransferApplication,
  TransferDetail,
  TransferRegistration,
  TransferStep,
} from './records';
import { TRANSFER_STEP_CODES, UNIT_NUMBER_RULE } from './rules';

const unitNumber: ParameterDescriptor = { name: 'unitNumber', description: 'unit number', rule: UNIT_NUMBER_RULE };
const applicationId: ParameterDescriptor = { name: 'applicationId', description: 'application id', rule: ID_RULE };
const reasonCode: ParameterDescriptor = { name: 'reasonCode', description: 'reason code, e.g. LOST', rule: CODE_RULE };
/** What a transaction issuing a certificate through e-license reads: its holder, kept off the ledger. */
const CERTIFICATE_TRANSIENT = ['holderRefGrant', 'idNumber', 'name', 'salt'] as const;

function fingerprint(name: string, of: string): ParameterDescriptor {
  return { name, description: `SHA-256 of ${of}`, rule: SHA256_HEX_RULE };
}

function step(name: string, description: string, record: ParameterDescriptor['record']): ParameterDescriptor[] {
  return [applicationId, { name, description, record }];
}

/** Every transaction of the real-estate chaincode's RealEstateContract. */
export const REAL_ESTATE_TRANSACTIONS = defineTransactions({
  contract: 'RealEstateContract',
  title: 'real-estate',
  description: 'Property register and the one-window real-estate transfer',
  transactions: {
    SeedRoles: {
      submit: true,
      clerkRoles: ADMIN_ONLY,
      summary:
        "Writes the role configuration from the endorser's governance file when none is stored; otherwise checks " +
        'it agrees (CONFLICT naming the differences). No arguments.',
      parameters: [],
      returns: RoleConfig,
    },
    UpdateRoles: {
      submit: true,
      clerkRoles: ADMIN_ONLY,
      summary:
        "Brings the role configuration to the endorser's governance file; commits only when a majority of the " +
        'current departments endorse the same.',
      parameters: [],
      returns: RoleConfig,
    },
    GetRoles: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'The role configuration (PRECONDITION_FAILED before SeedRoles).',
      parameters: [],
      returns: RoleConfig,
    },
    ConfirmLandUseRight: {
      submit: true,
      clerkRoles: ['examiner'],
      summary: 'Natural Resources confirms the land-use right behind a unit, before its first registration.',
      parameters: [{ name: 'landUseRightJson', description: 'the land-use right', record: ConfirmLandUseRightInput }],
      returns: LandUseRight,
    },
    RegisterUnit: {
      submit: true,
      clerkRoles: ['examiner'],
      summary: 'First registration of a unit by Real Estate; issues its certificate through e-license.',
      parameters: [{ name: 'unitJson', description: 'the unit and its first certificate', record: RegisterUnitInput }],
      transient: CERTIFICATE_TRANSIENT,
      returns: PropertyUnit,
    },
    ReplaceCertificate: {
      submit: true,
      clerkRoles: ['examiner'],
      summary: "Real Estate reissues a unit's certificate (lost, damaged, corrected) through e-license.",
      parameters: [
        unitNumber,
        { name: 'replacementJson', description: 'the replacement certificate', record: ReplaceCertificateInput },
        reasonCode,
      ],
      transient: CERTIFICATE_TRANSIENT,
      returns: PropertyUnit,
    },
    RegisterMortgage: {
      submit: true,
      clerkRoles: ['examiner'],
      summary: 'Registers a mortgage on a unit.',
      parameters: [unitNumber, { name: 'mortgageJson', description: 'the mortgage', record: MortgageInput }],
      returns: PropertyUnit,
    },
    DischargeMortgage: {
      submit: true,
      clerkRoles: ['examiner'],
      summary: 'Discharges a mortgage of a unit.',
      parameters: [
        unitNumber,
        { name: 'mortgageId', description: 'the mortgage', rule: ID_RULE },
        fingerprint('evidenceFingerprint', "the mortgagee's discharge certificate"),
      ],
      returns: PropertyUnit,
    },
    RegisterSeizure: {
      submit: true,
      clerkRoles: ['examiner'],
      summary: 'Registers a judicial seizure of a unit.',
      parameters: [unitNumber, { name: 'seizureJson', description: 'the seizure', record: SeizureInput }],
      returns: PropertyUnit,
    },
    ReleaseSeizure: {
      submit: true,
      clerkRoles: ['examiner'],
      summary: 'Releases a judicial seizure of a unit.',
      parameters: [
        unitNumber,
        { name: 'seizureId', description: 'the seizure', rule: ID_RULE },
        fingerprint('evidenceFingerprint', "the court's release order"),
      ],
      returns: PropertyUnit,
    },
    GetUnit: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'One registered unit.',
      parameters: [unitNumber],
      returns: PropertyUnit,
    },
    GetLandUseRight: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'The land-use right Natural Resources confirmed for the first registration of a unit.',
      parameters: [unitNumber],
      returns: LandUseRight,
    },
    ListUnitsByOwner: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "A page of the owner's units.",
      parameters: [
        { name: 'holderRef', description: "the owner's holder reference", rule: SHA256_HEX_RULE },
        ...PAGING_PARAMETERS,
      ],
      returns: { page: PropertyUnit },
    },
    GetChainOfTitle: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'The chain of title: every registration of the unit, oldest first.',
      parameters: [unitNumber],
      returns: { list: TitleEntry },
    },
    OpenTransferApplication: {
      submit: true,
      clerkRoles: ['examiner'],
      summary:
        'Real Estate opens a transfer application and locks the unit; the declared price and personal detail ' +
        'travel in transient transferDetail (JSON object of strings with its salt).',
      parameters: [{ name: 'applicationJson', description: 'the application', record: OpenTransferInput }],
      transient: ['transferDetail'],
      returns: TransferApplication,
    },
    RecordIdentityVerification: {
      submit: true,
      clerkRoles: ['examiner'],
      summary: "Public Security verifies every party's identity document through e-license.",
      parameters: step('identityJson', 'the identity documents', IdentityVerificationInput),
      returns: TransferStep,
    },
    RecordMaritalStatus: {
      submit: true,
      clerkRoles: ['examiner'],
      summary: "Civil Affairs attests the parties' marital status.",
      parameters: step('attestationJson', 'the attestation', StepEvidenceInput),
      returns: TransferStep,
    },
    RecordLandUseConfirmation: {
      submit: true,
      clerkRoles: ['examiner'],
      summary: 'Natural Resources confirms the land-use right the unit carries after the transfer.',
      parameters: step('landUseJson', 'the land-use right after the transfer', LandUseConfirmationInput),
      returns: TransferStep,
    },
    RecordTaxAssessment: {
      submit: true,
      clerkRoles: ['examiner'],
      summary: 'Tax assesses the transfer; the assessed amount travels in transient taxAssessment.',
      parameters: step('assessmentJson', 'the assessment', TaxAssessmentInput),
      transient: ['taxAssessment'],
      returns: TransferStep,
    },
    RecordTaxClearance: {
      submit: true,
      clerkRoles: ['examiner'],
      summary: 'Tax clears the transfer (paid or exempted).',
      parameters: step('clearanceJson', 'the clearance', StepEvidenceInput),
      returns: TransferStep,
    },
    RecordLoanApproval: {
      submit: true,
      clerkRoles: ['examiner'],
      summary:
        "The Provident Fund approves the buyers' loan and names the mortgage registration puts on the unit; the " +
        'loan amount travels in transient loanDetail.',
      parameters: step('loanJson', 'the loan approval', LoanApprovalInput),
      transient: ['loanDetail'],
      returns: TransferStep,
    },
    RejectStep: {
      submit: true,
      clerkRoles: ['examiner'],
      summary: "The step's department rejects it: the application ends and the unit is unlocked.",
      parameters: [applicationId, { name: 'step', description: 'the step', oneOf: TRANSFER_STEP_CODES }, reasonCode],
      returns: TransferApplication,
    },
    WithdrawApplication: {
      submit: true,
      clerkRoles: ['examiner'],
      summary: 'The applicants withdraw before registration (recorded by Real Estate).',
      parameters: [applicationId, fingerprint('requestFingerprint', 'the signed withdrawal request')],
      returns: TransferApplication,
    },
    RegisterTransfer: {
      submit: true,
      clerkRoles: ['examiner'],
      summary:
        'Real Estate registers the transfer in one transaction, issuing the new certificate and revoking the old ' +
        'one through e-license.',
      parameters: step('registrationJson', 'the new certificate', CertificateRequest),
      transient: CERTIFICATE_TRANSIENT,
      returns: TransferRegistration,
    },
    GetApplication: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'One transfer application.',
      parameters: [applicationId],
      returns: TransferApplication,
    },
    GetApplicationProgress: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'What is done and what waits on whom, as a citizen sees it.',
      parameters: [applicationId],
      returns: ApplicationProgress,
    },
    ListApplicationsAwaiting: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "A department's work queue: open applications waiting on it.",
      parameters: [{ name: 'departmentMsp', description: 'the department', rule: MSP_ID_RULE }, ...PAGING_PARAMETERS],
      returns: { page: ApplicationProgress },
    },
    GetTransferDetail: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary:
        "The private detail of an application, sealed to the caller's one-time key; on the caller's own peer " +
        '(Real Estate, Tax or Provident Fund) only.',
      parameters: [applicationId],
      transient: ['responseKey'],
      returns: { sealed: TransferDetail },
    },
  },
});
