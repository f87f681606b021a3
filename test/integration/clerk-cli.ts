/**
 * Clerks for the integration tests, made the way a department's registrar makes them: through the
 * `govchain identity` commands, into the department's wallet beside the profiles.
 */
import { expect } from 'chai';
import { govchainCli, uniqueId } from './support';

/**
 * Runs `govchain --as <department> --json …`, failing the test on a non-zero exit.
 *
 * @param kind - what the command prints (`{ "<kind>": … }`): identity, identities, revocation
 * @returns that record
 */
export async function govchainJson(
  department: string,
  kind: string,
  ...args: string[]
): Promise<Record<string, unknown>> {
  const run = await govchainCli('--as', department, '--json', ...args);
  expect(run.code, `govchain ${args.join(' ')}: ${run.stderr}`).to.equal(0);
  const printed = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;
  expect(printed, run.stdout).to.have.property(kind);
  return printed[kind]!;
}

/** Registers and enrols a clerk of the department with one role; returns its name. */
export async function enrolledClerk(department: string, role: string): Promise<string> {
  const name = uniqueId(`clerk-${role.toLowerCase()}`);
  const registered = await govchainJson(department, 'identity', 'identity', 'register', name, '--role', role);
  expect(registered).to.include({ name });
  const enrolled = await govchainJson(
    department,
    'identity',
    'identity',
    'enrol',
    name,
    '--secret',
    String(registered.secret),
  );
  expect(enrolled.roles).to.deep.equal([role]);
  return name;
}
