import { ID_RULE, ISO_UTC_RULE, JsonObject, MSP_ID_RULE, corruptState } from '@govchain/chaincode-common';
import { PURPOSE_RULE } from './consent';

/**
 * Public record of one consented read of a licence's private detail: who,
 * when, why, under which consent. No personal data. The holder sees these
 * through ListDetailAccesses.
 */
export class DetailAccess {
  /** Access id (the id of the transaction that recorded it). */
  public accessId = '';

  public licenceId = '';

  public consentId = '';

  /** MSP id of the department that reads. */
  public accessorMsp = '';

  public purpose = '';

  /** Transaction time of the record, ISO-8601 UTC. */
  public accessedAt = '';

  public txId = '';

  /**
   * Checks an access record read back from the ledger.
   *
   * @param value - parsed JSON
   * @returns the access record
   */
  static from(value: unknown): DetailAccess {
    const input = JsonObject.from(value, 'detail access', corruptState).allowOnly(Object.keys(new DetailAccess()));
    const access = new DetailAccess();
    access.accessId = input.string('accessId', ID_RULE);
    access.licenceId = input.string('licenceId', ID_RULE);
    access.consentId = input.string('consentId', ID_RULE);
    access.accessorMsp = input.string('accessorMsp', MSP_ID_RULE);
    access.purpose = input.string('purpose', PURPOSE_RULE);
    access.accessedAt = input.string('accessedAt', ISO_UTC_RULE);
    access.txId = input.string('txId', ID_RULE);
    return access;
  }
}
