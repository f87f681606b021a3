/**
 * `--request-id` for the commands whose chaincode operation is idempotent (a violation, a blacklisting,
 * witness evidence): the key is chosen before anything is sent — the one given, or a fresh UUID — printed
 * with the result, and named in an OUTCOME_UNKNOWN error, so that repeating the command with it never
 * applies the operation twice.
 */
import { randomUUID } from 'node:crypto';
import { REQUEST_ID_PATTERN } from '../clients/shape';
import { OutcomeUnknownError } from '../errors';
import { invalid, opt, option } from './args';
import type { CommandContext, OptionDefinition } from './command';
import type { CommandResult } from './output';

/** The `--request-id <id>` option. */
export const requestIdOption: OptionDefinition<string> = option(
  '--request-id <id>',
  'idempotency key (8 to 64 letters, digits, . _ : -; default: a fresh UUID, printed with the result): the same ' +
    'key with the same input is applied once — after exit 8 (OUTCOME_UNKNOWN) repeat the command with the key it printed',
  {
    parse: (value: string) =>
      REQUEST_ID_PATTERN.test(value) ? value : invalid('it must be 8 to 64 letters, digits and . _ : - (e.g. a UUID).'),
  },
);

/**
 * Runs an idempotent call under the command's key and adds the key to its result. An OUTCOME_UNKNOWN error
 * is rethrown naming the key to retry with.
 *
 * @param context - the command's context (`--request-id`, checked while parsing).
 * @param call - the call, given the key.
 * @returns the call's result, with `requestId` in its data and a line saying it.
 * @throws {@link OutcomeUnknownError} with the retry hint; any other error unchanged.
 */
export async function idempotent(
  context: CommandContext,
  call: (requestId: string) => Promise<CommandResult>,
): Promise<CommandResult> {
  const requestId = opt(context, requestIdOption) ?? randomUUID();
  let result: CommandResult;
  try {
    result = await call(requestId);
  } catch (err) {
    if (err instanceof OutcomeUnknownError) {
      throw new OutcomeUnknownError({
        reason: err.reason,
        transactionId: err.transactionId,
        cause: err.cause,
        message: `${err.message}; to retry without applying it twice, repeat the command with --request-id ${requestId}`,
      });
    }
    throw err;
  }
  return {
    ...result,
    data: { ...result.data, requestId },
    text: [...result.text, `request ${requestId} (repeat with --request-id ${requestId} to retry it safely)`],
  };
}
