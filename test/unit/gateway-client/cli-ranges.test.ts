import type { CommandDefinition, IntegerRange } from '@govchain/gateway-client/dist/cli/command';
import { allCommands } from '@govchain/gateway-client/dist/cli/commands';
import { ExitCode } from '@govchain/gateway-client/dist/cli/exit-codes';
import { expect } from 'chai';
import { govchainWithoutProfiles } from './fixtures';

const govchain = govchainWithoutProfiles;

const HEX = 'ab'.repeat(32);

describe('govchain CLI: documented ranges are checked before any call', function () {
  this.timeout(10_000);

  const refused: [string, string[], RegExp][] = [
    ['licence list --page-size 0', ['licence', 'list', '--issuer', 'TaxMSP', '--page-size', '0'], /--page-size/],
    ['licence list --page-size 101', ['licence', 'list', '--issuer', 'TaxMSP', '--page-size', '101'], /--page-size/],
    ['licence list --page-size -1', ['licence', 'list', '--issuer', 'TaxMSP', '--page-size', '-1'], /--page-size/],
    ['licence list --page-size 2.5', ['licence', 'list', '--issuer', 'TaxMSP', '--page-size', '2.5'], /--page-size/],
    ['tender list --page-size 0', ['tender', 'list', 'TradingCenterMSP', '--page-size', '0'], /--page-size/],
    ['tender list --page-size 101', ['tender', 'list', 'TradingCenterMSP', '--page-size', '101'], /--page-size/],
    ['property by-owner --page-size 0', ['property', 'by-owner', HEX, '--page-size', '0'], /--page-size/],
    ['property by-owner --page-size 500', ['property', 'by-owner', HEX, '--page-size', '500'], /--page-size/],
    ['bidder profile --recent 101', ['bidder', 'profile', '91310000MA1234567N', '--recent', '101'], /--recent/],
    ['bidder profile --recent -1', ['bidder', 'profile', '91310000MA1234567N', '--recent', '-1'], /--recent/],
    ['ping --timeout 0', ['ping', '--timeout', '0'], /--timeout/],
    ['bid seal with a price of 0', ['bid', 'seal', 'TP-1', '91310000MA1234567N', '0', HEX], /price/],
    ['--after-block -1', ['--after-block', '-1', 'tx', 'status', HEX], /--after-block/],
    ['tx status --wait 0', ['tx', 'status', HEX, '--wait', '0'], /--wait/],
  ];
  for (const [what, argv, message] of refused) {
    it(`refuses ${what} with a usage error (exit 2), before connecting`, async () => {
      const run = await govchain(argv);
      expect(run.code).to.equal(ExitCode.USAGE);
      expect(run.stderr).to.match(message);
      expect(run.stderr).to.match(/whole number/);
    });
  }

  it('refuses a malformed transaction id for tx status before connecting', async () => {
    const run = await govchain(['tx', 'status', 'tx-1']);
    expect(run.code).to.equal(ExitCode.USAGE);
    expect(run.stderr).to.match(/64 lower-case hex/);
  });

  it('accepts the bounds themselves (and then goes on to connect: exit 3 without profiles)', async () => {
    for (const size of ['1', '100']) {
      const run = await govchain(['licence', 'list', '--issuer', 'TaxMSP', '--page-size', size]);
      expect(run.code, `--page-size ${size}`).to.equal(ExitCode.PROFILE);
    }
    expect((await govchain(['bidder', 'profile', '91310000MA1234567N', '--recent', '0'])).code).to.equal(
      ExitCode.PROFILE,
    );
  });

  /** Every range written in a description ("1–100") is the range the option declares, and so is checked. */
  it('declares a checked range for every option or argument whose help documents one', () => {
    const undeclared: string[] = [];
    const check = (command: CommandDefinition, name: string, description: string, range?: IntegerRange): void => {
      const documented = /(\d+)\s*[–-]\s*(\d+)/.exec(description);
      const numeric = /<(n|ms)>/.test(name);
      if (documented !== null) {
        if (range?.min !== Number(documented[1]) || range.max !== Number(documented[2])) {
          undeclared.push(`${command.name} ${name}: documents ${documented[0]}, declares ${JSON.stringify(range)}`);
        }
      } else if (numeric && range === undefined) {
        undeclared.push(`${command.name} ${name}: a number without a declared range`);
      }
    };
    for (const command of allCommands) {
      for (const option of command.options ?? []) {
        check(command, option.flags, option.description, option.integer);
      }
      for (const argument of command.arguments ?? []) {
        check(command, `<${argument.name}>`, argument.description, argument.integer);
      }
    }
    expect(undeclared).to.deep.equal([]);
  });
});
