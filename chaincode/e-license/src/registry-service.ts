import type { Context } from 'fabric-contract-api';
import {
  CODE_RULE,
  JsonObject,
  MSP_ID_RULE,
  callerMsp,
  invalidArgument,
  majorityOfOrgsPolicy,
  parseJson,
  preconditionFailed,
  readJson,
  requireCallerIn,
  requireString,
  txTimeIso,
  writeJson,
} from '@govchain/chaincode-common';
import { REGISTRY_KEY } from './keys';
import { LicenseType, LicenseTypeRegistry } from './models';

/** Most departments a registry can be governed by. */
export const MAX_GOVERNANCE_MSPS = 64;
/** Most licence types a registry can hold. */
export const MAX_LICENSE_TYPES = 500;

/**
 * @param ctx - transaction context
 * @returns the registry, or undefined before SeedLicenseTypes
 */
export async function readRegistry(ctx: Context): Promise<LicenseTypeRegistry | undefined> {
  return readJson(ctx, REGISTRY_KEY, (value) => LicenseTypeRegistry.from(value), 'licence-type registry');
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
 * Parses the licence types of SeedLicenseTypes: a JSON array of licence-type objects with distinct codes.
 *
 * @param json - JSON text
 * @returns the types, sorted by code
 * @throws INVALID_ARGUMENT when malformed
 */
export function parseLicenseTypes(json: string): LicenseType[] {
  const parsed = parseJson(json, 'types');
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > MAX_LICENSE_TYPES) {
    throw invalidArgument(`types must be a JSON array of 1 to ${MAX_LICENSE_TYPES} licence types`);
  }
  const types = (parsed as unknown[]).map((value, index) =>
    LicenseType.from(value, invalidArgument, `types[${index}]`),
  );
  const codes = types.map((type) => type.code);
  const duplicate = codes.find((code, index) => codes.indexOf(code) !== index);
  if (duplicate !== undefined) {
    throw invalidArgument(`types lists licence type ${duplicate} twice`);
  }
  return types.sort((a, b) => compareStrings(a.code, b.code));
}

/**
 * Parses one licence type (PutLicenseType).
 *
 * @param json - JSON text
 * @returns the type
 * @throws INVALID_ARGUMENT when malformed
 */
export function parseLicenseType(json: string): LicenseType {
  return LicenseType.from(parseJson(json, 'licence type'), invalidArgument, 'licence type');
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
 * @returns the registry (types sorted by code)
 */
export function stampRegistry(ctx: Context, governanceMsps: string[], types: LicenseType[]): LicenseTypeRegistry {
  const registry = new LicenseTypeRegistry();
  registry.governanceMsps = [...governanceMsps].sort();
  registry.types = [...types].sort((a, b) => compareStrings(a.code, b.code));
  registry.updatedAt = txTimeIso(ctx);
  registry.updatedByMsp = callerMsp(ctx);
  registry.txId = ctx.stub.getTxID();
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
