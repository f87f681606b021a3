import { LIMITS } from './limits';

/** Turns a failure description into the error to throw. */
export type FailureFactory = (detail: string) => Error;

/** Rules for a string value. */
export interface StringRule {
  /** Minimum length in UTF-16 code units (default 1: empty strings are refused). */
  readonly minLength?: number;
  /** Maximum length in UTF-16 code units (default {@link LIMITS.string}, 256), checked before the pattern. */
  readonly maxLength?: number;
  /** Pattern the whole string must match. */
  readonly pattern?: RegExp;
  /** How to describe the pattern in an error message, e.g. `64 lowercase hex characters`. */
  readonly patternHint?: string;
}

/** Identifiers: licence ids, consent ids, codes used in keys. No NUL, no whitespace. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** MSP ids, e.g. `MarketRegulationMSP`. */
export const MSP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Upper-case codes such as licence-type codes and reason codes, e.g. `BUSINESS_LICENCE`. */
export const CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;
/** A SHA-256 digest as 64 lowercase hex characters. */
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;
/** Strict ISO-8601 UTC timestamp: `YYYY-MM-DDTHH:mm:ss[.sss]Z`. */
export const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export const ID_RULE: StringRule = {
  maxLength: LIMITS.id,
  pattern: ID_PATTERN,
  patternHint: 'letters, digits and . _ : - (at most 128)',
};
export const MSP_ID_RULE: StringRule = {
  maxLength: LIMITS.code,
  pattern: MSP_ID_PATTERN,
  patternHint: 'an MSP id such as Org1MSP',
};
export const CODE_RULE: StringRule = {
  maxLength: LIMITS.code,
  pattern: CODE_PATTERN,
  patternHint: 'upper-case letters, digits and _',
};
export const SHA256_HEX_RULE: StringRule = {
  maxLength: 64,
  pattern: SHA256_HEX_PATTERN,
  patternHint: '64 lowercase hex characters',
};
export const ISO_UTC_RULE: StringRule = {
  maxLength: 24,
  pattern: ISO_UTC_PATTERN,
  patternHint: 'an ISO-8601 UTC time such as 2025-01-31T00:00:00Z',
};

/**
 * The salt of a private record: 32 to 128 lowercase hex characters (16 to 64 random bytes, chosen by the
 * client; the gateway client sends 32). Fabric puts the SHA-256 of every private value in the block, readable
 * by every department; a salt only the client and the collection's members know keeps anyone else from
 * confirming a guessed value against that hash.
 */
export const PRIVATE_SALT_RULE: StringRule = {
  maxLength: 128,
  pattern: /^[0-9a-f]{32,128}$/,
  patternHint: '32 to 128 lowercase hex characters (random bytes)',
};

/**
 * @param values - the accepted codes
 * @returns a string rule accepting exactly those values (`must be one of …`)
 */
export function oneOfRule(values: readonly string[]): StringRule {
  return { pattern: new RegExp(`^(?:${values.join('|')})$`), patternHint: `one of ${values.join(', ')}` };
}

/** What {@link Text} accepts beyond its rule. */
export interface TextOptions {
  /** The empty string is also accepted (a member a later step fills in). */
  readonly empty?: boolean;
}

/** Why a string breaks a rule, or undefined when it does not. */
export function stringProblem(value: unknown, rule: StringRule, options: TextOptions = {}): string | undefined {
  if (value === undefined || value === null) return 'is required';
  if (typeof value !== 'string') return 'must be a string';
  if (value === '' && options.empty === true) return undefined;
  const minLength = rule.minLength ?? 1;
  const maxLength = rule.maxLength ?? LIMITS.string;
  if (value.length < minLength) return minLength === 1 ? 'is required' : `must have at least ${minLength} characters`;
  if (value.length > maxLength) return `must have at most ${maxLength} characters`;
  if (rule.pattern && !rule.pattern.test(value)) {
    return `must be ${rule.patternHint ?? `of the form ${rule.pattern.source}`}`;
  }
  return undefined;
}

/**
 * Checks that a value is a string obeying the rule (the rule check of {@link stringProblem}).
 *
 * @param value - the value to check
 * @param what - its name in the error message
 * @param rule - length and pattern constraints
 * @param fail - error factory
 * @returns the string
 * @throws `fail`'s error when the value breaks the rule
 */
export function checkString(value: unknown, what: string, rule: StringRule, fail: FailureFactory): string {
  if (typeof value !== 'string') throw fail(`${what} must be a string`);
  const problem = stringProblem(value, rule);
  if (problem !== undefined) throw fail(`${what} ${problem}`);
  return value;
}
