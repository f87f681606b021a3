import {
  CODE_PATTERN,
  CODE_RULE,
  type FailureFactory,
  ID_PATTERN,
  ID_RULE,
  ISO_UTC_PATTERN,
  ISO_UTC_RULE,
  LIMITS,
  MSP_ID_PATTERN,
  MSP_ID_RULE,
  SHA256_HEX_PATTERN,
  SHA256_HEX_RULE,
  type StringRule,
  type ClassConstructor,
  checkString,
  isRecord,
  parseRecord,
  timeProblem,
} from '@govchain/protocol';
import { invalidArgument } from './errors';

export {
  CODE_PATTERN,
  CODE_RULE,
  type FailureFactory,
  ID_PATTERN,
  ID_RULE,
  ISO_UTC_PATTERN,
  ISO_UTC_RULE,
  MSP_ID_PATTERN,
  MSP_ID_RULE,
  SHA256_HEX_PATTERN,
  SHA256_HEX_RULE,
  type StringRule,
};

/**
 * Checks that a value is a string obeying the rule ({@link checkString} with INVALID_ARGUMENT by default).
 *
 * @param value - the value to check
 * @param what - its name in the error message
 * @param rule - length and pattern constraints
 * @param fail - error factory (default: INVALID_ARGUMENT)
 * @returns the string
 * @throws INVALID_ARGUMENT (or `fail`'s error) when the value breaks the rule
 */
export function requireString(
  value: unknown,
  what: string,
  rule: StringRule = {},
  fail: FailureFactory = invalidArgument,
): string {
  return checkString(value, what, rule, fail);
}

/**
 * Checks a SHA-256 hex fingerprint (64 lowercase hex characters).
 *
 * @param value - the value to check
 * @param what - its name in the error message
 * @returns the fingerprint
 * @throws INVALID_ARGUMENT when it is not 64 lowercase hex characters
 */
export function requireFingerprint(value: unknown, what = 'fingerprint'): string {
  return requireString(value, what, SHA256_HEX_RULE);
}

/**
 * Parses a strict ISO-8601 UTC timestamp and checks that it names a real instant
 * (no 2025-02-30).
 *
 * @param value - the value to check
 * @param what - its name in the error message
 * @param fail - error factory (default: INVALID_ARGUMENT)
 * @returns milliseconds since the epoch
 * @throws INVALID_ARGUMENT when it is not a valid ISO-8601 UTC timestamp
 */
export function parseIsoTime(value: unknown, what: string, fail: FailureFactory = invalidArgument): number {
  const text = requireString(value, what, ISO_UTC_RULE, fail);
  // The protocol's calendar check (Date.parse alone would roll 2025-02-30 over to March).
  if (timeProblem(text) !== undefined) throw fail(`${what} is not a real calendar time`);
  return Date.parse(text);
}

/**
 * Parses JSON text into `unknown`, refusing text longer than the bound before
 * parsing it.
 *
 * @param text - JSON text
 * @param what - its name in the error message
 * @param fail - error factory (default: INVALID_ARGUMENT)
 * @param maxLength - largest accepted length in UTF-16 code units (default {@link LIMITS.jsonDocument}, 64 Ki)
 * @returns the parsed value
 * @throws INVALID_ARGUMENT when the text is longer than the bound or is not JSON
 */
