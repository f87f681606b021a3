import { ID_RULE, ISO_UTC_RULE, JsonObject, MSP_ID_RULE, corruptState } from '@govchain/chaincode-common';
import { OwnerShare, readOwnerShares } from './owner-share';
import { TITLE_KINDS, UNIT_NUMBER_RULE, oneOf } from './rules';

/** One link of a unit's chain of title: who became owner, how, and under which certificate. */
export class TitleEntry {
  public unitNumber = '';

  /** 1 for the first registration, then one more per transfer. */
  public sequence = 0;

  /** FIRST_REGISTRATION or the transfer type. */
  public kind = '';

  /** The transfer application; empty for the first registration. */
  public applicationId = '';

  public owners: OwnerShare[] = [];

  public certificateId = '';

  /** The certificate revoked by this transfer; empty for the first registration. */
  public previousCertificateId = '';

  public registeredAt = '';

  public registeredByMsp = '';

  public txId = '';

  /**
   * @param value - parsed JSON read back from the ledger
   * @returns the entry
   */
  static from(value: unknown): TitleEntry {
    const input = JsonObject.from(value, 'title entry', corruptState).allowOnly(Object.keys(new TitleEntry()));
    const entry = new TitleEntry();
    entry.unitNumber = input.string('unitNumber', UNIT_NUMBER_RULE);
    entry.sequence = input.integer('sequence', 1, 1_000_000);
    entry.kind = input.string('kind', oneOf(TITLE_KINDS));
    entry.applicationId = input.optionalString('applicationId', ID_RULE) ?? '';
    entry.owners = readOwnerShares(input, 'owners', 'title entry', corruptState);
    entry.certificateId = input.string('certificateId', ID_RULE);
    entry.previousCertificateId = input.optionalString('previousCertificateId', ID_RULE) ?? '';
    entry.registeredAt = input.string('registeredAt', ISO_UTC_RULE);
    entry.registeredByMsp = input.string('registeredByMsp', MSP_ID_RULE);
    entry.txId = input.string('txId', ID_RULE);
    return entry;
  }
}
