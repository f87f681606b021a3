/**
 * The member decorators of protocol records. Each is one class-validator constraint with govchain's own
 * wording (`must be an integer from 1 to 100`, `is required`), so the chaincodes' refusals and the clients'
 * result checks read the same; {@link SCHEMA_CONVERTERS} turns each into JSON Schema.
 *
 * @example
 * class Guarantee {
 *   @Text(ID_RULE) guaranteeId!: string;
 *   @Int(1, MAX_AMOUNT) amount!: number;
 *   @OneOf(GUARANTEE_STATUSES) status!: GuaranteeStatus;
 * }
 */
// class-transformer's @Type reads the design-time types TypeScript emits through the Reflect metadata API.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsOptional, ValidateBy, ValidateNested, type ValidationArguments } from './class-validator';
import { ISO_UTC_RULE, type StringRule, type TextOptions, stringProblem } from './rules';

export { type TextOptions, stringProblem };

/** Days in each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Why a string is not a real ISO-8601 UTC time, or undefined. */
export function timeProblem(value: unknown, options: TextOptions = {}): string | undefined {
  const problem = stringProblem(value, ISO_UTC_RULE, options);
  if (problem !== undefined || value === '') return problem;
  // The rule fixed the layout (YYYY-MM-DDTHH:MM:SS[.sss]Z); the fields must name a real instant.
  const text = value as string;
  const field = (from: number, to: number): number => Number(text.slice(from, to));
  const [year, month, day] = [field(0, 4), field(5, 7), field(8, 10)];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] ?? 0);
  const real = day >= 1 && day <= days && field(11, 13) <= 23 && field(14, 16) <= 59 && field(17, 19) <= 59;
  return real ? undefined : 'is not a real calendar time';
}

function constraint(
  name: string,
  constraints: unknown[],
  problem: (value: unknown) => string | undefined,
  each = false,
): PropertyDecorator {
  const check = (value: unknown): string | undefined =>
    value === undefined || value === null ? 'is required' : problem(value);
  // With `each`, class-validator hands the message the whole list: name the first element that fails.
  const message = (value: unknown): string | undefined => {
    if (!each || !Array.isArray(value)) return check(value);
    const index = value.findIndex((element) => check(element) !== undefined);
    return index < 0 ? undefined : `item ${index} ${check(value[index])}`;
  };
  return ValidateBy(
    {
      name,
      constraints,
      validator: {
        validate: (value: unknown) => check(value) === undefined,
        defaultMessage: (args?: ValidationArguments) => message(args?.value) ?? 'is invalid',
      },
    },
    { each },
  );
}

/** A string obeying a rule (`empty` also accepts ''). */
export function Text(rule: StringRule, options: TextOptions = {}): PropertyDecorator {
  return constraint('govchainText', [rule, options], (value) => stringProblem(value, rule, options));
}

/** An ISO-8601 UTC time that names a real instant (`empty` also accepts ''). */
export function Time(options: TextOptions = {}): PropertyDecorator {
  return constraint('govchainTime', [options], (value) => timeProblem(value, options));
}