export function parseJson(
  text: string,
  what: string,
  fail: FailureFactory = invalidArgument,
  maxLength: number = LIMITS.jsonDocument,
): unknown {
  if (text.length > maxLength) {
    throw fail(`${what} must have at most ${maxLength} characters of JSON (it has ${text.length})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw fail(`${what} is not valid JSON`);
  }
}

/** Whether a value is a JSON object (not null, not an array): protocol's `isRecord`. */
export const isJsonObject = isRecord;

/**
 * A typed reader over a JSON object: each accessor checks one member and
 * throws a clear error (INVALID_ARGUMENT by default) naming the member.
 *
 * @example
 * const input = JsonObject.parse(licenceJson, 'licence').allowOnly(['id', 'type']);
 * const id = input.string('id', ID_RULE);
 */
export class JsonObject {
  readonly #value: Record<string, unknown>;
  readonly #what: string;
  readonly #fail: FailureFactory;

  private constructor(value: Record<string, unknown>, what: string, fail: FailureFactory) {
    this.#value = value;
    this.#what = what;
    this.#fail = fail;
  }

  /**
   * @param text - JSON text of an object
   * @param what - its name in error messages
   * @param fail - error factory (default: INVALID_ARGUMENT)
   * @param maxLength - largest accepted length of the text (default {@link LIMITS.jsonDocument})
   * @returns a reader
   * @throws INVALID_ARGUMENT when the text is longer than the bound, not JSON or not an object
   */
  static parse(
    text: string,
    what: string,
    fail: FailureFactory = invalidArgument,
    maxLength: number = LIMITS.jsonDocument,
  ): JsonObject {
    return JsonObject.from(parseJson(text, what, fail, maxLength), what, fail);
  }

  /**
   * @param value - a parsed value
   * @param what - its name in error messages
   * @param fail - error factory (default: INVALID_ARGUMENT)
   * @returns a reader
   * @throws INVALID_ARGUMENT when the value is not an object
   */
  static from(value: unknown, what: string, fail: FailureFactory = invalidArgument): JsonObject {
    if (!isJsonObject(value)) {
      throw fail(`${what} must be a JSON object`);
    }
    return new JsonObject(value, what, fail);
  }

  /** The member names present, sorted. */
  get keys(): string[] {
    return Object.keys(this.#value).sort();
  }

  /**
   * Refuses members other than the listed ones.
   *
   * @param allowed - permitted member names
   * @returns this reader
   * @throws INVALID_ARGUMENT naming the first unknown member
   */
  allowOnly(allowed: readonly string[]): this {
    const unknown = this.keys.find((key) => !allowed.includes(key));
    if (unknown !== undefined) {
      throw this.#fail(`${this.#what} has unknown field ${JSON.stringify(unknown)}`);
    }
    return this;
  }

  /**
   * @param field - member name
   * @returns whether the member is present and not null
   */
  has(field: string): boolean {
    return this.#value[field] !== undefined && this.#value[field] !== null;
  }

  /**
   * @param field - member name
   * @returns the raw member value
   */
  raw(field: string): unknown {
    return this.#value[field];
  }

  /**
   * @param field - member name
   * @param rule - string rule
   * @returns the required string member
   */
  string(field: string, rule: StringRule = {}): string {
    return requireString(this.#value[field], this.#name(field), rule, this.#fail);
  }

  /**
   * @param field - member name
   * @param rule - string rule applied when present
   * @returns the string member, or undefined when absent, null or empty
   */
  optionalString(field: string, rule: StringRule = {}): string | undefined {
    const value = this.#value[field];
    if (value === undefined || value === null || value === '') {
      return undefined;
    }
    return requireString(value, this.#name(field), rule, this.#fail);
  }

  /**
   * @param field - member name
   * @returns the required ISO-8601 UTC timestamp member, in milliseconds
   */
  time(field: string): number {
    return parseIsoTime(this.#value[field], this.#name(field), this.#fail);
  }

  /**
   * @param field - member name
   * @param min - smallest allowed value
   * @param max - largest allowed value
   * @returns the required integer member
   */
  integer(field: string, min: number, max: number): number {
    const value = this.#value[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw this.#fail(`${this.#name(field)} must be an integer from ${min} to ${max}`);
    }
    return value;
  }

  /**
   * @param field - member name
   * @returns the required boolean member
   */
  boolean(field: string): boolean {
    const value = this.#value[field];
    if (typeof value !== 'boolean') {
      throw this.#fail(`${this.#name(field)} must be true or false`);
    }
    return value;
  }

  /**
   * @param field - member name
   * @param rule - rule for each element
   * @param options - `unique` refuses duplicates, `minItems`/`maxItems` bound the length
   * @returns the required array of strings
   */
  stringArray(
    field: string,
    rule: StringRule = {},
    options: { readonly unique?: boolean; readonly minItems?: number; readonly maxItems?: number } = {},
  ): string[] {
    const items = this.array(field, options.minItems ?? 0, options.maxItems ?? 100);
    const strings = items.map((item, index) => requireString(item, `${this.#name(field)}[${index}]`, rule, this.#fail));
    if (options.unique === true) {
      const duplicate = strings.find((item, index) => strings.indexOf(item) !== index);
      if (duplicate !== undefined) {
        throw this.#fail(`${this.#name(field)} lists ${JSON.stringify(duplicate)} twice`);
      }
    }
    return strings;
  }

  /**
   * @param field - member name
   * @param minItems - smallest allowed length
   * @param maxItems - largest allowed length
   * @returns the required array member, elements unchecked
   */
  array(field: string, minItems = 0, maxItems = 100): unknown[] {
    const value = this.#value[field];
    if (!Array.isArray(value)) {
      throw this.#fail(`${this.#name(field)} must be an array`);
    }
    if (value.length < minItems || value.length > maxItems) {
      throw this.#fail(`${this.#name(field)} must have from ${minItems} to ${maxItems} elements`);
    }
    return value as unknown[];
  }

  /**
   * @param field - member name
   * @returns a reader over the required object member
   */
  object(field: string): JsonObject {
    return JsonObject.from(this.#value[field], this.#name(field), this.#fail);
  }

  /**
   * Reads an object whose members are all strings, e.g. licence metadata.
   *
   * @param field - member name
   * @param keyRule - rule for member names
   * @param valueRule - rule for member values
   * @param maxEntries - largest allowed number of members
   * @returns a new object with the members in sorted key order
   */
  stringMap(field: string, keyRule: StringRule, valueRule: StringRule, maxEntries = 64): Record<string, string> {
    const map = this.object(field);
    const keys = map.keys;
    if (keys.length > maxEntries) {
      throw this.#fail(`${this.#name(field)} must have at most ${maxEntries} entries`);
    }
    const result: Record<string, string> = {};
    for (const key of keys) {
      requireString(key, `${this.#name(field)} key ${JSON.stringify(key)}`, keyRule, this.#fail);
      result[key] = map.string(key, valueRule);
    }
    return result;
  }

  #name(field: string): string {
    return `${this.#what}.${field}`;
  }
}

/**
 * Failure factory for shape checks of data read back from the ledger: a stored
 * value that does not match its model is a defect, not a caller's mistake, so it
 * carries no stable code.
 */
export const corruptState: FailureFactory = (detail) => new Error(`stored state is corrupt: ${detail}`);

/**
 * Parses a JSON argument into a checked protocol record.
 *
 * @param type - the record class (from `@govchain/protocol/<chaincode>`)
 * @param json - the argument's JSON text
 * @param what - its name in error messages
 * @param maxLength - largest accepted length of the text (default {@link LIMITS.jsonDocument})
 * @returns the record
 * @throws INVALID_ARGUMENT naming the first member that breaks its rule
 */
export function argumentRecord<T extends object>(
  type: ClassConstructor<T>,
  json: string,
  what: string,
  maxLength: number = LIMITS.jsonDocument,
): T {
  return parseRecord(type, parseJson(json, what, invalidArgument, maxLength), what, invalidArgument);
}

/**
 * @param type - the record class
 * @param what - its name in error messages
 * @returns a parser of the stored record for `readJson`: a corrupt-state error naming the bad member
 */
export function storedRecord<T extends object>(type: ClassConstructor<T>, what: string): (value: unknown) => T {
  return (value) => parseRecord(type, value, what, corruptState);
}
