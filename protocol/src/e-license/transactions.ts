import { CODE_RULE, ID_RULE, ISO_UTC_RULE, MSP_ID_RULE, SHA256_HEX_RULE } from '../rules';
import { PAGING_PARAMETERS, type ParameterDescriptor, defineTransactions } from '../transactions';
import { ADMIN_ONLY, ANY_CLERK } from '../clerks';
import { Consent, ConsentPayload, DetailAccess, WithdrawalPayload } from './consent';
import {
  HolderKey,
  HolderKeyBindingPayload,
  HolderRefGrant,
  HolderRefGrantLog,
  HolderRefKeySet,
  HolderRefRequested,
  LicenseDetail,
} from './holder';
import {
  License,
  LicenseCheck,
  LicenseHistoryEntry,
  LicenseInput,
  LicenseType,
  LicenseTypeRegistry,
  LicenseTypesSeeded,
  LicenseVerification,
} from './license';
import { GRANT_ID_RULE, HOLDER_REF_PURPOSES, HOUR_RULE, PURPOSE_RULE, SIGNATURE_RULE } from './rules';

const licenceId: ParameterDescriptor = { name: 'licenceId', description: 'licence id', rule: ID_RULE };
const reasonCode: ParameterDescriptor = { name: 'reasonCode', description: 'reason code, e.g. LOST', rule: CODE_RULE };
const effectiveAt: ParameterDescriptor = {
  name: 'effectiveAt',
  description: 'when the change takes effect, not after the transaction time',
  rule: ISO_UTC_RULE,
  empty: 'the transaction time',
};
const atTime: ParameterDescriptor = {
  name: 'atTime',
  description: 'the time to judge the licence at',
  rule: ISO_UTC_RULE,
  empty: 'the transaction time',
};
const holderRef: ParameterDescriptor = { name: 'holderRef', description: 'holder reference', rule: SHA256_HEX_RULE };
const signatureHex: ParameterDescriptor = {
  name: 'signatureHex',
  description: "the holder's signature over the canonical JSON of the document before it",
  rule: SIGNATURE_RULE,
};
const predecessorId: ParameterDescriptor = { ...licenceId, name: 'predecessorId', description: 'licence replaced' };
const newLicence: ParameterDescriptor = { name: 'licenceJson', description: 'the new licence', record: LicenseInput };
/** What every issuing transaction reads besides its arguments: the holder, kept off the ledger. */
const ISSUANCE_TRANSIENT = ['holderRefGrant', 'idNumber', 'name', 'salt', 'detail'] as const;
const CHANGE_STATUS = [licenceId, reasonCode, effectiveAt] as const;

