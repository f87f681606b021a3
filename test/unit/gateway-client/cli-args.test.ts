import {
  arg,
  argument,
  endorseWithOption,
  integer,
  kinds,
  list,
  opt,
  option,
  pageOptions,
  pageRequest,
  parseJsonInput,
  parseTime,
  submitOptions,
} from '@govchain/gateway-client/dist/cli/args';
import type { CommandContext, CommandDefinition } from '@govchain/gateway-client/dist/cli/command';
import { allCommands } from '@govchain/gateway-client/dist/cli/commands';
import { ExitCode } from '@govchain/gateway-client/dist/cli/exit-codes';
import { committed, paged, shown } from '@govchain/gateway-client/dist/cli/output';
import { runCli } from '@govchain/gateway-client/dist/cli/program';
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_PEM, type TempDir, govchainWithoutProfiles, tempDir } from './fixtures';

const govchain = govchainWithoutProfiles;

const HEX = 'ab'.repeat(32);
const BIDDER = '91310000MA1234567N';

interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with a command table. */
async function runTable(argv: readonly string[], commands: readonly CommandDefinition[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    argv,
    {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      env: {},
    },
    commands,
  );
  return { code, stdout, stderr };
}

/** Runs the whole CLI in-process (no profiles needed), capturing standard output too. */
function runAll(argv: readonly string[]): Promise<Captured> {
  return runTable(argv, allCommands);
}

