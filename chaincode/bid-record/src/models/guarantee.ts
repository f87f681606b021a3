import {
  CODE_RULE,
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  corruptState,
} from '@govchain/chaincode-common';
import { USCC_RULE } from '../uscc';
import { GUARANTEE_STATUSES, MAX_AMOUNT, ORG_NAME_RULE, oneOf } from './rules';

/** An electronic bid guarantee issued by a guarantor for one bidder's bid on one project. */
export class Guarantee {
  public guaranteeId = '';

  public projectId = '';

  /** The project's publishing centre (only its peers may endorse release or claim). */
  public projectCentreMsp = '';

  public bidderCode = '';

  /** Unified social credit code of the guarantor (bank, insurer, guarantee company). */
  public guarantorCode = '';

  public guarantorName = '';

  /** Guaranteed amount, fen. */
  public amount = 0;

  /** Fee rate in basis points of the amount (100 = 1 %). */
  public rateBasisPoints = 0;

  /** Fingerprint of the guarantee letter. */
  public fingerprint = '';

  /** ISSUED, RELEASED or CLAIMED. */
  public status = 'ISSUED';

  /** Code of the last status change (`ISSUED` at issuance). */
  public statusReason = '';

  /** Trading centre that recorded the issuance. */
  public issuedByMsp = '';

  public issuedAt = '';

  public updatedAt = '';

  public updatedByMsp = '';

  public txId = '';

  /**
   * Checks a guarantee read back from the ledger.
   *
   * @param value - parsed JSON
   * @returns the guarantee
   */
  static from(value: unknown): Guarantee {
    const input = JsonObject.from(value, 'guarantee', corruptState).allowOnly(Object.keys(new Guarantee()));
    const guarantee = new Guarantee();
    guarantee.guaranteeId = input.string('guaranteeId', ID_RULE);
    guarantee.projectId = input.string('projectId', ID_RULE);
    guarantee.projectCentreMsp = input.string('projectCentreMsp', MSP_ID_RULE);
    guarantee.bidderCode = input.string('bidderCode', USCC_RULE);
    guarantee.guarantorCode = input.string('guarantorCode', USCC_RULE);
    guarantee.guarantorName = input.string('guarantorName', ORG_NAME_RULE);
    guarantee.amount = input.integer('amount', 1, MAX_AMOUNT);
    guarantee.rateBasisPoints = input.integer('rateBasisPoints', 0, 10_000);
    guarantee.fingerprint = input.string('fingerprint', SHA256_HEX_RULE);
    guarantee.status = input.string('status', oneOf(GUARANTEE_STATUSES));
    guarantee.statusReason = input.string('statusReason', CODE_RULE);
    guarantee.issuedByMsp = input.string('issuedByMsp', MSP_ID_RULE);
    guarantee.issuedAt = input.string('issuedAt', ISO_UTC_RULE);
    guarantee.updatedAt = input.string('updatedAt', ISO_UTC_RULE);
    guarantee.updatedByMsp = input.string('updatedByMsp', MSP_ID_RULE);
    guarantee.txId = input.string('txId', ID_RULE);
    return guarantee;
  }
}
