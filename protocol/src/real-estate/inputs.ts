/** The JSON arguments of the real-estate chaincode's transactions, defined once (chaincode and client check them alike). */
import { Bool, NestedList, OneOf, Optional, Text, Time } from '../decorators';
import { ID_RULE, SHA256_HEX_RULE } from '../rules';
import { EncumbranceDisposition, type OwnerShare, OwnerShares } from './records';
import {
  AREA_RULE,
  LAND_USE_KINDS,
  LOCATION_RULE,
  type LandUseKind,
  MAX_ENCUMBRANCES,
  MAX_OWNERS,
  PARTY_CODE_RULE,
  TRANSFER_TYPES,
  type TransferType,
  UNIT_NUMBER_RULE,
  UNIT_USES,
  type UnitUse,
} from './rules';

/** ConfirmLandUseRight's argument. */
export class ConfirmLandUseRightInput {
  @Text(UNIT_NUMBER_RULE) unitNumber!: string;

  @OneOf(LAND_USE_KINDS) kind!: LandUseKind;

  /** Required unless ALLOCATED; must end after the transaction time (plus the clock-skew bound). */
  @Optional() @Time({ empty: true }) termEnd?: string;

  @Text(SHA256_HEX_RULE) evidenceFingerprint!: string;
}

/** The new certificate of a registration (RegisterTransfer's argument). */
export class CertificateRequest {
  /** Starts with `REC-` (e-license reserves the prefix for this chaincode). */
  @Text(ID_RULE) certificateId!: string;

  /** SHA-256 of the new certificate document. */
  @Text(SHA256_HEX_RULE) certificateFingerprint!: string;

  /** One of the new owners: the certificate names this holder. */
  @Text(SHA256_HEX_RULE) certificateHolderRef!: string;
}

/** RegisterUnit's argument: the unit and its first certificate. */
export class RegisterUnitInput extends CertificateRequest {
  @Text(UNIT_NUMBER_RULE) unitNumber!: string;

  @Text(LOCATION_RULE) location!: string;

  /** Greater than 0. */
  @Text(AREA_RULE) areaSquareMetres!: string;

  @OneOf(UNIT_USES) use!: UnitUse;

  @OwnerShares() owners!: OwnerShare[];
}

/** ReplaceCertificate's argument: the replacement certificate. */
export class ReplaceCertificateInput {
  @Text(ID_RULE) certificateId!: string;

  /** SHA-256 of the new certificate document. */
  @Text(SHA256_HEX_RULE) certificateFingerprint!: string;
}

/** RegisterMortgage's argument. */
export class MortgageInput {
  @Text(ID_RULE) id!: string;

  /** Institution code or MSP id. */
  @Text(PARTY_CODE_RULE) mortgagee!: string;

  /** SHA-256 of the mortgage contract. */
  @Text(SHA256_HEX_RULE) evidenceFingerprint!: string;
}

/** RegisterSeizure's argument. */
export class SeizureInput {
  @Text(ID_RULE) id!: string;

  /** Court code. */
  @Text(PARTY_CODE_RULE) court!: string;

  /** SHA-256 of the court's seizure order. */
  @Text(SHA256_HEX_RULE) evidenceFingerprint!: string;
}

/** OpenTransferApplication's argument. */
export class OpenTransferInput {
  @Text(ID_RULE) id!: string;

  @Text(UNIT_NUMBER_RULE) unitNumber!: string;

  @OneOf(TRANSFER_TYPES) type!: TransferType;

  /** Exactly the unit's owners, with their shares. */
  @OwnerShares() sellers!: OwnerShare[];

  @OwnerShares() buyers!: OwnerShare[];

  /** SALE only; default false. */
  @Optional() @Bool() providentFundLoan?: boolean;

  /** Default false. */
  @Optional() @Bool() marriedParty?: boolean;

  /** One per encumbrance the unit carries; default none. */
  @Optional()
  @NestedList(() => EncumbranceDisposition, { max: MAX_ENCUMBRANCES })
  dispositions?: EncumbranceDisposition[];

  @Text(SHA256_HEX_RULE) applicationFingerprint!: string;
}

/** One party's identity document as presented at the window. */
export class IdentityDocumentInput {
  @Text(SHA256_HEX_RULE) holderRef!: string;

  /** The party's IDENTITY_DOCUMENT licence in e-license. */
  @Text(ID_RULE) licenceId!: string;

  /** SHA-256 of the presented document. */
  @Text(SHA256_HEX_RULE) fingerprint!: string;
}

/** The department's decision document of a step (RecordMaritalStatus, RecordTaxClearance). */
export class StepEvidenceInput {
  @Text(SHA256_HEX_RULE) evidenceFingerprint!: string;
}

/** RecordIdentityVerification's argument: one document for every seller and buyer. */
export class IdentityVerificationInput extends StepEvidenceInput {
  @NestedList(() => IdentityDocumentInput, { min: 1, max: 2 * MAX_OWNERS }) documents!: IdentityDocumentInput[];
}

/** RecordLandUseConfirmation's argument: the land-use right the unit carries after transfer. */
export class LandUseConfirmationInput extends StepEvidenceInput {
  @OneOf(LAND_USE_KINDS) kind!: LandUseKind;

  /** Required unless ALLOCATED. */
  @Optional() @Time({ empty: true }) termEnd?: string;
}

/** RecordTaxAssessment's argument (the assessed amount travels in transient data). */
export class TaxAssessmentInput {
  @Text(SHA256_HEX_RULE) assessmentFingerprint!: string;
}

/** RecordLoanApproval's argument (the loan amount travels in transient data). */
export class LoanApprovalInput extends StepEvidenceInput {
  @Text(ID_RULE) loanId!: string;

  /** Id of the mortgage registration will put on the unit. */
  @Text(ID_RULE) mortgageId!: string;
}
