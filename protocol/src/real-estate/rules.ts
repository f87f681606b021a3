/** Rules, limits and status unions of real-estate records. */
import { ID_RULE, type StringRule } from '../rules';

/** Total of the owners' shares: 100 % in basis points. */
export const SHARE_TOTAL = 10_000;
/** Most owners (or buyers, sellers) a unit or application may have. */
export const MAX_OWNERS = 20;
/** Most encumbrances a unit may carry. */
export const MAX_ENCUMBRANCES = 50;
/** Most entries in a unit's chain of title. */
export const MAX_TITLE_SEQUENCE = 1_000_000;

/** Property unit numbers (and application, encumbrance, certificate ids). */
export const UNIT_NUMBER_RULE: StringRule = ID_RULE;
/** Location of a unit: non-personal text. */
export const LOCATION_RULE: StringRule = { minLength: 1, maxLength: 256 };
/** Area in square metres: a decimal with at most two decimals, e.g. `89.50`. */
export const AREA_RULE: StringRule = {
  pattern: /^(?:0|[1-9]\d{0,6})(?:\.\d{1,2})?$/,
  patternHint: 'a decimal number of square metres with at most two decimals, e.g. 89.50',
};
/** Court, mortgagee or institution codes. */
export const PARTY_CODE_RULE: StringRule = ID_RULE;
/** Money amounts in private detail: a decimal with at most two decimals. */
export const AMOUNT_RULE: StringRule = {
  pattern: /^(?:0|[1-9]\d{0,14})(?:\.\d{1,2})?$/,
  patternHint: 'a decimal amount with at most two decimals, e.g. 3200000.00',
};
/** Names of members of a private detail object (lowerCamelCase). */
export const DETAIL_FIELD_NAME_RULE: StringRule = { maxLength: 64, pattern: /^[a-z][A-Za-z0-9]{0,63}$/ };
/** Values of a private detail object. */
export const DETAIL_FIELD_VALUE_RULE: StringRule = { minLength: 1, maxLength: 1024 };
/** Most members of a private detail object besides its salt. */
export const MAX_DETAIL_FIELDS = 32;

export const UNIT_USES = ['RESIDENTIAL', 'COMMERCIAL', 'OFFICE', 'INDUSTRIAL', 'OTHER'] as const;
export type UnitUse = (typeof UNIT_USES)[number];

/** Kinds of land-use right: granted for a term (出让), allocated by the state (划拨), leased. */
export const LAND_USE_KINDS = ['GRANTED', 'ALLOCATED', 'LEASED'] as const;
export type LandUseKind = (typeof LAND_USE_KINDS)[number];

/** REGISTERED, or IN_TRANSFER while a transfer application is open (the unit is locked). */
export const UNIT_STATUSES = ['REGISTERED', 'IN_TRANSFER'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const ENCUMBRANCE_KINDS = ['MORTGAGE', 'SEIZURE'] as const;
export type EncumbranceKind = (typeof ENCUMBRANCE_KINDS)[number];

export const TRANSFER_TYPES = ['SALE', 'GIFT', 'INHERITANCE', 'JUDICIAL_RULING'] as const;
export type TransferType = (typeof TRANSFER_TYPES)[number];

export const TRANSFER_APPLICATION_STATUSES = ['OPEN', 'REGISTERED', 'REJECTED', 'WITHDRAWN'] as const;
export type TransferApplicationStatus = (typeof TRANSFER_APPLICATION_STATUSES)[number];

/** What a transfer does with an encumbrance the unit carries. */
export const DISPOSITION_ACTIONS = ['DISCHARGE', 'CARRY_OVER'] as const;
export type DispositionAction = (typeof DISPOSITION_ACTIONS)[number];

/** The department steps of a transfer, in the order progress lists them. */
export const TRANSFER_STEP_CODES = ['IDENTITY', 'MARITAL_STATUS', 'LAND_USE_RIGHT', 'TAX', 'PROVIDENT_FUND'] as const;
export type TransferStepCode = (typeof TRANSFER_STEP_CODES)[number];

/** PENDING → (Tax only: ASSESSED →) DONE, or REJECTED. */
export const TRANSFER_STEP_STATUSES = ['PENDING', 'ASSESSED', 'DONE', 'REJECTED'] as const;
export type TransferStepStatus = (typeof TRANSFER_STEP_STATUSES)[number];

/** Title entry kinds: first registration or a transfer type. */
export const TITLE_KINDS = ['FIRST_REGISTRATION', ...TRANSFER_TYPES] as const;
export type TitleKind = (typeof TITLE_KINDS)[number];

/** Kinds of private record in the `transferDetail` collection. */
export const TRANSFER_PRIVATE_KINDS = ['transferDetail', 'taxAssessment', 'loanDetail'] as const;
export type TransferPrivateKind = (typeof TRANSFER_PRIVATE_KINDS)[number];

/** The amount member each private record must carry. */
export const PRIVATE_AMOUNT_FIELDS: Readonly<Record<TransferPrivateKind, string>> = {
  transferDetail: 'declaredPrice',
  taxAssessment: 'assessedAmount',
  loanDetail: 'loanAmount',
};

/**
 * The roles of real-estate in the on-ledger role configuration (`@govchain/protocol/roles`), each held by
 * exactly one department: the register, and the department of each step.
 */
export const REAL_ESTATE_ROLES = [
  'propertyRegistry',
  'identityAuthority',
  'maritalRegistry',
  'landAuthority',
  'taxAuthority',
  'providentFund',
] as const;
export type RealEstateRole = (typeof REAL_ESTATE_ROLES)[number];

/** The role whose department records each step. */
export const STEP_ROLES: Readonly<Record<TransferStepCode, RealEstateRole>> = {
  IDENTITY: 'identityAuthority',
  MARITAL_STATUS: 'maritalRegistry',
  LAND_USE_RIGHT: 'landAuthority',
  TAX: 'taxAuthority',
  PROVIDENT_FUND: 'providentFund',
};

/** How progress names each step, as a citizen reads it. */
export const STEP_TITLES: Readonly<Record<TransferStepCode, string>> = {
  IDENTITY: 'Identity verified',
  MARITAL_STATUS: 'Marital status attested',
  LAND_USE_RIGHT: 'Land-use right confirmed',
  TAX: 'Tax assessed and cleared',
  PROVIDENT_FUND: 'Provident-fund loan approved',
};
