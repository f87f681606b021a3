import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Context } from 'fabric-contract-api';
import {
  type FailureFactory,
  type Governance,
  JsonObject,
  MSP_ID_RULE,
  callerMsp,
  conflict,
  forbidden,
  loadGovernance,
  majorityOfOrgsPolicy,
  ownerAndOtherPolicy,
  parseJson,
  preconditionFailed,
  readJson,
  requireCallerIn,
  txTimeIso,
  writeJson,
  storedRecord,
} from '@govchain/chaincode-common';
import { CONFIG_KEY } from './keys';
import {
  MAX_REVEAL_WINDOW_SECONDS,
  MIN_REVEAL_WINDOW_FLOOR_SECONDS,
  TradingConfig,
} from '@govchain/protocol/bid-record';

/** Most MSPs a role list may hold. */
export const MAX_ROLE_MSPS = 64;

/** Endorsement role of the key-level policies this chaincode sets. */
export const ENDORSER_ROLE = 'PEER';

/** Where the approved package keeps its seed files (`dist/../seed`, also from the compiled code). */
export const SEED_DIR = path.join(__dirname, '..', 'seed');

/** The values of the configuration that governance decides (everything but the stamp). */
export interface ConfigValues {
  readonly departmentMsps: readonly string[];
  readonly tradingCentreMsps: readonly string[];
  readonly regulatorMsps: readonly string[];
  readonly bidderKeyAuthorityMsps: readonly string[];
  readonly minRevealWindowSeconds: number;
}

/** What the package's seed files say (the departments come from the governance file). */
export type PackageSeed = Omit<ConfigValues, 'departmentMsps'>;

const seedFailure: FailureFactory = (detail) => preconditionFailed(`this endorser's bid-record seed: ${detail}`);

function readSeedFile(dir: string, name: string): unknown {
  let text: string;
  try {
    text = readFileSync(path.join(dir, name), 'utf8');
  } catch (err) {
    throw seedFailure(`cannot read ${name}: ${(err as Error).message}`);
  }
  return parseJson(text, name, seedFailure);
}

function mspList(value: unknown, what: string, minItems: number): string[] {
  const holder = JsonObject.from({ [what]: value }, 'seed', seedFailure);
  return holder.stringArray(what, MSP_ID_RULE, { unique: true, minItems, maxItems: MAX_ROLE_MSPS }).sort();
}

/**
 * Reads the role lists and bidding rules from the package every department
 * approved: `seed/trading-centres.json` and `seed/regulators.json` (JSON arrays
 * of MSP ids) and `seed/bidding-rules.json` (`{ bidderKeyAuthorityMsps,
 * minRevealWindowSeconds }`).
 *
 * @param dir - the seed directory (default: the package's own)
 * @returns the seed, lists sorted
 * @throws PRECONDITION_FAILED when a file is missing or malformed (a broken installation, not a caller's fault)
 */
export function loadPackageSeed(dir: string = SEED_DIR): PackageSeed {
  const rules = JsonObject.from(readSeedFile(dir, 'bidding-rules.json'), 'bidding-rules.json', seedFailure).allowOnly([
    'bidderKeyAuthorityMsps',
    'minRevealWindowSeconds',
  ]);
  return {
    tradingCentreMsps: mspList(readSeedFile(dir, 'trading-centres.json'), 'tradingCentreMsps', 1),
    regulatorMsps: mspList(readSeedFile(dir, 'regulators.json'), 'regulatorMsps', 0),
    bidderKeyAuthorityMsps: mspList(rules.raw('bidderKeyAuthorityMsps'), 'bidderKeyAuthorityMsps', 1),
    minRevealWindowSeconds: rules.integer(
      'minRevealWindowSeconds',
      MIN_REVEAL_WINDOW_FLOOR_SECONDS,
      MAX_REVEAL_WINDOW_SECONDS,
    ),
  };
}

/**
 * The configuration this endorser would write: the departments from the
 * consortium's governance file, everything else from the package's seed files.
 *
 * @param governance - the governance data (default: {@link loadGovernance})
 * @param seed - the package seed (default: {@link loadPackageSeed})
 * @returns the values
 * @throws PRECONDITION_FAILED when either source is missing or malformed
 */
export function governedConfig(
  governance: Governance = loadGovernance(),
  seed: PackageSeed = loadPackageSeed(),
): ConfigValues {
  return { departmentMsps: [...governance.departmentMsps].sort(), ...seed };
}

function listDifference(name: string, stored: readonly string[], expected: readonly string[]): string | undefined {
  const missing = expected.filter((msp) => !stored.includes(msp));
  const extra = stored.filter((msp) => !expected.includes(msp));
  if (missing.length === 0 && extra.length === 0) {
    return undefined;
  }
  const parts = [
    ...(missing.length === 0 ? [] : [`lacks ${missing.join(', ')}`]),
    ...(extra.length === 0 ? [] : [`has ${extra.join(', ')} in addition`]),
  ];
  return `${name} ${parts.join(' and ')}`;
}

