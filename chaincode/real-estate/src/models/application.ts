import {
  CODE_RULE,
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  corruptState,
} from '@govchain/chaincode-common';
import { EncumbranceDisposition } from './encumbrance';
import { OwnerShare, readOwnerShares } from './owner-share';
import { APPLICATION_STATUSES, MAX_ENCUMBRANCES, STEP_CODES, TRANSFER_TYPES, UNIT_NUMBER_RULE, oneOf } from './rules';

/**
 * A transfer application (sale, gift, inheritance, judicial ruling). Public:
 * parties appear as holder references; the declared price and personal detail
 * are in the `transferDetail` private collection.
 */
export class TransferApplication {
  public id = '';

  public unitNumber = '';

  /** SALE, GIFT, INHERITANCE or JUDICIAL_RULING. */
  public type = '';

  /** The owners at opening, exactly. */
  public sellers: OwnerShare[] = [];

  /** The new owners; shares sum to 10000. */
  public buyers: OwnerShare[] = [];

  /** Declared fact: the buyers finance with a housing provident-fund loan (SALE only). */
  public providentFundLoan = false;

  /** Declared fact: a seller or buyer is married (spouse's rights to attest). */
  public marriedParty = false;

  /** Steps this application needs, in progress order. */
  public requiredSteps: string[] = [];

  /** What registration does with each encumbrance the unit carried at opening, sorted by id. */
  public dispositions: EncumbranceDisposition[] = [];

  /** SHA-256 of the application form bundle handed in at the window. */
  public applicationFingerprint = '';

  /** OPEN, REGISTERED, REJECTED or WITHDRAWN. */
  public status = 'OPEN';

  /** Why it closed: REGISTERED, the rejecting department's reason code, or the withdrawal reason. */
  public closedReason = '';

  /** The step whose department rejected; empty otherwise. */
  public rejectedStep = '';

  /** Withdrawal: SHA-256 of the applicants' signed withdrawal request; empty otherwise. */
  public closingFingerprint = '';

  public closedAt = '';

  public closedByMsp = '';

  /** The unit's certificate when the application was opened. */
  public previousCertificateId = '';

  /** The certificate issued at registration; empty before. */
  public certificateId = '';

  public openedAt = '';

  public openedByMsp = '';

  public updatedAt = '';

  public updatedByMsp = '';

  public txId = '';

  /**
   * @param value - parsed JSON read back from the ledger
   * @returns the application
   */
  static from(value: unknown): TransferApplication {
    const input = JsonObject.from(value, 'application', corruptState).allowOnly(Object.keys(new TransferApplication()));
    const application = new TransferApplication();
    application.id = input.string('id', ID_RULE);
    application.unitNumber = input.string('unitNumber', UNIT_NUMBER_RULE);
    application.type = input.string('type', oneOf(TRANSFER_TYPES));
    application.sellers = readOwnerShares(input, 'sellers', 'application', corruptState);
    application.buyers = readOwnerShares(input, 'buyers', 'application', corruptState);
    application.providentFundLoan = input.boolean('providentFundLoan');
    application.marriedParty = input.boolean('marriedParty');
    application.requiredSteps = input.stringArray('requiredSteps', oneOf(STEP_CODES), { unique: true, minItems: 1 });
    application.dispositions = input
      .array('dispositions', 0, MAX_ENCUMBRANCES)
      .map((item, index) => EncumbranceDisposition.from(item, `application.dispositions[${index}]`));
    application.applicationFingerprint = input.string('applicationFingerprint', SHA256_HEX_RULE);
    application.status = input.string('status', oneOf(APPLICATION_STATUSES));
    application.closedReason = input.optionalString('closedReason', CODE_RULE) ?? '';
    application.rejectedStep = input.optionalString('rejectedStep', oneOf(STEP_CODES)) ?? '';
    application.closingFingerprint = input.optionalString('closingFingerprint', SHA256_HEX_RULE) ?? '';
    application.closedAt = input.optionalString('closedAt', ISO_UTC_RULE) ?? '';
    application.closedByMsp = input.optionalString('closedByMsp', MSP_ID_RULE) ?? '';
    application.previousCertificateId = input.string('previousCertificateId', ID_RULE);
    application.certificateId = input.optionalString('certificateId', ID_RULE) ?? '';
    application.openedAt = input.string('openedAt', ISO_UTC_RULE);
    application.openedByMsp = input.string('openedByMsp', MSP_ID_RULE);
    application.updatedAt = input.string('updatedAt', ISO_UTC_RULE);
    application.updatedByMsp = input.string('updatedByMsp', MSP_ID_RULE);
    application.txId = input.string('txId', ID_RULE);
    return application;
  }
}
