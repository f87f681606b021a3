import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  BIDDER_A,
  BIDDER_D,
  DEADLINE,
  REGULATOR,
  T0,
  TC1,
  TC2,
  after,
  closeBidding,
  commit,
  configuredLedger,
  expect,
  parse,
  publish,
  seal,
  type BidRecord,
} from './fixtures';
import { fakeConnection } from '../gateway-client/fixtures';
import { bidCommitment as chaincodeCommitment, verifyBidderSignature } from '@govchain/bid-record';
import {
  Bid,
  ChaincodeError,
  GovchainError,
  bidActionPayload,
  bidCommitment,
  bidRecordClient,
  bidderSigner,
  generateBidSalt,
  generateBidderKeyPair,
  pairEndorsingOrganizations,
  sealBid,
  signBidderKeyBinding,
} from '@govchain/gateway-client';
import { bidRecordCommands } from '@govchain/gateway-client/dist/cli/commands/bid-record';
import { runCli } from '@govchain/gateway-client/dist/cli/program';

function guaranteeOf(projectId: string): Record<string, unknown> {
  return {
    guaranteeId: 'G-1',
    projectId,
    projectCentreMsp: TC1,
    bidderCode: BIDDER_A,
    guarantorCode: BIDDER_A,
    guarantorName: 'Bank',
    amount: 100,
    rateBasisPoints: 50,
    fingerprint: 'ab'.repeat(32),
    status: 'ISSUED',
    statusReason: 'ISSUED',
    issuedByMsp: TC1,
    issuedAt: T0,
    updatedAt: T0,
    updatedByMsp: TC1,
    txId: 'tx-9',
  };
}

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

