import { txTimeMillis, parseIsoTime } from '@govchain/chaincode-common';
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
 * Which steps a transfer needs, from its type, its declared facts and the unit:
 *
 * - IDENTITY and TAX: always;
 * - MARITAL_STATUS: INHERITANCE always (heirship); SALE and GIFT when a party declares being married;
 *   never for JUDICIAL_RULING (the court has decided);
 * - LAND_USE_RIGHT: when the unit's land is ALLOCATED (its transfer needs Natural Resources' approval)
 *   or the land-use term has ended;
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
  const termEnded = right.termEnd !== '' && parseIsoTime(right.termEnd, 'termEnd') <= txTimeMillis(ctx);
  const needs: Record<StepCode, boolean> = {
    IDENTITY: true,
    MARITAL_STATUS: type === 'INHERITANCE' || (facts.marriedParty && (type === 'SALE' || type === 'GIFT')),
    LAND_USE_RIGHT: right.kind === 'ALLOCATED' || termEnded,
    TAX: true,
    PROVIDENT_FUND: facts.providentFundLoan,
  };
  return STEP_CODES.filter((step) => needs[step]);
}
