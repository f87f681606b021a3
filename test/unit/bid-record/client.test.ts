import { BIDDER_A, expect, seal } from './fixtures';
import { bidCommitment as chaincodeCommitment } from '@govchain/bid-record';
import { bidCommitment, generateBidSalt, pairEndorsingOrganizations, sealBid } from '@govchain/gateway-client';
import { bidRecordCommands } from '@govchain/gateway-client/dist/cli/commands/bid-record';
import { runCli } from '@govchain/gateway-client/dist/cli/program';

describe('bid-record gateway client helpers', () => {
  it('computes the commitment exactly as the chaincode does', () => {
    const sealed = seal('P-1', BIDDER_A, 98_765_43);
    expect(bidCommitment(sealed)).to.equal(sealed.commitment);
    const fresh = sealBid({
      projectId: 'P-2',
      bidderCode: BIDDER_A,
      price: 1,
      bidDocumentFingerprint: 'ab'.repeat(32),
    });
    expect(fresh.commitment).to.equal(chaincodeCommitment(fresh.reveal));
    expect(fresh.reveal.salt).to.match(/^[0-9a-f]{64}$/);
    expect(generateBidSalt()).to.not.equal(generateBidSalt());
    expect(() => bidCommitment({ ...sealed, price: 1.5 })).to.throw(TypeError, /price must be a positive whole number/);
  });

  it('pairs the owner of a record with the caller, or with the first other candidate', () => {
    expect(pairEndorsingOrganizations('TradingCenterMSP', 'TradingCenter2MSP', ['TaxMSP'])).to.deep.equal([
      'TradingCenterMSP',
      'TradingCenter2MSP',
    ]);
    expect(
      pairEndorsingOrganizations('TradingCenterMSP', 'TradingCenterMSP', ['TradingCenterMSP', 'MarketRegulationMSP']),
    ).to.deep.equal(['TradingCenterMSP', 'MarketRegulationMSP']);
    expect(() => pairEndorsingOrganizations('A', 'A', ['A'])).to.throw(TypeError, /no endorsing partner/);
  });
});

describe('bid-record CLI', () => {
  async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      args,
      {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        env: {},
      },
      bidRecordCommands,
    );
    return { code, stdout, stderr };
  }

  it('has tender, bid, bidder, guarantee and evidence subcommands for every transaction', () => {
    const names = bidRecordCommands.map((command) => command.name);
    for (const name of [
      'tender publish',
      'tender amend',
      'tender terminate',
      'tender open',
      'tender evaluate',
      'tender publicity',
      'tender object',
      'tender resolve',
      'tender award',
      'tender contract',
      'tender performance',
      'tender config-seed',
      'tender config-update',
      'bid commit',
      'bid replace',
      'bid withdraw',
      'bid reveal',
      'bidder violation',
      'bidder blacklist',
      'bidder lift',
      'bidder profile',
      'guarantee issue',
      'guarantee release',
      'guarantee claim',
      'evidence record',
      'evidence list',
    ]) {
      expect(names).to.include(name);
    }
  });

  it('bid seal prints a commitment the chaincode accepts, as JSON', async () => {
    const result = await run(['--json', 'bid', 'seal', 'P-1', BIDDER_A, '12345', 'cd'.repeat(32)]);
    expect(result.code).to.equal(0);
    const data = JSON.parse(result.stdout) as { commitment: string; reveal: Parameters<typeof chaincodeCommitment>[0] };
    expect(data.reveal).to.include({ projectId: 'P-1', bidderCode: BIDDER_A, price: 12345 });
    expect(data.commitment).to.equal(chaincodeCommitment(data.reveal));
  });

  it('refuses a malformed price with a usage error, before connecting', async () => {
    const result = await run(['--json', 'bid', 'seal', 'P-1', BIDDER_A, '12.5', 'cd'.repeat(32)]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/price> must be a positive whole number/);
  });
});
