/** Member decorators of bid-record records beyond the shared ones. */
import { ValidateBy, type ValidationArguments } from '../class-validator';
import { Text } from '../decorators';
import { oneOfRule } from '../rules';
import { USCC_RULE } from './uscc';

/** One of the listed strings, or `''` while a later step has not set it. */
export function OneOfOrEmpty(values: readonly string[]): PropertyDecorator {
  return Text(oneOfRule(values), { empty: true });
}

/**
 * A credit code as stored (its shape; its check character was verified when the record was written, and
 * results name bidders the chaincode already accepted). Inputs use {@link Uscc}.
 */
export function UsccShape(options: { readonly empty?: boolean } = {}): PropertyDecorator {
  return Text(USCC_RULE, options);
}

const SCORE_TEXT = /^(?:100(?:\.0{1,2})?|\d{1,2}(?:\.\d{1,2})?)$/;

/** An evaluation score as scored: 0–100 with at most two decimals. */
export function Score(): PropertyDecorator {
  return ValidateBy({
    name: 'govchainScore',
    constraints: [0, 100],
    validator: {
      validate: (value: unknown) => typeof value === 'number' && SCORE_TEXT.test(String(value)),
      defaultMessage: (args?: ValidationArguments) =>
        args?.value === undefined ? 'is required' : 'must be a number from 0 to 100 with at most two decimals',
    },
  });
}