/** Every transaction of the e-license chaincode's LicenseContract. */
export const E_LICENSE_TRANSACTIONS = defineTransactions({
  contract: 'LicenseContract',
  title: 'e-license',
  description: 'Electronic licences and certificates shared by city departments',
  transactions: {
    SeedLicenseTypes: {
      submit: true,
      clerkRoles: ADMIN_ONLY,
      summary:
        "Seeds the licence-type registry from the package's seed and the endorser's governance file; " +
        'idempotent, CONFLICT when a different registry is stored. No arguments.',
      parameters: [],
      returns: LicenseTypesSeeded,
    },
    SetGovernanceMsps: {
      submit: true,
      clerkRoles: ADMIN_ONLY,
      summary: 'Replaces the governance departments; a majority of their peers must endorse.',
      parameters: [
        { name: 'governanceMspsJson', description: 'the governance departments', rule: MSP_ID_RULE, list: true },
      ],
      returns: LicenseTypeRegistry,
    },
    PutLicenseType: {
      submit: true,
      clerkRoles: ADMIN_ONLY,
      summary: 'Adds or changes one licence type; a majority of the governance departments must endorse.',
      parameters: [{ name: 'typeJson', description: 'the licence type', record: LicenseType }],
      returns: LicenseType,
    },
    GetLicenseType: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'One licence type of the registry.',
      parameters: [{ name: 'code', description: 'licence-type code', rule: CODE_RULE }],
      returns: LicenseType,
    },
    ListLicenseTypes: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'The whole registry: governance departments and licence types.',
      parameters: [],
      returns: LicenseTypeRegistry,
    },
    SetHolderRefKey: {
      submit: true,
      clerkRoles: ADMIN_ONLY,
      summary:
        "Stores the secret holder-reference key (64 hex) on the identity authority's peer alone. Caller: the " +
        'identity authority.',
      parameters: [],
      transient: ['holderRefKey'],
      returns: HolderRefKeySet,
    },
    RequestHolderRef: {
      submit: true,
      clerkRoles: ['issuer', 'examiner', 'attester'],
      summary:
        "Resolves an ID number into a holder-reference grant to the caller, endorsed by the identity authority's " +
        'peer alone; counted against an hourly quota and logged.',
      parameters: [{ name: 'purpose', description: 'what the grant is for', oneOf: HOLDER_REF_PURPOSES }],
      transient: ['idNumber'],
      returns: HolderRefRequested,
    },
    ReadHolderRefGrant: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "The grantee reads a grant's holder reference, sealed to its one-time key; on its own peer only.",
      parameters: [{ name: 'grantId', description: 'grant id from RequestHolderRef', rule: GRANT_ID_RULE }],
      transient: ['responseKey'],
      returns: { sealed: HolderRefGrant },
    },
    ListHolderRefGrants: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "The audit log of one department's holder-reference grants in one hour (no references).",
      parameters: [
        { name: 'grantedToMsp', description: 'the department audited', rule: MSP_ID_RULE },
        { name: 'hour', description: 'the hour', rule: HOUR_RULE },
      ],
      returns: HolderRefGrantLog,
    },
    BindHolderKey: {
      submit: true,
      clerkRoles: ['attester'],
      summary: "Binds a holder's first key, signed by that key. Caller: the identity authority.",
      parameters: [
        { name: 'bindingJson', description: 'the binding (keyVersion 1)', record: HolderKeyBindingPayload },
        signatureHex,
      ],
      transient: ['holderRefGrant'],
      returns: HolderKey,
    },
    RotateHolderKey: {
      submit: true,
      clerkRoles: ['attester'],
      summary: "Replaces a holder's key (keyVersion one more), signed by the new key. Caller: the identity authority.",
      parameters: [
        { name: 'bindingJson', description: 'the binding (keyVersion + 1)', record: HolderKeyBindingPayload },
        signatureHex,
      ],
      transient: ['holderRefGrant'],
      returns: HolderKey,
    },
    GetHolderKey: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "The holder's bound public key.",
      parameters: [holderRef],
      returns: HolderKey,
    },
    IssueLicense: {
      submit: true,
      clerkRoles: ['issuer'],
      summary:
        "Issues a licence. Caller: the type's issuing department; the holder's ID number, name and detail stay in " +
        "its private collection, blinded by the client's salt.",
      parameters: [{ name: 'licenceJson', description: 'the public part of the licence', record: LicenseInput }],
      transient: ISSUANCE_TRANSIENT,
      returns: License,
    },
    RenewLicense: {
      submit: true,
      clerkRoles: ['issuer'],
      summary: 'Renews a licence: a new one of the same type and holder; the predecessor becomes SUPERSEDED.',
      parameters: [{ ...predecessorId, description: 'licence renewed' }, newLicence],
      transient: ISSUANCE_TRANSIENT,
      returns: License,
    },
    ReplaceLicense: {
      submit: true,
      clerkRoles: ['issuer'],
      summary: 'Replaces a licence (reissue after loss, correction), recording the reason on the predecessor.',
      parameters: [predecessorId, newLicence, reasonCode],
      transient: ISSUANCE_TRANSIENT,
      returns: License,
    },
    SuspendLicense: {
      submit: true,
      clerkRoles: ['issuer'],
      summary: 'Suspends a licence. Caller: the issuer.',
      parameters: CHANGE_STATUS,
      returns: License,
    },
    ReinstateLicense: {
      submit: true,
      clerkRoles: ['issuer'],
      summary: 'Reinstates a suspended licence. Caller: the issuer.',
      parameters: CHANGE_STATUS,
      returns: License,
    },
    RevokeLicense: {
      submit: true,
      clerkRoles: ['issuer'],
      summary: 'Revokes a licence, finally. Caller: the issuer.',
      parameters: CHANGE_STATUS,
      returns: License,
    },
    VerifyLicense: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "Compares a document's fingerprint and a time with the ledger. Any department.",
      parameters: [
        licenceId,
        { name: 'fingerprint', description: 'SHA-256 of the canonical document', rule: SHA256_HEX_RULE },
        atTime,
      ],
      returns: LicenseVerification,
    },
    CheckLicense: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "e-license's verdict on a licence at a time, without a document, with the record it was reached on.",
      parameters: [licenceId, atTime],
      returns: LicenseCheck,
    },
    GetLicense: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'The public licence record.',
      parameters: [licenceId],
      returns: License,
    },
    GetLicenseHistory: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'Every change of the licence, newest first.',
      parameters: [licenceId],
      returns: { list: LicenseHistoryEntry },
    },
    ListLicensesByHolder: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "A page of the holder's licences.",
      parameters: [holderRef, ...PAGING_PARAMETERS],
      returns: { page: License },
    },
    ListLicensesByIssuer: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "A page of the issuer's licences.",
      parameters: [{ name: 'issuerMsp', description: 'issuing department', rule: MSP_ID_RULE }, ...PAGING_PARAMETERS],
      returns: { page: License },
    },
    ListLicensesByType: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'A page of the licences of one type.',
      parameters: [{ name: 'typeCode', description: 'licence-type code', rule: CODE_RULE }, ...PAGING_PARAMETERS],
      returns: { page: License },
    },
    GrantConsent: {
      submit: true,
      clerkRoles: ['attester'],
      summary: "Records a holder-signed consent. Caller: a governance department, on the holder's behalf.",
      parameters: [
        { name: 'consentJson', description: 'the consent the holder signed', record: ConsentPayload },
        signatureHex,
      ],
      returns: Consent,
    },
    WithdrawConsent: {
      submit: true,
      clerkRoles: ['attester'],
      summary: "Records the holder's signed withdrawal of a consent.",
      parameters: [
        { name: 'consentId', description: 'consent id', rule: ID_RULE },
        { name: 'withdrawalJson', description: 'the withdrawal the holder signed', record: WithdrawalPayload },
        signatureHex,
      ],
      returns: Consent,
    },
    GetConsent: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'One consent.',
      parameters: [{ name: 'consentId', description: 'consent id', rule: ID_RULE }],
      returns: Consent,
    },
    ListConsentsForDepartment: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: 'A page of the consents granted to a department. Caller: that department.',
      parameters: [{ name: 'mspId', description: 'the grantee department', rule: MSP_ID_RULE }, ...PAGING_PARAMETERS],
      returns: { page: Consent },
    },
    RecordDetailAccess: {
      submit: true,
      clerkRoles: ['issuer', 'examiner', 'attester'],
      summary:
        "Step 1 of reading personal detail: checks the caller's live consent and records the access publicly; " +
        'the optional transient requestId makes a retry idempotent.',
      parameters: [
        licenceId,
        { name: 'consentId', description: 'consent granted to the caller', rule: ID_RULE },
        { name: 'purpose', description: 'purpose of this read (no personal data)', rule: PURPOSE_RULE },
      ],
      transient: ['requestId'],
      returns: DetailAccess,
    },
    ReadLicenseDetail: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "Step 2: the personal detail, sealed to the caller's one-time key; on a peer of the issuer only.",
      parameters: [licenceId, { name: 'accessId', description: 'access id from RecordDetailAccess', rule: ID_RULE }],
      transient: ['responseKey'],
      returns: { sealed: LicenseDetail },
    },
    ListDetailAccesses: {
      submit: false,
      clerkRoles: ANY_CLERK,
      summary: "A page of the licence's access log, oldest first. Caller: the issuer or a holder of a live consent.",
      parameters: [licenceId, ...PAGING_PARAMETERS],
      returns: { page: DetailAccess },
    },
  },
});
