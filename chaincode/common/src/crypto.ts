import { createHash, createHmac, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { invalidArgument } from './errors';
import { LIMITS } from './limits';
import type { FailureFactory } from './validation';

/**
 * @param data - bytes or UTF-8 text
 * @returns SHA-256 digest as 64 lowercase hex characters
 */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * @param key - secret key bytes
 * @param message - UTF-8 text
 * @returns HMAC-SHA256 as 64 lowercase hex characters
 */
export function hmacSha256Hex(key: Uint8Array, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('hex');
}

/** A P-256 public key in its canonical form. */
export interface P256PublicKey {
  /** DER-encoded SubjectPublicKeyInfo, lowercase hex. */
  readonly spkiHex: string;
  /** SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex. */
  readonly fingerprint: string;
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/**
 * Parses an ECDSA P-256 (prime256v1 / secp256r1) public key given as PEM
 * (`-----BEGIN PUBLIC KEY-----`) or as hex of the DER SubjectPublicKeyInfo.
 *
 * @param text - the key
 * @param what - its name in the error message
 * @param fail - error factory (default: INVALID_ARGUMENT)
 * @returns the canonical form
 * @throws INVALID_ARGUMENT when it is longer than {@link LIMITS.key} or not a P-256 public key
 */
export function parseP256PublicKey(text: string, what: string, fail: FailureFactory = invalidArgument): P256PublicKey {
  if (text.length > LIMITS.key) {
    throw fail(`${what} must have at most ${LIMITS.key} characters`);
  }
  const trimmed = text.trim();
  const malformed = `${what} is not a PEM or hex DER SubjectPublicKeyInfo public key`;
  const isPem = trimmed.startsWith('-----BEGIN');
  if (!isPem && !HEX.test(trimmed)) {
    throw fail(malformed);
  }
  let key: KeyObject;
  try {
    key = isPem
      ? createPublicKey({ key: trimmed, format: 'pem' })
      : createPublicKey({ key: Buffer.from(trimmed, 'hex'), format: 'der', type: 'spki' });
  } catch {
    throw fail(malformed);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw fail(`${what} must be an ECDSA P-256 public key`);
  }
  const spki = key.export({ format: 'der', type: 'spki' });
  return { spkiHex: spki.toString('hex'), fingerprint: sha256Hex(spki) };
}

/**
 * Verifies an ECDSA P-256 / SHA-256 signature. Deterministic, so safe in chaincode.
 * The signature may be DER (as OpenSSL, Java and Go produce) or the 64-byte
 * r‖s form (IEEE P1363, as Web Crypto produces), both as hex.
 *
 * @param spkiHex - the public key as hex DER SubjectPublicKeyInfo
 * @param message - the signed bytes
 * @param signatureHex - the signature as hex
 * @returns whether the signature is valid (false for a signature longer than {@link LIMITS.key})
 */
export function verifyP256Signature(spkiHex: string, message: Uint8Array, signatureHex: string): boolean {
  if (signatureHex.length > LIMITS.key || !HEX.test(signatureHex)) {
    return false;
  }
  const signature = Buffer.from(signatureHex, 'hex');
  const key = createPublicKey({ key: Buffer.from(spkiHex, 'hex'), format: 'der', type: 'spki' });
  const dsaEncoding = signature.length === 64 ? 'ieee-p1363' : 'der';
  try {
    return verify('sha256', message, { key, dsaEncoding }, signature);
  } catch {
    return false;
  }
}
