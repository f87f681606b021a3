/**
 * The one argument layer of the `govchain` CLI. Every command's arguments and options are built here from a
 * few kinds — ids, codes, MSP ids, fingerprints, JSON inline or `@file` (one reader), times (one grammar),
 * paging, endorsers, idempotency keys — and read back with typed accessors, so command code neither parses
 * nor casts. Checking happens while commander parses the command line (the program turns `parse`,
 * `choices`, `required`, `conflicts` and `exactlyOne` into commander's own `.argParser`, `.choices`,
 * mandatory options and `.conflicts`): a bad value is a usage error, exit 2, before anything connects.
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, Option } from 'commander';
import {
  CODE_RULE,
  ID_RULE,
  ISO_UTC_PATTERN,
  MSP_ID_RULE,
  SHA256_HEX_RULE,
  type StringRule,
  checkString,
  isRecord,
} from '@govchain/protocol';
import type { PageRequest, TypedSubmitOptions } from '../clients/shape';
import type { GovchainConnection } from '../connection';
import type {
  ArgumentDefinition,
  CommandContext,
  CommandDefinition,
  IntegerRange,
  OptionDefinition,
  ValueDefinition,
} from './command';
import type { CommandResult } from './output';
import { UsageError } from './exit-codes';

// ------------------------------------------------------------------------------------------------ kinds

/** How a kind of value is checked and parsed: what an argument or option definition takes from it. */
export type Kind<T> = ValueDefinition<T>;

function refuse(message: string): never {
  throw new InvalidArgumentError(message);
}

/**
 * Describes a range for messages: `from 1 to 100`, or `of at least 1`.
 *
 * @param range - the range.
 * @returns the words.
 */
function rangeText(range: Readonly<IntegerRange>): string {
  return range.max === undefined ? `of at least ${range.min}` : `from ${range.min} to ${range.max}`;
}

/**
 * @param range - the accepted values.
 * @returns a parser of a whole number in the range (commander's InvalidArgumentError otherwise).
 */
export function integerParser(range: Readonly<IntegerRange>): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (
      !/^-?\d+$/.test(value) ||
      !Number.isSafeInteger(n) ||
      n < range.min ||
      (range.max !== undefined && n > range.max)
    ) {
      refuse(`it must be a whole number ${rangeText(range)}.`);
    }
    return n;
  };
}

/**
 * @param rule - a string rule of the protocol package (the one the chaincode checks).
 * @returns a parser that refuses what the chaincode would refuse.
 */
export function ruleParser(rule: StringRule): (value: string) => string {
  return (value: string): string => checkString(value, 'it', rule, (detail) => new InvalidArgumentError(`${detail}.`));
}

/**
 * Adapts a check of the protocol package (`checkString`-like: value, name, failure factory) to a parser.
 *
 * @param check - the check the chaincode runs, e.g. `checkUscc`.
 * @returns the kind: the value as checked, or a usage error saying what is wrong.
 */
export function checkedBy(
  check: (value: unknown, what: string, fail: (detail: string) => Error) => string,
): Kind<string> {
  return { parse: (value: string) => check(value, 'it', (detail) => new InvalidArgumentError(`${detail}.`)) };
}

/**
 * The one time grammar of the CLI: ISO-8601 UTC (`2026-01-31T00:00:00Z`, optionally with milliseconds), or
 * `+<n>` and a unit — `s`, `m`, `h` or `d` — from now.
 *
 * @param value - the time as given.
 * @param now - the current time in ms since the epoch (for tests).
 * @returns the time as ISO-8601 UTC.
 * @throws commander's InvalidArgumentError for anything else.
 */
export function parseTime(value: string, now: number = Date.now()): string {
  const relative = /^\+(\d{1,9})([smhd])$/.exec(value);
  if (relative !== null) {
    const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now + Number(relative[1]) * unit).toISOString();
  }
  if (!ISO_UTC_PATTERN.test(value) || Number.isNaN(Date.parse(value))) {
    refuse('it must be an ISO-8601 UTC time such as 2026-01-31T00:00:00Z, or +<n>s|m|h|d from now.');
  }
  return value;
}

