import type { Context } from 'fabric-contract-api';
import { compositeKey } from '@govchain/chaincode-common';
import type { TransferPrivateKind } from './models';

/** Private data collection shared by RealEstateMSP, TaxMSP and ProvidentFundMSP. */
export const TRANSFER_DETAIL_COLLECTION = 'transferDetail';

/** Index: units by owner — attributes `[holderRef, unitNumber]`. */
export const OWNER_INDEX = 'owner~unit';
/** Index: open applications waiting on a department — attributes `[departmentMsp, applicationId]`. */
export const AWAITING_INDEX = 'awaiting~application';

/** Width of the zero-padded sequence in title keys, so that key order is sequence order. */
const SEQUENCE_WIDTH = 7;

/**
 * @param ctx - transaction context
 * @param unitNumber - unit number
 * @returns the state key of the unit
 */
export function unitKey(ctx: Context, unitNumber: string): string {
  return compositeKey(ctx, 'unit', [unitNumber]);
}

/**
 * @param ctx - transaction context
 * @param unitNumber - unit number
 * @returns the state key of the unit's land-use right confirmation (before first registration)
 */
export function landUseRightKey(ctx: Context, unitNumber: string): string {
  return compositeKey(ctx, 'landUseRight', [unitNumber]);
}

/**
 * @param ctx - transaction context
 * @param unitNumber - unit number
 * @param encumbranceId - encumbrance id
 * @returns the state key of the record of a discharged mortgage or released seizure
 */
export function releaseKey(ctx: Context, unitNumber: string, encumbranceId: string): string {
  return compositeKey(ctx, 'encumbranceRelease', [unitNumber, encumbranceId]);
}

/**
 * @param ctx - transaction context
 * @param unitNumber - unit number
 * @param sequence - position in the chain of title, from 1
 * @returns the state key of the title entry
 */
export function titleKey(ctx: Context, unitNumber: string, sequence: number): string {
  return compositeKey(ctx, 'title', [unitNumber, String(sequence).padStart(SEQUENCE_WIDTH, '0')]);
}

/**
 * @param ctx - transaction context
 * @param applicationId - application id
 * @returns the state key of the transfer application
 */
export function applicationKey(ctx: Context, applicationId: string): string {
  return compositeKey(ctx, 'application', [applicationId]);
}

/**
 * @param ctx - transaction context
 * @param applicationId - application id
 * @param step - step code
 * @returns the state key of one department's step of the application
 */
export function stepKey(ctx: Context, applicationId: string, step: string): string {
  return compositeKey(ctx, 'step', [applicationId, step]);
}

/**
 * @param ctx - transaction context
 * @param kind - which private record
 * @param applicationId - application id
 * @returns the key of the private record in {@link TRANSFER_DETAIL_COLLECTION}
 */
export function privateKey(ctx: Context, kind: TransferPrivateKind, applicationId: string): string {
  return compositeKey(ctx, kind, [applicationId]);
}
