/** The records the real-estate chaincode keeps on the ledger and returns, defined once. */
import { ValidateBy, type ValidationArguments } from '../class-validator';
import { Bool, Int, Nested, NestedList, OneOf, Optional, Text, TextList, TextMap, Time } from '../decorators';
import { CODE_RULE, ID_RULE, MSP_ID_RULE, PRIVATE_SALT_RULE, SHA256_HEX_RULE, oneOfRule } from '../rules';
import {
  AREA_RULE,
  DETAIL_FIELD_NAME_RULE,
  DETAIL_FIELD_VALUE_RULE,
  DISPOSITION_ACTIONS,
  type DispositionAction,
  ENCUMBRANCE_KINDS,
  type EncumbranceKind,
  LAND_USE_KINDS,
  LOCATION_RULE,
  type LandUseKind,
  MAX_DETAIL_FIELDS,
  MAX_ENCUMBRANCES,
  MAX_OWNERS,
  MAX_TITLE_SEQUENCE,
  PARTY_CODE_RULE,
  SHARE_TOTAL,
  TITLE_KINDS,
  TRANSFER_APPLICATION_STATUSES,
  TRANSFER_PRIVATE_KINDS,
  TRANSFER_STEP_CODES,
  TRANSFER_STEP_STATUSES,
  TRANSFER_TYPES,
  type TitleKind,
  type TransferApplicationStatus,
  type TransferPrivateKind,
  type TransferStepCode,
  type TransferStepStatus,
  type TransferType,
  UNIT_NUMBER_RULE,
  UNIT_STATUSES,
  UNIT_USES,
  type UnitStatus,
  type UnitUse,
} from './rules';

/** An owner (or seller, buyer) of a unit: a holder reference and a share in basis points. */
export class OwnerShare {
  /** Holder reference (e-license HMAC of the normalized ID number), 64 lowercase hex characters. */
  @Text(SHA256_HEX_RULE) holderRef!: string;

  /** Share in basis points (1–10000); the shares of a list sum to 10000. */
  @Int(1, SHARE_TOTAL) shareBasisPoints!: number;
}

function sharesProblem(value: unknown): string | undefined {
  // Anything but a list of objects is the nested check's to report (found by fuzzing: `[null]` threw).
  if (!Array.isArray(value) || !value.every((share) => typeof share === 'object' && share !== null)) return undefined;
  const shares = value as Partial<OwnerShare>[];
  const refs = shares.map((share) => share.holderRef);
  const duplicate = refs.findIndex((ref, index) => refs.indexOf(ref) !== index);
  if (duplicate >= 0) return `repeats a holder at [${duplicate}]`;
  const total = shares.reduce((sum, share) => sum + (share.shareBasisPoints ?? 0), 0);
  return total === SHARE_TOTAL ? undefined : `shares must sum to ${SHARE_TOTAL} basis points, not ${total}`;
}

/** A list of 1 to {@link MAX_OWNERS} distinct holders whose shares sum to exactly 10000 basis points. */
export function OwnerShares(): PropertyDecorator {
  const nested = NestedList(() => OwnerShare, { min: 1, max: MAX_OWNERS });
  const sum = ValidateBy({
    name: 'govchainOwnerShares',
    validator: {
      validate: (value: unknown) => sharesProblem(value) === undefined,
      defaultMessage: (args?: ValidationArguments) => sharesProblem(args?.value) ?? 'is invalid',
    },
  });
  return (target, key) => {
    nested(target, key);
    sum(target, key);
  };
}

/** The land-use right behind a unit, as Natural Resources confirmed it (own key before first registration). */
export class LandUseRight {
  @Text(UNIT_NUMBER_RULE) unitNumber!: string;

  @OneOf(LAND_USE_KINDS) kind!: LandUseKind;

  /** End of the term; empty only for ALLOCATED land (no term). */
  @Time({ empty: true }) termEnd!: string;

  /** SHA-256 of Natural Resources' confirmation document. */
  @Text(SHA256_HEX_RULE) evidenceFingerprint!: string;

  @Text(MSP_ID_RULE) confirmedByMsp!: string;

  @Time() confirmedAt!: string;

  @Text(ID_RULE) txId!: string;
}

/** A mortgage or a judicial seizure on a unit. */
export class Encumbrance {
  /** Unique within the unit, released ones included. */
  @Text(ID_RULE) id!: string;

