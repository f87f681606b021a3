/**
 * Encoding of transaction arguments and transient data, and decoding of transaction results.
 */
import { canonicalJson } from './fingerprint';

/** A transaction argument as callers may give it; anything but a string or bytes is sent as canonical JSON. */
export type ArgumentValue = string | Uint8Array | number | boolean | null | readonly unknown[] | object;

const utf8 = new TextEncoder();

/**
 * Encodes one transaction argument: strings and bytes unchanged, numbers and booleans as their decimal or
 * `true`/`false` text, objects, arrays and null as {@link canonicalJson}.
 *
 * @param value - the argument.
 * @returns the value as fabric-gateway sends it.
 * @throws TypeError for `undefined`, functions, symbols and bigints.
 */
export function encodeArgument(value: unknown): string | Uint8Array {
  if (typeof value === 'string' || value instanceof Uint8Array) {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  if (value === undefined) {
    throw new TypeError('a transaction argument cannot be undefined');
  }
  return canonicalJson(value);
}

/**
 * Encodes transaction arguments in order; see {@link encodeArgument}.
 *
 * @param values - the arguments.
 * @returns the encoded arguments.
 * @throws TypeError naming the position of an argument that cannot be encoded.
 */
export function encodeArguments(values: readonly unknown[]): (string | Uint8Array)[] {
  return values.map((value, index) => {
    try {
      return encodeArgument(value);
    } catch (err) {
      throw new TypeError(`argument ${index}: ${(err as Error).message}`);
    }
  });
}

/**
 * Encodes transient data (never written to the ledger): strings as UTF-8 bytes, bytes unchanged, anything
 * else as {@link canonicalJson} UTF-8 bytes.
 *
 * @param data - transient entries by key.
 * @returns the entries as bytes, keys in sorted order.
 * @throws TypeError naming the key of a value that cannot be encoded.
 */
export function encodeTransient(data: Readonly<Record<string, unknown>>): Record<string, Uint8Array> {
  const result: Record<string, Uint8Array> = {};
  for (const key of Object.keys(data).sort()) {
    const value = data[key];
    try {
      const encoded = typeof value === 'string' || value instanceof Uint8Array ? value : canonicalJson(value);
      result[key] = typeof encoded === 'string' ? utf8.encode(encoded) : encoded;
    } catch (err) {
      throw new TypeError(`transient "${key}": ${(err as Error).message}`);
    }
  }
  return result;
}

/**
 * Decodes a transaction result: UTF-8 text, parsed as JSON when it is JSON.
 *
 * @param bytes - the result returned by the chaincode.
 * @returns undefined for an empty result, the parsed JSON value (as `unknown`; check its shape), or the text
 * itself when it is not JSON.
 */
export function decodeResult(bytes: Uint8Array): unknown {
  if (bytes.length === 0) {
    return undefined;
  }
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
