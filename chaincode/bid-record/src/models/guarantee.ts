/* eslint-disable @typescript-eslint/no-inferrable-types -- fabric-contract-api reads each @Property's design:type, which TypeScript emits only from an explicit annotation. */
import { Object as DataType, Property } from 'fabric-contract-api';
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
@DataType()
export class Guarantee {
  @Property()
  public guaranteeId: string = '';

  @Property()
  public projectId: string = '';

  /** The project's publishing centre (only its peers may endorse release or claim). */
  @Property()
  public projectCentreMsp: string = '';

  @Property()
  public bidderCode: string = '';

  /** Unified social credit code of the guarantor (bank, insurer, guarantee company). */
  @Property()
  public guarantorCode: string = '';

  @Property()
  public guarantorName: string = '';

  /** Guaranteed amount, fen. */
  @Property()
  public amount: number = 0;

  /** Fee rate in basis points of the amount (100 = 1 %). */
  @Property()
  public rateBasisPoints: number = 0;

  /** Fingerprint of the guarantee letter. */
  @Property()
  public fingerprint: string = '';

  /** ISSUED, RELEASED or CLAIMED. */
  @Property()
  public status: string = 'ISSUED';

  /** Code of the last status change (`ISSUED` at issuance). */
  @Property()
  public statusReason: string = '';

  /** Trading centre that recorded the issuance. */
  @Property()
  public issuedByMsp: string = '';

  @Property()
  public issuedAt: string = '';

  @Property()
  public updatedAt: string = '';

  @Property()
  public updatedByMsp: string = '';

  @Property()
  public txId: string = '';

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
