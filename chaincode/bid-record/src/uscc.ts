import { type FailureFactory, invalidArgument } from '@govchain/chaincode-common';
import { checkUscc } from '@govchain/protocol/bid-record';

/**
 * Checks a unified social credit code argument (shape and check character).
 *
 * @param value - the value
 * @param what - its name in messages
 * @param fail - error factory (default INVALID_ARGUMENT)
 * @returns the code
 * @throws INVALID_ARGUMENT when malformed or the check character is wrong
 */
export function requireUscc(value: unknown, what: string, fail: FailureFactory = invalidArgument): string {
  return checkUscc(value, what, fail);
}