/** A safe integer from `min` to `max`. */
export function Int(min: number, max: number = Number.MAX_SAFE_INTEGER): PropertyDecorator {
  return constraint('govchainInt', [min, max], (value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
      ? undefined
      : `must be an integer from ${min} to ${max}`,
  );
}

/** A number (not an integer) from `min` to `max`, e.g. an area in square metres. */
export function Num(min: number, max: number): PropertyDecorator {
  return constraint('govchainNumber', [min, max], (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? undefined
      : `must be a number from ${min} to ${max}`,
  );
}

/** `true` or `false`. */
export function Bool(): PropertyDecorator {
  return constraint('govchainBoolean', [], (value) =>
    typeof value === 'boolean' ? undefined : 'must be true or false',
  );
}

/** One of the listed strings (a status union). */
export function OneOf(values: readonly string[]): PropertyDecorator {
  return constraint('govchainOneOf', [values], (value) =>
    typeof value === 'string' && values.includes(value) ? undefined : `must be one of ${values.join(', ')}`,
  );
}

/** Bounds of a list member. */
export interface ListBounds {
  readonly min?: number;
  readonly max?: number;
  /** Refuse a value listed twice (string lists). */
  readonly unique?: boolean;
}

function listProblem(value: unknown, bounds: ListBounds): string | undefined {
  if (!Array.isArray(value)) return 'must be an array';
  const min = bounds.min ?? 0;
  const max = bounds.max ?? 100;
  if (value.length < min || value.length > max) return `must have from ${min} to ${max} elements`;
  if (bounds.unique === true) {
    const duplicate = value.find((item: unknown, index) => value.indexOf(item) !== index) as unknown;
    if (duplicate !== undefined) return `lists ${JSON.stringify(duplicate)} twice`;
  }
  return undefined;
}

function applyAll(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    decorators.forEach((decorate) => {
      decorate(target, key);
    });
  };
}

/** A list of strings, each obeying the rule. */
export function TextList(rule: StringRule, bounds: ListBounds = {}): PropertyDecorator {
  return applyAll(
    constraint('govchainList', [bounds], (value) => listProblem(value, bounds)),
    constraint('govchainText', [rule, {}], (value) => stringProblem(value, rule), true),
  );
}

/** The record class of each nested member, per class: what {@link nestedTypeOf} reads. */
const NESTED_TYPES = new WeakMap<object, Map<string | symbol, () => new () => object>>();

function nestedType(type: () => new () => object): PropertyDecorator {
  return (target, key) => {
    let members = NESTED_TYPES.get(target.constructor);
    if (members === undefined)
      NESTED_TYPES.set(target.constructor, (members = new Map<string | symbol, () => new () => object>()));
    members.set(key, type);
  };
}

/**
 * @param type - a record class
 * @param member - one of its members
 * @returns the record class a {@link Nested} or {@link NestedList} member holds (also when a base class
 * declares it), or undefined for any other member
 */
export function nestedTypeOf(type: object, member: string): (new () => object) | undefined {
  for (let c: unknown = type; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const found = NESTED_TYPES.get(c)?.get(member);
    if (found !== undefined) return found();
  }
  return undefined;
}

/** A member holding one record of another class, checked member by member. */
export function Nested(type: () => new () => object): PropertyDecorator {
  return applyAll(
    constraint('govchainObject', [], (value) =>
      typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'must be a JSON object',
    ),
    ValidateNested(),
    Type(type),
    nestedType(type),
  );
}

/** A list of records of another class. */
export function NestedList(type: () => new () => object, bounds: ListBounds = {}): PropertyDecorator {
  return applyAll(
    constraint('govchainList', [bounds], (value) => listProblem(value, bounds)),
    ValidateNested({ each: true }),
    Type(type),
    nestedType(type),
  );
}

/** An object of string members (e.g. licence metadata), names and values each obeying a rule. */
export function TextMap(keyRule: StringRule, valueRule: StringRule, maxEntries = 64): PropertyDecorator {
  return constraint('govchainTextMap', [keyRule, valueRule, maxEntries], (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be a JSON object';
    const entries = Object.entries(value);
    if (entries.length > maxEntries) return `must have at most ${maxEntries} entries`;
    for (const [key, member] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const keyProblem = stringProblem(key, keyRule);
      if (keyProblem !== undefined) return `key ${JSON.stringify(key)} ${keyProblem}`;
      const memberProblem = stringProblem(member, valueRule);
      // A problem starting with `.` continues the member's path (see record.ts).
      if (memberProblem !== undefined) return `.${key} ${memberProblem}`;
    }
    return undefined;
  });
}

/**
 * A rule of its own for one member, with the JSON Schema that describes it (for shapes the other
 * decorators do not cover, e.g. `'all'` or a list).
 *
 * @param name - the rule's name, for readers of the metadata (e.g. `allOrMspList`)
 * @param problem - why a (present) value breaks the rule, or undefined
 * @param schema - the member's JSON Schema
 */
export function Rule(
  name: string,
  problem: (value: unknown) => string | undefined,
  schema: Readonly<Record<string, unknown>>,
): PropertyDecorator {
  return constraint('govchainRule', [schema, name], problem);
}

/** The member may be absent (or null); when present, its other decorators apply. */
export function Optional(): PropertyDecorator {
  return IsOptional();
}
