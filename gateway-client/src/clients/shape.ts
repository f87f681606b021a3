/**
 * Checking what a chaincode returned: results are parsed to `unknown` and every member is checked
 * before a typed client hands it out. A result of the wrong shape is an `INVALID_RESULT` error
 * naming the chaincode, the transaction and the path of the member, e.g. `$.records[2].status`.
 */
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

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
