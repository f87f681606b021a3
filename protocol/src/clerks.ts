/**
 * Clerk roles: what one person (or system) of a department may do, as opposed to what the department may do.
 *
 * A department's registrar enrols each clerk at the department's Fabric CA with the attribute
 * {@link CLERK_ROLE_ATTRIBUTE} in the enrolment certificate: one role or several, comma-separated (e.g.
 * `issuer` or `issuer,auditor`). Every transaction names the clerk roles that may call it
 * (`TransactionDescriptor.clerkRoles`); the chaincodes check the caller's certificate against that on every
 * endorser, so a department's other, honest endorsers refuse a clerk acting outside their role even when
 * the clerk's own department runs modified chaincode. The department's rights (which department issues which
 * licence type, whose step a transfer waits on) are checked as before, on top.
 *
 * A department administrator (NodeOU `admin`) holds every clerk role and is the only one who may run
 * governance transactions ({@link ADMIN_ONLY}). An identity with no role attribute holds none.
 */

import type { StringRule } from './rules';

/** The enrolment-certificate attribute that carries a clerk's roles (Fabric CA `--id.attrs`, `ecert`). */
export const CLERK_ROLE_ATTRIBUTE = 'govchain.role';

/** Every clerk role, with what it is for. */
export const CLERK_ROLE_DUTIES = {
  issuer: 'issues, renews, replaces, suspends, reinstates and revokes its department’s licences',
  examiner: 'registers property units and records its department’s step of a transfer',
  attester: 'attests a person or company at the counter: holder and bidder keys, consents',
  tenderOfficer: 'runs a trading centre’s tenders: projects, bids, opening, publicity, award, guarantees',
  evaluator: 'records the evaluation of bids',
  supervisor: 'records violations, blacklists bidders and lifts blacklistings',
  auditor: 'reads only: evaluates queries, submits nothing',
} as const;

/** A clerk role. */
export type ClerkRole = keyof typeof CLERK_ROLE_DUTIES;

/** Every clerk role, in a fixed order. */
export const CLERK_ROLES: readonly ClerkRole[] = Object.freeze(Object.keys(CLERK_ROLE_DUTIES) as ClerkRole[]);

/** A clerk role, as a string rule (topology files, connection profiles, the CLI). */
export const CLERK_ROLE_RULE: StringRule = {
  maxLength: 32,
  pattern: new RegExp(`^(?:${CLERK_ROLES.join('|')})$`),
  patternHint: `a clerk role: ${CLERK_ROLES.join(', ')}`,
};

/** Who may call a transaction: a department administrator only, or a clerk holding one of the roles. */
export type ClerkAccess = typeof ADMIN_ONLY | readonly ClerkRole[];

/** Governance transactions: only a department administrator (NodeOU `admin`). */
export const ADMIN_ONLY = 'admin';

/** Every role: what queries (evaluated transactions) allow. */
export const ANY_CLERK: readonly ClerkRole[] = CLERK_ROLES;

/**
 * @param value - a role name
 * @returns whether it is a clerk role
 */
export function isClerkRole(value: string): value is ClerkRole {
  return Object.prototype.hasOwnProperty.call(CLERK_ROLE_DUTIES, value);
}

/**
 * Reads the roles of an attribute value.
 *
 * @param value - the attribute's value (`issuer,auditor`), or undefined when the certificate has none
 * @returns the clerk roles it names, sorted by {@link CLERK_ROLES} order, and the names that are not clerk roles
 */
export function parseClerkRoles(value: string | undefined | null): {
  readonly roles: readonly ClerkRole[];
  readonly unknown: readonly string[];
} {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return {
    roles: CLERK_ROLES.filter((role) => names.includes(role)),
    unknown: [...new Set(names.filter((name) => !isClerkRole(name)))],
  };
}

/**
 * @param access - who may call a transaction
 * @param held - the roles the caller holds
 * @param admin - whether the caller is a department administrator
 * @returns undefined when allowed; otherwise what is missing, e.g. `role issuer` or `role tenderOfficer or
 * supervisor` or `a department administrator`
 */
export function missingClerkRole(access: ClerkAccess, held: readonly ClerkRole[], admin: boolean): string | undefined {
  if (access !== ADMIN_ONLY && access.length === 0) return 'a transaction no role may call';
  if (admin) return undefined;
  if (access === ADMIN_ONLY) return 'a department administrator';
  if (access.some((role) => held.includes(role))) return undefined;
  return `role ${access.join(' or ')}`;
}