/**
 * Names how a stored configuration differs from what this endorser would write.
 *
 * @param stored - the configuration on the ledger
 * @param expected - this endorser's configuration
 * @returns one phrase per difference (empty when they agree), e.g. `departmentMsps lacks TaxMSP`
 */
export function configDifferences(stored: ConfigValues, expected: ConfigValues): string[] {
  const lists = (['departmentMsps', 'tradingCentreMsps', 'regulatorMsps', 'bidderKeyAuthorityMsps'] as const).map(
    (name) => listDifference(name, stored[name], expected[name]),
  );
  const window =
    stored.minRevealWindowSeconds === expected.minRevealWindowSeconds
      ? undefined
      : `minRevealWindowSeconds is ${stored.minRevealWindowSeconds}, not ${expected.minRevealWindowSeconds}`;
  return [...lists, window].filter((difference): difference is string => difference !== undefined);
}

/**
 * @param ctx - transaction context
 * @returns the configuration, or undefined before SeedConfig
 */
export async function readConfig(ctx: Context): Promise<TradingConfig | undefined> {
  return readJson(ctx, CONFIG_KEY, storedRecord(TradingConfig, 'bid-record configuration'), 'bid-record configuration');
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
 * @param values - the governed values
 * @returns the configuration
 */
export function stampConfig(ctx: Context, values: ConfigValues): TradingConfig {
  const config = new TradingConfig();
  config.departmentMsps = [...values.departmentMsps];
  config.tradingCentreMsps = [...values.tradingCentreMsps];
  config.regulatorMsps = [...values.regulatorMsps];
  config.bidderKeyAuthorityMsps = [...values.bidderKeyAuthorityMsps];
  config.minRevealWindowSeconds = values.minRevealWindowSeconds;
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
  await ctx.stub.setStateValidationParameter(CONFIG_KEY, majorityOfOrgsPolicy(config.departmentMsps, ENDORSER_ROLE));
}

/** Outcome of {@link seedConfig} and {@link updateConfig}. */
export interface ConfigOutcome {
  /** Whether this call wrote the configuration. */
  readonly written: boolean;
  readonly config: TradingConfig;
}

/**
 * SeedConfig: writes this endorser's governed configuration when none is
 * stored; when one is stored, writes nothing and checks that it agrees.
 *
 * @param ctx - transaction context
 * @param values - this endorser's governed configuration
 * @returns whether it was written, and the configuration
 * @throws FORBIDDEN when the caller is not one of the governed departments
 * @throws CONFLICT naming the differences when the stored configuration differs
 */
export async function seedConfig(ctx: Context, values: ConfigValues): Promise<ConfigOutcome> {
  requireCallerIn(ctx, values.departmentMsps, 'configure bid-record (not in the governed departments)');
  const stored = await readConfig(ctx);
  if (stored !== undefined) {
    const differences = configDifferences(stored, values);
    if (differences.length > 0) {
      throw conflict(
        `stored bid-record configuration differs from this endorser's governance: ${differences.slice(0, 3).join('; ')}`,
      );
    }
    return { written: false, config: stored };
  }
  const config = stampConfig(ctx, values);
  await writeConfig(ctx, config);
  return { written: true, config };
}

/**
 * UpdateConfig: brings the stored configuration to this endorser's governed
 * configuration (after the governance file or the package changed). Every
 * endorser writes what its own files say, so the change commits only when a
 * majority of the current departments agree on it.
 *
 * @param ctx - transaction context
 * @param values - this endorser's governed configuration
 * @returns whether it was written, and the configuration
 * @throws PRECONDITION_FAILED before SeedConfig
 * @throws FORBIDDEN when the caller is not a current department
 */
export async function updateConfig(ctx: Context, values: ConfigValues): Promise<ConfigOutcome> {
  const current = await requireConfig(ctx);
  requireDepartment(ctx, current, 'change the bid-record configuration');
  if (configDifferences(current, values).length === 0) {
    return { written: false, config: current };
  }
  const config = stampConfig(ctx, values);
  await writeConfig(ctx, config);
  return { written: true, config };
}

/**
 * The key-level policy of a record one department answers for: that
 * department and one other department of the configuration.
 *
 * @param config - the configuration
 * @param owner - the owning department
 * @returns the policy bytes
 */
export function ownedPolicy(config: TradingConfig, owner: string): Uint8Array {
  return ownerAndOtherPolicy(owner, config.departmentMsps, ENDORSER_ROLE);
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

/**
 * Refuses a caller that is not a bidder key authority.
 *
 * @param ctx - transaction context
 * @param config - the configuration
 * @param action - what the caller tries to do
 * @returns the caller's MSP
 * @throws FORBIDDEN unless the caller is a bidder key authority
 */
export function requireKeyAuthority(ctx: Context, config: TradingConfig, action: string): string {
  const caller = callerMsp(ctx);
  if (!config.bidderKeyAuthorityMsps.includes(caller)) {
    throw forbidden(
      `${caller} may not ${action} (only the bidder key authorities ${config.bidderKeyAuthorityMsps.join(', ')} may)`,
    );
  }
  return caller;
}
