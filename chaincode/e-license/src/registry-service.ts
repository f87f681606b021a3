import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Context } from 'fabric-contract-api';
import {
  CODE_RULE,
  type FailureFactory,
  JsonObject,
  MSP_ID_RULE,
  callerMsp,
  canonicalJson,
  forbidden,
  invalidArgument,
  isJsonObject,
  loadGovernance,
  majorityOfOrgsPolicy,
  parseJson,
  preconditionFailed,
  readJson,
  requireCallerIn,
  requireString,
  txTimeIso,
  writeJson,
  storedRecord,
} from '@govchain/chaincode-common';
import { parseRecord } from '@govchain/protocol';
import { ROLE_NAME_RULE } from '@govchain/protocol/roles';
import { REGISTRY_KEY } from './keys';
import { LicenseType, LicenseTypeRegistry, MAX_GOVERNANCE_MSPS } from './models';

export { MAX_GOVERNANCE_MSPS };

/** Most licence types a registry can hold. */
export const MAX_LICENSE_TYPES = 500;

/**
 * @param ctx - transaction context
 * @returns the registry, or undefined before SeedLicenseTypes
 */
export async function readRegistry(ctx: Context): Promise<LicenseTypeRegistry | undefined> {
  return readJson(ctx, REGISTRY_KEY, storedRecord(LicenseTypeRegistry, 'registry'), 'licence-type registry');
}

/**
 * @param ctx - transaction context
 * @returns the registry
 * @throws PRECONDITION_FAILED before SeedLicenseTypes
 */
export async function requireRegistry(ctx: Context): Promise<LicenseTypeRegistry> {
  const registry = await readRegistry(ctx);
  if (registry === undefined) {
    throw preconditionFailed('licence-type registry is not seeded; call SeedLicenseTypes first');
  }
  return registry;
}

/**
 * Requires the caller to be one of the registry's governance departments.
 *
 * @param ctx - transaction context
 * @param registry - the registry
 * @param action - what the caller tries to do
 * @returns the caller's MSP id
 * @throws FORBIDDEN otherwise
 */
export function requireDepartment(ctx: Context, registry: LicenseTypeRegistry, action: string): string {
  return requireCallerIn(ctx, registry.governanceMsps, `${action} (not a department of the licence-type registry)`);
}

/**
 * Parses the governance department list: a JSON array of distinct MSP ids.
 *
 * @param json - JSON text
 * @returns the MSP ids, sorted
 * @throws INVALID_ARGUMENT when malformed
 */
export function parseGovernanceMsps(json: string): string[] {
  const parsed = parseJson(json, 'governanceMsps');
  const holder = JsonObject.from({ governanceMsps: parsed }, 'arguments');
  return holder
    .stringArray('governanceMsps', MSP_ID_RULE, { unique: true, minItems: 1, maxItems: MAX_GOVERNANCE_MSPS })
    .sort();
}

/**
 * The licence types shipped in this package, which every department approved
 * with it (`seed/license-types.json`, beside `dist/` in the package directory).
 * Each names its issuer by role (`issuerRole`), never by MSP id: the
 * department holding that role in the endorser's governance file (the
 * topology's department `roles`) is the type's `issuerMsp` in the registry.
 */
export const SEED_TYPES_FILE = path.join(__dirname, '..', 'seed', 'license-types.json');

/** Roles by name, each with the departments holding it (the governance file's `roles`). */
export type GovernanceRoles = Readonly<Record<string, readonly string[]>>;

/**
 * Reads the package's licence-type seed, a JSON array of licence types with
 * distinct codes, and gives each type the department holding its issuer role.
 * A type whose role no department holds is left out (the channel has no
 * issuer for it; a majority can add it later with PutLicenseType); a role
 * held by more than one department is refused, since a type has one issuer.
 *
 * @param file - the seed file (default {@link SEED_TYPES_FILE})
 * @param roles - the governance file's roles (default: this endorser's)
 * @returns the types with an issuer, sorted by code
 * @throws PRECONDITION_FAILED when this endorser's package has no readable, well-formed seed, or its
 *   governance file gives an issuer role to several departments, or to none for every type
 */