describe('govchain CLI argument layer', function () {
  this.timeout(10_000);

  let dir: TempDir;
  before(() => {
    dir = tempDir();
  });
  after(() => {
    dir.cleanup();
  });

  describe('the one time grammar', () => {
    const now = Date.parse('2026-12-01T00:00:00.000Z');

    it('takes +<n> seconds, minutes, hours and days from now', () => {
      expect(parseTime('+30s', now)).to.equal('2026-12-01T00:00:30.000Z');
      expect(parseTime('+10m', now)).to.equal('2026-12-01T00:10:00.000Z');
      expect(parseTime('+2h', now)).to.equal('2026-12-01T02:00:00.000Z');
      expect(parseTime('+3d', now)).to.equal('2026-12-04T00:00:00.000Z');
    });

    it('takes ISO-8601 UTC as it is, with or without milliseconds', () => {
      expect(parseTime('2027-01-31T00:00:00Z', now)).to.equal('2027-01-31T00:00:00Z');
      expect(parseTime('2027-01-31T12:30:00.250Z', now)).to.equal('2027-01-31T12:30:00.250Z');
    });

    for (const bad of [
      '+10',
      '+1w',
      '10m',
      '+-1d',
      '2027-01-31',
      '2027-01-31T00:00:00+08:00',
      '2027-13-01T00:00:00Z',
    ]) {
      it(`refuses ${bad}`, () => {
        expect(() => parseTime(bad, now)).to.throw(/ISO-8601 UTC .* or \+<n>s\|m\|h\|d/);
      });
    }

    // The same grammar in every command that takes a time: e-license and bid-record alike.
    const timed: [string, (time: string) => string[]][] = [
      [
        'licence suspend --effective-at',
        (t) => ['licence', 'suspend', 'BL-1', '--reason', 'COURT_ORDER', '--effective-at', t],
      ],
      ['licence verify --at', (t) => ['licence', 'verify', 'BL-1', '--fingerprint', HEX, '--at', t]],
      ['tender publicity <endsAt>', (t) => ['tender', 'publicity', 'TP-1', t]],
      ['tender amend --deadline', (t) => ['tender', 'amend', 'TP-1', HEX, 'why', '--deadline', t]],
      ['bidder blacklist <expiresAt>', (t) => ['bidder', 'blacklist', BIDDER, 'FALSE_DOCUMENTS', t]],
    ];
    for (const [what, argv] of timed) {
      it(`${what}: accepts +30s and +3d and ISO-8601, refuses +1w before connecting`, async () => {
        for (const good of ['+30s', '+3d', '2027-01-31T00:00:00Z']) {
          expect((await govchain(argv(good))).code, good).to.equal(ExitCode.PROFILE);
        }
        const bad = await govchain(argv('+1w'));
        expect(bad.code).to.equal(ExitCode.USAGE);
        expect(bad.stderr).to.match(/ISO-8601 UTC/);
      });
    }
  });

  describe('JSON inline or @file: one reader', () => {
    it('reads inline JSON and @file alike', () => {
      const file = join(dir.path, 'input.json');
      writeFileSync(file, '{"a":[1,2]}');
      expect(parseJsonInput('{"a":[1,2]}')).to.deep.equal({ a: [1, 2] });
      expect(parseJsonInput(`@${file}`)).to.deep.equal({ a: [1, 2] });
    });

    it('names an unreadable file and says when the text is not JSON', () => {
      expect(() => parseJsonInput('@/nonexistent/input.json')).to.throw(/cannot read \/nonexistent\/input\.json/);
      const file = join(dir.path, 'broken.json');
      writeFileSync(file, '{broken');
      expect(() => parseJsonInput(`@${file}`)).to.throw(/broken\.json is not valid JSON/);
      expect(() => parseJsonInput('{x')).to.throw(/it is not valid JSON/);
    });

    const inputs: [string, (value: string) => string[]][] = [
      ['tender publish <project>', (v) => ['tender', 'publish', v]],
      ['bid reveal <reveal>', (v) => ['bid', 'reveal', v]],
      ['evidence record <evidence>', (v) => ['evidence', 'record', 'TP-1', v]],
      ['property register --input', (v) => ['property', 'register', '--input', v, '--id-number', '1', '--name', 'N']],
      ['transfer open --input', (v) => ['transfer', 'open', '--input', v, '--detail', '{}']],
      [
        'licence issue --metadata',
        (v) => [
          'licence',
          'issue',
          '--id',
          'BL-1',
          '--type',
          'BUSINESS_LICENCE',
          '--fingerprint',
          HEX,
          '--holder-id',
          '1',
          '--holder-name',
          'N',
          '--metadata',
          v,
        ],
      ],
    ];
    for (const [what, argv] of inputs) {
      it(`${what}: reads @file, refuses an unreadable file and text that is not JSON before connecting`, async () => {
        const file = join(dir.path, 'object.json');
        writeFileSync(file, '{}');
        expect((await govchain(argv(`@${file}`))).code).to.equal(ExitCode.PROFILE);
        const missing = await govchain(argv('@/nonexistent/object.json'));
        expect(missing.code).to.equal(ExitCode.USAGE);
        expect(missing.stderr).to.match(/cannot read \/nonexistent\/object\.json/);
        const broken = await govchain(argv('{not json'));
        expect(broken.code).to.equal(ExitCode.USAGE);
        expect(broken.stderr).to.match(/not valid JSON/);
      });
    }

    it('refuses a JSON array where an object is expected, and an object where an array is', async () => {
      const notObject = await govchain(['bid', 'reveal', '[1]']);
      expect(notObject.code).to.equal(ExitCode.USAGE);
      expect(notObject.stderr).to.match(/it must be a JSON object/);
      const notArray = await govchain(['tender', 'open', 'TP-1', '{}']);
      expect(notArray.code).to.equal(ExitCode.USAGE);
      expect(notArray.stderr).to.match(/it must be a JSON array/);
    });
  });

  describe('ids, codes and fingerprints are checked while parsing', () => {
    const refused: [string, string[], RegExp][] = [
      ['a project id with a space', ['tender', 'show', 'TP 1'], /argument 'projectId'/],
      [
        'a bidder code with a wrong check character',
        ['bidder', 'key', '91310000MA1234567X'],
        /argument 'bidderCode'\. it has a wrong check character/,
      ],
      ['a lower-case reason code', ['tender', 'terminate', 'TP-1', 'rigging'], /upper-case letters/],
      ['a short fingerprint', ['tender', 'award', 'TP-1', 'abc'], /64 lowercase hex/],
      ['an MSP id with a space', ['tender', 'list', 'Trading Centre'], /MSP id/],
      [
        'a resolution that is not UPHELD or DISMISSED',
        ['tender', 'resolve', 'TP-1', 'O-1', 'MAYBE', HEX],
        /Allowed choices are UPHELD, DISMISSED/,
      ],
      [
        'an endorser that is not an MSP id',
        ['tender', 'close', 'TP-1', '--endorse-with', 'no such org'],
        /--endorse-with/,
      ],
      ['a licence id with a slash', ['licence', 'show', 'BL/1'], /argument 'id'/],
      [
        'a transfer step that does not exist',
        ['transfer', 'reject', 'A-1', 'PAYMENT', 'R'],
        /Allowed choices are IDENTITY/,
      ],
    ];
    for (const [what, argv, message] of refused) {
      it(`refuses ${what} with exit 2 before connecting`, async () => {
        const run = await govchain(argv);
        expect(run.code).to.equal(ExitCode.USAGE);
        expect(run.stderr).to.match(message);
      });
    }
  });

  describe('bid signatures: exactly one of --bidder-key and --signature', () => {
    const commit = ['bid', 'commit', 'TP-1', BIDDER, 'BL-1', HEX];
    let keyFile: string;
    before(() => {
      keyFile = join(dir.path, 'bidder.pem');
      writeFileSync(keyFile, KEY_PEM);
    });

    it('refuses neither', async () => {
      const run = await govchain(commit);
      expect(run.code).to.equal(ExitCode.USAGE);
      expect(run.stderr).to.match(/give exactly one of --bidder-key, --signature/);
    });

    it('refuses both', async () => {
      const run = await govchain([...commit, '--bidder-key', keyFile, '--signature', 'abcd']);
      expect(run.code).to.equal(ExitCode.USAGE);
      expect(run.stderr).to.match(/cannot be used with/);
    });

    it('refuses a relayed signature without the numbers it signed', async () => {
      const run = await govchain([...commit, '--signature', 'abcd', '--sequence', '1']);
      expect(run.code).to.equal(ExitCode.USAGE);
      expect(run.stderr).to.match(/option '--signature <hex>' needs --key-version too/);
    });

    it('goes on to connect with a key file, or a signature and its numbers', async () => {
      expect((await govchain([...commit, '--bidder-key', keyFile])).code).to.equal(ExitCode.PROFILE);
      const relayed = [...commit, '--signature', 'abcd', '--sequence', '1', '--key-version', '1'];
      expect((await govchain(relayed)).code).to.equal(ExitCode.PROFILE);
    });
  });

  describe('typed values in a command table', () => {
    const count = option('--count <n>', 'a count, 1–10', integer({ min: 1, max: 10 }));
    const when = option('--when <time>', 'a time', kinds.time);
    const endorsers = endorseWithOption('the client');
    const id = argument('id', 'an id', kinds.id);
    const left = option('--left <x>', 'left');
    const right = option('--right <x>', 'right');
    const calls: CommandContext[] = [];
    const table: CommandDefinition[] = [
      {
        name: 'typed',
        description: 'records what it received',
        arguments: [id],
        options: [count, when, endorsers, left, right, ...pageOptions],
        exactlyOne: [[left, right]],
        run: (context) => {
          calls.push(context);
          return Promise.resolve(
            shown('values', {
              id: arg(context, id),
              count: opt(context, count),
              when: opt(context, when),
              endorsers: list(context, endorsers),
              page: pageRequest(context),
              submit: submitOptions(context),
            }),
          );
        },
      },
    ];
    beforeEach(() => {
      calls.length = 0;
    });

    it('hands the command parsed, typed values', async () => {
      const run = await runTable(
        [
          '--json',
          'typed',
          'X-1',
          '--count',
          '7',
          '--when',
          '2027-01-31T00:00:00Z',
          '--endorse-with',
          'TaxMSP',
          '--endorse-with',
          'HealthMSP',
          '--left',
          'l',
          '--page-size',
          '5',
          '--bookmark',
          'b1',
        ],
        table,
      );
      expect(run.code, run.stderr).to.equal(0);
      expect(JSON.parse(run.stdout)).to.deep.equal({
        values: {
          id: 'X-1',
          count: 7,
          when: '2027-01-31T00:00:00Z',
          endorsers: ['TaxMSP', 'HealthMSP'],
          page: { pageSize: 5, bookmark: 'b1' },
          submit: { endorsingOrganizations: ['TaxMSP', 'HealthMSP'] },
        },
      });
    });

    it('leaves out what was not given', async () => {
      const run = await runTable(['--json', 'typed', 'X-1', '--right', 'r'], table);
      expect(JSON.parse(run.stdout)).to.deep.equal({ values: { id: 'X-1', endorsers: [], page: {}, submit: {} } });
    });

    const refused: [string, string[], RegExp][] = [
      ['a count out of range', ['typed', 'X-1', '--left', 'l', '--count', '11'], /whole number from 1 to 10/],
      ['a bad id', ['typed', 'X 1', '--left', 'l'], /argument 'id'/],
      ['neither of a group', ['typed', 'X-1'], /give exactly one of --left, --right/],
      ['both of a group', ['typed', 'X-1', '--left', 'l', '--right', 'r'], /cannot be used with/],
      ['a bad time', ['typed', 'X-1', '--left', 'l', '--when', 'tomorrow'], /ISO-8601 UTC/],
    ];
    for (const [what, argv, message] of refused) {
      it(`refuses ${what} while parsing: exit 2, the command never runs`, async () => {
        const run = await runTable(argv, table);
        expect(run.code).to.equal(ExitCode.USAGE);
        expect(run.stderr).to.match(message);
        expect(calls).to.have.length(0);
      });
      it(`refuses ${what} as one JSON error with --json`, async () => {
        const run = await runTable(['--json', ...argv], table);
        expect(run.code).to.equal(ExitCode.USAGE);
        const printed = JSON.parse(run.stderr) as { error: { code: string; message: string } };
        expect(printed.error.code).to.equal('USAGE');
        expect(printed.error.message).to.match(message);
        expect(calls).to.have.length(0);
      });
    }
  });

  describe('real-estate actions are subcommands', () => {
    it('lists the property and transfer subcommands in their help', async () => {
      const property = await runAll(['property', '--help']);
      expect(property.code).to.equal(0);
      for (const sub of [
        'holder-ref',
        'confirm-land-right',
        'register',
        'mortgage',
        'discharge',
        'seize',
        'release',
        'get',
        'land-right',
        'by-owner',
        'title',
      ]) {
        expect(property.stdout).to.match(new RegExp(`^  ${sub}\\b`, 'm'));
      }
      const transfer = await runAll(['transfer', '--help']);
      for (const sub of [
        'open',
        'verify-identity',
        'attest-marital',
        'confirm-land-use',
        'assess-tax',
        'clear-tax',
        'approve-loan',
        'reject',
        'withdraw',
        'register',
        'get',
        'progress',
        'queue',
        'detail',
      ]) {
        expect(transfer.stdout).to.match(new RegExp(`^  ${sub}\\b`, 'm'));
      }
    });

    it('gives each subcommand its own arguments and options', async () => {
      const mortgage = await runAll(['property', 'mortgage', '--help']);
      expect(mortgage.code).to.equal(0);
      expect(mortgage.stdout).to.match(/Usage: govchain property mortgage \[options\] <unitNumber>/);
      expect(mortgage.stdout).to.contain('--input <json>');
      expect(mortgage.stdout).to.not.contain('--id-number');
      expect(mortgage.stdout).to.not.contain('--page-size');
      const reject = await runAll(['transfer', 'reject', '--help']);
      expect(reject.stdout).to.match(/Usage: govchain transfer reject \[options\] <applicationId> <step> <reasonCode>/);
      expect(reject.stdout).to.match(/choices: "IDENTITY", "MARITAL_STATUS"/);
      const queue = await runAll(['transfer', 'queue', '--help']);
      expect(queue.stdout).to.contain('--page-size <n>').and.contain('--bookmark <bookmark>');
    });

    const refused: [string, string[], RegExp][] = [
      ['an unknown action', ['property', 'frobnicate'], /unknown command 'frobnicate'/],
      ['a missing argument', ['property', 'get'], /missing required argument 'unitNumber'/],
      ['a missing --input', ['property', 'mortgage', 'U-1'], /required option '--input <json>' not specified/],
      [
        'a missing holder name',
        ['property', 'register', '--input', '{}', '--id-number', '1'],
        /required option '--name <name>'/,
      ],
      ['an option of another action', ['property', 'get', 'U-1', '--input', '{}'], /unknown option '--input'/],
      ['an extra argument', ['transfer', 'get', 'A-1', 'A-2'], /too many arguments/],
      ['a missing --detail', ['transfer', 'assess-tax', 'A-1', '--input', '{}'], /required option '--detail <json>'/],
    ];
    for (const [what, argv, message] of refused) {
      it(`refuses ${what} with exit 2 before connecting`, async () => {
        const run = await govchain(argv);
        expect(run.code).to.equal(ExitCode.USAGE);
        expect(run.stderr).to.match(message);
      });
    }

    it('goes on to connect with the arguments an action takes', async () => {
      expect((await govchain(['property', 'get', 'U-1'])).code).to.equal(ExitCode.PROFILE);
      expect((await govchain(['transfer', 'reject', 'A-1', 'TAX', 'UNPAID'])).code).to.equal(ExitCode.PROFILE);
      expect((await govchain(['property', 'discharge', 'U-1', 'M-1', HEX])).code).to.equal(ExitCode.PROFILE);
    });
  });

  describe('one formatter set', () => {
    const outcome = { result: { id: 'X-1' }, transactionId: 'tx-1', blockNumber: 12n };

    it('committed: the result, then the transaction and block; JSON with both', () => {
      expect(committed('thing', outcome)).to.deep.equal({
        data: { thing: { id: 'X-1' }, transactionId: 'tx-1', blockNumber: '12' },
        text: ['{\n  "id": "X-1"\n}', 'transaction tx-1 committed in block 12'],
      });
      expect(committed('thing', outcome, ['thing X-1']).text).to.deep.equal([
        'thing X-1',
        'transaction tx-1 committed in block 12',
      ]);
    });

    it('shown: the value under its key; text described or formatted', () => {
      expect(shown('thing', 'plain')).to.deep.equal({ data: { thing: 'plain' }, text: ['plain'] });
      expect(shown('thing', { a: 1 }, ['a is 1'])).to.deep.equal({ data: { thing: { a: 1 } }, text: ['a is 1'] });
    });

    it('paged: one line per record, (none) for an empty page, the next bookmark when there is more', () => {
      const page = { records: [{ id: 'a' }, { id: 'b' }], bookmark: 'next', fetchedCount: 2 };
      expect(paged(page, (r) => r.id)).to.deep.equal({ data: page, text: ['a', 'b', 'more: --bookmark next'] });
      expect(paged({ records: [], bookmark: '' }).text).to.deep.equal(['(none)']);
    });
  });
});
