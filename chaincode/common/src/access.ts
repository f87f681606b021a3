import type { Context } from 'fabric-contract-api';
import { forbidden } from './errors';

/**
 * @param ctx - transaction context
 * @returns the MSP id of the identity that signed the proposal
 */
export function callerMsp(ctx: Context): string {
  return ctx.clientIdentity.getMSPID();
}

/**
 * Requires the caller's MSP to be one of the allowed MSPs.
 *
 * @param ctx - transaction context
 * @param allowed - MSP ids allowed to perform the action
 * @param action - what the caller tries to do, for the message (e.g. `suspend licence BL-1`)
 * @returns the caller's MSP id
 * @throws FORBIDDEN when the caller's MSP is not allowed
 */
export function requireCallerIn(ctx: Context, allowed: readonly string[], action: string): string {
  const msp = callerMsp(ctx);
  if (!allowed.includes(msp)) {
    throw forbidden(`${msp} may not ${action}`);
  }
  return msp;
}

/**
 * Requires the caller's MSP to be exactly the given MSP.
 *
 * @param ctx - transaction context
 * @param mspId - the only MSP allowed
 * @param action - what the caller tries to do, for the message
 * @returns the caller's MSP id
 * @throws FORBIDDEN when the caller belongs to another MSP
 */
export function requireCaller(ctx: Context, mspId: string, action: string): string {
  return requireCallerIn(ctx, [mspId], `${action} (only ${mspId} may)`);
}