  @OneOf(ENCUMBRANCE_KINDS) kind!: EncumbranceKind;

  /** The mortgagee (institution code or MSP id) or the court (court code). Never a person's name. */
  @Text(PARTY_CODE_RULE) holder!: string;

  /** SHA-256 of the mortgage contract or the court's seizure order. */
  @Text(SHA256_HEX_RULE) evidenceFingerprint!: string;

  /** The transfer application that registered it (provident-fund mortgage); empty otherwise. */
  @Text(ID_RULE, { empty: true }) applicationId!: string;

  @Time() registeredAt!: string;

  @Text(MSP_ID_RULE) registeredByMsp!: string;

  @Text(ID_RULE) txId!: string;
}

/** The record of a discharged mortgage or released seizure (keeps its id from being reused). */
export class EncumbranceRelease {
  @Text(UNIT_NUMBER_RULE) unitNumber!: string;

  @Text(ID_RULE) encumbranceId!: string;

  @OneOf(ENCUMBRANCE_KINDS) kind!: EncumbranceKind;

  @Text(PARTY_CODE_RULE) holder!: string;

  /** SHA-256 of the discharge certificate, release order or consent. */
  @Text(SHA256_HEX_RULE) evidenceFingerprint!: string;

  /** The transfer that discharged it; empty otherwise. */
  @Text(ID_RULE, { empty: true }) applicationId!: string;

  @Time() releasedAt!: string;

  @Text(MSP_ID_RULE) releasedByMsp!: string;

  @Text(ID_RULE) txId!: string;
}

/** A registered property unit. Everything on it is public; owners appear only as holder references. */
export class PropertyUnit {
  @Text(UNIT_NUMBER_RULE) unitNumber!: string;

  @Text(LOCATION_RULE) location!: string;

  /** Square metres, decimal text (e.g. `89.50`). */
  @Text(AREA_RULE) areaSquareMetres!: string;

  @OneOf(UNIT_USES) use!: UnitUse;

  @Nested(() => LandUseRight) landUseRight!: LandUseRight;

  /** Sorted by holder reference; shares sum to 10000 basis points. */
  @OwnerShares() owners!: OwnerShare[];

  /** Mortgages and seizures, sorted by id. */
  @NestedList(() => Encumbrance, { max: MAX_ENCUMBRANCES }) encumbrances!: Encumbrance[];

  @OneOf(UNIT_STATUSES) status!: UnitStatus;

  /** The open transfer application; empty when none. */
  @Text(ID_RULE, { empty: true }) openApplicationId!: string;

  /** The current real-estate certificate (an e-license licence id). */
  @Text(ID_RULE) certificateId!: string;

  /** Number of entries in the chain of title. */
  @Int(1, MAX_TITLE_SEQUENCE) titleSequence!: number;

  @Time() registeredAt!: string;

  @Time() updatedAt!: string;

  @Text(MSP_ID_RULE) updatedByMsp!: string;

  @Text(ID_RULE) txId!: string;
}

/** What a transfer application declares for one encumbrance the unit carries. */
export class EncumbranceDisposition {
  @Text(ID_RULE) encumbranceId!: string;

  @OneOf(DISPOSITION_ACTIONS) action!: DispositionAction;

  /** SHA-256 of the mortgagee's consent (mortgage) or the court's order (seizure). */
  @Text(SHA256_HEX_RULE) evidenceFingerprint!: string;
}

/**
 * A transfer application (sale, gift, inheritance, judicial ruling). Parties appear as holder references; the
 * declared price and personal detail are in the `transferDetail` private collection.
 */
export class TransferApplication {
  @Text(ID_RULE) id!: string;

  @Text(UNIT_NUMBER_RULE) unitNumber!: string;

  @OneOf(TRANSFER_TYPES) type!: TransferType;

  /** The owners at opening, exactly. */
  @OwnerShares() sellers!: OwnerShare[];

  /** The new owners. */
  @OwnerShares() buyers!: OwnerShare[];

  /** Declared: the buyers finance with a housing provident-fund loan (SALE only). */
  @Bool() providentFundLoan!: boolean;

  /** Declared: a seller or buyer is married (spouse's rights to attest). */
  @Bool() marriedParty!: boolean;

