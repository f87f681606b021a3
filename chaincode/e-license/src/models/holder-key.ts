import {
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  corruptState,
} from '@govchain/chaincode-common';
import { SIGNATURE_RULE } from './consent';

/** Highest key version a holder can reach (a bound on rotations, far above any real use). */
export const MAX_KEY_VERSION = 1_000_000;

/**
 * The P-256 public key bound to a holder by the identity authority (Public
 * Security), with the holder's proof of possession: a signature by that key
 * over the binding. Holder consents and withdrawals must be signed with it. A
 * public key is not personal data.
 */
export class HolderKey {
  public holderRef = '';

  /** DER SubjectPublicKeyInfo, lowercase hex. */
  public publicKey = '';

  /** SHA-256 of the DER SubjectPublicKeyInfo. */
  public fingerprint = '';

  /** 1 for the first binding, one more at each rotation; a binding names the version it creates. */
  public keyVersion = 0;

  /** The holder's signature by this key over the canonical binding, hex (anyone can check it again). */
  public proof = '';

  /** Fingerprint of the key this one replaced; empty for the first binding. */
  public previousFingerprint = '';

  /** The identity authority that attested the holder and bound the key. */
  public boundByMsp = '';

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
    key.keyVersion = input.integer('keyVersion', 1, MAX_KEY_VERSION);
    key.proof = input.string('proof', SIGNATURE_RULE);
    key.previousFingerprint = input.optionalString('previousFingerprint', SHA256_HEX_RULE) ?? '';
    key.boundByMsp = input.string('boundByMsp', MSP_ID_RULE);
    key.boundAt = input.string('boundAt', ISO_UTC_RULE);
    key.txId = input.string('txId', ID_RULE);
    return key;
  }
}
