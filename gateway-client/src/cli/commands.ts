/**
 * The generic commands of the `govchain` CLI. Chaincode-specific commands are added as further tables and
 * concatenated in {@link allCommands}.
 */
import { fingerprintFile } from '../fingerprint';
import { listDepartments, loadProfile } from '../profiles';
import { isSealedRead } from '../sealed-response';
import { evaluate, evaluateSealed, submit } from '../transactions';
import { arg, argList, argument, integer, kinds, list, opt, option, ruleParser } from './args';
import type { CommandDefinition } from './command';
import { ExitCode, UsageError } from './exit-codes';
import { committed, shown } from './output';
import { bidRecordCommands } from './commands/bid-record';
import { eLicenseCommands } from './commands/e-license';
import { identityCommands } from './commands/identity';
import { realEstateCommands } from './commands/real-estate';

/**
 * Parses `key=value` pairs (e.g. repeated `--transient` options).
 *
 * @param pairs - the pairs.
 * @returns the values by key.
 * @throws {@link UsageError} for a pair without `=` or with an empty key, or a repeated key.
 */
export function parseKeyValues(pairs: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      throw new UsageError(`expected key=value, got "${pair}"`);
    }
    const key = pair.slice(0, at);
    if (Object.hasOwn(result, key)) {
      throw new UsageError(`key "${key}" given twice`);
    }
    result[key] = pair.slice(at + 1);
  }
  return result;
}

const departments: CommandDefinition = {
  name: 'departments',
  description: 'list the departments that have a connection profile',
  async run(context) {
    const profilesDir = context.global.profiles;
    const keys = await listDepartments({ profilesDir });
    const profiles = await Promise.all(keys.map((key) => loadProfile(key, { profilesDir })));
    const rows = profiles.map((p) => ({
      department: p.department,
      name: p.name,
      mspId: p.mspId,
      endpoint: p.peer.endpoint,
    }));
    const width = Math.max(10, ...rows.map((r) => r.department.length));
    return {
      data: { departments: rows },
      text:
        rows.length === 0
          ? ['(no departments)']
          : rows.map(
              (r) => `${r.department.padEnd(width)}  ${r.mspId.padEnd(22)}  ${r.endpoint.padEnd(16)}  ${r.name}`,
            ),
    };
  },
};

const fileArgument = argument('file', 'the document');

const fingerprint: CommandDefinition = {
  name: 'fingerprint',
  description: 'print the SHA-256 fingerprint of a document file',
  arguments: [fileArgument],
  async run(context) {
    const file = arg(context, fileArgument);
    let sha256: string;
    try {
      sha256 = await fingerprintFile(file);
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    }
    return { data: { file, sha256 }, text: [`${sha256}  ${file}`] };
  },
};

const timeoutOption = option('--timeout <ms>', 'how long to wait, in ms', integer({ min: 1 }), {
  defaultValue: 5000,
});

const ping: CommandDefinition = {
  name: 'ping',
  description: "check that the department's peer is reachable",
  options: [timeoutOption],
  async run(context) {
    const timeoutMs = opt(context, timeoutOption) ?? 5000;
    const connection = await context.connect();
    const started = Date.now();
    await connection.waitForReady(timeoutMs);
    const data = {
      department: connection.department,
      mspId: connection.mspId,
      endpoint: connection.endpoint,
      channel: connection.channel,
      identity: context.global.identity,
      elapsedMs: Date.now() - started,
    };
    return { data, text: [`${connection.endpoint} reachable as ${connection.mspId} (${context.global.identity})`] };
  },
};

const chaincodeArgument = argument('chaincode', 'chaincode name, e.g. e-license');
const functionArgument = argument('function', 'transaction function name');
const argsArgument = argument('args', 'arguments, passed as strings', {}, { optional: true, variadic: true });
const transactionArguments = [chaincodeArgument, functionArgument, argsArgument];

const transientOption = option(
  '--transient <key=value>',
  'transient (private) input, repeatable',
  {},
  { repeatable: true },
);
const endorseWith = option('--endorse-with <mspId>', 'organization that must endorse, repeatable', kinds.mspId, {
  repeatable: true,
});

