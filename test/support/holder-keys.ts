import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/**
 * A holder's wallet key for tests: an ECDSA P-256 key pair that signs bytes
 * the way a holder's wallet would (SHA-256, DER or IEEE P1363 encoding).
 */
export class P256Holder {
  readonly #privateKey: KeyObject;
  readonly publicKeyPem: string;
  readonly publicKeyHex: string;

  private constructor(privateKey: KeyObject) {
    this.#privateKey = privateKey;
    const publicKey = createPublicKey(privateKey);
    this.publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    this.publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).toString('hex');
  }

  /** @returns a holder with a fresh key pair */
  static generate(): P256Holder {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    return new P256Holder(privateKey);
  }

  /**
   * @param pem - PKCS#8 PEM of a P-256 private key
   * @returns a holder with that key
   */
  static fromPem(pem: string): P256Holder {
    return new P256Holder(createPrivateKey(pem));
  }

  /**
   * @param message - bytes to sign
   * @param encoding - `der` (default) or `ieee-p1363` (64-byte r‖s)
   * @returns the signature, lowercase hex
   */
  sign(message: Uint8Array, encoding: 'der' | 'ieee-p1363' = 'der'): string {
    return sign('sha256', message, { key: this.#privateKey, dsaEncoding: encoding }).toString('hex');
  }
}
