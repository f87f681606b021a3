import { canonicalJson } from './canonical-json';

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * Serializes a value for the ledger: canonical JSON (sorted keys) as UTF-8.
 * Every put in the chaincodes goes through this function so that two endorsers
 * produce byte-identical write sets.
 *
 * @param value - plain data (objects, arrays, strings, finite numbers, booleans, null)
 * @returns the UTF-8 bytes of {@link canonicalJson}(value)
 * @throws TypeError when the value is not plain JSON data
 */
export function marshal(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}

/**
 * Deserializes bytes written by {@link marshal}: UTF-8, JSON, then the given
 * shape check, which receives `unknown` and must return a typed value or throw.
 *
 * @param bytes - the stored bytes
 * @param check - shape check turning `unknown` into `T`
 * @param what - what is being read, for the error message (e.g. `licence BL-1`)
 * @returns the checked value
 * @throws Error when the bytes are not UTF-8 JSON, or whatever `check` throws
 */
export function unmarshal<T>(bytes: Uint8Array, check: (value: unknown) => T, what: string): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new Error(`stored ${what} is not valid UTF-8 JSON`);
  }
  return check(parsed);
}
