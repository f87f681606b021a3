import type { JsonObject, StringRule } from '@govchain/chaincode-common';

export * from '@govchain/protocol/bid-record';

/**
 * @param values - allowed values
 * @returns a string rule accepting exactly those values
 */
export function oneOf(values: readonly string[]): { readonly pattern: RegExp; readonly patternHint: string } {
  return { pattern: new RegExp(`^(?:${values.join('|')})$`), patternHint: `one of ${values.join(', ')}` };
}

/**
 * Reads an optional string member of a stored record.
 *
 * @param input - the record reader
 * @param field - member name
 * @param rule - rule applied when present
 * @returns the value, or `''` when absent or empty
 */
export function optional(input: JsonObject, field: string, rule: StringRule): string {
  return input.optionalString(field, rule) ?? '';
}
