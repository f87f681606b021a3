/**
 * The shape of a CLI command definition. Commands are data: a table of these is turned into the
 * `govchain` program, so adding a chaincode's commands is adding entries to a table.
 */
import type { GovchainConnection } from '../connection';
import type { IdentityRole } from '../profiles';
import type { CliIo, CommandResult } from './output';

/** A positional argument of a command. */
export interface ArgumentDefinition {
  /** Name shown in help, e.g. `chaincode`. */
  readonly name: string;
  /** What it is. */
  readonly description: string;
  /** Whether it may be left out (default false). */
  readonly optional?: boolean;
  /** Whether it takes all remaining values (last argument only). */
  readonly variadic?: boolean;
  /** The argument is a whole number in this range (checked while parsing, as for options). */
  readonly integer?: IntegerRange;
}

/** The whole numbers an option or argument accepts; checked while parsing, before any call. */
export interface IntegerRange {
  /** Smallest accepted value. */
  readonly min: number;
  /** Largest accepted value (default: any safe integer). */
  readonly max?: number;
}

/** An option of a command. */
export interface OptionDefinition {
  /** Commander flags, e.g. `--transient <key=value>`. */
  readonly flags: string;
  /** What it does. */
  readonly description: string;
  /** Whether it may be repeated, collecting the values into an array. */
  readonly repeatable?: boolean;
  /** Default value. */
  readonly defaultValue?: string;
  /**
   * The option takes a whole number in this range: anything else is a usage error (exit 2) before the
   * command runs. The value stays a string in {@link CommandContext.options}.
   */
  readonly integer?: IntegerRange;
  /** The option's value must match this pattern: anything else is a usage error (exit 2) before the command runs. */
  readonly pattern?: { readonly regex: RegExp; readonly hint: string };
}

/** Options every command receives. */
export interface GlobalOptions {
  /** Department to act as (`--as`, else `GOVCHAIN_DEPARTMENT`). */
  readonly as: string | undefined;
  /** Identity role (`--identity`, default `user`). */
  readonly identity: IdentityRole;
  /** Print JSON (`--json`). */
  readonly json: boolean;
  /** Profiles directory (`--profiles`, else `GOVCHAIN_PROFILES`, else the repository default). */
  readonly profiles: string | undefined;
  /** A block the peers must have before the command's calls (`--after-block`), e.g. printed by an earlier one. */
  readonly afterBlock: bigint | undefined;
}

/** What a command's `run` receives. */
export interface CommandContext {
  /** Positional values by argument name (a variadic argument's value is an array). */
  readonly args: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Command option values by camel-cased option name. */
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
  /** Command name, e.g. `ping`. */
  readonly name: string;
  /** One-line description. */
  readonly description: string;
  /** Positional arguments, in order. */
  readonly arguments?: readonly ArgumentDefinition[];
  /** Command options. */
  readonly options?: readonly OptionDefinition[];
  /**
   * Runs the command.
   *
   * @param context - arguments, options and a way to connect.
   * @returns what to print.
   */
  run(context: CommandContext): Promise<CommandResult>;
}
