import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GOVERNANCE_FILE_ENV } from '@govchain/chaincode-common';

/**
 * Unit tests run as an endorser with a governance file (`GOVCHAIN_GOVERNANCE_FILE`, see
 * chaincode/common/src/trust.ts), as network:up installs it beside every chaincode server.
 */

const DIR = mkdtempSync(path.join(tmpdir(), 'govchain-unit-governance-'));
let files = 0;

/**
 * Writes a governance file listing the departments.
 *
 * @param departments - the departments
 * @returns its path
 */
export function governanceFile(departments: readonly string[]): string {
  files += 1;
  const file = path.join(DIR, `governance-${files}.json`);
  writeFileSync(file, JSON.stringify({ departmentMsps: departments }));
  return file;
}

/**
 * Runs a call with the endorser's governance file naming the given departments, and restores the
 * environment afterwards.
 *
 * @param departments - the departments of the governance file, or undefined for no file at all
 * @param call - the call (e.g. a seeding transaction)
 * @returns its result
 */
export async function withGovernance<T>(
  departments: readonly string[] | undefined,
  call: () => Promise<T>,
): Promise<T> {
  const saved = process.env[GOVERNANCE_FILE_ENV];
  if (departments === undefined) {
    Reflect.deleteProperty(process.env, GOVERNANCE_FILE_ENV);
  } else {
    process.env[GOVERNANCE_FILE_ENV] = governanceFile(departments);
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
