/**
 * Document fingerprints: SHA-256 of a document's bytes, and the canonical JSON serialization that makes a
 * JSON document's fingerprint (and a holder's consent signature over it) independent of key order.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

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

function serialize(value: unknown, path: string): string {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(`canonicalJson: ${path} is not a finite number`);
      }
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? serializeArray(value, path) : serializeObject(value, path);
    default:
      throw new TypeError(`canonicalJson: ${path} has unsupported type ${typeof value}`);
  }
}

function serializeArray(values: readonly unknown[], path: string): string {
  const items = values.map((item, index) => {
    if (item === undefined) {
      throw new TypeError(`canonicalJson: ${path}[${index}] is undefined`);
    }
    return serialize(item, `${path}[${index}]`);
  });
  return `[${items.join(',')}]`;
}

function serializeObject(value: object, path: string): string {
  if (value instanceof Map || value instanceof Set || value instanceof Date || ArrayBuffer.isView(value)) {
    throw new TypeError(`canonicalJson: ${path} is a ${value.constructor.name}, not plain data`);
  }
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member !== undefined) {
      members.push(`${JSON.stringify(key)}:${serialize(member, `${path}.${key}`)}`);
    }
  }
  return `{${members.join(',')}}`;
}

/**
 * Serializes a JSON value canonically, exactly as the chaincodes do (the RFC 8785 JSON Canonicalization
 * Scheme for the JSON data model): object members sorted by key comparing UTF-16 code units (the default
 * `Array.prototype.sort` order) at every depth, members whose value is `undefined` left out, arrays in order,
 * strings, numbers, booleans and `null` written exactly as `JSON.stringify` writes them, no whitespace.
 * Anything JSON cannot carry faithfully is refused rather than silently changed.
 *
 * @param value - plain JSON data (objects, arrays, strings, finite numbers, booleans, null).
 * @returns the canonical JSON text.
 * @throws TypeError (naming the JSON path, e.g. `$.owners[1]`) for non-finite numbers, `undefined` (at the top
 * or as an array element), functions, symbols, bigints, and objects that are not plain data (Map, Set, Date,
 * typed arrays and buffers).
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }] }); // '{"a":[true,{"c":"x","d":null}],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, '$');
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
