/**
 * A bidder's side of bid-record: sealing a bid (commitment and salt) and signing key bindings and bid actions
 * with the bidder's P-256 key, over the bytes the protocol defines (`@govchain/protocol/bid-record`). Beside
 * `holder-keys.ts`, its e-license counterpart.
 */
import { createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import {
  BIND_BIDDER_KEY_ACTION,
  type BidActionPayload,
  type BidReveal,
  BidderKeyBinding,
  bidCommitment as commitmentOf,
  bidderSignedBytes,
} from '@govchain/protocol/bid-record';
import type { PlainOf } from '@govchain/protocol';
import {
  type HolderKeyPair,
  type HolderPrivateKey,
  type SignatureEncoding,
  generateHolderKeyPair,
} from './holder-keys';

/** A sealed bid prepared by {@link sealBid}: the commitment to submit and the values to keep secret. */
export interface SealedBid {
  readonly reveal: BidReveal;
  readonly commitment: string;
}

/** A bidder's key pair (the same P-256 wallet key as a licence holder's). */
export type BidderKeyPair = HolderKeyPair;
/** A bidder's private key: PKCS#8 (or SEC1) PEM, or a KeyObject. */
export type BidderPrivateKey = HolderPrivateKey;

/** A key binding with the bidder's signature, ready for {@link BidRecordClient.bindBidderKey}. */
export interface SignedBidderKeyBinding {
  readonly binding: PlainOf<BidderKeyBinding>;
  /** ECDSA P-256 / SHA-256 signature by the bound key over the binding's canonical JSON, hex. */
  readonly signature: string;
}

/**
 * The bidder's side of a bid action: signs the payload (with the bidder's key, in its wallet or an HSM)
 * and returns the hex signature. {@link bidderSigner} makes one from a private key.
 */
export type BidderSigner = (payload: BidActionPayload) => string | Promise<string>;

/**
 * The commitment of a sealed bid, exactly as the chaincode recomputes it at the reveal (see the protocol's
 * `bidCommitment`).
 *
 * @param reveal - the values committed to.
 * @returns the commitment, 64 lowercase hex.
 * @throws TypeError when the price is not a positive safe integer.
 *
 * @example
 * ```ts
 * const commitment = bidCommitment({ projectId: 'P-1', bidderCode: '91350100M000100Y43', price: 98_000_000,
 *   salt: generateBidSalt(), bidDocumentFingerprint: await fingerprintFile('bid.pdf') });
 * ```
 */
export function bidCommitment(reveal: BidReveal): string {
  if (!Number.isSafeInteger(reveal.price) || reveal.price < 1) {
    throw new TypeError(`price must be a positive whole number of fen, got ${reveal.price}`);
  }
  return commitmentOf(reveal);
}

/** @returns a fresh salt for a bid commitment: 32 CSPRNG bytes as 64 hex characters. */
export function generateBidSalt(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Seals a bid: picks a fresh salt and computes the commitment.
 *
 * @param bid - project, bidder, price (fen) and bid-document fingerprint.
 * @returns the commitment to submit and the reveal to keep secret until the opening.
 * @throws TypeError when the price is not a positive safe integer.
 */
export function sealBid(bid: Omit<BidReveal, 'salt'>): SealedBid {
  const reveal = { ...bid, salt: generateBidSalt() };
  return { reveal, commitment: bidCommitment(reveal) };
}

/** @returns a fresh bidder key pair (ECDSA P-256), as {@link generateHolderKeyPair}. */
export function generateBidderKeyPair(): BidderKeyPair {
  return generateHolderKeyPair();
}

function bidderPrivateKey(key: BidderPrivateKey): KeyObject {
  const object = typeof key === 'string' ? createPrivateKey(key) : key;
  if (object.type !== 'private' || object.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new TypeError('the bidder key must be an ECDSA P-256 (prime256v1) private key');
  }
  return object;
}

/**
 * Signs a key binding or a bid action with the bidder's private key.
 *
 * @param privateKey - the bidder's P-256 private key (PEM or KeyObject).
 * @param payload - what to sign.
 * @param encoding - `der` (default) or `ieee-p1363`; the chaincode accepts both.
 * @returns the signature, lowercase hex.
 * @throws TypeError if the key is not a P-256 private key.
 */
export function signBidderPayload(
  privateKey: BidderPrivateKey,
  payload: PlainOf<BidderKeyBinding> | BidActionPayload,
  encoding: SignatureEncoding = 'der',
): string {
  return sign('sha256', bidderSignedBytes(payload), {
    key: bidderPrivateKey(privateKey),
    dsaEncoding: encoding,
  }).toString('hex');
}

/**
 * Builds and signs a bidder's key binding: the bidder's proof that it holds the key bound to its credit code.
 *
 * @param privateKey - the key being bound (the bidder's P-256 private key).
 * @param binding - credit code, public key (PEM or hex DER), version (1, then one more per rotation).
 * @returns the binding and its signature, for {@link BidRecordClient.bindBidderKey}.
 * @throws TypeError if the key is not a P-256 private key.
 *
 * @example
 * ```ts
 * const wallet = generateBidderKeyPair();
 * const signed = signBidderKeyBinding(wallet.privateKeyPem, { uscc, publicKey: wallet.publicKeyHex, keyVersion: 1 });
 * await bidRecordClient(marketRegulation).bindBidderKey(signed);
 * ```
 */
export function signBidderKeyBinding(
  privateKey: BidderPrivateKey,
  binding: Omit<PlainOf<BidderKeyBinding>, 'action'>,
): SignedBidderKeyBinding {
  const full = Object.assign(new BidderKeyBinding(), {
    action: BIND_BIDDER_KEY_ACTION,
    uscc: binding.uscc,
    publicKey: binding.publicKey,
    keyVersion: binding.keyVersion,
  });
  return { binding: full, signature: signBidderPayload(privateKey, full) };
}

/**
 * A {@link BidderSigner} over a private key held by the caller (a bidder's own system, or a test).
 *
 * @param privateKey - the bidder's P-256 private key (parsed once, here).
 * @param encoding - signature encoding (default `der`).
 * @returns the signer.
 * @throws TypeError if the key is not a P-256 private key.
 */
export function bidderSigner(privateKey: BidderPrivateKey, encoding: SignatureEncoding = 'der'): BidderSigner {
  const key = bidderPrivateKey(privateKey);
  return (payload) => signBidderPayload(key, payload, encoding);
}
