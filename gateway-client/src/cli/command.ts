/**
 * The shape of a CLI command definition. Commands are data: a table of these is turned into the
 * `govchain` program, so adding a chaincode's commands is adding entries to a table. The argument kinds
 * every command shares (ids, JSON-or-`@file`, times, paging, endorsers, idempotency keys) are built in
 * `args.ts`; this file only says what a definition may declare.
 */
import type { GovchainConnection } from '../connection';
import type { IdentityRole } from '../profiles';
import type { CliIo, CommandResult } from './output';

/** The whole numbers an option or argument accepts; checked while parsing, before any call. */
export interface IntegerRange {
  /** Smallest accepted value. */
  readonly min: number;
  /** Largest accepted value (default: any safe integer). */
  readonly max?: number;
}

/**
 * How a value given on the command line is checked and turned into what the command receives. All of it
 * runs while commander parses the command line, so a bad value is a usage error (exit 2) before anything
 * is read from or sent to a peer.
 *
 * @typeParam T - what the command receives (`string` unless `parse` says otherwise).
 */
export interface ValueDefinition<T> {
  /**
   * Parses and checks one value; throws commander's `InvalidArgumentError` to refuse it. Without it the
   * value is the string given (checked against `choices` or `integer` if declared).
   */
  readonly parse?: (value: string) => T;
  /** The only values accepted (commander's `.choices`, listed in the help). */
  readonly choices?: readonly T[];
  /**
   * A whole number in this range; anything else is refused. Documents the range for the help and tests;
   * the value is what `parse` returns (the string as given without `parse`).
   */
  readonly integer?: IntegerRange;
}

/** A positional argument of a command. */
export interface ArgumentDefinition<T = unknown> extends ValueDefinition<T> {
  /** Name shown in help, e.g. `chaincode`. */
  readonly name: string;
  /** What it is. */
  readonly description: string;
  /** Whether it may be left out (default false). */
  readonly optional?: boolean;
  /** Whether it takes all remaining values (last argument only; `parse` then applies to each). */
  readonly variadic?: boolean;
}

/** An option of a command. */
export interface OptionDefinition<T = unknown> extends ValueDefinition<T> {
  /** Commander flags, e.g. `--transient <key=value>`. */
  readonly flags: string;
  /** What it does. */
  readonly description: string;
  /** Whether it may be repeated, collecting the (parsed) values into an array. */
  readonly repeatable?: boolean;
  /** Default value (not parsed: give what `parse` would return). */
  readonly defaultValue?: T;
  /** The option must be given (commander's mandatory option). */
  readonly required?: boolean;
  /** Options that cannot be given together with this one (their flags, e.g. `--signature`). */
  readonly conflicts?: readonly string[];
  /** Options that must be given too when this one is (their flags), checked while parsing. */
  readonly requires?: readonly string[];
}

/** Options every command receives. */
export interface GlobalOptions {
  /** Department to act as (`--as`, else `GOVCHAIN_DEPARTMENT`). */
  readonly as: string | undefined;
  /** Identity role (`--identity`, default `user`). */
  readonly identity: IdentityRole;
  /** A clerk of the department's wallet to act as (`--as <department>/<clerk>`), instead of `identity`. */
  readonly clerk: string | undefined;
  /** Print JSON (`--json`). */
  readonly json: boolean;
  /** Profiles directory (`--profiles`, else `GOVCHAIN_PROFILES`, else the repository default). */
  readonly profiles: string | undefined;
  /** A block the peers must have before the command's calls (`--after-block`), e.g. printed by an earlier one. */
  readonly afterBlock: bigint | undefined;
}

/** What a command's `run` receives. */
export interface CommandContext {
  /**
   * Positional values by argument name, as their definitions parsed them (a variadic argument's value is
   * an array). Read them with the typed accessors of `args.ts`.
   */
  readonly args: Readonly<Record<string, unknown>>;
  /** Command option values by camel-cased option name; read them with the typed accessors of `args.ts`. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Global options. */
  readonly global: GlobalOptions;
  /** Where to write (commands normally just return a result). */
  readonly io: CliIo;
  /**
   * Connects as the selected department and identity; the CLI closes the connection after `run`.
   *
   * @returns the connection.
   * @throws {@link UsageError} if no department is selected.
   */
  connect(): Promise<GovchainConnection>;
}

/** One command of the `govchain` CLI. */
export interface CommandDefinition {
  /** Command name, e.g. `ping`, or `licence issue` for a subcommand of a group. */
  readonly name: string;
  /** One-line description. */
  readonly description: string;
  /** Positional arguments, in order. */
  readonly arguments?: readonly ArgumentDefinition[];
  /** Command options. */
  readonly options?: readonly OptionDefinition[];
  /**
   * Groups of options of which exactly one must be given, checked while parsing (giving two is refused by
   * their `conflicts`, which the program adds).
   */
  readonly exactlyOne?: readonly (readonly OptionDefinition[])[];
  /**
   * Runs the command.
   *
   * @param context - arguments, options and a way to connect.
   * @returns what to print.
   */
  run(context: CommandContext): Promise<CommandResult>;
}
