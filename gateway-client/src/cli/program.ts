/**
 * Builds the `govchain` program from the command table and runs it.
 */
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { type GovchainConnection, connectDepartment } from '../connection';
import { newSession } from '../session';
import { readEnvironment } from '../config';
import type { IdentityRole } from '../profiles';
import type { CommandContext, CommandDefinition, GlobalOptions, IntegerRange } from './command';
import { allCommands } from './commands';
import { ExitCode, type ExitCodeValue, UsageError, exitCodeFor } from './exit-codes';
import { type CliIo, printError, printResult } from './output';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
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
 * Builds the commander parser that checks a whole-number option or argument while the command line is
 * parsed, so an out-of-range value is a usage error before anything is sent.
 *
 * @param range - the accepted values.
 * @returns a parser that returns the value unchanged (a string) or throws commander's InvalidArgumentError.
 */
export function integerParser(range: Readonly<IntegerRange>): (value: string) => string {
  return (value: string): string => {
    const n = Number(value);
    if (
      !/^-?\d+$/.test(value) ||
      !Number.isSafeInteger(n) ||
      n < range.min ||
      (range.max !== undefined && n > range.max)
    ) {
      throw new InvalidArgumentError(`it must be a whole number ${rangeText(range)}.`);
    }
    return value;
  };
}

/**
 * Builds the commander parser that checks an option against a pattern while the command line is parsed.
 *
 * @param pattern - the accepted form and how to say it.
 * @returns a parser that returns the value unchanged or throws commander's InvalidArgumentError.
 */
export function patternParser(pattern: { readonly regex: RegExp; readonly hint: string }): (value: string) => string {
  return (value: string): string => {
    if (!pattern.regex.test(value)) {
      throw new InvalidArgumentError(`it must be ${pattern.hint}.`);
    }
    return value;
  };
}

/** The exit codes, as `govchain --help` lists them. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  unexpected failure
  2  usage error (nothing was sent)
  3  profile or identity problem
  4  peer unreachable
  5  chaincode refusal (CODE: message)
  6  endorsement, submit or commit failure: the transaction did not and will not commit
  7  a negative answer (e.g. a licence that is not VALID)
  8  OUTCOME_UNKNOWN: sent, but no orderer acknowledged it or its commit status could not be had; it may
     still commit. Do not repeat the request: \`govchain tx status <transactionId>\` says what became of it
  9  READ_YOUR_WRITES_TIMEOUT: an endorsing peer did not reach --after-block in time (nothing was sent)`;

function argumentSpec(arg: Readonly<{ name: string; optional?: boolean; variadic?: boolean }>): string {
  const name = `${arg.name}${arg.variadic === true ? '...' : ''}`;
  return arg.optional === true ? `[${name}]` : `<${name}>`;
}

function readGlobals(program: Command, io: CliIo): GlobalOptions {
  const opts = program.opts<{
    as?: string;
    identity: IdentityRole;
    json?: boolean;
    profiles?: string;
    afterBlock?: string;
  }>();
  return {
    as: opts.as ?? readEnvironment(io.env).department,
    identity: opts.identity,
    json: opts.json === true,
    profiles: opts.profiles,
    afterBlock: opts.afterBlock === undefined ? undefined : BigInt(opts.afterBlock),
  };
}

interface Invocation {
  readonly definition: CommandDefinition;
  readonly context: Omit<CommandContext, 'connect'>;
}

/** The last word of a command name: `licence issue` → `issue`. */
function leafName(name: string): string {
  return name.split(' ').at(-1) ?? name;
}

/**
 * The command that a (possibly multi-word) command name hangs under: `licence issue` is the subcommand
 * `issue` of a group command `licence`, created on first use.
 */
function parentCommand(program: Command, name: string): Command {
  let parent = program;
  for (const word of name.split(' ').slice(0, -1)) {
    parent = parent.commands.find((c) => c.name() === word) ?? parent.command(word);
  }
  return parent;
}

