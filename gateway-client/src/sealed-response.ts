/**
 * Opening responses sealed to a one-time key. A chaincode read of private data (e-license
 * `ReadLicenseDetail`, real-estate `GetTransferDetail`) answers only with its result encrypted under a key
 * the caller sends in transient data, so that the read, even when submitted instead of evaluated, can put
 * only ciphertext into a block. The format (AES-256-GCM; AAD `<chaincode>/<function>/<txId>`; IV the first
 * 12 bytes of SHA-256(`govchain/response/v1` ‖ 0x00 ‖ AAD)) is the chaincode side's
 * (chaincode/common/src/sealed-response.ts); both are checked against one test vector. node:crypto only.
 */
import { createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { GovchainError } from './errors';

/** Transient field of the one-time response key. */
export const RESPONSE_KEY_FIELD = 'responseKey';

/** The algorithm of a sealed response (AES-256-GCM, JOSE's name). */
export const RESPONSE_ALG = 'A256GCM';

const IV_DOMAIN = 'govchain/response/v1';

/**
 * The reads whose chaincode answers only sealed to a one-time key, by chaincode name as its clients know it.
 * The typed clients call them with `evaluateSealed` (transactions.ts); so does the CLI's generic `query`.
 */
export const SEALED_READS: Readonly<Record<string, readonly string[]>> = {
  'e-license': ['ReadHolderRefGrant', 'ReadLicenseDetail'],
  'real-estate': ['GetTransferDetail'],
};

/**
 * @param chaincode - the chaincode's name as its clients know it.
 * @param transaction - the function, bare or as `Contract:Function`.
 * @returns whether the chaincode answers that function only sealed to a one-time key.
 */
export function isSealedRead(chaincode: string, transaction: string): boolean {
  return SEALED_READS[chaincode]?.includes(functionName(transaction)) ?? false;
}

/**
 * @param transaction - a function, bare or as `Contract:Function`.
 * @returns the bare function name, as the chaincode labels its response.
 */
export function functionName(transaction: string): string {
  return transaction.slice(transaction.lastIndexOf(':') + 1);
}

/** Which call a sealed response answers: the authenticated data it is bound to. */
export interface SealedResponseLabel {
  /** The chaincode's name as its clients know it, e.g. `e-license` (not a deployment's alias). */
  readonly chaincode: string;
  /** The transaction function, e.g. `ReadLicenseDetail`. */
  readonly transaction: string;
  /** The id of the evaluated proposal. */
  readonly transactionId: string;
}

/**
 * A fresh one-time response key: 32 bytes from the operating system's CSPRNG. Use one per call; it travels
 * only in transient data, which no block records.
 *
 * @returns the key.
 */
export function newResponseKey(): Buffer {
  return randomBytes(32);
}

/**
 * @param key - a response key.
 * @returns the transient data that carries it: `{ responseKey: <base64> }`.
 */
export function responseKeyTransient(key: Uint8Array): { [RESPONSE_KEY_FIELD]: string } {
  return { [RESPONSE_KEY_FIELD]: Buffer.from(key).toString('base64') };
}

function label({ chaincode, transaction, transactionId }: Readonly<SealedResponseLabel>): string {
  return `${chaincode}/${transaction}/${transactionId}`;
}

function unsealable(where: Readonly<SealedResponseLabel>, problem: string, cause?: unknown): GovchainError {
  return new GovchainError({
    code: 'INVALID_RESULT',
    message: `${where.chaincode} ${where.transaction} returned a sealed response that cannot be opened: ${problem}`,
    transactionId: where.transactionId,
    cause,
  });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function base64Member(value: Readonly<Record<string, unknown>>, member: string, where: SealedResponseLabel): Buffer {
  const text = value[member];
  if (typeof text !== 'string' || !BASE64.test(text)) {
    throw unsealable(where, `${member} is not base64`);
  }
  return Buffer.from(text, 'base64');
}

/**
 * Opens a sealed response: checks its shape, that its IV is the one derived for this call, and its
 * authentication tag under the key and the call's label, then decrypts it.
 *
 * @param sealed - the decoded result, `{ alg: "A256GCM", ciphertext, iv, tag }` (base64 members).
 * @param key - the one-time key sent with the call.
 * @param where - the chaincode, function and transaction id of the call.
 * @returns the plaintext bytes (decode them with `decodeResult`).
 * @throws {@link GovchainError} with code `INVALID_RESULT` when the response is not a sealed response, or
 * was sealed under another key or for another call (the tag does not verify).
 */
export function decryptResponse(sealed: unknown, key: Uint8Array, where: Readonly<SealedResponseLabel>): Buffer {
  if (typeof sealed !== 'object' || sealed === null || Array.isArray(sealed)) {
    throw unsealable(where, 'it is not an object');
  }
  const value = sealed as Readonly<Record<string, unknown>>;
  if (value.alg !== RESPONSE_ALG) {
    throw unsealable(where, `alg is not ${RESPONSE_ALG}`);
  }
  const aad = label(where);
  const iv = createHash('sha256').update(IV_DOMAIN, 'utf8').update(Buffer.of(0)).update(aad, 'utf8').digest();
  if (!base64Member(value, 'iv', where).equals(iv.subarray(0, 12))) {
    throw unsealable(where, 'iv is not the one derived for this transaction');
  }
  const tag = base64Member(value, 'tag', where);
  if (tag.length !== 16) {
    throw unsealable(where, 'tag is not 16 bytes');
  }
  const ciphertext = base64Member(value, 'ciphertext', where);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv.subarray(0, 12), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (err) {
    throw unsealable(where, 'it does not authenticate under this key and transaction', err);
  }
}
