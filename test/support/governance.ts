import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GOVERNANCE_FILE_ENV } from '@govchain/chaincode-common';
import { UNIT_GOVERNANCE_ROLES } from './env';

/** Roles by name: the departments holding each. */
export type GovernanceRoles = Readonly<Record<string, readonly string[]>>;

/**
 * Unit tests run as an endorser with a governance file (`GOVCHAIN_GOVERNANCE_FILE`, see
 * chaincode/common/src/trust.ts), as network:up installs it beside every chaincode server.
 */

const DIR = mkdtempSync(path.join(tmpdir(), 'govchain-unit-governance-'));
let files = 0;

/**
 * @param departments - the departments of a governance file
 * @returns the default topology's roles, each cut down to those of the departments (a role none of them
 * holds left out)
 */
export function defaultRolesOf(departments: readonly string[]): GovernanceRoles {
  return Object.fromEntries(
    Object.entries(UNIT_GOVERNANCE_ROLES)
      .map(([role, msps]) => [role, msps.filter((msp) => departments.includes(msp))] as const)
      .filter(([, msps]) => msps.length > 0),
  );
}

/**
 * Writes a governance file listing the departments and their roles.
 *
 * @param departments - the departments
 * @param roles - the roles (default: the default topology's, cut down to the departments)
 * @returns its path
 */
export function governanceFile(
  departments: readonly string[],
  roles: GovernanceRoles = defaultRolesOf(departments),
): string {
  files += 1;
  const file = path.join(DIR, `governance-${files}.json`);
  writeFileSync(file, JSON.stringify({ departmentMsps: departments, roles }));
  return file;
}

/**
 * Runs a call with the endorser's governance file naming the given departments, and restores the
 * environment afterwards.
 *
 * @param departments - the departments of the governance file, or undefined for no file at all
 * @param call - the call (e.g. a seeding transaction)
 * @param roles - the file's roles (default: the default topology's, cut down to the departments)
 * @returns its result
 */
export async function withGovernance<T>(
  departments: readonly string[] | undefined,
  call: () => Promise<T>,
  roles?: GovernanceRoles,
): Promise<T> {
  const saved = process.env[GOVERNANCE_FILE_ENV];
  if (departments === undefined) {
    Reflect.deleteProperty(process.env, GOVERNANCE_FILE_ENV);
  } else {
    process.env[GOVERNANCE_FILE_ENV] = governanceFile(departments, roles);
  }
  try {
    return await call();
  } finally {
    if (saved === undefined) {
      Reflect.deleteProperty(process.env, GOVERNANCE_FILE_ENV);
    } else {
      process.env[GOVERNANCE_FILE_ENV] = saved;
    }
  }
}
