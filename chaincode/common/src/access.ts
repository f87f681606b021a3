import { X509Certificate } from 'node:crypto';
import type { Context } from 'fabric-contract-api';
import {
  CLERK_ROLE_ATTRIBUTE,
  type ClerkAccess,
  type ClerkRole,
  missingClerkRole,
  parseClerkRoles,
} from '@govchain/protocol';
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

/** What a caller may do as a person of its department. */
export interface CallerClerk {
  /** The clerk roles its enrolment certificate carries ({@link CLERK_ROLE_ATTRIBUTE}). */
  readonly roles: readonly ClerkRole[];
  /** Whether it is a department administrator (NodeOU `admin`), who holds every role. */
  readonly admin: boolean;
}

/** @returns the clerk roles the caller's enrolment certificate carries ({@link CLERK_ROLE_ATTRIBUTE}) */
function callerRoles(ctx: Context): readonly ClerkRole[] {
  return parseClerkRoles(ctx.clientIdentity.getAttributeValue(CLERK_ROLE_ATTRIBUTE)).roles;
}

/**
 * @returns whether the caller is a department administrator (NodeOU `admin`). The peer's MSP has already
 * validated the certificate and its NodeOU against the channel's MSP configuration; parsing it costs about
 * 0.1 ms, so it is read only when asked.
 */
function callerIsAdmin(ctx: Context): boolean {
  try {
    // node:crypto prints the subject one attribute per line, escaping control characters in values.
    return new X509Certificate(Buffer.from(ctx.clientIdentity.getIDBytes())).subject.split('\n').includes('OU=admin');
  } catch {
    return false;
  }
}

/**
 * @param ctx - transaction context
 * @returns the caller's clerk roles and whether it is a department administrator
 */
export function callerClerk(ctx: Context): CallerClerk {
  return { roles: callerRoles(ctx), admin: callerIsAdmin(ctx) };
}

/**
 * Requires the caller to hold one of the clerk roles a transaction allows (or to be a department
 * administrator).
 *
 * @param ctx - transaction context
 * @param access - who may call the transaction
 * @param transaction - the transaction's name, for the message
 * @throws FORBIDDEN naming the missing role, e.g. `TaxMSP identity may not call RecordTaxAssessment: it needs
 * role examiner (it holds auditor)`
 */
export function requireClerkAccess(ctx: Context, access: ClerkAccess, transaction: string): void {
  const roles = callerRoles(ctx);
  // Most calls come from a clerk whose roles allow them: the certificate is parsed only when they do not.
  const missing =
    missingClerkRole(access, roles, false) === undefined
      ? undefined
      : missingClerkRole(access, roles, callerIsAdmin(ctx));
  if (missing !== undefined) {
    const held = roles.length === 0 ? `no ${CLERK_ROLE_ATTRIBUTE}` : roles.join(', ');
    throw forbidden(`${callerMsp(ctx)} identity may not call ${transaction}: it needs ${missing} (it holds ${held})`);
  }
}