/**
 * The one reader of files named on the command line.
 *
 * @param file - the file.
 * @returns its text.
 * @throws commander's InvalidArgumentError naming the file when it cannot be read.
 */
export function readInputFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    return refuse(`cannot read ${file}: ${(err as Error).message}`);
  }
}

function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    return refuse(`${source} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Reads a JSON value given inline or as `@file`.
 *
 * @param value - JSON text, or `@` and the name of a file holding it.
 * @returns the parsed value.
 * @throws commander's InvalidArgumentError when the file cannot be read or the text is not JSON.
 */
export function parseJsonInput(value: string): unknown {
  return value.startsWith('@')
    ? parseJsonText(readInputFile(value.slice(1)), value.slice(1))
    : parseJsonText(value, 'it');
}

/**
 * Reads a JSON file.
 *
 * @param file - the file.
 * @returns the parsed value.
 */
export function parseJsonFile(file: string): unknown {
  return parseJsonText(readInputFile(file), file);
}

function objectOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : refuse('it must be a JSON object.');
}

function stringsOf(value: unknown): Record<string, string> {
  const object = objectOf(value);
  const entries = Object.entries(object);
  return entries.every((entry): entry is [string, string] => typeof entry[1] === 'string')
    ? Object.fromEntries(entries)
    : refuse('it must be a JSON object of strings.');
}

/** The kinds of values the CLI's arguments and options take. */
export const kinds = {
  /** An id (licence, project, consent…): the protocol's id rule. */
  id: { parse: ruleParser(ID_RULE) },
  /** An upper-case code (reason, licence type…). */
  code: { parse: ruleParser(CODE_RULE) },
  /** An MSP id, e.g. `TaxMSP`. */
  mspId: { parse: ruleParser(MSP_ID_RULE) },
  /** Bytes in hex, e.g. a signature. */
  hex: { parse: ruleParser({ maxLength: 1024, pattern: /^(?:[0-9a-fA-F]{2})+$/, patternHint: 'hex' }) },
  /** A SHA-256 digest, 64 lower-case hex characters. */
  sha256: { parse: ruleParser(SHA256_HEX_RULE) },
  /** A time: ISO-8601 UTC or `+<n>s|m|h|d` from now (see {@link parseTime}). */
  time: { parse: (value: string) => parseTime(value) },
  /** Any JSON value, inline or `@file`. */
  json: { parse: parseJsonInput },
  /** A JSON object, inline or `@file`. */
  jsonObject: { parse: (value: string) => objectOf(parseJsonInput(value)) },
  /** A JSON object of strings, inline or `@file`. */
  stringMap: { parse: (value: string) => stringsOf(parseJsonInput(value)) },
  /** A file holding a JSON object of strings. */
  stringMapFile: { parse: (value: string) => stringsOf(parseJsonFile(value)) },
  /** A file holding a JSON object. */
  jsonObjectFile: { parse: (value: string) => objectOf(parseJsonFile(value)) },
  /** A text file (e.g. a PEM key): its contents. */
  textFile: { parse: readInputFile },
} as const;

/**
 * A JSON input of a transaction, inline or `@file`, handed to the typed client as its input type. The
 * chaincode checks its shape (and refuses it with INVALID_ARGUMENT); the CLI only checks it is an object.
 *
 * @returns the kind.
 */
export function jsonInput<T extends object>(): Kind<T> {
  return { parse: (value: string) => objectOf(parseJsonInput(value)) as T };
}

/**
 * A JSON array input of a transaction, inline or `@file`, handed to the typed client as its element type (the
 * chaincode checks each element).
 *
 * @returns the kind.
 */
export function jsonArrayInput<T>(): Kind<readonly T[]> {
  return {
    parse: (value: string) => {
      const parsed = parseJsonInput(value);
      return Array.isArray(parsed) ? (parsed as readonly T[]) : refuse('it must be a JSON array.');
    },
  };
}

/**
 * A JSON file holding a transaction's input, handed to the typed client as its input type (the chaincode
 * checks its shape).
 *
 * @returns the kind.
 */
export function jsonFileInput<T extends object>(): Kind<T> {
  return { parse: (value: string) => objectOf(parseJsonFile(value)) as T };
}

/**
 * A JSON file holding a signed payload as the signing commands print it: `{"<member>": {...}, "signature":
 * "<hex>"}`. The chaincode checks the signature over the payload it rebuilds.
 *
 * @param member - the payload's member, e.g. `consent`.
 * @returns the kind.
 */
export function signedJsonFile<T extends { readonly signature: string }>(member: string): Kind<T> {
  return {
    parse: (value: string) => {
      const json = objectOf(parseJsonFile(value));
      if (typeof json.signature !== 'string' || !isRecord(json[member])) {
        refuse(`the signed file must be {"${member}": {...}, "signature": "<hex>"}`);
      }
      return { [member]: json[member], signature: json.signature } as unknown as T;
    },
  };
}

/**
 * A kind that parses further what another kind returned.
 *
 * @param kind - the kind whose value is refined (it must have `parse`).
 * @param refine - checks and converts the value; throws commander's InvalidArgumentError to refuse it.
 * @returns the refined kind.
 */
export function refined<A, B>(kind: Kind<A> & { parse: (value: string) => A }, refine: (value: A) => B): Kind<B> {
  return { parse: (value: string) => refine(kind.parse(value)) };
}

/**
 * Refuses a value while parsing (for {@link refined} and `parse` functions).
 *
 * @param message - why.
 * @returns never.
 * @throws commander's InvalidArgumentError.
 */
export function invalid(message: string): never {
  return refuse(message);
}

/**
 * @param range - the accepted values.
 * @returns a whole number in the range.
 */
export function integer(range: IntegerRange): Kind<number> {
  return { parse: integerParser(range), integer: range };
}

/**
 * @param values - the accepted values.
 * @returns one of them (commander's `.choices`).
 */
export function oneOf<const T extends string>(values: readonly T[]): Kind<T> {
  return { choices: values };
}

/** The details of an argument besides its name, description and kind. */
export type ArgumentExtra = Pick<ArgumentDefinition, 'optional' | 'variadic'>;

/**
 * Defines a positional argument.
 *
 * @param name - its name in help and messages.
 * @param description - what it is.
 * @param kind - how it is checked (default: any string).
 * @param extra - optional or variadic.
 * @returns the definition.
 */
export function argument<T = string>(
  name: string,
  description: string,
  kind: Kind<T> = {},
  extra: ArgumentExtra = {},
): ArgumentDefinition<T> {
  return { name, description, ...kind, ...extra };
}

/** The details of an option besides its flags, description and kind. */
export type OptionExtra<T> = Pick<
  OptionDefinition<T>,
  'required' | 'conflicts' | 'requires' | 'defaultValue' | 'repeatable'
>;

/**
 * Defines an option.
 *
 * @param flags - commander flags, e.g. `--id <id>`.
 * @param description - what it does.
 * @param kind - how its value is checked (default: any string).
 * @param extra - required, conflicts, requires, default, repeatable.
 * @returns the definition.
 */
export function option<T = string>(
  flags: string,
  description: string,
  kind: Kind<T> = {},
  extra: OptionExtra<T> = {},
): OptionDefinition<T> {
  return { flags, description, ...kind, ...extra };
}

// --------------------------------------------------------------------------------------------- accessors

/**
 * @param definition - an option definition.
 * @returns the key commander stores its value under (`--page-size` → `pageSize`).
 */
export function optionKey(definition: Pick<OptionDefinition, 'flags'>): string {
  return new Option(definition.flags).attributeName();
}

/**
 * @param definition - an option definition.
 * @returns its long flag, e.g. `--page-size`.
 */
export function optionFlag(definition: Pick<OptionDefinition, 'flags'>): string {
  const parsed = new Option(definition.flags);
  return parsed.long ?? parsed.short ?? definition.flags;
}

/**
 * The value of an option, as its definition parsed it.
 *
 * @param context - the command context.
 * @param definition - the option.
 * @returns the value, or undefined when not given (and without default).
 */
export function opt<T>(context: CommandContext, definition: OptionDefinition<T>): T | undefined {
  // Commander stored what the definition's parser returned (or its default, of type T).
  return context.options[optionKey(definition)] as T | undefined;
}

/**
 * The value of an option that must be there (declared `required`, or required by this command's logic).
 *
 * @param context - the command context.
 * @param definition - the option.
 * @returns the value.
 * @throws {@link UsageError} when it was not given.
 */
export function need<T>(context: CommandContext, definition: OptionDefinition<T>): T {
  const value = opt(context, definition);
  if (value === undefined || value === '') {
    throw new UsageError(`missing required option ${optionFlag(definition)}`);
  }
  return value;
}

/**
 * The values of a repeatable option.
 *
 * @param context - the command context.
 * @param definition - the option (declared `repeatable`).
 * @returns the values in order; empty when none was given.
 */
export function list<T>(context: CommandContext, definition: OptionDefinition<T>): T[] {
  const value = context.options[optionKey(definition)];
  return Array.isArray(value) ? (value as T[]) : [];
}

/**
 * The value of a positional argument, as its definition parsed it.
 *
 * @param context - the command context.
 * @param definition - the argument.
 * @returns the value.
 * @throws {@link UsageError} when it is missing (commander refuses that first for a required argument).
 */
export function arg<T>(context: CommandContext, definition: ArgumentDefinition<T>): T {
  const value = context.args[definition.name];
  if (value === undefined) {
    throw new UsageError(`missing argument <${definition.name}>`);
  }
  return value as T;
}

/**
 * The value of an optional positional argument.
 *
 * @param context - the command context.
 * @param definition - the argument.
 * @returns the value, or undefined.
 */
export function optionalArg<T>(context: CommandContext, definition: ArgumentDefinition<T>): T | undefined {
  return context.args[definition.name] as T | undefined;
}

/**
 * The values of a variadic argument.
 *
 * @param context - the command context.
 * @param definition - the argument (declared `variadic`).
 * @returns the values, empty when none.
 */
export function argList<T>(context: CommandContext, definition: ArgumentDefinition<T>): T[] {
  const value = context.args[definition.name];
  return Array.isArray(value) ? (value as T[]) : value === undefined ? [] : [value as T];
}

/**
 * Which one of some options was given, for choices that depend on other options (a fixed group is better
 * declared as the command's `exactlyOne`, which is checked while parsing).
 *
 * @param context - the command context.
 * @param definitions - the options.
 * @returns the one given and its value.
 * @throws {@link UsageError} unless exactly one was given.
 */
export function exactlyOne<T>(
  context: CommandContext,
  definitions: readonly OptionDefinition<T>[],
): { readonly option: OptionDefinition<T>; readonly value: T } {
  const given = definitions.flatMap((option) => {
    const value = opt(context, option);
    return value === undefined ? [] : [{ option, value }];
  });
  const [one] = given;
  if (given.length !== 1 || one === undefined) {
    throw new UsageError(exactlyOneMessage(definitions));
  }
  return one;
}

/**
 * @param definitions - a group of options.
 * @returns the message for a group of which not exactly one was given.
 */
export function exactlyOneMessage(definitions: readonly Pick<OptionDefinition, 'flags'>[]): string {
  return `give exactly one of ${definitions.map(optionFlag).join(', ')}`;
}

// ------------------------------------------------------------------------------------------ shared options

/** How the help states the one time grammar. */
export const TIME_GRAMMAR = 'ISO-8601 UTC or +<n>s|m|h|d from now';

/**
 * A time option: {@link kinds.time}, its help saying the grammar.
 *
 * @param flags - commander flags, e.g. `--at <time>`.
 * @param what - what the time is, e.g. `judge at this time`.
 * @param extra - required, default and the like.
 * @returns the option.
 */
export function timeOption(flags: string, what: string, extra: OptionExtra<string> = {}): OptionDefinition<string> {
  return option(flags, `${what}: ${TIME_GRAMMAR}`, kinds.time, extra);
}

/**
 * A time argument: {@link kinds.time}, its help saying the grammar.
 *
 * @param name - its name.
 * @param what - what the time is.
 * @returns the argument.
 */
export function timeArgument(name: string, what: string): ArgumentDefinition<string> {
  return argument(name, `${what}: ${TIME_GRAMMAR}`, kinds.time);
}

/** `--page-size <n>`: records per page. */
export const pageSizeOption = option(
  '--page-size <n>',
  'records per page, 1–100 (default 20)',
  integer({ min: 1, max: 100 }),
);
/** `--bookmark <bookmark>`: where the next page starts. */
export const bookmarkOption = option('--bookmark <bookmark>', 'bookmark printed with the previous page');
/** The paging options of every list command. */
export const pageOptions: readonly OptionDefinition[] = [pageSizeOption, bookmarkOption];

/**
 * @param context - the command context of a list command (with {@link pageOptions}).
 * @returns the page to read.
 */
export function pageRequest(context: CommandContext): PageRequest {
  const pageSize = opt(context, pageSizeOption);
  const bookmark = opt(context, bookmarkOption);
  return { ...(pageSize === undefined ? {} : { pageSize }), ...(bookmark === undefined ? {} : { bookmark }) };
}

const ENDORSE_WITH_FLAGS = '--endorse-with <mspId>';

/**
 * `--endorse-with <mspId>`, repeatable: the organizations that must endorse instead of the client's choice.
 *
 * @param defaults - what the client chooses without it, for the help.
 * @returns the option.
 */
export function endorseWithOption(defaults: string): OptionDefinition<string> {
  return option(ENDORSE_WITH_FLAGS, `organization that must endorse, repeatable (default: ${defaults})`, kinds.mspId, {
    repeatable: true,
  });
}

/**
 * @param context - the command context of a submitting command (with {@link endorseWithOption}).
 * @returns the per-call options of the typed client.
 */
export function submitOptions(context: CommandContext): TypedSubmitOptions {
  const endorsers = list(context, option(ENDORSE_WITH_FLAGS, ''));
  return endorsers.length > 0 ? { endorsingOrganizations: endorsers } : {};
}

// ------------------------------------------------------------------------------------ chaincode commands

/**
 * What a chaincode command does once its usage is checked: a call on the chaincode's typed client.
 *
 * @typeParam C - the typed client.
 * @typeParam R - what the call returns, before it is presented.
 */
export type ClientCall<C, R> = (client: C, context: CommandContext, options: TypedSubmitOptions) => Promise<R>;

/** Defines one command of a chaincode (see {@link chaincodeCommands}). */
export type ChaincodeCommand<C, R> = (
  name: string,
  description: string,
  args: readonly ArgumentDefinition[],
  call: ClientCall<C, R>,
  options?: readonly OptionDefinition[],
  exactlyOne?: readonly (readonly OptionDefinition[])[],
) => CommandDefinition;

/**
 * The command builder of a chaincode's commands: each connects only when it runs — after commander has
 * checked every argument — makes the chaincode's typed client, calls it with the per-call options of
 * `--endorse-with` (when the command has it) and presents what the call returned.
 *
 * @param connectClient - makes the typed client on a connection.
 * @param present - turns what a call returned into what to print.
 * @returns the builder.
 */
export function chaincodeCommands<C, R>(
  connectClient: (connection: GovchainConnection) => C,
  present: (outcome: R) => CommandResult,
): ChaincodeCommand<C, R> {
  return (name, description, args, call, options = [], exactlyOne = []) => ({
    name,
    description,
    arguments: args,
    options,
    exactlyOne,
    run: async (context) =>
      present(await call(connectClient(await context.connect()), context, submitOptions(context))),
  });
}
