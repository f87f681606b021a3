/**
 * A licence holder's wallet key and what it signs: the P-256 key pair Public Security binds to the holder
 * (the holder signs the binding with the key: its proof of possession), and the consent and withdrawal
 * objects the e-license chaincode verifies (ECDSA P-256 / SHA-256 over the UTF-8 bytes of their canonical
 * JSON). Holders have no Fabric identity: a department relays what they sign.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { PlainOf } from '@govchain/protocol';
import {
  BIND_HOLDER_KEY_ACTION,
  ConsentPayload,
  GRANT_CONSENT_ACTION,
  HolderKeyBindingPayload,
  type SignedConsent,
  type SignedHolderKeyBinding,
  type SignedWithdrawal,
  WITHDRAW_CONSENT_ACTION,
  WithdrawalPayload,
} from '@govchain/protocol/e-license';
import { canonicalJson } from '../fingerprint';
import { checkedInput } from './shape';

// The `action` member tells a consent, a withdrawal and a key binding apart, so that no signature of one can
// be replayed as another.

/** What a consent nonce may contain (the chaincode's rule): 8–128 of letters, digits, `_` and `-`. */
export const CONSENT_NONCE_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** A holder's P-256 key pair, as PEM text, with the public key's canonical forms. */
export interface HolderKeyPair {
  /** PKCS#8 PEM of the private key: keep it in the holder's wallet, never on the ledger. */
  readonly privateKeyPem: string;
  /** SubjectPublicKeyInfo PEM of the public key. */
  readonly publicKeyPem: string;
  /** DER SubjectPublicKeyInfo of the public key, lowercase hex (as the chaincode stores it). */
  readonly publicKeyHex: string;
  /** SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex (the chaincode's `fingerprint` of the key). */
  readonly fingerprint: string;
}

/** What {@link buildHolderKeyBinding} needs besides the public key. */
export type HolderKeyBindingRequest = Pick<HolderKeyBindingPayload, 'holderRef' | 'keyVersion'>;

/** Anything a holder signs. */
export type HolderSignedPayload =
  PlainOf<ConsentPayload> | PlainOf<WithdrawalPayload> | PlainOf<HolderKeyBindingPayload>;

/** The scope of a consent: one licence, or all the holder's licences of one type. */
export type ConsentScope =
  | { readonly licenceId: string; readonly licenceType?: undefined }
  | { readonly licenceType: string; readonly licenceId?: undefined };

/** What {@link buildConsent} needs; the action is added, the nonce generated when not given. */
export type ConsentRequest = Pick<ConsentPayload, 'consentId' | 'holderRef' | 'granteeMsp' | 'purpose'> &
  ConsentScope & {
    /** End of the consent (a Date is written as ISO-8601 UTC with milliseconds). */
    readonly expiresAt: string | Date;
    /** Default: {@link newConsentNonce}. */
    readonly nonce?: string;
  };

/** What {@link buildWithdrawal} needs. */
export type WithdrawalRequest = Pick<WithdrawalPayload, 'consentId' | 'holderRef'> & {
  /** Default: {@link newConsentNonce}. */
  readonly nonce?: string;
};

/** How to encode an ECDSA signature: DER (OpenSSL, Java, Go; the default) or the 64-byte r‖s (Web Crypto). */
export type SignatureEncoding = 'der' | 'ieee-p1363';

/** A private key as PKCS#8 (or SEC1) PEM text, or a Node.js KeyObject. */
export type HolderPrivateKey = string | KeyObject;

function describeKey(publicKey: KeyObject, privateKeyPem: string): HolderKeyPair {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return {
    privateKeyPem,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    publicKeyHex: der.toString('hex'),
    fingerprint: createHash('sha256').update(der).digest('hex'),
  };
}

function requireP256(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new TypeError(`${what} must be an ECDSA P-256 (prime256v1) key`);
  }
}

function publicKeyObject(publicKey: string): KeyObject {
  const text = publicKey.trim();
  const key = text.startsWith('-----BEGIN')
    ? createPublicKey(text)
    : createPublicKey({ key: Buffer.from(text, 'hex'), format: 'der', type: 'spki' });
  requireP256(key, 'the holder public key');
  return key;
}

function privateKeyObject(key: HolderPrivateKey): KeyObject {
  const object = typeof key === 'string' ? createPrivateKey(key) : key;
  if (object.type !== 'private') {
    throw new TypeError('the holder key must be a private key');
  }
  requireP256(object, 'the holder key');
  return object;
}

/**
 * Creates a fresh holder key pair (ECDSA P-256).
 *
 * @returns the private key (PKCS#8 PEM) and the public key in PEM, hex DER and fingerprint form.
 *
 * @example
 * ```ts
 * const wallet = generateHolderKeyPair();
 * const signed = signHolderKeyBinding(wallet.privateKeyPem, { holderRef, keyVersion: 1 });
 * await publicSecurity.bindHolderKey({ idNumber, signed });
 * ```
 */
