import { RoleConfigStore, maxClockSkewMillis, parseIsoTime, txTimeMillis } from '@govchain/chaincode-common';
import { roleMsps } from '@govchain/protocol/roles';
import type { Context } from 'fabric-contract-api';
import {
  type PropertyUnit,
  REAL_ESTATE_ROLES,
  type RealEstateRole,
  STEP_ROLES,
  TRANSFER_STEP_CODES,
  type TransferStepCode,
  type TransferType,
} from './models';

/** The role configuration of real-estate: one department per role, from the governance file (SeedRoles). */
export const ROLES = new RoleConfigStore(
  'real-estate',
  REAL_ESTATE_ROLES.map((role) => ({ role, min: 1, max: 1 })),
);

/** The departments of the one-window transfer, by role, as the on-ledger role configuration names them. */
export interface TransferRoles extends Readonly<Record<RealEstateRole, string>> {
  /**
   * The transfer departments, sorted: the only departments that co-endorse this chaincode's records
   * (`AND(owner, OutOf(1, the others))`).
   */
  readonly departments: readonly string[];
  /** The members of the `transferDetail` collection: the register, tax and the provident fund. */
  readonly detailReaders: readonly string[];
  /** The department that alone records a step. */
  stepDepartment(step: TransferStepCode): string;
}

/**
 * Reads the transfer departments from the on-ledger role configuration (once per transaction).
 *
 * @param ctx - transaction context
 * @returns the departments by role
 * @throws PRECONDITION_FAILED before SeedRoles
 */
export async function transferRoles(ctx: Context): Promise<TransferRoles> {
  const config = await ROLES.require(ctx);
  const byRole = Object.fromEntries(REAL_ESTATE_ROLES.map((role) => [role, roleMsps(config, role)[0] ?? ''])) as Record<
    RealEstateRole,
    string
  >;
  return {
    ...byRole,
    departments: [...new Set(Object.values(byRole))].sort(),
    detailReaders: [byRole.propertyRegistry, byRole.taxAuthority, byRole.providentFund],
    stepDepartment: (step) => byRole[STEP_ROLES[step]],
  };
}

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
export function requiredSteps(
  ctx: Context,
  type: TransferType,
  facts: DeclaredFacts,
  unit: PropertyUnit,
): TransferStepCode[] {
  const right = unit.landUseRight;
  const needs: Record<TransferStepCode, boolean> = {
    IDENTITY: true,
    MARITAL_STATUS: type === 'INHERITANCE' || (facts.marriedParty && (type === 'SALE' || type === 'GIFT')),
    LAND_USE_RIGHT: right.kind === 'ALLOCATED' || landUseTermEnded(ctx, right.termEnd),
    TAX: true,
    PROVIDENT_FUND: facts.providentFundLoan,
  };
  return TRANSFER_STEP_CODES.filter((step) => needs[step]);
}
