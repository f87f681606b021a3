import type { Context } from 'fabric-contract-api';
import {
  JsonObject,
  MSP_ID_RULE,
  callerMsp,
  majorityOfOrgsPolicy,
  parseJson,
  preconditionFailed,
  readJson,
  requireCallerIn,
  txTimeIso,
  writeJson,
} from '@govchain/chaincode-common';
import { CONFIG_KEY } from './keys';
import { TradingConfig } from './models';

/** Most MSPs a role list may hold. */
export const MAX_ROLE_MSPS = 64;

/**
 * Parses one role list argument: a JSON array of distinct MSP ids.
 *
 * @param json - JSON text
 * @param what - argument name
 * @param minItems - least number of entries
 * @returns the MSP ids, sorted
 * @throws INVALID_ARGUMENT when malformed
 */
export function parseMspList(json: string, what: string, minItems: number): string[] {
  const holder = JsonObject.from({ [what]: parseJson(json, what) }, 'arguments');
  return holder.stringArray(what, MSP_ID_RULE, { unique: true, minItems, maxItems: MAX_ROLE_MSPS }).sort();
}

/** The three role lists of SeedConfig / UpdateConfig. */
export interface RoleLists {
  readonly departmentMsps: string[];
  readonly tradingCentreMsps: string[];
  readonly regulatorMsps: string[];
}

/**
 * Parses the role lists.
 *
 * @param departmentsJson - every department on the channel
 * @param tradingCentresJson - trading centres
 * @param regulatorsJson - regulators (may be empty)
 * @returns the lists
 * @throws INVALID_ARGUMENT when malformed
 */
export function parseRoleLists(departmentsJson: string, tradingCentresJson: string, regulatorsJson: string): RoleLists {
  return {
    departmentMsps: parseMspList(departmentsJson, 'departmentMsps', 1),
    tradingCentreMsps: parseMspList(tradingCentresJson, 'tradingCentreMsps', 1),
    regulatorMsps: parseMspList(regulatorsJson, 'regulatorMsps', 0),
  };
}

/**
 * @param ctx - transaction context
 * @returns the configuration, or undefined before SeedConfig
 */
export async function readConfig(ctx: Context): Promise<TradingConfig | undefined> {
  return readJson(ctx, CONFIG_KEY, (value) => TradingConfig.from(value), 'bid-record configuration');
}

/**
 * @param ctx - transaction context
 * @returns the configuration
 * @throws PRECONDITION_FAILED before SeedConfig
 */
export async function requireConfig(ctx: Context): Promise<TradingConfig> {
  const config = await readConfig(ctx);
  if (config === undefined) {
    throw preconditionFailed('bid-record is not configured; call SeedConfig first');
  }
  return config;
}

/**
 * Builds a configuration stamped with the transaction.
 *
 * @param ctx - transaction context
 * @param lists - the role lists
 * @returns the configuration
 */
export function stampConfig(ctx: Context, lists: RoleLists): TradingConfig {
  const config = new TradingConfig();
  config.departmentMsps = [...lists.departmentMsps];
  config.tradingCentreMsps = [...lists.tradingCentreMsps];
  config.regulatorMsps = [...lists.regulatorMsps];
  config.updatedAt = txTimeIso(ctx);
  config.updatedByMsp = callerMsp(ctx);
  config.txId = ctx.stub.getTxID();
  return config;
}

/**
 * Writes the configuration and sets its key-level policy: a majority of the departments' peers.
 *
 * @param ctx - transaction context
 * @param config - the configuration
 */
export async function writeConfig(ctx: Context, config: TradingConfig): Promise<void> {
  await writeJson(ctx, CONFIG_KEY, config);
  await ctx.stub.setStateValidationParameter(CONFIG_KEY, majorityOfOrgsPolicy(config.departmentMsps));
}

/**
 * @param ctx - transaction context
 * @param config - the configuration
 * @param action - what the caller tries to do
 * @returns the caller's MSP
 * @throws FORBIDDEN unless the caller is a trading centre
 */
export function requireTradingCentre(ctx: Context, config: TradingConfig, action: string): string {
  return requireCallerIn(ctx, config.tradingCentreMsps, `${action} (not a trading centre)`);
}

/**
 * @param ctx - transaction context
 * @param config - the configuration
 * @param action - what the caller tries to do
 * @returns the caller's MSP
 * @throws FORBIDDEN unless the caller is a trading centre or a regulator
 */
export function requireCentreOrRegulator(ctx: Context, config: TradingConfig, action: string): string {
  return requireCallerIn(
    ctx,
    [...config.tradingCentreMsps, ...config.regulatorMsps],
    `${action} (neither a trading centre nor a regulator)`,
  );
}

/**
 * @param ctx - transaction context
 * @param config - the configuration
 * @param action - what the caller tries to do
 * @returns the caller's MSP
 * @throws FORBIDDEN unless the caller is a department of the channel
 */
export function requireDepartment(ctx: Context, config: TradingConfig, action: string): string {
  return requireCallerIn(ctx, config.departmentMsps, `${action} (not a department of bid-record)`);
}