function addCommand(
  program: Command,
  definition: CommandDefinition,
  io: CliIo,
  onInvoke: (i: Invocation) => void,
): void {
  const parent = parentCommand(program, definition.name);
  const command = parent.command(leafName(definition.name)).description(definition.description);
  if (parent !== program) {
    parent.description(parent.commands.map((c) => c.name()).join(', '));
  }
  for (const arg of definition.arguments ?? []) {
    const argument = new Argument(argumentSpec(arg), arg.description);
    if (arg.integer !== undefined) {
      argument.argParser(integerParser(arg.integer));
    }
    command.addArgument(argument);
  }
  for (const opt of definition.options ?? []) {
    const option = new Option(opt.flags, opt.description);
    if (opt.repeatable === true) {
      option.argParser(collect);
    } else if (opt.integer !== undefined) {
      option.argParser(integerParser(opt.integer));
    } else if (opt.pattern !== undefined) {
      option.argParser(patternParser(opt.pattern));
    }
    if (opt.defaultValue !== undefined) {
      option.default(opt.defaultValue);
    }
    command.addOption(option);
  }
  command.action((...values: unknown[]) => {
    const args: Record<string, string | readonly string[] | undefined> = {};
    (definition.arguments ?? []).forEach((arg, index) => {
      args[arg.name] = values[index] as string | string[] | undefined;
    });
    onInvoke({
      definition,
      context: { args, options: command.opts(), global: readGlobals(program, io), io },
    });
  });
}

/**
 * Builds the commander program for a command table. Parsing only records which command was invoked.
 *
 * @param commands - the command definitions.
 * @param io - where to write help and errors.
 * @param onInvoke - receives the invoked command and its parsed context.
 * @returns the program.
 */
function buildProgram(commands: readonly CommandDefinition[], io: CliIo, onInvoke: (i: Invocation) => void): Command {
  const program = new Command('govchain')
    .description('govchain operator CLI: act as a department on the govchannel network')
    .addOption(new Option('--as <department>', 'department to act as (default: $GOVCHAIN_DEPARTMENT)'))
    .addOption(new Option('--identity <role>', 'identity to use').choices(['admin', 'user']).default('user'))
    .option('--json', 'print JSON (results on stdout, errors on stderr)')
    .option('--profiles <dir>', 'connection profiles directory (default: $GOVCHAIN_PROFILES or .govchain/profiles)')
    .addOption(
      new Option(
        '--after-block <n>',
        'first wait until the peers that run the command have this block (e.g. one an earlier command committed in)',
      ).argParser(integerParser({ min: 0 })),
    )
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError('(run govchain --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const definition of commands) {
    addCommand(program, definition, io, onInvoke);
  }
  return program;
}

async function execute(invocation: Invocation): Promise<ExitCodeValue> {
  const { definition, context } = invocation;
  const connections: GovchainConnection[] = [];
  const fullContext: CommandContext = {
    ...context,
    async connect() {
      const department = context.global.as;
      if (department === undefined) {
        throw new UsageError('no department selected: pass --as <department> or set GOVCHAIN_DEPARTMENT');
      }
      const { afterBlock } = context.global;
      const connection = await connectDepartment({
        department,
        identity: context.global.identity,
        profilesDir: context.global.profiles,
        ...(afterBlock === undefined ? {} : { session: newSession(afterBlock) }),
      });
      connections.push(connection);
      return connection;
    },
  };
  try {
    const result = await definition.run(fullContext);
    printResult(context.io, result, context.global.json);
    return result.exitCode ?? ExitCode.OK;
  } finally {
    for (const connection of connections) {
      connection.close();
    }
  }
}

/**
 * Runs the `govchain` CLI.
 *
 * @param argv - the arguments after the program name.
 * @param io - where to write, and the environment.
 * @param commands - the command table (default: every command).
 * @returns the exit code (see {@link ExitCode}).
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CommandDefinition[] = allCommands,
): Promise<number> {
  const jsonRequested = argv.includes('--json');
  let invocation: Invocation | undefined;
  const program = buildProgram(commands, io, (i) => {
    invocation = i;
  });
  if (jsonRequested) {
    program.configureOutput({ writeOut: io.stdout, writeErr: () => undefined });
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) {
        return ExitCode.OK;
      }
      if (jsonRequested) {
        printError(io, new UsageError(err.message.replace(/^error: /, '')), true);
      }
      return ExitCode.USAGE;
    }
    throw err;
  }
  if (invocation === undefined) {
    program.outputHelp({ error: true });
    return ExitCode.USAGE;
  }
  try {
    return await execute(invocation);
  } catch (err) {
    printError(io, err, invocation.context.global.json);
    return exitCodeFor(err);
  }
}