describe('bid-record gateway client: bidder signatures the chaincode accepts', () => {
  const text = (value: Uint8Array | string | undefined): string =>
    typeof value === 'string' ? value : new TextDecoder().decode(value);
  const CONFIG = {
    departmentMsps: [REGULATOR, TC1, TC2, 'TaxMSP'],
    tradingCentreMsps: [TC2, TC1],
    regulatorMsps: [REGULATOR],
    bidderKeyAuthorityMsps: [REGULATOR],
    minRevealWindowSeconds: 600,
    updatedAt: T0,
    updatedByMsp: REGULATOR,
    txId: 'tx',
  };

  it('binds a key generated and signed by the client (proof of possession) through the chaincode', async () => {
    const ledger = await configuredLedger();
    const wallet = generateBidderKeyPair();
    const signed = signBidderKeyBinding(wallet.privateKeyPem, {
      uscc: BIDDER_D,
      publicKey: wallet.publicKeyPem,
      keyVersion: 2,
    });
    expect(verifyBidderSignature(wallet.publicKeyHex, signed.binding, signed.signature)).to.equal(true);
    const { connection, calls } = fakeConnection(REGULATOR, { BindBidderKey: {}, GetConfig: CONFIG });
    await bidRecordClient(connection)
      .bindBidderKey(signed)
      .catch(() => undefined);
    const args = (calls.find((call) => call.name === 'BindBidderKey')?.options.arguments ?? []).map(text);
    expect(calls.find((call) => call.name === 'BindBidderKey')?.options.endorsingOrganizations).to.deep.equal([
      REGULATOR,
      TC1,
    ]);
    const bound = parse<{ keyVersion: number; publicKey: string }>(
      await ledger.ctx.submit(() => ledger.contract.BindBidderKey(ledger.ctx, args[0] ?? '', args[1] ?? ''), {
        mspId: REGULATOR,
      }),
    );
    expect(bound).to.deep.include({ keyVersion: 2, publicKey: wallet.publicKeyHex });
  });

  it("commits with the bidder's signature over the looked-up sequence and key version; the chaincode accepts it", async () => {
    const ledger = await configuredLedger();
    await publish(ledger);
    const wallet = generateBidderKeyPair();
    const rotation = signBidderKeyBinding(wallet.privateKeyPem, {
      uscc: BIDDER_A,
      publicKey: wallet.publicKeyHex,
      keyVersion: 2,
    });
    await ledger.ctx.submit(
      () => ledger.contract.BindBidderKey(ledger.ctx, JSON.stringify(rotation.binding), rotation.signature),
      { mspId: REGULATOR },
    );
    const sealed = seal('P-1', BIDDER_A, 500_000_00);
    const { ctx, contract } = ledger;
    const { connection, calls } = fakeConnection(TC2, {
      GetBid: new ChaincodeError({ code: 'NOT_FOUND', message: 'NOT_FOUND: no bid' }),
      GetBidderKey: await ctx.evaluate(() => contract.GetBidderKey(ctx, BIDDER_A)),
      GetProject: await ctx.evaluate(() => contract.GetProject(ctx, 'P-1')),
      GetConfig: CONFIG,
      CommitBid: {},
    });
    await bidRecordClient(connection)
      .commitBid({
        projectId: 'P-1',
        bidderCode: BIDDER_A,
        licenceId: 'BL-A',
        commitment: sealed.commitment,
        signer: bidderSigner(wallet.privateKeyPem),
      })
      .catch(() => undefined);
    const commit = calls.find((call) => call.name === 'CommitBid');
    expect(commit?.options.endorsingOrganizations).to.deep.equal([TC1, TC2]);
    const args = (commit?.options.arguments ?? []).map(text) as [string, string, string, string, string, string];
    expect(args).to.have.length(6);
    const bid = parse<BidRecord>(
      await ledger.ctx.submit(() => ledger.contract.CommitBid(ledger.ctx, ...args), {
        mspId: TC2,
        time: after(T0, 60_000),
      }),
    );
    expect(bid).to.deep.include({ submittedByMsp: TC2, sequence: 1, keyVersion: 2 });
  });

  it('signs the next sequence of an existing bid, and only the members the chaincode rebuilds', () => {
    const payload = bidActionPayload({
      action: 'WITHDRAW_BID',
      projectId: 'P-1',
      bidderCode: BIDDER_A,
      submittingCentreMsp: TC2,
      sequence: 4,
      keyVersion: 1,
      commitment: 'ab'.repeat(32),
    });
    expect(payload).to.deep.equal({
      action: 'WITHDRAW_BID',
      projectId: 'P-1',
      bidderCode: BIDDER_A,
      submittingCentreMsp: TC2,
      sequence: 4,
      keyVersion: 1,
    });
  });

  it('has a reveal endorsed by the submitting and the publishing centre, and the opening by every centre', async () => {
    const ledger = await configuredLedger();
    const { ctx, contract } = ledger;
    await publish(ledger);
    await commit(ledger, seal('P-1', BIDDER_A, 1), { centre: TC2 });
    await closeBidding(ledger, 'P-1', { time: DEADLINE });
    const { connection, calls } = fakeConnection(TC1, {
      GetProject: await ctx.evaluate(() => contract.GetProject(ctx, 'P-1')),
      GetBid: await ctx.evaluate(() => contract.GetBid(ctx, 'P-1', BIDDER_A)),
      GetConfig: CONFIG,
      RevealBid: {},
      OpenBids: {},
    });
    const client = bidRecordClient(connection);
    await client.revealBid(seal('P-1', BIDDER_A, 1)).catch(() => undefined);
    await client.openBids('P-1', []).catch(() => undefined);
    expect(calls.find((call) => call.name === 'RevealBid')?.options.endorsingOrganizations).to.deep.equal([TC1, TC2]);
    expect(calls.find((call) => call.name === 'OpenBids')?.options.endorsingOrganizations).to.deep.equal([TC1, TC2]);
  });

  it('seeds and updates the configuration without arguments', async () => {
    const { connection, calls } = fakeConnection(REGULATOR, {
      SeedConfig: { seeded: false, config: CONFIG },
      GetConfig: CONFIG,
      UpdateConfig: { updated: true, config: CONFIG },
    });
    const client = bidRecordClient(connection);
    const seeded = await client.seedConfig();
    expect(seeded.result.seeded).to.equal(false);
    await client.updateConfig();
    expect(calls.find((call) => call.name === 'SeedConfig')?.options.arguments).to.deep.equal([]);
    expect(calls.find((call) => call.name === 'UpdateConfig')?.options.arguments).to.deep.equal([]);
    expect(calls.find((call) => call.name === 'UpdateConfig')?.options.endorsingOrganizations).to.have.length(3);
  });
});

