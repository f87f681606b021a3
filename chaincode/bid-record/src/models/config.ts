import { ID_RULE, ISO_UTC_RULE, JsonObject, MSP_ID_RULE, corruptState } from '@govchain/chaincode-common';

/** Shortest reveal window a configuration may name (seconds); see {@link TradingConfig.minRevealWindowSeconds}. */
export const MIN_REVEAL_WINDOW_FLOOR_SECONDS = 60;
/** Longest reveal window a configuration may name (seconds): 30 days. */
export const MAX_REVEAL_WINDOW_SECONDS = 30 * 86_400;

/**
 * Who plays which role in bid-record and the bidding rules, stored as one
 * state key whose changes need a majority of the departments' peers. Every
 * value comes from the approved package (`seed/*.json`) and the consortium's
 * governance file, never from a caller's arguments.
 */
export class TradingConfig {
  /** Every department on the channel (a majority of their peers must endorse changes of this record). */
  public departmentMsps: string[] = [];

  /** Public resource trading centres: publish tenders, submit bids on bidders' behalf, issue guarantees. */
  public tradingCentreMsps: string[] = [];

  /** Market regulators: may record violations and blacklist bidders, like a trading centre. */
  public regulatorMsps: string[] = [];

  /** Departments that attest an enterprise's identity and bind a bidder's key to its credit code. */
  public bidderKeyAuthorityMsps: string[] = [];

  /**
   * The least time between closing the bidding and opening the bids while a
   * bid still awaits its reveal (seconds).
   */
  public minRevealWindowSeconds = 0;

  public updatedAt = '';

  public updatedByMsp = '';

  public txId = '';

  /**
   * Checks a configuration read back from the ledger.
   *
   * @param value - parsed JSON
   * @returns the configuration
   */
  static from(value: unknown): TradingConfig {
    const input = JsonObject.from(value, 'bid-record configuration', corruptState).allowOnly(
      Object.keys(new TradingConfig()),
    );
    const config = new TradingConfig();
    config.departmentMsps = input.stringArray('departmentMsps', MSP_ID_RULE, { unique: true, maxItems: 64 });
    config.tradingCentreMsps = input.stringArray('tradingCentreMsps', MSP_ID_RULE, { unique: true, maxItems: 64 });
    config.regulatorMsps = input.stringArray('regulatorMsps', MSP_ID_RULE, { unique: true, maxItems: 64 });
    config.bidderKeyAuthorityMsps = input.stringArray('bidderKeyAuthorityMsps', MSP_ID_RULE, {
      unique: true,
      maxItems: 64,
    });
    config.minRevealWindowSeconds = input.integer(
      'minRevealWindowSeconds',
      MIN_REVEAL_WINDOW_FLOOR_SECONDS,
      MAX_REVEAL_WINDOW_SECONDS,
    );
    config.updatedAt = input.string('updatedAt', ISO_UTC_RULE);
    config.updatedByMsp = input.string('updatedByMsp', MSP_ID_RULE);
    config.txId = input.string('txId', ID_RULE);
    return config;
  }
}
