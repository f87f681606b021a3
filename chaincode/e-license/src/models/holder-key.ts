import {
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  corruptState,
} from '@govchain/chaincode-common';

/**
 * The P-256 public key bound to a holder at the first issuance that carried
 * one. Holder consents and withdrawals must be signed with it. A public key is
 * not personal data.
 */
export class HolderKey {
  public holderRef = '';

  /** DER SubjectPublicKeyInfo, lowercase hex. */
  public publicKey = '';

  /** SHA-256 of the DER SubjectPublicKeyInfo. */
  public fingerprint = '';

  /** Department whose issuance bound the key. */
  public boundByMsp = '';

  /** Licence whose issuance bound the key. */
  public boundWithLicenceId = '';

  public boundAt = '';

  public txId = '';

  /**
   * Checks a holder key read back from the ledger.
   *
   * @param value - parsed JSON
   * @returns the holder key
   */
  static from(value: unknown): HolderKey {
    const input = JsonObject.from(value, 'holder key', corruptState).allowOnly(Object.keys(new HolderKey()));
    const key = new HolderKey();
    key.holderRef = input.string('holderRef', SHA256_HEX_RULE);
    key.publicKey = input.string('publicKey', { maxLength: 512, pattern: /^(?:[0-9a-f]{2})+$/ });
    key.fingerprint = input.string('fingerprint', SHA256_HEX_RULE);
    key.boundByMsp = input.string('boundByMsp', MSP_ID_RULE);
    key.boundWithLicenceId = input.string('boundWithLicenceId', ID_RULE);
    key.boundAt = input.string('boundAt', ISO_UTC_RULE);
    key.txId = input.string('txId', ID_RULE);
    return key;
  }
}
