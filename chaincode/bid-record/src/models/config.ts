import { ID_RULE, ISO_UTC_RULE, JsonObject, MSP_ID_RULE, corruptState } from '@govchain/chaincode-common';

/**
 * Who plays which role in bid-record, stored as one state key whose changes
 * need a majority of the departments' peers.
 */
export class TradingConfig {
  /** Every department on the channel (a majority of their peers must endorse changes of this record). */
  public departmentMsps: string[] = [];

  /** Public resource trading centres: publish tenders, submit bids on bidders' behalf, issue guarantees. */
  public tradingCentreMsps: string[] = [];

  /** Market regulators: may record violations and blacklist bidders, like a trading centre. */
  public regulatorMsps: string[] = [];

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
    config.updatedAt = input.string('updatedAt', ISO_UTC_RULE);
    config.updatedByMsp = input.string('updatedByMsp', MSP_ID_RULE);
    config.txId = input.string('txId', ID_RULE);
    return config;
  }
}
