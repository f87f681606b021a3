import { ValidateBy, type ValidationArguments } from '../class-validator';
import { stringProblem } from '../decorators';
import { type FailureFactory, checkString } from '../rules';

/** The 31 characters of a unified social credit code (GB 32100-2015): digits and capitals without I, O, S, V, Z. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Shape of a unified social credit code: 18 characters of {@link USCC_ALPHABET}. */
export const USCC_RULE = {
  pattern: /^[0-9A-HJ-NPQRTUWXY]{18}$/,
  patternHint: 'an 18-character unified social credit code (digits and capitals except I, O, S, V, Z)',
} as const;

/**
 * Computes the check character (18th) of a unified social credit code (GB 32100-2015).
 *
 * @param first17 - the first 17 characters
 * @returns the check character
 * @throws RangeError when the input is not 17 characters of the alphabet
 */
export function usccCheckCharacter(first17: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{17}$/.test(first17)) {
    throw new RangeError('expected the first 17 characters of a unified social credit code');
  }
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    sum += USCC_ALPHABET.indexOf(first17.charAt(index)) * (WEIGHTS[index] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET.charAt(check);
}

/**
 * @param code - a candidate code
 * @returns whether it is a well-formed unified social credit code with a correct check character
 */
export function isUnifiedSocialCreditCode(code: string): boolean {
  return USCC_RULE.pattern.test(code) && usccCheckCharacter(code.slice(0, 17)) === code.charAt(17);
}

/**
 * Checks a unified social credit code argument (shape and check character).
 *
 * @param value - the value
 * @param what - its name in messages
 * @param fail - error factory
 * @returns the code
 * @throws `fail`'s error when malformed or the check character is wrong
 */
export function checkUscc(value: unknown, what: string, fail: FailureFactory): string {
  const code = checkString(value, what, USCC_RULE, fail);
  if (!isUnifiedSocialCreditCode(code)) {
    throw fail(`${what} has a wrong check character (not a valid unified social credit code)`);
  }
  return code;
}

/** A member holding a unified social credit code, its check character verified. */
export function Uscc(): PropertyDecorator {
  return ValidateBy({
    name: 'govchainUscc',
    constraints: [USCC_RULE, {}],
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isUnifiedSocialCreditCode(value),
      defaultMessage: (args?: ValidationArguments) =>
        stringProblem(args?.value, USCC_RULE) ?? 'has a wrong check character (not a valid unified social credit code)',
    },
  });
}
