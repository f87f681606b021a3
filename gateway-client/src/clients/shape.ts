/**
 * Checking what a chaincode returned: results are parsed to `unknown` and every member is checked
 * before a typed client hands it out. A result of the wrong shape is an `INVALID_RESULT` error
 * naming the chaincode, the transaction and the path of the member, e.g. `$.records[2].status`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { isRecord } from '@govchain/protocol';
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

/** Per-call options of a typed client's submitting method. */
export type TypedSubmitOptions = Pick<SubmitOptions, 'endorsingOrganizations' | 'retry' | 'commitStatus'>;

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

/** Parses one item of a result at a path. */
export type ItemParser<T> = (value: unknown, context: ParseContext, path: string) => T;

/** Parses a whole result. */
export type Parser<T> = (value: unknown, context: ParseContext) => T;

export function invalidResult(context: ParseContext, problem: string): GovchainError {
  return new GovchainError({
    code: 'INVALID_RESULT',
    message: `${context.chaincode} ${context.transaction} returned an unexpected result: ${problem}`,
    transactionId: context.transactionId,
  });
}

export { isRecord };

/** Reads members of one JSON object of a result, failing with INVALID_RESULT naming the path. */
export class Shape {
  readonly #value: Readonly<Record<string, unknown>>;
  readonly #path: string;
  readonly #context: ParseContext;

  private constructor(value: Readonly<Record<string, unknown>>, path: string, context: ParseContext) {
    this.#value = value;
    this.#path = path;
    this.#context = context;
  }

  static of(value: unknown, path: string, context: ParseContext): Shape {
    if (!isRecord(value)) {
      throw invalidResult(context, `${path} is not an object`);
    }
    return new Shape(value, path, context);
  }

  fail(key: string, expected: string): GovchainError {
    return invalidResult(this.#context, `${this.#path}.${key} is not ${expected}`);
  }

  get context(): ParseContext {
    return this.#context;
  }

  child(key: string): string {
    return `${this.#path}.${key}`;
  }

  raw(key: string): unknown {
    return this.#value[key];
  }

  string(key: string): string {
    const value = this.#value[key];
    if (typeof value !== 'string') {
      throw this.fail(key, 'a string');
    }
    return value;
  }

  /** A string the chaincode may leave empty or out. */
  optionalString(key: string): string {
    return this.#value[key] === undefined ? '' : this.string(key);
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.string(key);
    if (!(allowed as readonly string[]).includes(value)) {
      throw this.fail(key, `one of ${allowed.join(', ')}`);
    }
    return value as T;
  }

  number(key: string): number {
    const value = this.#value[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw this.fail(key, 'a number');
    }
    return value;
  }

  boolean(key: string): boolean {
    const value = this.#value[key];
    if (typeof value !== 'boolean') {
      throw this.fail(key, 'a boolean');
    }
    return value;
  }

  array<T>(key: string, item: (value: unknown, path: string) => T): T[] {
    const value = this.#value[key];
    if (!Array.isArray(value)) {
      throw this.fail(key, 'an array');
    }
    return value.map((element, index) => item(element, `${this.#path}.${key}[${index}]`));
  }

  stringArray(key: string): string[] {
    return this.array(key, (value, path) => {
      if (typeof value !== 'string') {
        throw invalidResult(this.#context, `${path} is not a string`);
      }
      return value;
    });
  }

  stringMap(key: string): Record<string, string> {
    const value = this.#value[key] ?? {};
    if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
      throw this.fail(key, 'an object of strings');
    }
    return { ...(value as Record<string, string>) };
  }

  object<T>(key: string, parse: ItemParser<T>): T {
    return parse(this.#value[key], this.#context, `${this.#path}.${key}`);
  }
}

/** A parser of a page whose records are parsed by `item`. */
export function pageParser<T>(item: ItemParser<T>): Parser<ResultPage<T>> {
  return (value, context) => {
    const s = Shape.of(value, '$', context);
    return {
      records: s.array('records', (record, path) => item(record, context, path)),
      bookmark: s.optionalString('bookmark'),
      fetchedCount: s.number('fetchedCount'),
    };
  };
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