export function loadSeedTypes(
  file = SEED_TYPES_FILE,
  roles: GovernanceRoles = loadGovernance().roles ?? {},
): LicenseType[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw preconditionFailed(`this endorser cannot read its licence-type seed: ${(err as Error).message}`);
  }
  const parsed = parseJson(text, 'the licence-type seed', preconditionFailed);
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > MAX_LICENSE_TYPES) {
    throw preconditionFailed(`the licence-type seed must be a JSON array of 1 to ${MAX_LICENSE_TYPES} licence types`);
  }
  const types = (parsed as unknown[]).flatMap((value, index) => {
    const what = `the licence-type seed [${index}]`;
    const issuerMsp = seedIssuer(value, what, roles);
    if (issuerMsp === undefined) return [];
    const type: Record<string, unknown> = { ...(value as Record<string, unknown>), issuerMsp };
    delete type.issuerRole;
    return [checkLicenseType(type, what, preconditionFailed)];
  });
  if (types.length === 0) {
    throw preconditionFailed(
      "this endorser's governance file gives no department the issuer role of any licence type of the seed",
    );
  }
  const codes = types.map((type) => type.code);
  const duplicate = codes.find((code, index) => codes.indexOf(code) !== index);
  if (duplicate !== undefined) {
    throw preconditionFailed(`the licence-type seed lists licence type ${duplicate} twice`);
  }
  requireDisjointIdPrefixes(types, preconditionFailed, 'the licence-type seed');
  return types.sort((a, b) => compareStrings(a.code, b.code));
}

/**
 * @param value - one entry of the seed
 * @param what - its name in messages
 * @param roles - the governance file's roles
 * @returns the department holding the entry's issuer role, or undefined when none does
 * @throws PRECONDITION_FAILED when the entry names an MSP id or no well-formed role, or several hold the role
 */
function seedIssuer(value: unknown, what: string, roles: GovernanceRoles): string | undefined {
  if (!isJsonObject(value)) throw preconditionFailed(`${what} must be a JSON object`);
  if ('issuerMsp' in value) {
    throw preconditionFailed(`${what} names its issuer by MSP id; the seed names it by role (issuerRole)`);
  }
  const role = requireString(value.issuerRole, `${what}.issuerRole`, ROLE_NAME_RULE, preconditionFailed);
  const holders = Object.hasOwn(roles, role) ? (roles[role] ?? []) : [];
  if (holders.length > 1) {
    throw preconditionFailed(
      `this endorser's governance file gives the issuer role ${role} to ${holders.join(', ')}; a licence type has one issuer`,
    );
  }
  return holders[0];
}

/**
 * Requires the id prefixes types reserve to be disjoint: no prefix is the
 * start of another's, so an id belongs to at most one type's range.
 *
 * @param types - the types
 * @param fail - error factory
 * @param what - the types' name in the message
 * @throws the factory's error naming the two types
 */
export function requireDisjointIdPrefixes(types: readonly LicenseType[], fail: FailureFactory, what: string): void {
  const reserving = types.filter((type) => type.idPrefix !== undefined);
  for (const a of reserving) {
    const b = reserving.find((other) => other !== a && (other.idPrefix ?? '').startsWith(a.idPrefix ?? ''));
    if (b !== undefined) {
      throw fail(
        `${what}: the id prefix ${b.idPrefix ?? ''} of licence type ${b.code} overlaps ${a.idPrefix ?? ''} of licence type ${a.code}`,
      );
    }
  }
}

/**
 * Requires a new licence's id to lie in its type's range: starting with the
 * type's reserved prefix, or, for a type that reserves none, with no prefix
 * another type reserves. So no issuer can take an id another department's
 * process will need (the next real-estate certificate, `REC-…`).
 *
 * @param registry - the registry
 * @param type - the new licence's type
 * @param licenceId - its id
 * @throws INVALID_ARGUMENT when the id lacks the type's prefix; FORBIDDEN when it is in another type's range
 */
export function requireIdInTypeRange(registry: LicenseTypeRegistry, type: LicenseType, licenceId: string): void {
  if (type.idPrefix !== undefined) {
    if (!licenceId.startsWith(type.idPrefix)) {
      throw invalidArgument(`licence.id must start with ${type.idPrefix}, the id prefix of licence type ${type.code}`);
    }
    return;
  }
  const owner = registry.types.find((other) => other.idPrefix !== undefined && licenceId.startsWith(other.idPrefix));
  if (owner !== undefined) {
    throw forbidden(
      `licence id ${licenceId} is in the range ${owner.idPrefix ?? ''} reserved for licence type ${owner.code}`,
    );
  }
}

/**
 * What differs between the stored registry and what this endorser would seed.
 * The departments must be the same. The types must be the package's while the
 * registry is as seeded; once a majority of the departments has changed it
 * (PutLicenseType, SetGovernanceMsps), its types are theirs to decide.
 *
 * @param stored - the stored registry
 * @param governanceMsps - this endorser's departments (sorted)
 * @param types - this endorser's seed types (sorted)
 * @returns the differences, named; empty when there are none
 */
