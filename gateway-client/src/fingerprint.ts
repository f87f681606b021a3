/**
 * Document fingerprints: SHA-256 of a document's bytes, and the canonical JSON serialization that makes a
 * JSON document's fingerprint (and a holder's consent signature over it) independent of key order.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { canonicalJson } from '@govchain/protocol';

export { canonicalJson };

/**
 * Computes the fingerprint of a document held in memory.
 *
 * @param data - the document's bytes (a string is hashed as its UTF-8 encoding).
 * @returns the SHA-256 digest as 64 lowercase hex characters.
 *
 * @example
 * ```ts
 * fingerprintBuffer('abc'); // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * ```
 */
export function fingerprintBuffer(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Computes the fingerprint of a document file without reading it whole into memory.
 *
 * @param path - the file to hash.
 * @returns the SHA-256 digest as 64 lowercase hex characters.
 * @throws the file-system error (e.g. `ENOENT`) if the file cannot be read.
 *
 * @example
 * ```ts
 * const fingerprint = await fingerprintFile('/srv/licences/BL-1.pdf');
 * ```
 */
export async function fingerprintFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/**
 * Computes the fingerprint of a JSON document: SHA-256 of its {@link canonicalJson} UTF-8 bytes.
 *
 * @param value - a JSON-compatible value.
 * @returns 64 lowercase hex characters.
 * @throws TypeError if the value cannot be serialized (see {@link canonicalJson}).
 */
export function fingerprintJson(value: unknown): string {
  return fingerprintBuffer(canonicalJson(value));
}
