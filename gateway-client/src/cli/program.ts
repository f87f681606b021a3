/**
 * Builds the `govchain` program from the command table and runs it.
 */
import { Argument, Command, CommanderError, Option } from 'commander';
import { type GovchainConnection, connectDepartment } from '../connection';
import { newSession } from '../session';
import { readEnvironment } from '../config';
import type { IdentityRole } from '../profiles';
import { exactlyOneMessage, integerParser, optionKey } from './args';
import type { ArgumentDefinition, CommandContext, CommandDefinition, GlobalOptions, OptionDefinition } from './command';
import { allCommands } from './commands';
import { ExitCode, type ExitCodeValue, UsageError, exitCodeFor } from './exit-codes';
import { type CliIo, printError, printResult } from './output';

/**
 * The commander parser of a value definition: its own `parse`, else a check of its range that keeps the
 * string. Undefined when the value is taken as given (or checked by commander's `.choices`).
 *
 * @param definition - the argument or option.
 * @returns the parser of one value.
 */
function valueParser(definition: ArgumentDefinition | OptionDefinition): ((value: string) => unknown) | undefined {
  if (definition.parse !== undefined) {
    return definition.parse;
  }
  const { integer } = definition;
  if (integer !== undefined) {
    const check = integerParser(integer);
    return (value) => (check(value), value);
  }
  return undefined;
}

/**
 * @param parse - the parser of one value (or none).
 * @returns commander's parser of a repeated option or variadic argument: the parsed values, collected.
 */
function collecting(parse: ((value: string) => unknown) | undefined): (value: string, previous: unknown) => unknown[] {
  return (value, previous) => [
    ...(Array.isArray(previous) ? (previous as unknown[]) : []),
    parse ? parse(value) : value,
  ];
}

/** Commander's name for an option given by its flags, for `.conflicts`. */
function attributeName(flags: string): string {
  return new Option(flags).attributeName();
}

function newArgument(definition: ArgumentDefinition): Argument {
  const argument = new Argument(argumentSpec(definition), definition.description);
  if (definition.choices !== undefined) {
    argument.choices(definition.choices.map(String));
  }
  const parse = valueParser(definition);
  if (definition.variadic === true && parse !== undefined) {
    argument.argParser(collecting(parse));
  } else if (parse !== undefined) {
    argument.argParser(parse);
  }
  return argument;
}

function newOption(definition: OptionDefinition, groups: readonly (readonly OptionDefinition[])[]): Option {
  const option = new Option(definition.flags, definition.description);
  if (definition.choices !== undefined) {
    option.choices(definition.choices.map(String));
  }
  const parse = valueParser(definition);
  if (definition.repeatable === true) {
    option.argParser(collecting(parse));
  } else if (parse !== undefined) {
    option.argParser(parse);
  }
  if (definition.defaultValue !== undefined) {
    option.default(definition.defaultValue);
  }
  if (definition.required === true) {
    option.makeOptionMandatory();
  }
  const others = groups
    .filter((group) => group.includes(definition))
    .flatMap((group) => group.filter((other) => other !== definition).map((other) => other.flags));
  const conflicts = [...(definition.conflicts ?? []), ...others].map(attributeName);
  if (conflicts.length > 0) {
    option.conflicts(conflicts);
  }
  return option;
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
  const [as, clerk] = (opts.as ?? readEnvironment(io.env).department ?? '').split('/', 2);
  return {
    as: as === '' ? undefined : as,
    clerk: clerk === '' ? undefined : clerk,
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
  for (const argument of definition.arguments ?? []) {
    command.addArgument(newArgument(argument));
  }
  const groups = definition.exactlyOne ?? [];
  for (const option of definition.options ?? []) {
    command.addOption(newOption(option, groups));
  }
  command.action((...values: unknown[]) => {
    for (const group of groups) {
      if (!group.some((option) => command.getOptionValue(optionKey(option)) !== undefined)) {
        command.error(`error: ${exactlyOneMessage(group)}`, { exitCode: ExitCode.USAGE, code: 'govchain.exactlyOne' });
      }
    }
    for (const option of definition.options ?? []) {
      const missing = (option.requires ?? []).filter(
        (flags) => command.getOptionValue(attributeName(flags)) === undefined,
      );
      if (missing.length > 0 && command.getOptionValue(optionKey(option)) !== undefined) {
        const needed = missing.map((flags) => flags.split(' ')[0]).join(' and ');
        command.error(`error: option '${option.flags}' needs ${needed} too`, {
          exitCode: ExitCode.USAGE,
          code: 'govchain.requires',
        });
      }
    }
    const args: Record<string, unknown> = {};
    (definition.arguments ?? []).forEach((argument, index) => {
      args[argument.name] = values[index];
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
function buildProgram(
  commands: readonly CommandDefinition[],
  io: CliIo,
  json: boolean,
  onInvoke: (i: Invocation) => void,
): Command {
  const program = new Command('govchain')
    .description('govchain operator CLI: act as a department on the govchannel network')
    .addOption(
      new Option(
        '--as <department[/clerk]>',
        'department to act as, optionally as one clerk of its wallet, e.g. tax/clerk-li (default: $GOVCHAIN_DEPARTMENT)',
      ),
    )
    .addOption(new Option('--identity <role>', 'identity to use').choices(['admin', 'user']).default('user'))
    .option('--json', 'print JSON (results on stdout, errors on stderr)')
    .option('--profiles <dir>', 'connection profiles directory (default: $GOVCHAIN_PROFILES or .govchain/profiles)')
    .addOption(
      new Option(
        '--after-block <n>',
        'first wait until the peers that run the command have this block (e.g. one an earlier command committed in)',
      ).argParser((value) => String(integerParser({ min: 0 })(value))),
    )
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError('(run govchain --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: json ? () => undefined : io.stderr });
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
        identity: context.global.clerk === undefined ? context.global.identity : { clerk: context.global.clerk },
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
  const program = buildProgram(commands, io, jsonRequested, (i) => {
    invocation = i;
  });
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
