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

/** A committed transaction and its result, as every client returns it. */
export interface Committed<T> {
  readonly result: T;
  readonly transactionId: string;
  readonly blockNumber: bigint;
}

/**
 * The result of a submitting command: the result under `key` with the transaction id and block for `--json`;
 * for people, the result (described by `lines`, else formatted) and then the transaction and its block.
 *
 * @param key - the name of the result in the JSON, e.g. `licence`.
 * @param outcome - the committed transaction.
 * @param lines - how to describe the result for people (default: {@link formatResult}).
 * @returns what to print.
 */
export function committed<T>(key: string, outcome: Committed<T>, lines?: readonly string[]): CommandResult {
  const block = outcome.blockNumber.toString();
  return {
    data: { [key]: outcome.result, transactionId: outcome.transactionId, blockNumber: block },
    text: [
      ...(lines ?? [formatResult(outcome.result)]),
      `transaction ${outcome.transactionId} committed in block ${block}`,
    ],
  };
}

/**
 * The result of a reading command: the value under `key` for `--json`; for people, `lines` or the value
 * formatted.
 *
 * @param key - the name of the value in the JSON, e.g. `licence`.
 * @param value - what was read.
 * @param lines - how to describe it for people (default: {@link formatResult}).
 * @returns what to print.
 */
export function shown(key: string, value: unknown, lines?: readonly string[]): CommandResult {
  return { data: { [key]: value }, text: lines ?? [formatResult(value)] };
}

/** A page of records, as every client returns it. */
export interface Page<T> {
  readonly records: readonly T[];
  readonly bookmark: string;
}

/**
 * The result of a list command: the page for `--json`; for people one description per record (or `(none)`)
 * and, when there is more, the `--bookmark` of the next page.
 *
 * @param page - the page.
 * @param describe - how to describe one record (default: {@link formatResult}).
 * @returns what to print.
 */
export function paged<T>(page: Page<T>, describe: (record: T) => string = formatResult): CommandResult {
  const lines = page.records.length === 0 ? ['(none)'] : page.records.map((record) => describe(record));
  if (page.bookmark !== '') {
    lines.push(`more: --bookmark ${page.bookmark}`);
  }
  return { data: { ...page }, text: lines };
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
