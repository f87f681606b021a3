import {
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  PRIVATE_SALT_RULE,
  SHA256_HEX_RULE,
  corruptState,
} from '@govchain/chaincode-common';
import { METADATA_FIELD_RULE } from './license-type';

/** Holder name as given by the issuer. */
export const NAME_RULE = { minLength: 1, maxLength: 128 } as const;
/** Raw ID number as given by the issuer (normalized form is used for the holder reference). */
export const ID_NUMBER_RULE = { minLength: 1, maxLength: 64 } as const;
/** Values of further personal detail. */
export const DETAIL_VALUE_RULE = { minLength: 1, maxLength: 1024 } as const;

/**
 * Personal detail of a licence, stored only in the issuer's implicit private
 * data collection `_implicit_org_<IssuerMSP>`. Its `salt` is the random salt the
 * issuing client sent in transient data (`salt`), so the private data hash that
 * Fabric puts in the block, which every department holds, cannot be confirmed
 * by guessing a name and ID number: no department but the issuer ever sees the
 * salt, and none can derive it.
 */
export class LicenseDetail {
  public licenceId = '';

  public issuerMsp = '';

  public holderRef = '';

  /** ID number as given at issuance. */
  public idNumber = '';

  /** Holder name. */
  public name = '';

  /** Further personal detail given at issuance (transient field `detail`). */
  public extra: Record<string, string> = {};

  /** Blinding value: the issuing client's random salt (transient `salt`, lowercase hex). */
  public salt = '';

  public recordedAt = '';

  public txId = '';

  /**
   * Checks detail read back from private data.
   *
   * @param value - parsed JSON
   * @returns the detail
   */
  static from(value: unknown): LicenseDetail {
    const input = JsonObject.from(value, 'licence detail', corruptState).allowOnly(Object.keys(new LicenseDetail()));
    const detail = new LicenseDetail();
    detail.licenceId = input.string('licenceId', ID_RULE);
    detail.issuerMsp = input.string('issuerMsp', MSP_ID_RULE);
    detail.holderRef = input.string('holderRef', SHA256_HEX_RULE);
    detail.idNumber = input.string('idNumber', ID_NUMBER_RULE);
    detail.name = input.string('name', NAME_RULE);
    detail.extra = input.stringMap('extra', METADATA_FIELD_RULE, DETAIL_VALUE_RULE, 32);
    detail.salt = input.string('salt', PRIVATE_SALT_RULE);
    detail.recordedAt = input.string('recordedAt', ISO_UTC_RULE);
    detail.txId = input.string('txId', ID_RULE);
    return detail;
  }
}
