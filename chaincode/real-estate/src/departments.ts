import { maxClockSkewMillis, parseIsoTime, txTimeMillis } from '@govchain/chaincode-common';
import type { Context } from 'fabric-contract-api';
import type { PropertyUnit, StepCode, TransferType } from './models';
import { STEP_CODES } from './models';

/** The departments of the one-window transfer, by MSP id (as in network/topologies/default.yaml). */
export const REAL_ESTATE_MSP = 'RealEstateMSP';
export const NATURAL_RESOURCES_MSP = 'NaturalResourcesMSP';
export const PUBLIC_SECURITY_MSP = 'PublicSecurityMSP';
export const CIVIL_AFFAIRS_MSP = 'CivilAffairsMSP';
export const TAX_MSP = 'TaxMSP';
export const PROVIDENT_FUND_MSP = 'ProvidentFundMSP';

/**
 * The departments of the one-window transfer, sorted: the only departments that co-endorse this
 * chaincode's records. A constant of the package every department approved, so no configuration is read.
 */
export const TRANSFER_DEPARTMENTS: readonly string[] = [
  CIVIL_AFFAIRS_MSP,
  NATURAL_RESOURCES_MSP,
  PROVIDENT_FUND_MSP,
  PUBLIC_SECURITY_MSP,
  REAL_ESTATE_MSP,
  TAX_MSP,
];

/** The department that alone records each step. */
export const STEP_DEPARTMENTS: Readonly<Record<StepCode, string>> = {
  IDENTITY: PUBLIC_SECURITY_MSP,
  MARITAL_STATUS: CIVIL_AFFAIRS_MSP,
  LAND_USE_RIGHT: NATURAL_RESOURCES_MSP,
  TAX: TAX_MSP,
  PROVIDENT_FUND: PROVIDENT_FUND_MSP,
};

/** How progress names each step, as a citizen reads it. */
export const STEP_TITLES: Readonly<Record<StepCode, string>> = {
  IDENTITY: 'Identity verified',
  MARITAL_STATUS: 'Marital status attested',
  LAND_USE_RIGHT: 'Land-use right confirmed',
  TAX: 'Tax assessed and cleared',
  PROVIDENT_FUND: 'Provident-fund loan approved',
};

/** Declared facts of an application that decide its steps. */
export interface DeclaredFacts {
  readonly providentFundLoan: boolean;
  readonly marriedParty: boolean;
}

/**
 * Whether a land-use term counts as ended at the transaction time. The client chooses the proposal
 * timestamp, and each endorser accepts it within the clock-skew bound of its own clock; a term that ends
 * within that bound after the transaction time therefore counts as ended, so that no timestamp an honest
 * endorser accepts can make an ended term look running (and skip the land-use step).
 *
 * @param ctx - transaction context (for the transaction time)
 * @param termEnd - ISO-8601 term end, empty for none (ALLOCATED land)
 * @returns whether the term has ended, as far as the bounded clock can tell
 */
export function landUseTermEnded(ctx: Context, termEnd: string): boolean {
  return termEnd !== '' && parseIsoTime(termEnd, 'termEnd') <= txTimeMillis(ctx) + maxClockSkewMillis();
}

/**
 * Which steps a transfer needs, from its type, its declared facts and the unit:
 *
 * - IDENTITY and TAX: always;
 * - MARITAL_STATUS: INHERITANCE always (heirship); SALE and GIFT when a party declares being married;
 *   never for JUDICIAL_RULING (the court has decided);
 * - LAND_USE_RIGHT: when the unit's land is ALLOCATED (its transfer needs Natural Resources' approval)
 *   or the land-use term has ended ({@link landUseTermEnded});
 * - PROVIDENT_FUND: when the buyers declare a provident-fund loan.
 *
 * @param ctx - transaction context (for the transaction time)
 * @param type - transfer type
 * @param facts - declared facts
 * @param unit - the unit
 * @returns the steps, in progress order
 */
export function requiredSteps(ctx: Context, type: TransferType, facts: DeclaredFacts, unit: PropertyUnit): StepCode[] {
  const right = unit.landUseRight;
  const needs: Record<StepCode, boolean> = {
    IDENTITY: true,
    MARITAL_STATUS: type === 'INHERITANCE' || (facts.marriedParty && (type === 'SALE' || type === 'GIFT')),
    LAND_USE_RIGHT: right.kind === 'ALLOCATED' || landUseTermEnded(ctx, right.termEnd),
    TAX: true,
    PROVIDENT_FUND: facts.providentFundLoan,
  };
  return STEP_CODES.filter((step) => needs[step]);
}
