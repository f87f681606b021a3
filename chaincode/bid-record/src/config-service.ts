/**
 * bid-record's configuration on the shared role-config service (`RoleConfigStore` of chaincode-common): the
 * departments and the roles `tradingCentre`, `regulator` and `bidderKeyAuthority` from the consortium's
 * governance file (the topology's department `roles`), the bidding rules from the package's
 * `seed/bidding-rules.json`, stored as `TradingConfig` on the key `config`; and the role checks the
 * services run against it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Context } from 'fabric-contract-api';
import {
  type FailureFactory,
  JsonObject,
  RoleConfigStore,
  type RoleRecordShape,
  callerMsp,
  forbidden,
  ownerAndOtherPolicy,
  parseJson,
  preconditionFailed,
  requireCallerIn,
} from '@govchain/chaincode-common';
import { RoleAssignment } from '@govchain/protocol/roles';
import { CONFIG_KEY } from './keys';
import {
  BID_RECORD_ROLES,
  MAX_REVEAL_WINDOW_SECONDS,
  MIN_REVEAL_WINDOW_FLOOR_SECONDS,
  ROLE_MEMBERS,
  TradingConfig,
} from '@govchain/protocol/bid-record';

/** Endorsement role of the key-level policies this chaincode sets. */
export const ENDORSER_ROLE = 'PEER';

/** Where the approved package keeps its seed files (`dist/../seed`, also from the compiled code). */
export const SEED_DIR = path.join(__dirname, '..', 'seed');

/** The bidding rules: governed values that are not roles, from the package every department approved. */
// A type, not an interface: the store's settings are a record of named values.
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions
export type BiddingRules = {
  /** See {@link TradingConfig.minRevealWindowSeconds}. */
  readonly minRevealWindowSeconds: number;
};

const seedFailure: FailureFactory = (detail) => preconditionFailed(`this endorser's bid-record seed: ${detail}`);

/**
 * Reads the bidding rules from the package every department approved: `seed/bidding-rules.json`
 * (`{ minRevealWindowSeconds }`). Who plays which role is not here: it comes from the governance file.
 *
 * @param dir - the seed directory (default: the package's own)
 * @returns the rules
 * @throws PRECONDITION_FAILED when the file is missing or malformed (a broken installation, not a caller's fault)
 */
export function loadBiddingRules(dir: string = SEED_DIR): BiddingRules {
  const name = 'bidding-rules.json';
  let text: string;
  try {
    text = readFileSync(path.join(dir, name), 'utf8');
  } catch (err) {
    throw seedFailure(`cannot read ${name}: ${(err as Error).message}`);
  }
  const rules = JsonObject.from(parseJson(text, name, seedFailure), name, seedFailure).allowOnly([
    'minRevealWindowSeconds',
  ]);
  return {
    minRevealWindowSeconds: rules.integer(
      'minRevealWindowSeconds',
      MIN_REVEAL_WINDOW_FLOOR_SECONDS,
      MAX_REVEAL_WINDOW_SECONDS,
    ),
  };
}

/** `TradingConfig` as the shared store sees it: one MSP list per role, the bidding rules as settings. */
export const TRADING_CONFIG_SHAPE: RoleRecordShape<TradingConfig, BiddingRules> = {
  type: TradingConfig,
  toRecord(values, stamp) {
    const config = Object.assign(new TradingConfig(), stamp);
    config.departmentMsps = [...values.departmentMsps];
    for (const role of BID_RECORD_ROLES) {
      config[ROLE_MEMBERS[role]] = [...(values.roles.find((assignment) => assignment.role === role)?.msps ?? [])];
    }
    config.minRevealWindowSeconds = values.settings?.minRevealWindowSeconds ?? 0;
    return config;
  },
  toValues(config) {
    return {
      departmentMsps: config.departmentMsps,
      roles: [...BID_RECORD_ROLES]
        .sort()
        .map((role) => Object.assign(new RoleAssignment(), { role, msps: config[ROLE_MEMBERS[role]] }))
        .filter((assignment) => assignment.msps.length > 0),
      settings: { minRevealWindowSeconds: config.minRevealWindowSeconds },
    };
  },
};

/**
 * The configuration of bid-record: at least one trading centre and one bidder key authority, regulators
 * optional; SeedConfig writes it, UpdateConfig changes it by a majority of the departments.
 */
export const CONFIG = new RoleConfigStore<TradingConfig, BiddingRules>(
  'bid-record',
  [{ role: 'tradingCentre' }, { role: 'regulator', min: 0 }, { role: 'bidderKeyAuthority' }],
  {
    key: CONFIG_KEY,
    endorserRole: ENDORSER_ROLE,
    shape: TRADING_CONFIG_SHAPE,
    settings: () => loadBiddingRules(),
    noun: 'bid-record configuration',
    seedTransaction: 'SeedConfig',
  },
);

/**
 * @param ctx - transaction context
 * @returns the configuration
 * @throws PRECONDITION_FAILED before SeedConfig
 */
export async function requireConfig(ctx: Context): Promise<TradingConfig> {
  return CONFIG.require(ctx);
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
