/* eslint-disable @typescript-eslint/no-inferrable-types -- fabric-contract-api reads each @Property's design:type, which TypeScript emits only from an explicit annotation. */
import { Object as DataType, Property } from 'fabric-contract-api';
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
@DataType()
export class LandUseRight {
  @Property()
  public unitNumber: string = '';

  /** GRANTED, ALLOCATED or LEASED. */
  @Property()
  public kind: string = '';

  /** End of the term, ISO-8601 UTC; empty only for ALLOCATED land (no term). */
  @Property()
  public termEnd: string = '';

  /** SHA-256 of Natural Resources' confirmation document. */
  @Property()
  public evidenceFingerprint: string = '';

  @Property()
  public confirmedByMsp: string = '';

  @Property()
  public confirmedAt: string = '';

  @Property()
  public txId: string = '';

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