export function generateHolderKeyPair(): HolderKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return describeKey(publicKey, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
}

/**
 * Loads a holder key pair from its private key.
 *
 * @param privateKeyPem - the private key, PKCS#8 or SEC1 PEM.
 * @returns the key pair with the derived public key.
 * @throws TypeError if the key is not an ECDSA P-256 private key.
 * @throws the crypto error if the PEM cannot be parsed.
 */
export function holderKeyPairFromPem(privateKeyPem: string): HolderKeyPair {
  const privateKey = privateKeyObject(privateKeyPem);
  return describeKey(createPublicKey(privateKey), privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
}

/**
 * Creates a consent nonce: 16 random bytes, base64url (22 characters of `[A-Za-z0-9_-]`).
 *
 * @returns the nonce.
 */
export function newConsentNonce(): string {
  return randomBytes(16).toString('base64url');
}

function requireNonce(nonce: string): string {
  if (!CONSENT_NONCE_PATTERN.test(nonce)) {
    throw new TypeError('a consent nonce must be 8 to 128 letters, digits, _ or -');
  }
  return nonce;
}

function isoTime(value: string | Date, what: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new TypeError(`${what} is not a valid date`);
    }
    return value.toISOString();
  }
  if (!ISO_UTC.test(value)) {
    throw new TypeError(`${what} must be an ISO-8601 UTC time such as 2025-01-31T00:00:00Z`);
  }
  return value;
}

/**
 * Builds the consent object a holder signs.
 *
 * @param request - consent id, holder reference, grantee, scope (licence id or type), purpose, expiry and
 * optionally the nonce.
 * @returns the consent with `action: 'GRANT_CONSENT'` and a nonce.
 * @throws TypeError if both or neither of `licenceId` and `licenceType` are given, the expiry is not an
 * ISO-8601 UTC time, or the nonce is malformed.
 *
 * @example
 * ```ts
 * const consent = buildConsent({
 *   consentId: 'C-2025-0001', holderRef, granteeMsp: 'TaxMSP', licenceId: 'BL-1',
 *   purpose: 'tax clearance of transfer T-9', expiresAt: new Date(Date.now() + 86_400_000),
 * });
 * ```
 */
export function buildConsent(request: Readonly<ConsentRequest>): PlainOf<ConsentPayload> {
  const hasLicence = request.licenceId !== undefined;
  if (hasLicence === (request.licenceType !== undefined)) {
    throw new TypeError('a consent names exactly one of licenceId and licenceType');
  }
  const consent: PlainOf<ConsentPayload> = {
    action: GRANT_CONSENT_ACTION,
    consentId: request.consentId,
    holderRef: request.holderRef,
    granteeMsp: request.granteeMsp,
    ...(hasLicence ? { licenceId: request.licenceId } : { licenceType: request.licenceType }),
    purpose: request.purpose,
    expiresAt: isoTime(request.expiresAt, 'expiresAt'),
    nonce: requireNonce(request.nonce ?? newConsentNonce()),
  };
  return checkedInput(ConsentPayload, consent, 'consent');
}

/**
 * Builds the withdrawal object a holder signs.
 *
 * @param request - consent id, holder reference and optionally the nonce.
 * @returns the withdrawal with `action: 'WITHDRAW_CONSENT'` and a nonce.
 * @throws TypeError if the nonce is malformed.
 */
export function buildWithdrawal(request: Readonly<WithdrawalRequest>): PlainOf<WithdrawalPayload> {
  const withdrawal: PlainOf<WithdrawalPayload> = {
    action: WITHDRAW_CONSENT_ACTION,
    consentId: request.consentId,
    holderRef: request.holderRef,
    nonce: requireNonce(request.nonce ?? newConsentNonce()),
  };
  return checkedInput(WithdrawalPayload, withdrawal, 'withdrawal');
}

/**
 * Builds the key binding a holder signs with the key being bound.
 *
 * @param publicKey - the key being bound: SubjectPublicKeyInfo PEM, or its DER as hex.
 * @param request - the holder reference and the key version the binding creates.
 * @returns the binding, with the key as lowercase hex DER.
 * @throws TypeError if the key is not a P-256 public key or the version is not a positive integer.
 */
export function buildHolderKeyBinding(
  publicKey: string,
  request: Readonly<HolderKeyBindingRequest>,
): PlainOf<HolderKeyBindingPayload> {
  if (!Number.isSafeInteger(request.keyVersion) || request.keyVersion < 1) {
    throw new TypeError('keyVersion must be a positive integer (1 for the first key)');
  }
  const binding: PlainOf<HolderKeyBindingPayload> = {
    action: BIND_HOLDER_KEY_ACTION,
    holderRef: request.holderRef,
    publicKey: publicKeyObject(publicKey).export({ format: 'der', type: 'spki' }).toString('hex'),
    keyVersion: request.keyVersion,
  };
  return checkedInput(HolderKeyBindingPayload, binding, 'binding');
}