export function registryDifferences(
  stored: LicenseTypeRegistry,
  governanceMsps: readonly string[],
  types: readonly LicenseType[],
): string[] {
  const differences: string[] = [];
  const missing = governanceMsps.filter((msp) => !stored.governanceMsps.includes(msp));
  const extra = stored.governanceMsps.filter((msp) => !governanceMsps.includes(msp));
  if (missing.length > 0) differences.push(`governanceMsps lacks ${missing.join(', ')}`);
  if (extra.length > 0) differences.push(`governanceMsps also names ${extra.join(', ')}`);
  if (stored.txId !== stored.seededTxId) {
    return differences;
  }
  for (const type of types) {
    const held = stored.find(type.code);
    if (held === undefined) {
      differences.push(`licence type ${type.code} is missing`);
    } else if (canonicalJson(held) !== canonicalJson(type)) {
      const fields = (Object.keys(type) as (keyof LicenseType)[]).filter(
        (field) => canonicalJson({ value: held[field] }) !== canonicalJson({ value: type[field] }),
      );
      differences.push(`licence type ${type.code} differs in ${fields.join(', ')}`);
    }
  }
  for (const held of stored.types) {
    if (!types.some((type) => type.code === held.code)) {
      differences.push(`licence type ${held.code} is not among the types this endorser would seed`);
    }
  }
  return differences;
}

/**
 * Parses one licence type (PutLicenseType).
 *
 * @param json - JSON text
 * @returns the type
 * @throws INVALID_ARGUMENT when malformed
 */
export function parseLicenseType(json: string): LicenseType {
  return checkLicenseType(parseJson(json, 'licence type'), 'licence type', invalidArgument);
}

/**
 * @param value - parsed JSON of one licence type
 * @param what - its name in messages
 * @param fail - error factory
 * @returns the type, its metadata field lists sorted
 * @throws `fail`'s error when malformed or a field is both required and optional
 */
function checkLicenseType(value: unknown, what: string, fail: FailureFactory): LicenseType {
  const type = parseRecord(LicenseType, value, what, fail);
  type.requiredMetadata.sort();
  type.optionalMetadata.sort();
  const both = type.requiredMetadata.find((field) => type.optionalMetadata.includes(field));
  if (both !== undefined) {
    throw fail(`${what}: metadata field ${both} is listed as both required and optional`);
  }
  return type;
}

/**
 * Looks up a type named in an argument.
 *
 * @param registry - the registry
 * @param code - licence-type code from the caller
 * @returns the type
 * @throws INVALID_ARGUMENT when the registry has no such type
 */
export function requireKnownType(registry: LicenseTypeRegistry, code: string): LicenseType {
  const type = registry.find(code);
  if (type === undefined) {
    throw invalidArgument(`unknown licence type ${code}`);
  }
  return type;
}

/**
 * Builds a new registry value stamped with the transaction.
 *
 * @param ctx - transaction context
 * @param governanceMsps - governance departments
 * @param types - licence types
 * @param seededTxId - the seeding transaction (this one when seeding)
 * @returns the registry (types sorted by code)
 */
export function stampRegistry(
  ctx: Context,
  governanceMsps: readonly string[],
  types: readonly LicenseType[],
  seededTxId: string,
): LicenseTypeRegistry {
  const registry = new LicenseTypeRegistry();
  registry.governanceMsps = [...governanceMsps].sort();
  registry.types = [...types].sort((a, b) => compareStrings(a.code, b.code));
  registry.updatedAt = txTimeIso(ctx);
  registry.updatedByMsp = callerMsp(ctx);
  registry.txId = ctx.stub.getTxID();
  registry.seededTxId = seededTxId;
  return registry;
}

/**
 * Writes the registry and, when asked, (re)sets its key-level endorsement
 * policy: a majority of the governance departments' peers.
 *
 * @param ctx - transaction context
 * @param registry - the registry to write
 * @param setPolicy - whether the governance list is new or changed
 */
export async function writeRegistry(ctx: Context, registry: LicenseTypeRegistry, setPolicy: boolean): Promise<void> {
  await writeJson(ctx, REGISTRY_KEY, registry);
  if (setPolicy) {
    await ctx.stub.setStateValidationParameter(REGISTRY_KEY, majorityOfOrgsPolicy(registry.governanceMsps));
  }
}

/**
 * Checks a licence-type code argument.
 *
 * @param code - the argument
 * @returns the code
 */
export function requireTypeCode(code: string): string {
  return requireString(code, 'licence type code', CODE_RULE);
}

/**
 * Code-unit string comparison (the order used everywhere data is written).
 *
 * @param a - first string
 * @param b - second string
 * @returns negative, zero or positive
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
