import { createCipheriv, createHash } from 'node:crypto';
import type { Context } from 'fabric-contract-api';
import { canonicalJson } from '@govchain/protocol';
import { invalidArgument } from './errors';
import { optionalTransient } from './transient';

/**
 * Responses sealed to a one-time key: how a read of private data stays safe
 * when it is submitted instead of evaluated. A block records every
 * transaction, invalid ones included, with its endorsers' responses; a read
 * whose answer is encrypted under a key that travels only in transient data
 * (which no block records) can only ever put ciphertext there.
 *
 * AES-256-GCM (node:crypto, no dependency) under the caller's key, with
 * - AAD = UTF-8 of `<chaincode>/<function>/<txId>` ({@link responseLabel}),
 *   so a response cannot be passed off as another call's;
 * - IV = the first 12 bytes of SHA-256(`govchain/response/v1` ‖ 0x00 ‖ AAD)
 *   ({@link responseIv}): derived, not random, so every endorser computes the
 *   same bytes and endorsement stays deterministic. A transaction id is unique
 *   per proposal, and the function is part of the derivation, so one key never
 *   meets the same IV twice even when one transaction reaches several sealed
 *   reads (transient data is shared with chaincodes it invokes).
 *
 * The result is the canonical JSON of {@link SealedResponse}. The gateway
 * client generates a fresh key per call and opens it
 * (gateway-client/src/sealed-response.ts); both sides check one test vector.
 */

/** Transient field of the caller's one-time response key. */
export const RESPONSE_KEY_FIELD = 'responseKey';

/** The only algorithm: AES-256-GCM with a 128-bit tag (JOSE's name for it). */
export const RESPONSE_ALG = 'A256GCM';

/** Domain separator of the IV derivation; a new version of the format gets a new one. */
export const RESPONSE_IV_DOMAIN = 'govchain/response/v1';

/** 32 bytes as base64 (44 characters, one `=`). */
const RESPONSE_KEY_PATTERN = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** What a sealed read returns: all binary members base64. */
export interface SealedResponse {
  readonly alg: typeof RESPONSE_ALG;
  readonly ciphertext: string;
  readonly iv: string;
  readonly tag: string;
}

/**
 * @param chaincode - the chaincode's name as its clients know it, e.g. `e-license`
 * @param fn - the transaction function, e.g. `ReadLicenseDetail`
 * @param txId - the transaction id
 * @returns the additional authenticated data, `<chaincode>/<function>/<txId>`
 */
export function responseLabel(chaincode: string, fn: string, txId: string): string {
  return `${chaincode}/${fn}/${txId}`;
}

/**
 * @param label - the {@link responseLabel}
 * @returns the 12-byte IV derived from it
 */
export function responseIv(label: string): Buffer {
  return createHash('sha256')
    .update(RESPONSE_IV_DOMAIN, 'utf8')
    .update(Buffer.of(0))
    .update(label, 'utf8')
    .digest()
    .subarray(0, 12);
}

/**
 * Encrypts a response. Pure and deterministic: the same key, label and text
 * give the same bytes on every endorser.
 *
 * @param key - the 32-byte response key
 * @param label - the {@link responseLabel}
 * @param plaintext - the answer (UTF-8 text, e.g. canonical JSON)
 * @returns the sealed response
 * @throws INVALID_ARGUMENT when the key is not 32 bytes
 */
export function sealResponse(key: Uint8Array, label: string, plaintext: string): SealedResponse {
  if (key.length !== 32) {
    throw invalidArgument('a response key must be 32 bytes');
  }
  const iv = responseIv(label);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(label, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    alg: RESPONSE_ALG,
    ciphertext: ciphertext.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/**
 * Reads the caller's one-time response key (transient `responseKey`). The
 * value is never echoed.
 *
 * @param ctx - transaction context
 * @param fn - the transaction function, for the message
 * @returns the 32 key bytes
 * @throws INVALID_ARGUMENT when the key is absent or not 32 bytes in canonical base64
 */
export function requireResponseKey(ctx: Context, fn: string): Buffer {
  const text = optionalTransient(ctx, RESPONSE_KEY_FIELD, {
    maxLength: 44,
    pattern: RESPONSE_KEY_PATTERN,
    patternHint: '32 random bytes in base64 (44 characters)',
  });
  if (text === undefined) {
    throw invalidArgument(
      `transient field ${RESPONSE_KEY_FIELD} is required: ${fn} returns its answer encrypted to a one-time key (32 random bytes, base64)`,
    );
  }
  return Buffer.from(text, 'base64');
}

/**
 * The one line a private read ends with: its answer sealed to the caller's
 * one-time key, so that submitted instead of evaluated it can only put
 * ciphertext into a block.
 *
 * @example
 * ```ts
 * return encryptResponse(ctx, 'e-license', 'ReadLicenseDetail', canonicalJson(view));
 * ```
 *
 * @param ctx - transaction context
 * @param chaincode - the chaincode's name as its clients know it
 * @param fn - the transaction function
 * @param plaintext - the answer
 * @returns the canonical JSON of the {@link SealedResponse}
 * @throws INVALID_ARGUMENT when the transient response key is absent or malformed (nothing is returned)
 */
export function encryptResponse(ctx: Context, chaincode: string, fn: string, plaintext: string): string {
  const key = requireResponseKey(ctx, fn);
  return canonicalJson(sealResponse(key, responseLabel(chaincode, fn, ctx.stub.getTxID()), plaintext));
}
