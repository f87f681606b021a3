import { canonicalJson } from '@govchain/protocol';
import { LIMITS } from './limits';

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * Serializes a value for the ledger: canonical JSON (sorted keys) as UTF-8.
 * Every put in the chaincodes goes through this function so that two endorsers
 * produce byte-identical write sets.
 *
 * @param value - plain data (objects, arrays, strings, finite numbers, booleans, null)
 * @returns the UTF-8 bytes of {@link canonicalJson}(value)
 * @throws TypeError when the value is not plain JSON data; RangeError when it is larger than
 * {@link LIMITS.storedValueBytes} (input rules keep every record far below: reaching it is a defect)
 */
export function marshal(value: unknown): Uint8Array {
  const bytes = encoder.encode(canonicalJson(value));
  if (bytes.length > LIMITS.storedValueBytes) {
    throw new RangeError(`refusing to write ${bytes.length} bytes; the bound is ${LIMITS.storedValueBytes} bytes`);
  }
  return bytes;
}

/**
 * Deserializes bytes written by {@link marshal}: UTF-8, JSON, then the given
 * shape check, which receives `unknown` and must return a typed value or throw.
 *
 * @param bytes - the stored bytes
 * @param check - shape check turning `unknown` into `T`
 * @param what - what is being read, for the error message (e.g. `licence BL-1`)
 * @returns the checked value
 * @throws Error when the bytes are larger than {@link LIMITS.storedValueBytes} or not UTF-8 JSON, or
 * whatever `check` throws
 */
export function unmarshal<T>(bytes: Uint8Array, check: (value: unknown) => T, what: string): T {
  if (bytes.length > LIMITS.storedValueBytes) {
    throw new Error(`stored ${what} is ${bytes.length} bytes; the bound is ${LIMITS.storedValueBytes} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new Error(`stored ${what} is not valid UTF-8 JSON`);
  }
  return check(parsed);
}