describe('bid-record gateway client: results and inputs checked with the protocol classes', () => {
  const text = (value: Uint8Array | string | undefined): string =>
    typeof value === 'string' ? value : new TextDecoder().decode(value);
  const CONFIG = {
    departmentMsps: [REGULATOR, TC1, TC2],
    tradingCentreMsps: [TC1, TC2],
    regulatorMsps: [REGULATOR],
    bidderKeyAuthorityMsps: [REGULATOR],
    minRevealWindowSeconds: 600,
    updatedAt: T0,
    updatedByMsp: REGULATOR,
    txId: 'tx',
  };

  it('hands out a checked Bid, and refuses a result outside the record with INVALID_RESULT naming the member', async () => {
    const ledger = await configuredLedger();
    const { ctx, contract } = ledger;
    await publish(ledger);
    await commit(ledger, seal('P-1', BIDDER_A, 1), { centre: TC2 });
    const stored = parse<Record<string, unknown>>(await ctx.evaluate(() => contract.GetBid(ctx, 'P-1', BIDDER_A)));
    const good = fakeConnection(TC1, {
      GetBid: stored,
      ListBids: { records: [stored], bookmark: '', fetchedCount: 1 },
    });
    const bid = await bidRecordClient(good.connection).getBid('P-1', BIDDER_A);
    expect(bid).to.be.instanceOf(Bid).and.deep.include({ status: 'COMMITTED', sequence: 1 });
    const page = await bidRecordClient(good.connection).listBids('P-1');
    expect(page.records[0]).to.be.instanceOf(Bid);
    const bad = fakeConnection(TC1, { GetBid: { ...stored, status: 'OPEN' } });
    await expect(bidRecordClient(bad.connection).getBid('P-1', BIDDER_A)).to.be.rejectedWith(
      GovchainError,
      /^bid-record GetBid returned an unexpected result: \$\.status must be one of COMMITTED, /,
    );
    const extra = fakeConnection(TC1, { GetBid: { ...stored, secret: 'x' } });
    await expect(bidRecordClient(extra.connection).getBid('P-1', BIDDER_A)).to.be.rejectedWith(
      /\$ has unknown field "secret"$/,
    );
  });

  it('refuses a malformed project, evaluation or guarantee with a TypeError before sending anything', async () => {
    const { connection, calls } = fakeConnection(TC1, {});
    const client = bidRecordClient(connection);
    const project = {
      projectId: 'P-1',
      title: 'Road works',
      tendererCode: BIDDER_A,
      tendererName: 'City roads office',
      category: 'CONSTRUCTION',
      budget: 0,
      documentFingerprint: 'ab'.repeat(32),
      bidDeadline: new Date(DEADLINE),
      openingTime: DEADLINE,
      evaluationMethod: 'LOWEST_PRICE' as const,
      minValidBids: 1,
    };
    await expect(client.publishProject(project)).to.be.rejectedWith(
      TypeError,
      /^project\.budget must be an integer from 1/,
    );
    await expect(
      client.recordEvaluation('P-1', {
        reportFingerprint: 'ab'.repeat(32),
        scores: [{ bidderCode: BIDDER_A, score: 1.005 }],
      }),
    ).to.be.rejectedWith(TypeError, /^evaluation\.scores\[0\]\.score must be a number from 0 to 100/);
    await expect(client.openBids('P-1', [{ ...seal('P-1', BIDDER_A, 1), price: 0 }])).to.be.rejectedWith(
      TypeError,
      /^reveals\[0\]\.price must be an integer from 1/,
    );
    expect(calls).to.have.length(0);
  });

  it('sends a checked project with its times as ISO-8601, endorsed as service discovery chooses', async () => {
    const { connection, calls } = fakeConnection(TC1, { PublishProject: {} });
    await bidRecordClient(connection)
      .publishProject({
        projectId: 'P-1',
        title: 'Road works',
        tendererCode: BIDDER_A,
        tendererName: 'City roads office',
        category: 'CONSTRUCTION',
        budget: 1,
        documentFingerprint: 'ab'.repeat(32),
        bidDeadline: new Date(DEADLINE),
        openingTime: DEADLINE,
        evaluationMethod: 'LOWEST_PRICE',
        minValidBids: 1,
      })
      .catch(() => undefined);
    const sent = JSON.parse(text(calls[0]?.options.arguments?.[0])) as Record<string, unknown>;
    expect(sent).to.include({ bidDeadline: new Date(DEADLINE).toISOString(), openingTime: DEADLINE, budget: 1 });
    expect(calls[0]?.options.endorsingOrganizations).to.equal(undefined);
  });

  it("pairs a guarantee's publishing centre with the caller from on-ledger roles, unless a strategy says otherwise", async () => {
    const ledger = await configuredLedger();
    const { ctx, contract } = ledger;
    await publish(ledger);
    const responses = {
      GetGuarantee: { projectId: 'P-1' },
      GetProject: await ctx.evaluate(() => contract.GetProject(ctx, 'P-1')),
      GetConfig: CONFIG,
      ReleaseGuarantee: {},
    };
    const own = fakeConnection(TC1, responses);
    await bidRecordClient(own.connection)
      .releaseGuarantee('G-1', 'RELEASED')
      .catch(() => undefined);
    expect(own.calls.map((call) => call.name)).to.deep.equal(['GetGuarantee']);
    const guarantee = { ...responses, GetGuarantee: guaranteeOf('P-1') };
    const mine = fakeConnection(TC2, guarantee);
    await bidRecordClient(mine.connection)
      .releaseGuarantee('G-1', 'RELEASED')
      .catch(() => undefined);
    expect(mine.calls.find((call) => call.name === 'ReleaseGuarantee')?.options.endorsingOrganizations).to.deep.equal([
      TC1,
      TC2,
    ]);
    const chosen = fakeConnection(TC2, guarantee);
    const endorsers = { endorsers: { endorsers: (): Promise<readonly string[]> => Promise.resolve(['TaxMSP', TC1]) } };
    await bidRecordClient(chosen.connection, endorsers)
      .releaseGuarantee('G-1', 'RELEASED')
      .catch(() => undefined);
    expect(chosen.calls.map((call) => call.name)).to.deep.equal(['ReleaseGuarantee']);
    expect(chosen.calls[0]?.options.endorsingOrganizations).to.deep.equal(['TaxMSP', TC1]);
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
      'tender close',
      'bid sign',
      'bid commit',
      'bid replace',
      'bid withdraw',
      'bid reveal',
      'bidder key-binding',
      'bidder bind-key',
      'bidder key',
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

  it('bid sign and bidder key-binding sign what the chaincode verifies, with the key file given', async () => {
    const wallet = generateBidderKeyPair();
    const dir = mkdtempSync(path.join(tmpdir(), 'bid-cli-'));
    const keyFile = path.join(dir, 'bidder.pem');
    writeFileSync(keyFile, wallet.privateKeyPem, { mode: 0o600 });
    const signed = await run([
      '--json',
      'bid',
      'sign',
      'REPLACE_BID',
      'P-1',
      BIDDER_A,
      TC2,
      '--bidder-key',
      keyFile,
      '--sequence',
      '2',
      '--key-version',
      '1',
      '--commitment',
      'ab'.repeat(32),
    ]);
    expect(signed.code, signed.stderr).to.equal(0);
    const data = JSON.parse(signed.stdout) as {
      payload: Parameters<typeof verifyBidderSignature>[1];
      signature: string;
    };
    expect(data.payload).to.deep.include({ action: 'REPLACE_BID', sequence: 2, guaranteeId: '' });
    expect(verifyBidderSignature(wallet.publicKeyHex, data.payload, data.signature)).to.equal(true);
    const binding = await run(['--json', 'bidder', 'key-binding', BIDDER_A, keyFile, '--key-version', '2']);
    expect(binding.code, binding.stderr).to.equal(0);
    const bound = JSON.parse(binding.stdout) as { binding: { publicKey: string }; signature: string };
    expect(bound.binding.publicKey).to.equal(wallet.publicKeyHex);
    expect(verifyBidderSignature(wallet.publicKeyHex, bound.binding as never, bound.signature)).to.equal(true);
  });

  it('refuses a malformed price with a usage error, before connecting', async () => {
    const result = await run(['--json', 'bid', 'seal', 'P-1', BIDDER_A, '12.5', 'cd'.repeat(32)]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/value '12.5' is invalid for argument 'price'\. it must be a whole number/);
  });
});