const invoke: CommandDefinition = {
  name: 'invoke',
  description: 'submit a transaction and wait for it to commit',
  arguments: transactionArguments,
  options: [transientOption, endorseWith],
  async run(context) {
    const chaincode = arg(context, chaincodeArgument);
    const fn = arg(context, functionArgument);
    const transient = parseKeyValues(list(context, transientOption));
    const connection = await context.connect();
    const outcome = await submit(connection.getContract(chaincode), fn, {
      arguments: argList(context, argsArgument),
      ...(Object.keys(transient).length > 0 ? { transientData: transient } : {}),
      endorsingOrganizations: list(context, endorseWith),
    });
    const result = committed('result', outcome);
    return { ...result, data: { ...result.data, attempts: outcome.attempts } };
  },
};

const query: CommandDefinition = {
  name: 'query',
  description: 'evaluate a transaction without submitting it',
  arguments: transactionArguments,
  options: [transientOption],
  async run(context) {
    const chaincode = arg(context, chaincodeArgument);
    const fn = arg(context, functionArgument);
    const transient = parseKeyValues(list(context, transientOption));
    const connection = await context.connect();
    const options = {
      arguments: argList(context, argsArgument),
      ...(Object.keys(transient).length > 0 ? { transientData: transient } : {}),
    };
    // A private read answers sealed to a one-time key: send one and open the answer, as the typed clients do.
    const contract = connection.getContract(chaincode);
    const result = isSealedRead(chaincode, fn)
      ? await evaluateSealed(contract, fn, { ...options, sealedBy: chaincode })
      : await evaluate(contract, fn, options);
    return shown('result', result);
  },
};

const transactionIdArgument = argument('transactionId', 'the transaction id, 64 hex characters', {
  parse: ruleParser({ maxLength: 64, pattern: /^[0-9a-f]{64}$/, patternHint: '64 lower-case hex characters' }),
});
const waitOption = option('--wait <ms>', 'how long the peer may wait for it to commit, in ms', integer({ min: 1 }), {
  defaultValue: 5000,
});

const transactionStatus: CommandDefinition = {
  name: 'tx status',
  description:
    'what became of a transaction (e.g. after exit 8, OUTCOME_UNKNOWN): COMMITTED (exit 0), ' +
    'INVALID (exit 6: it will never commit) or still UNKNOWN (exit 8); only reads',
  arguments: [transactionIdArgument],
  options: [waitOption],
  async run(context) {
    const transactionId = arg(context, transactionIdArgument);
    const timeoutMs = opt(context, waitOption) ?? 5000;
    const connection = await context.connect();
    const status = await connection.commitStatus(transactionId, { timeoutMs });
    switch (status.outcome) {
      case 'COMMITTED':
        return {
          data: { ...status, blockNumber: status.blockNumber.toString() },
          text: [`transaction ${transactionId} committed in block ${status.blockNumber.toString()}`],
        };
      case 'INVALID':
        return {
          data: { ...status, blockNumber: status.blockNumber.toString() },
          text: [
            `transaction ${transactionId} is INVALID (${status.validationCode}) in block ${status.blockNumber.toString()}: ` +
              'nothing was written',
          ],
          exitCode: ExitCode.TRANSACTION,
        };
      default:
        return {
          data: { ...status },
          text: [`transaction ${transactionId} is not committed after ${timeoutMs} ms: its outcome is still unknown`],
          exitCode: ExitCode.OUTCOME_UNKNOWN,
        };
    }
  },
};

/** The generic commands. */
export const genericCommands: readonly CommandDefinition[] = Object.freeze([
  departments,
  fingerprint,
  ping,
  invoke,
  query,
  transactionStatus,
]);

/** Every command of the CLI; chaincode command tables are appended here. */
export const allCommands: readonly CommandDefinition[] = Object.freeze([
  ...genericCommands,
  ...identityCommands,
  ...eLicenseCommands,
  ...realEstateCommands,
  ...bidRecordCommands,
]);
