import {
  type FailureFactory,
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  corruptState,
} from '@govchain/chaincode-common';
import { LAND_USE_KINDS, UNIT_NUMBER_RULE, oneOf } from './rules';

/**
 * The land-use right behind a property unit, as confirmed by Natural Resources:
 * stored on its own key before first registration (ConfirmLandUseRight) and
 * copied into the unit.
 */
export class LandUseRight {
  public unitNumber = '';

  /** GRANTED, ALLOCATED or LEASED. */
  public kind = '';

  /** End of the term, ISO-8601 UTC; empty only for ALLOCATED land (no term). */
  public termEnd = '';

  /** SHA-256 of Natural Resources' confirmation document. */
  public evidenceFingerprint = '';

  public confirmedByMsp = '';

  public confirmedAt = '';

  public txId = '';

  /**
   * @param value - parsed JSON read back from the ledger
   * @param what - its name in messages
   * @param fail - error factory
   * @returns the land-use right
   */
  static from(value: unknown, what = 'land-use right', fail: FailureFactory = corruptState): LandUseRight {
    const input = JsonObject.from(value, what, fail).allowOnly(Object.keys(new LandUseRight()));
    const right = new LandUseRight();
    right.unitNumber = input.string('unitNumber', UNIT_NUMBER_RULE);
    right.kind = input.string('kind', oneOf(LAND_USE_KINDS));
    right.termEnd = input.optionalString('termEnd', ISO_UTC_RULE) ?? '';
    right.evidenceFingerprint = input.string('evidenceFingerprint', SHA256_HEX_RULE);
    right.confirmedByMsp = input.string('confirmedByMsp', MSP_ID_RULE);
    right.confirmedAt = input.string('confirmedAt', ISO_UTC_RULE);
    right.txId = input.string('txId', ID_RULE);
    return right;
  }
}
