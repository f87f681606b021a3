import { Bool, Int, Nested, Text, TextList, Time } from '../decorators';
import { ID_RULE, MSP_ID_RULE } from '../rules';

/** Shortest reveal window a configuration may name (seconds); see {@link TradingConfig.minRevealWindowSeconds}. */
export const MIN_REVEAL_WINDOW_FLOOR_SECONDS = 60;
/** Longest reveal window a configuration may name (seconds): 30 days. */
export const MAX_REVEAL_WINDOW_SECONDS = 30 * 86_400;

const MSP_LIST = { unique: true, max: 64 } as const;

/**
 * The roles of bid-record in the consortium's governance file (the topology's department `roles`):
 * `tradingCentre` (one or more), `regulator` (optional), `bidderKeyAuthority` (one or more).
 */
export const BID_RECORD_ROLES = ['tradingCentre', 'regulator', 'bidderKeyAuthority'] as const;
export type BidRecordRole = (typeof BID_RECORD_ROLES)[number];

/** The member of {@link TradingConfig} that lists each role's departments. */
export const ROLE_MEMBERS = {
  tradingCentre: 'tradingCentreMsps',
  regulator: 'regulatorMsps',
  bidderKeyAuthority: 'bidderKeyAuthorityMsps',
} as const satisfies Record<BidRecordRole, keyof TradingConfig>;

/**
 * Who plays which role in bid-record and the bidding rules, stored as one state key whose changes need a
 * majority of the departments' peers. The departments and roles come from the consortium's governance file
 * (the topology's department `roles`, see {@link BID_RECORD_ROLES}), the bidding rules from the approved
 * package (`seed/bidding-rules.json`) — never from a caller's arguments.
 */
export class TradingConfig {
  /** Every department on the channel (a majority of their peers must endorse changes of this record). */
  @TextList(MSP_ID_RULE, MSP_LIST) departmentMsps: string[] = [];

  /** Public resource trading centres: publish tenders, submit bids on bidders' behalf, issue guarantees. */
  @TextList(MSP_ID_RULE, MSP_LIST) tradingCentreMsps: string[] = [];

  /** Market regulators: may record violations and blacklist bidders, like a trading centre. */
  @TextList(MSP_ID_RULE, MSP_LIST) regulatorMsps: string[] = [];

  /** Departments that attest an enterprise's identity and bind a bidder's key to its credit code. */
  @TextList(MSP_ID_RULE, MSP_LIST) bidderKeyAuthorityMsps: string[] = [];

  /** The least time between closing the bidding and opening the bids while a bid still awaits its reveal (seconds). */
  @Int(MIN_REVEAL_WINDOW_FLOOR_SECONDS, MAX_REVEAL_WINDOW_SECONDS) minRevealWindowSeconds = 0;

  @Time() updatedAt!: string;

  @Text(MSP_ID_RULE) updatedByMsp!: string;

  @Text(ID_RULE) txId!: string;
}

/** SeedConfig's result. */
export class ConfigSeedResult {
  /** False when a configuration equal to the endorsers' was stored already (nothing written). */
  @Bool() seeded!: boolean;

  @Nested(() => TradingConfig) config!: TradingConfig;
}

/** UpdateConfig's result. */
export class ConfigUpdateResult {
  /** False when the stored configuration already equals the endorsers' (nothing written). */
  @Bool() updated!: boolean;

  @Nested(() => TradingConfig) config!: TradingConfig;
}
