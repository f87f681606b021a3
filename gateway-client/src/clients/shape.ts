/**
 * Checking what a chaincode returned: results are parsed to `unknown` and every member is checked
 * before a typed client hands it out. A result of the wrong shape is an `INVALID_RESULT` error
 * naming the chaincode, the transaction and the path of the member, e.g. `$.records[2].status`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type ClassConstructor, parseRecord } from '@govchain/protocol';
import { GovchainError } from '../errors';
import type { SubmitOptions, SubmitResult } from '../transactions';

/** Where a result came from, for error messages. */
export interface ParseContext {
  /** Chaincode name, e.g. `e-license`. */
  readonly chaincode: string;
  /** Transaction (function) name. */
  readonly transaction: string;
  readonly transactionId?: string | undefined;
}

/** A page of a paginated query, as every govchain chaincode returns it. */
export interface ResultPage<T> {
  readonly records: readonly T[];
  /** Pass it back for the next page; empty when there are no more. */
  readonly bookmark: string;
  /** How many index entries the ledger returned for this page. */
  readonly fetchedCount: number;
}

/** Which page of a paginated query to read. */
export interface PageRequest {
  /** 1–100 (default 20). */
  readonly pageSize?: number;
  /** From the previous page; omit for the first. */
  readonly bookmark?: string;
}

/** A committed transaction with its checked result. */
export type TypedSubmitResult<T> = Omit<SubmitResult, 'result'> & { readonly result: T };

/** What a typed client's submitting method returns. */
export type Submitted<T> = Promise<TypedSubmitResult<T>>;

/** Per-call options of a typed client's submitting method. */
export type TypedSubmitOptions = Pick<
  SubmitOptions,
  'endorsingOrganizations' | 'retry' | 'commitStatus' | 'onTransactionId'
>;

/** The idempotency key of an operation that would otherwise be applied again by a retry. */
export interface IdempotencyOptions {
  /**
   * Idempotency key of this logical operation, sent in transient data (`requestId`): 8 to 64 letters, digits
   * and `. _ : -`. The chaincode applies one operation per key and department: the same key with the same
   * input returns the first result and writes nothing; with other input it is refused with `CONFLICT`.
   * Default: a fresh `crypto.randomUUID()` per call, reused across that call's own retries. Pass the key of
   * an earlier call to retry it, e.g. after an `OUTCOME_UNKNOWN` error.
   */
  readonly requestId?: string;
}

/** The pattern the chaincodes check idempotency keys against. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,63}$/;

/**
 * @param options - the caller's options
 * @returns transient data carrying the caller's idempotency key, or a fresh one
 * @throws TypeError when the caller's key does not match {@link REQUEST_ID_PATTERN}
 */
export function requestTransient(options: Readonly<IdempotencyOptions> | undefined): { requestId: string } {
  const requestId = options?.requestId ?? randomUUID();
  if (!REQUEST_ID_PATTERN.test(requestId)) {
    throw new TypeError('requestId must be 8 to 64 letters, digits and . _ : -');
  }
  return { requestId };
}

/**
 * A fresh salt for a private record: 32 random bytes from the operating system's CSPRNG, as 64 lowercase hex
 * characters. Sent in transient data only; it keeps other departments from confirming a guessed value against
 * the private data hash in the block.
 *
 * @returns the salt.
 */
export function privateSalt(): string {
  return randomBytes(32).toString('hex');
}

/** Parses a whole result. */
export type Parser<T> = (value: unknown, context: ParseContext) => T;

export function invalidResult(context: ParseContext, problem: string): GovchainError {
  return new GovchainError({
    code: 'INVALID_RESULT',
    message: `${context.chaincode} ${context.transaction} returned an unexpected result: ${problem}`,
    transactionId: context.transactionId,
  });
}

/**
 * Checks an input against its protocol class before it is sent, so a malformed input fails in the caller's
 * process (TypeError naming the member) instead of costing an endorsement.
 *
 * @returns the input itself.
 */
export function checkedInput<T extends object>(type: ClassConstructor<object>, value: T, what: string): T {
  parseRecord(type, value, what, (detail) => new TypeError(detail));
  return value;
}

/** A time argument: a Date as ISO-8601 UTC, a string as it is, nothing as `""` (the chaincode's "now"). */
export function timeArgument(value: string | Date | undefined, what: string): string {
  if (value === undefined) {
    return '';
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new TypeError(`${what} is not a valid date`);
    }
    return value.toISOString();
  }
  return value;
}

/** The `pageSize` and `bookmark` arguments of a paginated query (`""` for the chaincode's defaults). */
export function pageArguments(
  page: { readonly pageSize?: number; readonly bookmark?: string } | undefined,
): [string, string] {
  const size = page?.pageSize;
  if (size !== undefined && !Number.isInteger(size)) {
    throw new TypeError(`pageSize must be an integer, got ${size}`);
  }
  return [size === undefined ? '' : String(size), page?.bookmark ?? ''];
}