/**
 * Builds a key binding for the holder's key pair and signs it with that key: the proof of possession Public
 * Security relays with `bindHolderKey` (keyVersion 1) or `rotateHolderKey` (the current version + 1).
 *
 * @param privateKey - the holder's P-256 private key (PEM or KeyObject), the key being bound.
 * @param request - the holder reference and the key version the binding creates.
 * @param encoding - signature encoding (default `der`).
 * @returns the binding and its signature.
 * @throws TypeError if the key is not a P-256 private key or the version is not a positive integer.
 *
 * @example
 * ```ts
 * const { grantId, holderRef } = await publicSecurity.requestHolderRef(idNumber, 'BIND_HOLDER_KEY');
 * const signed = signHolderKeyBinding(wallet.privateKeyPem, { holderRef, keyVersion: 1 });
 * await publicSecurity.bindHolderKey({ idNumber, signed, holderRefGrant: grantId });
 * ```
 */
export function signHolderKeyBinding(
  privateKey: HolderPrivateKey,
  request: Readonly<HolderKeyBindingRequest>,
  encoding: SignatureEncoding = 'der',
): SignedHolderKeyBinding {
  const key = privateKeyObject(privateKey);
  const publicKeyHex = createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('hex');
  const binding = buildHolderKeyBinding(publicKeyHex, request);
  return { binding, signature: signHolderPayload(key, binding, encoding) };
}

/**
 * The exact bytes a holder signs: the UTF-8 encoding of the object's canonical JSON.
 *
 * @param payload - a consent, withdrawal or key binding.
 * @returns the bytes to sign.
 * @throws TypeError if the object cannot be serialized canonically.
 */
export function holderSignedBytes(payload: HolderSignedPayload): Uint8Array {
  return new TextEncoder().encode(canonicalJson(payload));
}

/**
 * Signs a consent, withdrawal or key binding with the holder's private key.
 *
 * @param privateKey - the holder's P-256 private key (PEM or KeyObject).
 * @param payload - the consent, withdrawal or key binding.
 * @param encoding - `der` (default) or `ieee-p1363`; the chaincode accepts both.
 * @returns the signature, lowercase hex.
 * @throws TypeError if the key is not a P-256 private key.
 */
export function signHolderPayload(
  privateKey: HolderPrivateKey,
  payload: HolderSignedPayload,
  encoding: SignatureEncoding = 'der',
): string {
  const key = privateKeyObject(privateKey);
  return sign('sha256', holderSignedBytes(payload), { key, dsaEncoding: encoding }).toString('hex');
}

/**
 * Signs a consent with the holder's private key.
 *
 * @param privateKey - the holder's P-256 private key (PEM or KeyObject).
 * @param consent - the consent, from {@link buildConsent}.
 * @param encoding - signature encoding (default `der`).
 * @returns the consent and its signature, ready for `grantConsent`.
 * @throws TypeError if the key is not a P-256 private key.
 */
export function signConsent(
  privateKey: HolderPrivateKey,
  consent: PlainOf<ConsentPayload>,
  encoding: SignatureEncoding = 'der',
): SignedConsent {
  return { consent, signature: signHolderPayload(privateKey, consent, encoding) };
}

/**
 * Signs a withdrawal with the holder's private key.
 *
 * @param privateKey - the holder's P-256 private key (PEM or KeyObject).
 * @param withdrawal - the withdrawal, from {@link buildWithdrawal}.
 * @param encoding - signature encoding (default `der`).
 * @returns the withdrawal and its signature, ready for `withdrawConsent`.
 * @throws TypeError if the key is not a P-256 private key.
 */
export function signWithdrawal(
  privateKey: HolderPrivateKey,
  withdrawal: PlainOf<WithdrawalPayload>,
  encoding: SignatureEncoding = 'der',
): SignedWithdrawal {
  return { withdrawal, signature: signHolderPayload(privateKey, withdrawal, encoding) };
}

/**
 * Checks a holder's signature the way the chaincode does (useful before relaying it).
 *
 * @param publicKey - the holder's public key: SubjectPublicKeyInfo PEM, or its DER as hex (as `getHolderKey`
 * returns it).
 * @param payload - the signed consent, withdrawal or key binding.
 * @param signatureHex - the signature, hex (DER, or 64-byte r‖s).
 * @returns whether the signature verifies.
 * @throws TypeError if the public key is not a P-256 key.
 */
export function verifyHolderSignature(publicKey: string, payload: HolderSignedPayload, signatureHex: string): boolean {
  const key = publicKeyObject(publicKey);
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(signatureHex)) {
    return false;
  }
  const signature = Buffer.from(signatureHex, 'hex');
  const dsaEncoding = signature.length === 64 ? 'ieee-p1363' : 'der';
  try {
    return verify('sha256', holderSignedBytes(payload), { key, dsaEncoding }, signature);
  } catch {
    return false;
  }
}
