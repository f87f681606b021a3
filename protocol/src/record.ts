/**
 * Records defined once, checked alike on both sides: a record class declares its members with the
 * decorators of `./decorators` (class-validator constraints, class-transformer nesting); {@link parseRecord}
 * turns plain JSON into a checked instance of it. The chaincodes parse their arguments and what they read
 * back from the ledger with it, the clients what a chaincode returned — each side naming its own failure:
 * `INVALID_ARGUMENT`, a corrupt-state error, `INVALID_RESULT`.
 */
import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { type ValidationError, type ValidatorOptions, validateSync } from './class-validator';
import { nestedTypeOf } from './decorators';
import type { FailureFactory } from './rules';

/** The members no record may carry: assigning them would change the instance's prototype. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** How deep a record may nest (a tender project's ranking entries are at depth 2). */
const MAX_DEPTH = 8;

const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: true,
  validationError: { target: false, value: false },
};

/** For documents people write (topologies, profiles): every problem, not only the first. */
const EVERY_PROBLEM: ValidatorOptions = { ...VALIDATOR_OPTIONS, stopAtFirstError: false };

/**
 * @param value - any value
 * @returns whether it is a JSON object (not null, not an array)
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuseForbiddenKeys(value: unknown, path: string, depth: number, fail: FailureFactory): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth > MAX_DEPTH) throw fail(`${path} nests deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      refuseForbiddenKeys(item, `${path}[${index}]`, depth + 1, fail);
    });
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw fail(`${path} has unknown field ${JSON.stringify(key)}`);
    refuseForbiddenKeys((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1, fail);
  }
}

/**
 * A plain JSON object as an instance of a record class, as class-transformer's `plainToInstance` makes it
 * (the class's initializers first, then every member of the JSON, nested records as instances of their
 * classes, other objects and lists copied) without its generic per-call metadata walk: the record's check
 * runs on every ledger read, and this is half its cost. Documents keep class-transformer (defaults exposed).
 */
function toInstance<T extends object>(type: ClassConstructor<T>, value: Readonly<Record<string, unknown>>): T {
  const instance = new type() as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    const member = value[key];
    const nested = nestedTypeOf(type, key);
    instance[key] = nested === undefined ? copy(member) : nestedValue(nested, member);
  }
  return instance as T;
}

function nestedValue(type: new () => object, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => (isRecord(item) ? toInstance(type, item) : copy(item)));
  return isRecord(value) ? toInstance(type, value) : copy(value);
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (!isRecord(value)) return value;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) result[key] = copy(value[key]);
  return result;
}

/** The failures of a validation, each as `what.member[2].child must be …` (one per member). */
function describe(error: ValidationError, path: string): string[] {
  const here = /^\d+$/.test(error.property) ? `${path}[${error.property}]` : `${path}.${error.property}`;
  const constraints = error.constraints ?? {};
  if ('whitelistValidation' in constraints) return [`${path} has unknown field ${JSON.stringify(error.property)}`];
  const message = Object.values(constraints)[0];
  // A rule may name a part of the member (`.enterpriseName must be a string`): its path continues.
  if (message !== undefined) return [message.startsWith('.') ? `${here}${message}` : `${here} ${message}`];
  const children = (error.children ?? []).flatMap((child) => describe(child, here));
  return children.length === 0 ? [`${here} is invalid`] : children;
}

/**
 * Turns plain JSON into a checked instance of a record class.
 *
 * @param type - the record class
 * @param value - parsed JSON
 * @param what - its name in error messages, e.g. `guarantee`
 * @param fail - the error to throw (the chaincode's INVALID_ARGUMENT, a corrupt-state error, INVALID_RESULT)
 * @returns the instance, every member checked, no member the class does not declare
 * @throws `fail`'s error naming the first member that breaks its rule
 */
export function parseRecord<T extends object>(
  type: ClassConstructor<T>,
  value: unknown,
  what: string,
  fail: FailureFactory,
): T {
  if (!isRecord(value)) throw fail(`${what} must be a JSON object`);
  refuseForbiddenKeys(value, what, 0, fail);
  const instance = toInstance(type, value);
  const first = validateSync(instance, VALIDATOR_OPTIONS)[0];
  if (first !== undefined) throw fail(describe(first, what)[0] ?? `${what} is invalid`);
  return instance;
}

/**
 * Checks a whole document and lists every problem (for files people write, so that one run shows them
 * all). Members the class leaves out get the defaults of its property initializers.
 *
 * @param type - the document class
 * @param value - parsed JSON or YAML
 * @param what - its name in the problems, e.g. the file name
 * @returns the instance, or the problems (each naming its member's path)
 */
export function checkDocument<T extends object>(
  type: ClassConstructor<T>,
  value: unknown,
  what: string,
): { readonly document: T; readonly problems: readonly [] } | { readonly problems: readonly string[] } {
  const problems: string[] = [];
  const collect = (detail: string): Error => {
    problems.push(detail);
    return new Error(detail);
  };
  if (!isRecord(value)) return { problems: [`${what} must be a mapping of settings`] };
  try {
    refuseForbiddenKeys(value, what, 0, collect);
  } catch {
    return { problems };
  }
  const document = plainToInstance(type, value, { exposeDefaultValues: true });
  for (const error of validateSync(document, EVERY_PROBLEM)) problems.push(...describe(error, what));
  return problems.length === 0 ? { document, problems: [] } : { problems };
}

/**
 * {@link parseRecord} for each element of an array.
 *
 * @param type - the record class
 * @param value - parsed JSON
 * @param what - its name in error messages
 * @param fail - the error to throw
 * @returns the instances
 */
export function parseRecords<T extends object>(
  type: ClassConstructor<T>,
  value: unknown,
  what: string,
  fail: FailureFactory,
): T[] {
  if (!Array.isArray(value)) throw fail(`${what} must be an array`);
  return value.map((item, index) => parseRecord(type, item, `${what}[${index}]`, fail));
}

/**
 * The plain-data shape of a record class: the same members, readonly, nested records as plain data too —
 * for code that builds a record as an object literal (a writer of profiles, a test) rather than an instance.
 */
export type PlainOf<T> = T extends readonly (infer E)[]
  ? readonly PlainOf<E>[]
  : T extends object
    ? { readonly [K in keyof T]: PlainOf<T[K]> }
    : T;