  /** Steps this application needs, in progress order. */
  @TextList(oneOfRule(TRANSFER_STEP_CODES), { min: 1, max: TRANSFER_STEP_CODES.length, unique: true })
  requiredSteps!: TransferStepCode[];

  /** What registration does with each encumbrance the unit carried at opening, sorted by id. */
  @NestedList(() => EncumbranceDisposition, { max: MAX_ENCUMBRANCES }) dispositions!: EncumbranceDisposition[];

  /** SHA-256 of the application form bundle handed in at the window. */
  @Text(SHA256_HEX_RULE) applicationFingerprint!: string;

  @OneOf(TRANSFER_APPLICATION_STATUSES) status!: TransferApplicationStatus;

  /** Why it closed: REGISTERED, the rejecting department's reason code, or the withdrawal reason. */
  @Text(CODE_RULE, { empty: true }) closedReason!: string;

  /** The step whose department rejected; empty otherwise. */
  @Text(oneOfRule(TRANSFER_STEP_CODES), { empty: true }) rejectedStep!: TransferStepCode | '';

  /** Withdrawal: SHA-256 of the applicants' signed withdrawal request; empty otherwise. */
  @Text(SHA256_HEX_RULE, { empty: true }) closingFingerprint!: string;

  @Time({ empty: true }) closedAt!: string;

  @Text(MSP_ID_RULE, { empty: true }) closedByMsp!: string;

  /** The unit's certificate when the application was opened. */
  @Text(ID_RULE) previousCertificateId!: string;

  /** The certificate issued at registration; empty before. */
  @Text(ID_RULE, { empty: true }) certificateId!: string;

  @Time() openedAt!: string;

  @Text(MSP_ID_RULE) openedByMsp!: string;

  @Time() updatedAt!: string;

  @Text(MSP_ID_RULE) updatedByMsp!: string;

  @Text(ID_RULE) txId!: string;
}

/** One party's identity document, verified through e-license. */
export class IdentityCheck {
  @Text(SHA256_HEX_RULE) holderRef!: string;

  /** The IDENTITY_DOCUMENT licence that was VALID for the presented fingerprint. */
  @Text(ID_RULE) licenceId!: string;
}

/** One department's step of a transfer application, on its own key owned by that department. */
export class TransferStep {
  @Text(ID_RULE) applicationId!: string;

  @OneOf(TRANSFER_STEP_CODES) step!: TransferStepCode;

  /** The only department that may record this step. */
  @Text(MSP_ID_RULE) departmentMsp!: string;

  /** PENDING, ASSESSED (tax assessed, not yet cleared), DONE or REJECTED. */
  @OneOf(TRANSFER_STEP_STATUSES) status!: TransferStepStatus;

  /** SHA-256 of the department's decision document. */
  @Text(SHA256_HEX_RULE, { empty: true }) evidenceFingerprint!: string;

  /** Tax: SHA-256 of the assessment notice. */
  @Text(SHA256_HEX_RULE, { empty: true }) assessmentFingerprint!: string;

  /** Rejection reason code; empty otherwise. */
  @Text(CODE_RULE, { empty: true }) reasonCode!: string;

  /** Identity: one verified identity document per party. */
  @NestedList(() => IdentityCheck, { max: 2 * MAX_OWNERS }) identityChecks!: IdentityCheck[];

  /** Provident fund: the loan approved. */
  @Text(ID_RULE, { empty: true }) loanId!: string;

  /** Provident fund: id of the mortgage registration will put on the unit. */
  @Text(ID_RULE, { empty: true }) mortgageId!: string;

  /** Provident fund: the mortgagee recorded on the mortgage. */
  @Text(PARTY_CODE_RULE, { empty: true }) mortgagee!: string;

  /** Provident fund: SHA-256 of the loan and mortgage contract. */
  @Text(SHA256_HEX_RULE, { empty: true }) mortgageContractFingerprint!: string;

  /** Land-use right: the confirmed kind after transfer. */
  @Text(oneOfRule(LAND_USE_KINDS), { empty: true }) landUseKind!: LandUseKind | '';

  /** Land-use right: the confirmed term end after transfer (empty for ALLOCATED). */
  @Time({ empty: true }) landUseTermEnd!: string;

  @Time() updatedAt!: string;

  @Text(MSP_ID_RULE) updatedByMsp!: string;

  @Text(ID_RULE) txId!: string;
}

