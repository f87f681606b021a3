import type { CommandContext } from '@govchain/gateway-client/dist/cli/command';
import { ExitCode } from '@govchain/gateway-client/dist/cli/exit-codes';
import { idempotent } from '@govchain/gateway-client/dist/cli/idempotency';
import { OutcomeUnknownError, newOutcomeUnknownError } from '@govchain/gateway-client';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { govchainWithoutProfiles } from './fixtures';

chai.use(chaiAsPromised);
const { expect } = chai;

const govchain = govchainWithoutProfiles;

const BIDDER = '91310000MA1234567N';
const TX = 'ab'.repeat(32);

function contextWith(options: Record<string, unknown>): CommandContext {
  return { options } as unknown as CommandContext;
}

describe('govchain CLI: --request-id of idempotent commands', function () {
  this.timeout(10_000);

  const commands: [string, string[]][] = [
    ['bidder violation', ['bidder', 'violation', BIDDER, 'FALSE_DOCUMENTS']],
    ['bidder blacklist', ['bidder', 'blacklist', BIDDER, 'FALSE_DOCUMENTS', '+30d']],
    ['evidence record', ['evidence', 'record', 'TP-1', '{}']],
  ];
  for (const [what, argv] of commands) {
    it(`${what}: refuses a malformed key with a usage error (exit 2) before connecting`, async () => {
      for (const bad of ['short', 'has space in it', '-leading-dash', 'x'.repeat(65)]) {
        const run = await govchain([...argv, '--request-id', bad]);
        expect(run.code, bad).to.equal(ExitCode.USAGE);
        expect(run.stderr, bad)
          .to.match(/--request-id/)
          .and.match(/8 to 64 letters/);
      }
    });

    it(`${what}: accepts a well-formed key (and goes on to connect: exit 3 without profiles)`, async () => {
      const run = await govchain([...argv, '--request-id', 'violation-2026-0001']);
      expect(run.code).to.equal(ExitCode.PROFILE);
    });
  }

  it('runs the call under the given key and prints it with the result', async () => {
    const seen: string[] = [];
    const result = await idempotent(contextWith({ requestId: 'retry-key-0001' }), (requestId) => {
      seen.push(requestId);
      return Promise.resolve({ data: { record: 1 }, text: ['done'] });
    });
    expect(seen).to.deep.equal(['retry-key-0001']);
    expect(result.data).to.deep.equal({ record: 1, requestId: 'retry-key-0001' });
    expect(result.text.at(-1)).to.include('--request-id retry-key-0001');
  });

  it('chooses a fresh UUID when no key is given', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 2; i++) {
      await idempotent(contextWith({}), (requestId) => {
        keys.push(requestId);
        return Promise.resolve({ data: {}, text: [] });
      });
    }
    expect(keys[0]).to.match(/^[0-9a-f-]{36}$/);
    expect(keys[1]).to.not.equal(keys[0]);
  });

  it('names the key to retry with when the outcome is unknown, keeping the transaction id and reason', async () => {
    const err = await idempotent(contextWith({ requestId: 'retry-key-0002' }), () =>
      Promise.reject(newOutcomeUnknownError(TX, 'ORDERER_UNAVAILABLE')),
    ).then(
      () => expect.fail('the call failed'),
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(OutcomeUnknownError);
    expect(err).to.include({ transactionId: TX, reason: 'ORDERER_UNAVAILABLE', code: 'OUTCOME_UNKNOWN' });
    expect((err as Error).message).to.match(/repeat the command with --request-id retry-key-0002$/);
  });

  it('passes any other error unchanged', async () => {
    const failure = new Error('refused');
    await expect(idempotent(contextWith({}), () => Promise.reject(failure))).to.be.rejectedWith(failure);
  });
});
