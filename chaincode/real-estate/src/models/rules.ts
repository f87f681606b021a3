import { type StringRule, ID_RULE } from '@govchain/chaincode-common';

/**
 * A string rule accepting exactly one of the given codes.
 *
 * @param values - the accepted codes
 * @returns the rule
 */
export function oneOf(values: readonly string[]): StringRule {
  return { pattern: new RegExp(`^(?:${values.join('|')})$`), patternHint: `one of ${values.join(', ')}` };
}

/** Total of the owners' shares: 100 % in basis points. */
export const SHARE_TOTAL = 10_000;
/** Most owners (or buyers, sellers) a unit or application may have. */
export const MAX_OWNERS = 20;
/** Most encumbrances a unit may carry. */
export const MAX_ENCUMBRANCES = 50;

/** Property unit numbers, application ids, encumbrance ids, certificate ids. */
export const UNIT_NUMBER_RULE = ID_RULE;
/** Location of a unit: non-personal text. */
export const LOCATION_RULE: StringRule = { minLength: 1, maxLength: 256 };
/** Area in square metres: a positive decimal with at most two decimals, e.g. `89.50`. */
export const AREA_RULE: StringRule = {
  pattern: /^(?:0|[1-9]\d{0,6})(?:\.\d{1,2})?$/,
  patternHint: 'a decimal number of square metres with at most two decimals, e.g. 89.50',
};
/** Court, mortgagee or institution codes. */
export const PARTY_CODE_RULE = ID_RULE;

export const UNIT_USES = ['RESIDENTIAL', 'COMMERCIAL', 'OFFICE', 'INDUSTRIAL', 'OTHER'] as const;
export type UnitUse = (typeof UNIT_USES)[number];

/** Kinds of land-use right: granted for a term (出让), allocated by the state (划拨), leased. */
export const LAND_USE_KINDS = ['GRANTED', 'ALLOCATED', 'LEASED'] as const;
export type LandUseKind = (typeof LAND_USE_KINDS)[number];

export const UNIT_STATUSES = ['REGISTERED', 'IN_TRANSFER'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const ENCUMBRANCE_KINDS = ['MORTGAGE', 'SEIZURE'] as const;
export type EncumbranceKind = (typeof ENCUMBRANCE_KINDS)[number];

export const TRANSFER_TYPES = ['SALE', 'GIFT', 'INHERITANCE', 'JUDICIAL_RULING'] as const;
export type TransferType = (typeof TRANSFER_TYPES)[number];

export const APPLICATION_STATUSES = ['OPEN', 'REGISTERED', 'REJECTED', 'WITHDRAWN'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** What a transfer does with an encumbrance the unit carries. */
export const DISPOSITION_ACTIONS = ['DISCHARGE', 'CARRY_OVER'] as const;
export type DispositionAction = (typeof DISPOSITION_ACTIONS)[number];

/** The department steps of a transfer, in the order progress lists them. */
export const STEP_CODES = ['IDENTITY', 'MARITAL_STATUS', 'LAND_USE_RIGHT', 'TAX', 'PROVIDENT_FUND'] as const;
export type StepCode = (typeof STEP_CODES)[number];

/** PENDING → (Tax only: ASSESSED →) DONE, or REJECTED. */
export const STEP_STATUSES = ['PENDING', 'ASSESSED', 'DONE', 'REJECTED'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** Title entry kinds: first registration or a transfer type. */
export const TITLE_KINDS = ['FIRST_REGISTRATION', ...TRANSFER_TYPES] as const;
export type TitleKind = (typeof TITLE_KINDS)[number];