/** One link of a unit's chain of title: who became owner, how, and under which certificate. */
export class TitleEntry {
  @Text(UNIT_NUMBER_RULE) unitNumber!: string;

  /** 1 for the first registration, then one more per transfer. */
  @Int(1, MAX_TITLE_SEQUENCE) sequence!: number;

  @OneOf(TITLE_KINDS) kind!: TitleKind;

  /** The transfer application; empty for the first registration. */
  @Text(ID_RULE, { empty: true }) applicationId!: string;

  @OwnerShares() owners!: OwnerShare[];

  @Text(ID_RULE) certificateId!: string;

  /** The certificate revoked by this transfer; empty for the first registration. */
  @Text(ID_RULE, { empty: true }) previousCertificateId!: string;

  @Time() registeredAt!: string;

  @Text(MSP_ID_RULE) registeredByMsp!: string;

  @Text(ID_RULE) txId!: string;
}

/** A private record of the `transferDetail` collection (price, amounts, names: never on the channel ledger). */
export class TransferPrivateRecord {
  @Text(ID_RULE) applicationId!: string;

  @OneOf(TRANSFER_PRIVATE_KINDS) kind!: TransferPrivateKind;

  /** The detail as given, without its salt. */
  @TextMap(DETAIL_FIELD_NAME_RULE, DETAIL_FIELD_VALUE_RULE, MAX_DETAIL_FIELDS) fields!: Record<string, string>;

  /** The client's random salt. */
  @Text(PRIVATE_SALT_RULE) salt!: string;

  @Time() recordedAt!: string;

  @Text(MSP_ID_RULE) recordedByMsp!: string;

  @Text(ID_RULE) txId!: string;
}

/** GetTransferDetail's answer (inside the sealed response): each private record, null when absent. */
export class TransferDetail {
  @Text(ID_RULE) applicationId!: string;

  @Optional() @Nested(() => TransferPrivateRecord) transferDetail!: TransferPrivateRecord | null;

  @Optional() @Nested(() => TransferPrivateRecord) taxAssessment!: TransferPrivateRecord | null;

  @Optional() @Nested(() => TransferPrivateRecord) loanDetail!: TransferPrivateRecord | null;
}

/** RegisterTransfer's result. */
export class TransferRegistration {
  @Nested(() => TransferApplication) application!: TransferApplication;

  @Nested(() => PropertyUnit) unit!: PropertyUnit;
}

/** One step as a citizen sees it. */
export class TransferStepProgress {
  @OneOf(TRANSFER_STEP_CODES) step!: TransferStepCode;

  @Text({ maxLength: 128 }) title!: string;

  @Text(MSP_ID_RULE) departmentMsp!: string;

  @OneOf(TRANSFER_STEP_STATUSES) status!: TransferStepStatus;

  /** When the department last acted (or the application was opened, for a pending step). */
  @Time() updatedAt!: string;

  @Text(CODE_RULE, { empty: true }) reasonCode!: string;
}

/** An application's progress: what is done and what waits on whom. */
export class ApplicationProgress {
  @Text(ID_RULE) applicationId!: string;

  @Text(UNIT_NUMBER_RULE) unitNumber!: string;

  @OneOf(TRANSFER_TYPES) type!: TransferType;

  @OneOf(TRANSFER_APPLICATION_STATUSES) status!: TransferApplicationStatus;

  @Time() openedAt!: string;

  @Time({ empty: true }) closedAt!: string;

  @Text(CODE_RULE, { empty: true }) closedReason!: string;

  @NestedList(() => TransferStepProgress, { max: TRANSFER_STEP_CODES.length }) steps!: TransferStepProgress[];

  @Int(0, TRANSFER_STEP_CODES.length) doneCount!: number;

  @Int(0, TRANSFER_STEP_CODES.length) requiredCount!: number;

  /** Departments the application waits on now (the register once every step is done); empty when closed. */
  @TextList(MSP_ID_RULE, { max: TRANSFER_STEP_CODES.length }) waitingOn!: string[];

  /** Whether the register may register now. */
  @Bool() readyForRegistration!: boolean;

  /** The certificate issued at registration; empty before. */
  @Text(ID_RULE, { empty: true }) certificateId!: string;

  /** One sentence for a phone screen. */
  @Text({ maxLength: 1024 }) summary!: string;
}
