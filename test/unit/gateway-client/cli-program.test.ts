import {
  ChaincodeError,
  ConsistencyError,
  EndorsementError,
  GovchainError,
  newCommitError,
  newConnectionError,
  newOutcomeUnknownError,
  newProfileError,
} from '@govchain/gateway-client';
import type { CommandDefinition } from '@govchain/gateway-client/dist/cli/command';
import { parseKeyValues } from '@govchain/gateway-client/dist/cli/commands';
import { ExitCode, UsageError, exitCodeFor } from '@govchain/gateway-client/dist/cli/exit-codes';
import { runCli } from '@govchain/gateway-client/dist/cli/program';
import { expect } from 'chai';

interface Captured {
  stdout: string;
  stderr: string;
}

async function run(
  argv: string[],
  commands: CommandDefinition[],
  env: NodeJS.ProcessEnv = {},
): Promise<Captured & { code: number }> {
  const out: Captured = { stdout: '', stderr: '' };
  const code = await runCli(
    argv,
    {
      stdout: (t) => {
        out.stdout += t;
      },
      stderr: (t) => {
        out.stderr += t;
      },
      env,
    },
    commands,
  );
  return { ...out, code };
}

function failing(err: Error): CommandDefinition {
  return {
    name: 'fail',
    description: 'fails',
    run: () => Promise.reject(err),
  };
}

describe('exitCodeFor', () => {
  const cases: [string, unknown, number][] = [
    ['a usage error', new UsageError('x'), 2],
    ['a profile error', newProfileError('UNKNOWN_DEPARTMENT', 'x'), 3],
    ['an unreachable peer', newConnectionError('127.0.0.1:7110', 'down'), 4],
    ['a chaincode refusal', new ChaincodeError({ code: 'NOT_FOUND', message: 'x' }), 5],
    ['an endorsement failure', new EndorsementError({ code: 'ENDORSEMENT_FAILED', message: 'x' }), 6],
    ['a commit failure', newCommitError({ code: 10, transactionId: 't' }), 6],
    ['an unknown outcome (commit status)', newOutcomeUnknownError('t', 'COMMIT_STATUS_TIMEOUT'), 8],
    ['an unknown outcome (orderers)', newOutcomeUnknownError('t', 'ORDERER_UNAVAILABLE'), 8],
    ['a read-your-writes timeout', new ConsistencyError({ message: 'x', mspId: 'TaxMSP', blockNumber: 3n }), 9],
    ['a generic govchain error', new GovchainError({ code: 'GATEWAY_ERROR', message: 'x' }), 1],
    ['a bug', new TypeError('x'), 1],
  ];
  for (const [what, err, code] of cases) {
    it(`maps ${what} to ${code}`, () => {
      expect(exitCodeFor(err)).to.equal(code);
    });
  }
});

describe('runCli', () => {
  it('runs a command from the table and prints its text or JSON', async () => {
    const echo: CommandDefinition = {
      name: 'echo',
      description: 'echo',
      arguments: [{ name: 'words', description: 'words', variadic: true }],
      options: [{ flags: '--tag <t>', description: 'tag', repeatable: true }],
      run: (context) =>
        Promise.resolve({
          data: { words: context.args.words, tags: context.options.tag, as: context.global.as, big: 5n },
          text: [`${String(context.args.words)} as ${String(context.global.as)}`],
        }),
    };
    const text = await run(['--as', 'tax', 'echo', 'a', 'b', '--tag', 'x', '--tag', 'y'], [echo]);
    expect(text).to.deep.equal({ code: 0, stdout: 'a,b as tax\n', stderr: '' });
    const json = await run(['echo', 'a', '--json'], [echo], { GOVCHAIN_DEPARTMENT: 'health' });
    expect(json.code).to.equal(0);
    expect(JSON.parse(json.stdout)).to.deep.equal({ words: ['a'], as: 'health', big: '5' });
  });

  it('prints a chaincode refusal as CODE: message with the transaction id, and exits 5', async () => {
    const refusal = new ChaincodeError({
      code: 'NOT_FOUND',
      message: 'licence BL-1 does not exist',
      transactionId: 'tx-9',
    });
    const result = await run(['fail'], [failing(refusal)]);
    expect(result).to.deep.equal({
      code: 5,
      stdout: '',
      stderr: 'error: NOT_FOUND: licence BL-1 does not exist\ntransaction: tx-9\n',
    });
  });

  it('prints a failure as a JSON error object on stderr with --json', async () => {
    const result = await run(['--json', 'fail'], [failing(newCommitError({ code: 11, transactionId: 'tx-2' }))]);
    expect(result.code).to.equal(6);
    expect(JSON.parse(result.stderr)).to.deep.equal({
      error: {
        code: 'MVCC_READ_CONFLICT',
        message: 'transaction tx-2 failed validation with MVCC_READ_CONFLICT',
        transactionId: 'tx-2',
      },
    });
  });

  it('hides the stack of an unexpected error unless GOVCHAIN_DEBUG is set', async () => {
    const quiet = await run(['fail'], [failing(new TypeError('boom'))]);
    expect(quiet.code).to.equal(1);
    expect(quiet.stderr).to.equal('error: UNEXPECTED: boom\nset GOVCHAIN_DEBUG=1 for a stack trace\n');
    const loud = await run(['fail'], [failing(new TypeError('boom'))], { GOVCHAIN_DEBUG: '1' });
    expect(loud.stderr).to.match(/TypeError: boom\n\s+at /);
  });
});

describe('parseKeyValues', () => {
  it('splits at the first = and keeps the rest of the value', () => {
    expect(parseKeyValues(['idNumber=110101', 'note=a=b', 'empty='])).to.deep.equal({
      idNumber: '110101',
      note: 'a=b',
      empty: '',
    });
  });

  it('refuses pairs without a key and repeated keys', () => {
    expect(() => parseKeyValues(['novalue'])).to.throw(UsageError, 'expected key=value');
    expect(() => parseKeyValues(['=x'])).to.throw(UsageError);
    expect(() => parseKeyValues(['a=1', 'a=2'])).to.throw(UsageError, 'given twice');
  });
});

describe('ExitCode', () => {
  it('has the documented values', () => {
    expect(ExitCode).to.deep.equal({
      OK: 0,
      UNEXPECTED: 1,
      USAGE: 2,
      PROFILE: 3,
      UNREACHABLE: 4,
      CHAINCODE: 5,
      TRANSACTION: 6,
      NEGATIVE: 7,
      OUTCOME_UNKNOWN: 8,
      CONSISTENCY: 9,
    });
  });

  it('lists every exit code in `govchain --help`, with what OUTCOME_UNKNOWN means and how to resolve it', async () => {
    const help = await run(['--help'], []);
    expect(help.code).to.equal(0);
    for (const [name, code] of Object.entries(ExitCode)) {
      expect(help.stdout, name).to.match(new RegExp(`^  ${code}  `, 'm'));
    }
    expect(help.stdout).to.match(/8 {2}OUTCOME_UNKNOWN: .*may\s+still commit/s);
    expect(help.stdout).to.match(/govchain tx status <transactionId>/);
  });
});
