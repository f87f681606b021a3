/**
 * How the CLI prints results and failures, as text for people or as JSON for scripts.
 */
import { GovchainError } from '../errors';
import { type ExitCodeValue, isExpectedFailure } from './exit-codes';

/** Where the CLI writes. */
export interface CliIo {
  /** Writes to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /** The environment (for defaults such as `GOVCHAIN_DEPARTMENT`). */
  readonly env: NodeJS.ProcessEnv;
}

/** What a command produced: data for `--json`, lines for people. */
export interface CommandResult {
  /** The JSON object printed with `--json`. */
  readonly data: Readonly<Record<string, unknown>>;
  /** The lines printed otherwise. */
  readonly text: readonly string[];
  /** Exit code when the command ran but its answer is negative (default 0, success). */
  readonly exitCode?: ExitCodeValue;
}

/**
 * Converts a value to something `JSON.stringify` accepts (bigints become decimal strings, bytes base64).
 *
 * @param value - any value.
 * @returns a JSON-compatible copy.
 */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (value instanceof Uint8Array) {
    return Buffer.from(value).toString('base64');
  }
  if (Array.isArray(value)) {
    return value.map(toJsonValue);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return value;
}

/**
 * Formats a decoded transaction result for people.
 *
 * @param result - the decoded result.
 * @returns the text: strings as they are, anything else as indented JSON, `(empty)` for nothing.
 */
export function formatResult(result: unknown): string {
  if (result === undefined) {
    return '(empty)';
  }
  return typeof result === 'string' ? result : JSON.stringify(toJsonValue(result), null, 2);
}

/**
 * Prints a command's result.
 *
 * @param io - where to write.
 * @param result - the command's result.
 * @param json - whether to print JSON.
 */
export function printResult(io: CliIo, result: CommandResult, json: boolean): void {
  if (json) {
    io.stdout(`${JSON.stringify(toJsonValue(result.data))}\n`);
  } else if (result.text.length > 0) {
    io.stdout(`${result.text.join('\n')}\n`);
  }
}

function errorCode(err: unknown): string {
  if (err instanceof GovchainError) {
    return err.code;
  }
  if (isExpectedFailure(err)) {
    return 'USAGE';
  }
  return 'UNEXPECTED';
}

/**
 * Prints a failure on standard error: `CODE: message` (and the transaction id) for expected failures, or a
 * JSON object `{"error":{code,message,transactionId}}` with `--json`. Stack traces only for unexpected
 * failures and only when `GOVCHAIN_DEBUG` is set.
 *
 * @param io - where to write.
 * @param err - the failure.
 * @param json - whether to print JSON.
 */
export function printError(io: CliIo, err: unknown, json: boolean): void {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  const transactionId = err instanceof GovchainError ? err.transactionId : undefined;
  if (json) {
    io.stderr(`${JSON.stringify({ error: { code, message, ...(transactionId ? { transactionId } : {}) } })}\n`);
    return;
  }
  io.stderr(`error: ${code}: ${message}\n`);
  if (transactionId !== undefined) {
    io.stderr(`transaction: ${transactionId}\n`);
  }
  const debug = io.env.GOVCHAIN_DEBUG !== undefined && io.env.GOVCHAIN_DEBUG !== '';
  if (!isExpectedFailure(err) && err instanceof Error && err.stack !== undefined) {
    io.stderr(debug ? `${err.stack}\n` : 'set GOVCHAIN_DEBUG=1 for a stack trace\n');
  }
}
