import { status as GrpcStatus } from '@grpc/grpc-js';
import { type Contract, type Network, StatusCode, connect as connectGateway, hash } from '@hyperledger/fabric-gateway';
import { gateway as gatewayProtos, msp, peer } from '@hyperledger/fabric-protos';
import {
  CommitStatusError,
  ConsistencyError,
  channelOrganizations,
  type ReadYourWritesGuard,
  type Session,
  connect,
  evaluate,
  lookUpCommitStatus,
  newReadYourWritesGuard,
  newSession,
  peerHeight,
  registerReadYourWrites,
  signerFromPem,
  submit,
} from '@govchain/gateway-client';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import * as sinon from 'sinon';
import {
  CERT_PEM,
  KEY_PEM,
  type StubPeersScript,
  type StubRequest,
  evaluateError,
  serviceError,
  stubPeers,
} from './fixtures';

chai.use(chaiAsPromised);
const { expect } = chai;

const TC1 = 'TradingCenterMSP';
const TAX = 'TaxMSP';
const PS = 'PublicSecurityMSP';
const HEALTH = 'HealthMSP';
const TX_ID = 'ab'.repeat(32);

/** A real fabric-gateway Network of the given identity, over a stubbed gRPC boundary. */
function stubNetwork(script: StubPeersScript, mspId = TC1): { network: Network; requests: StubRequest[] } {
  const { client, requests } = stubPeers(script);
  const gateway = connectGateway({
    client,
    identity: { mspId, credentials: new TextEncoder().encode(CERT_PEM) },
    signer: signerFromPem(KEY_PEM),
    hash: hash.sha256,
  });
  return { network: gateway.getNetwork('govchannel'), requests };
}

/** The chaincode, function and arguments of an evaluation the stub received. */
function invocation(request: StubRequest): string[] {
  const signed = (request.request as gatewayProtos.EvaluateRequest).getProposedTransaction();
  const proposal = peer.Proposal.deserializeBinary(signed?.getProposalBytes_asU8() ?? new Uint8Array());
  const payload = peer.ChaincodeProposalPayload.deserializeBinary(proposal.getPayload_asU8());
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(payload.getInput_asU8()).getChaincodeSpec();
  const args = (spec?.getInput()?.getArgsList_asU8() ?? []).map((a) => new TextDecoder().decode(a));
  return [spec?.getChaincodeId()?.getName() ?? '', ...args];
}

/** A clock that only moves when the guard sleeps. */
function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let time = 0;
  const slept: number[] = [];
  return {
    now: () => time,
    sleep: (ms) => {
      slept.push(ms);
      time += ms;
      return Promise.resolve();
    },
    slept,
  };
}

function guardOver(
  network: Network,
  mspId: string,
  session: Session,
  options: { timeoutMs?: number; enabled?: boolean } = {},
): ReadYourWritesGuard {
  const clock = fakeClock();
  return newReadYourWritesGuard({
    session,
    mspId,
    probe: (org) => peerHeight(network, org),
    sleep: clock.sleep,
    now: clock.now,
    ...options,
  });
}

const asked = (requests: readonly StubRequest[]): string[] =>
  requests.filter((r) => r.method === '/gateway.Gateway/Evaluate').map((r) => r.target.join(','));

describe('newSession', () => {
  it('starts empty, only ever rises, and travels as a token', () => {
    const session = newSession();
    expect(session.block).to.equal(undefined);
    expect(session.token()).to.equal('');
    session.observe(12n);
    session.observe(9n);
    expect(session.block).to.equal(12n);
    expect(newSession(session.token()).block).to.equal(12n);
    expect(newSession(40n).block).to.equal(40n);
  });

  it('refuses a token that is not a block number', () => {
    expect(() => newSession('12a')).to.throw(TypeError, /block number/);
    expect(() => newSession('-1')).to.throw(TypeError);
  });
});

describe('read-your-writes guard: peer heights through the gateway (qscc GetChainInfo)', () => {
  it('asks nothing while the session is empty', async () => {
    const { network, requests } = stubNetwork({ heights: { [TAX]: [1n] } });
    await guardOver(network, TC1, newSession()).awaitPeers([TAX, PS]);
    expect(requests).to.deep.equal([]);
  });

  it("waits until every named organization's peer has the session's block, asking each its height", async () => {
    const { network, requests } = stubNetwork({ heights: { [TAX]: [11n], [PS]: [10n, 10n, 11n] } });
    const session = newSession(10n);
    await guardOver(network, TC1, session).awaitPeers([TAX, PS]);
    expect(asked(requests).sort()).to.deep.equal([PS, PS, PS, TAX]);
    // Each ask is qscc GetChainInfo on the channel, targeted at exactly one organization.
    for (const request of requests) {
      expect(invocation(request)).to.deep.equal(['qscc', 'GetChainInfo', 'govchannel']);
      expect(request.target).to.have.length(1);
    }
  });

  it('checks its own organization when the call names none', async () => {
    const { network, requests } = stubNetwork({ heights: { [TC1]: [8n] } });
    await guardOver(network, TC1, newSession(7n)).awaitPeers();
    expect(asked(requests)).to.deep.equal([TC1]);
  });

  it('remembers the heights it saw, and that its own peer has what it committed', async () => {
    const { network, requests } = stubNetwork({ heights: { [TAX]: [20n] } });
    const guard = guardOver(network, TC1, newSession(10n));
    await guard.awaitPeers([TAX]);
    await guard.awaitPeers([TAX]);
    guard.committed(15n);
    await guard.awaitPeers([TAX, TC1]);
    expect(asked(requests)).to.deep.equal([TAX]);
    expect(guard.session.block).to.equal(15n);
  });

  it('shares one ask between concurrent calls for the same organization', async () => {
    const { network, requests } = stubNetwork({ heights: { [TAX]: [6n] } });
    const guard = guardOver(network, TC1, newSession(5n));
    await Promise.all([guard.awaitPeers([TAX]), guard.awaitPeers([TAX]), guard.awaitPeers([TAX])]);
    expect(asked(requests)).to.deep.equal([TAX]);
  });

  it('gives up after its timeout with READ_YOUR_WRITES_TIMEOUT naming the organization, block and height', async () => {
    const { network } = stubNetwork({ heights: { [TAX]: [11n], [PS]: [9n] } });
    const err: unknown = await guardOver(network, TC1, newSession(10n), { timeoutMs: 1000 })
      .awaitPeers([TAX, PS])
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ConsistencyError);
    expect(err).to.include({ code: 'READ_YOUR_WRITES_TIMEOUT', kind: 'consistency', mspId: PS });
    expect((err as ConsistencyError).blockNumber).to.equal(10n);
    expect((err as ConsistencyError).height).to.equal(9n);
    expect((err as Error).message).to.match(/PublicSecurityMSP has not committed block 10 within 1000 ms/);
  });

  it('refuses at once when a peer cannot be asked for a reason that will not pass', async () => {
    const probe = sinon
      .stub()
      .rejects(evaluateError(GrpcStatus.PERMISSION_DENIED, 'PERMISSION_DENIED', 'access denied', []));
    const guard = newReadYourWritesGuard({ session: newSession(3n), mspId: TC1, probe, ...fakeClock() });
    await expect(guard.awaitPeers([TAX])).to.be.rejectedWith(/access denied/);
    expect(probe.callCount).to.equal(1);
  });

  it('refuses at once when every peer the gateway tried denied the caller (a revoked certificate)', async () => {
    const revoked = (): Error =>
      evaluateError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'failed to evaluate transaction', [
        {
          address: 'peer0.publicsecurity:7051',
          mspId: PS,
          message: 'access denied: channel [govchannel] creator org [TaxMSP]',
        },
      ]);
    const probe = sinon.stub().rejects(revoked());
    const guard = newReadYourWritesGuard({ session: newSession(3n), mspId: TC1, probe, ...fakeClock() });
    await expect(guard.awaitPeers([PS])).to.be.rejectedWith(/failed to evaluate transaction/);
    expect(probe.callCount).to.equal(1);
    // UNAVAILABLE for any other reason is still asked again.
    const flaky = sinon.stub();
    flaky
      .onFirstCall()
      .rejects(
        evaluateError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'failed to evaluate transaction', [
          { address: 'peer0.publicsecurity:7051', mspId: PS, message: 'connection refused' },
        ]),
      );
    flaky.resolves(5n);
    await newReadYourWritesGuard({ session: newSession(3n), mspId: TC1, probe: flaky, ...fakeClock() }).awaitPeers([
      PS,
    ]);
    expect(flaky.callCount).to.equal(2);
  });

  it("asks again while the gateway's membership does not list a named organization's peer yet (gossip)", async () => {
    const gap = (): Error =>
      evaluateError(
        GrpcStatus.FAILED_PRECONDITION,
        'FAILED_PRECONDITION',
        'no peers available to evaluate chaincode qscc in channel govchannel',
        [],
      );
    const probe = sinon.stub();
    probe.onFirstCall().rejects(gap());
    probe.onSecondCall().rejects(gap());
    probe.resolves(4n);
    await newReadYourWritesGuard({ session: newSession(3n), mspId: TC1, probe, ...fakeClock() }).awaitPeers([PS]);
    expect(probe.callCount).to.equal(3);
    // Never listed within the timeout: the error says so, not that the peer lags.
    const never = sinon.stub().rejects(gap());
    const err: unknown = await newReadYourWritesGuard({
      session: newSession(3n),
      mspId: TC1,
      probe: never,
      timeoutMs: 1000,
      ...fakeClock(),
    })
      .awaitPeers([PS])
      .catch((e: unknown) => e);
    expect((err as Error).message).to.match(/no peers available to evaluate chaincode qscc/);
    expect(never.callCount).to.be.greaterThan(1);
    // Another FAILED_PRECONDITION is not asked again.
    const other = sinon
      .stub()
      .rejects(evaluateError(GrpcStatus.FAILED_PRECONDITION, 'FAILED_PRECONDITION', 'channel not found', []));
    await expect(
      newReadYourWritesGuard({ session: newSession(3n), mspId: TC1, probe: other, ...fakeClock() }).awaitPeers([PS]),
    ).to.be.rejectedWith(/channel not found/);
    expect(other.callCount).to.equal(1);
  });

  it('stops asking the other organizations once one has failed the wait', async () => {
    const denied = evaluateError(GrpcStatus.PERMISSION_DENIED, 'PERMISSION_DENIED', 'access denied', []);
    const probe = sinon.stub().callsFake((org: string) => (org === PS ? Promise.reject(denied) : Promise.resolve(9n)));
    const clock = fakeClock();
    const guard = newReadYourWritesGuard({ session: newSession(10n), mspId: TC1, probe, ...clock });
    await expect(guard.awaitPeers([TAX, PS])).to.be.rejectedWith(/access denied/);
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(probe.args.filter(([org]) => org === TAX).length).to.be.at.most(2);
  });

  it('reads the channel organizations from the channel configuration (cscc GetChannelConfig)', async () => {
    const { network, requests } = stubNetwork({ organizations: [TAX, TC1, PS] });
    expect(await channelOrganizations(network, TC1)).to.deep.equal([PS, TAX, TC1]);
    expect(requests.map(invocation)).to.deep.equal([['cscc', 'GetChannelConfig', 'govchannel']]);
    expect(requests[0]?.target).to.deep.equal([TC1]);
  });

  it("for a submit naming no endorsers, waits for every organization's peer that answers, and lists them once", async () => {
    const { network, requests } = stubNetwork({
      organizations: [TC1, TAX, PS, HEALTH],
      heights: { [TC1]: [11n, 12n], [TAX]: [10n, 12n], [PS]: [12n] }, // Health's peer does not answer
    });
    const guard = newReadYourWritesGuard({
      session: newSession(10n),
      mspId: TC1,
      probe: (org) => peerHeight(network, org),
      organizations: () => channelOrganizations(network, TC1),
      ...fakeClock(),
    });
    await guard.awaitPeers('any-endorser');
    guard.session.observe(11n);
    await guard.awaitPeers('any-endorser');
    const calls = requests.map((r) => `${invocation(r)[0] ?? ''} ${r.target.join(',')}`);
    expect(calls.filter((c) => c.startsWith('cscc'))).to.deep.equal([`cscc ${TC1}`]);
    expect(calls.filter((c) => c === `qscc ${TAX}`)).to.have.length(2);
    expect(calls.filter((c) => c === `qscc ${TC1}`)).to.have.length(2);
    expect(calls.filter((c) => c === `qscc ${HEALTH}`).length).to.be.greaterThan(0);
  });

  it('for a submit naming no endorsers, still waits for its own organization when the channel cannot be read', async () => {
    const { network, requests } = stubNetwork({ heights: { [TC1]: [11n] } });
    const guard = newReadYourWritesGuard({
      session: newSession(10n),
      mspId: TC1,
      probe: (org) => peerHeight(network, org),
      organizations: () => channelOrganizations(network, TC1),
      ...fakeClock(),
    });
    await guard.awaitPeers('any-endorser');
    expect(asked(requests)).to.deep.equal([TC1, TC1]); // the failed cscc ask, then qscc on its own peer
  });

  it('only records commits when waiting is turned off', async () => {
    const { network, requests } = stubNetwork({ heights: { [TAX]: [1n] } });
    const guard = guardOver(network, TC1, newSession(10n), { enabled: false });
    await guard.awaitPeers([TAX]);
    guard.committed(12n);
    expect(requests).to.deep.equal([]);
    expect(guard.session.block).to.equal(12n);
  });
});

/** A contract whose proposals commit in the given blocks, recording each step in `log`. */
function committingContract(blocks: readonly bigint[], log: string[], name: string): Contract {
  let n = 0;
  const newProposal = sinon.stub().callsFake(() => {
    const blockNumber = blocks[n] ?? 0n;
    const transactionId = `${name}-tx-${++n}`;
    log.push(`${name} proposes`);
    const commit = {
      getTransactionId: () => transactionId,
      getStatus: () => Promise.resolve({ transactionId, code: StatusCode.VALID, successful: true, blockNumber }),
    };
    const transaction = {
      getResult: () => new TextEncoder().encode('"ok"'),
      getTransactionId: () => transactionId,
      submit: () => Promise.resolve(commit),
    };
    return { getTransactionId: () => transactionId, endorse: () => Promise.resolve(transaction) };
  });
  const evaluateStub = sinon.stub().callsFake(() => {
    log.push(`${name} evaluates`);
    return Promise.resolve(new TextEncoder().encode('"ok"'));
  });
  return { newProposal, evaluate: evaluateStub } as unknown as Contract;
}

describe('submit and evaluate read the writes of their session', () => {
  /**
   * Two departments' connections share one session, as the integration tests do: Trading Centre 1 commits
   * in block 10; the Tax connection's next transaction, endorsed by Tax and Public Security, must not be
   * endorsed until both peers have block 10 — Public Security's lags for two asks.
   */
  function twoDepartments(heights: StubPeersScript['heights']): {
    centre: Contract;
    tax: Contract;
    log: string[];
    requests: StubRequest[];
    session: Session;
  } {
    const log: string[] = [];
    const session = newSession();
    const { network, requests } = stubNetwork({ heights });
    const logged = (guard: ReadYourWritesGuard): ReadYourWritesGuard => ({
      session: guard.session,
      mspId: guard.mspId,
      committed: (block) => {
        guard.committed(block);
      },
      awaitPeers: async (orgs, after) => {
        await guard.awaitPeers(orgs, after);
        log.push(`peers ready: ${requests.length} asks`);
      },
    });
    const centre = registerReadYourWrites(
      committingContract([10n], log, 'centre'),
      logged(guardOver(network, TC1, session)),
    );
    const tax = registerReadYourWrites(committingContract([11n], log, 'tax'), logged(guardOver(network, TAX, session)));
    return { centre, tax, log, requests, session };
  }

  it("does not endorse a dependent transaction before its endorsers' peers have the session's block", async () => {
    const { centre, tax, log, requests, session } = twoDepartments({ [TAX]: [10n, 11n], [PS]: [9n, 10n, 11n] });
    const first = await submit(centre, 'RecordEvaluation');
    expect(first.blockNumber).to.equal(10n);
    expect(session.block).to.equal(10n);
    await submit(tax, 'StartPublicity', { endorsingOrganizations: [TAX, PS] });
    expect(asked(requests).filter((org) => org === PS)).to.have.length(3);
    expect(asked(requests).filter((org) => org === TAX)).to.have.length(2);
    expect(log).to.deep.equal(['peers ready: 0 asks', 'centre proposes', 'peers ready: 5 asks', 'tax proposes']);
    expect(session.block).to.equal(11n);
  });

  it("evaluates on the connection's own peer only once it has the session's block", async () => {
    const { centre, tax, log, requests } = twoDepartments({ [TAX]: [9n, 11n] });
    await submit(centre, 'RecordEvaluation');
    expect(await evaluate(tax, 'GetProject')).to.equal('ok');
    expect(asked(requests)).to.deep.equal([TAX, TAX]);
    expect(log.slice(-2)).to.deep.equal(['peers ready: 2 asks', 'tax evaluates']);
  });

  it('sends nothing when an endorser does not catch up in time', async () => {
    const { centre, tax, log } = twoDepartments({ [TAX]: [11n], [PS]: [9n] });
    await submit(centre, 'RecordEvaluation');
    await expect(submit(tax, 'StartPublicity', { endorsingOrganizations: [TAX, PS] })).to.be.rejectedWith(
      ConsistencyError,
      /PublicSecurityMSP has not committed block 10/,
    );
    expect(log).to.not.include('tax proposes');
  });

  it('waits for a block passed with the call (e.g. from another process) beyond the session', async () => {
    const { tax, requests } = twoDepartments({ [TAX]: [30n, 31n] });
    await submit(tax, 'StartPublicity', { afterBlock: 30n });
    expect(asked(requests)).to.deep.equal([TAX, TAX]);
  });
});

describe('connections and sessions', () => {
  const explicit = {
    endpoint: '127.0.0.1:1',
    tlsCACert: CERT_PEM,
    mspId: TAX,
    certificate: CERT_PEM,
    signer: signerFromPem(KEY_PEM),
  };

  it('join the session they are given, or start their own', async () => {
    const session = newSession(4n);
    const a = await connect({ ...explicit, session });
    const b = await connect({ ...explicit, session });
    const c = await connect(explicit);
    try {
      expect(a.session).to.equal(session);
      expect(b.session).to.equal(session);
      expect(c.session).to.not.equal(session);
      expect(c.session.block).to.equal(undefined);
    } finally {
      for (const connection of [a, b, c]) connection.close();
    }
  });

  it('resolve a transaction id with commitStatus, and take its block into the session', async () => {
    const connection = await connect(explicit);
    try {
      const getStatus = sinon
        .stub()
        .resolves({ transactionId: TX_ID, code: StatusCode.VALID, successful: true, blockNumber: 7n });
      sinon.stub(connection.gateway, 'newCommit').returns({
        getStatus,
        getTransactionId: () => TX_ID,
        getBytes: () => new Uint8Array(),
        getDigest: () => new Uint8Array(),
      });
      expect(await connection.commitStatus(TX_ID)).to.deep.equal({
        outcome: 'COMMITTED',
        transactionId: TX_ID,
        blockNumber: 7n,
      });
      expect(connection.session.block).to.equal(7n);
    } finally {
      connection.close();
    }
  });
});

describe('lookUpCommitStatus', () => {
  function lookUp(script: StubPeersScript, transactionId = TX_ID, timeoutMs?: number): Promise<unknown> {
    const { client } = stubPeers(script);
    const gateway = connectGateway({
      client,
      identity: { mspId: TAX, credentials: new TextEncoder().encode(CERT_PEM) },
      signer: signerFromPem(KEY_PEM),
      hash: hash.sha256,
    });
    return lookUpCommitStatus(
      gateway,
      { mspId: TAX, credentials: new TextEncoder().encode(CERT_PEM) },
      'govchannel',
      transactionId,
      { timeoutMs },
    );
  }

  it('asks the peer for the transaction, signed, as the connection identity, and reports it COMMITTED', async () => {
    const { client, requests } = stubPeers({ commitStatus: { code: StatusCode.VALID, blockNumber: 21n } });
    const credentials = new TextEncoder().encode(CERT_PEM);
    const gateway = connectGateway({
      client,
      identity: { mspId: TAX, credentials },
      signer: signerFromPem(KEY_PEM),
      hash: hash.sha256,
    });
    const outcome = await lookUpCommitStatus(gateway, { mspId: TAX, credentials }, 'govchannel', TX_ID);
    expect(outcome).to.deep.equal({ outcome: 'COMMITTED', transactionId: TX_ID, blockNumber: 21n });
    const signed = requests[0]?.request as gatewayProtos.SignedCommitStatusRequest;
    const request = gatewayProtos.CommitStatusRequest.deserializeBinary(signed.getRequest_asU8());
    expect(request.getTransactionId()).to.equal(TX_ID);
    expect(request.getChannelId()).to.equal('govchannel');
    expect(msp.SerializedIdentity.deserializeBinary(request.getIdentity_asU8()).getMspid()).to.equal(TAX);
    expect(signed.getSignature_asU8().length).to.be.greaterThan(0);
  });

  it('reports an invalidated transaction as INVALID with its validation code', async () => {
    expect(await lookUp({ commitStatus: { code: StatusCode.MVCC_READ_CONFLICT, blockNumber: 5n } })).to.deep.equal({
      outcome: 'INVALID',
      transactionId: TX_ID,
      blockNumber: 5n,
      validationCode: 'MVCC_READ_CONFLICT',
    });
  });

  it('reports a transaction not committed within the wait as UNKNOWN', async () => {
    const deadline = serviceError(GrpcStatus.DEADLINE_EXCEEDED, 'DEADLINE_EXCEEDED', 'Deadline exceeded', []);
    expect(await lookUp({ commitStatus: deadline })).to.deep.equal({ outcome: 'UNKNOWN', transactionId: TX_ID });
  });

  it('fails with CommitStatusError when the peer cannot be asked', async () => {
    const down = serviceError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'No connection established', []);
    await expect(lookUp({ commitStatus: down }, TX_ID, 300)).to.be.rejectedWith(
      CommitStatusError,
      /cannot look up transaction/,
    );
  });

  it('asks again when a call is dropped (CANCELLED) or the peer is briefly unreachable, within the wait', async () => {
    const cancelled = serviceError(GrpcStatus.CANCELLED, 'CANCELLED', 'Call cancelled', []);
    const down = serviceError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'No connection established', []);
    const { client, requests } = stubPeers({
      commitStatus: [cancelled, down, { code: StatusCode.VALID, blockNumber: 8n }],
    });
    const credentials = new TextEncoder().encode(CERT_PEM);
    const gateway = connectGateway({ client, identity: { mspId: TAX, credentials }, signer: signerFromPem(KEY_PEM) });
    expect(await lookUpCommitStatus(gateway, { mspId: TAX, credentials }, 'govchannel', TX_ID)).to.deep.equal({
      outcome: 'COMMITTED',
      transactionId: TX_ID,
      blockNumber: 8n,
    });
    expect(requests.filter((r) => r.method === '/gateway.Gateway/CommitStatus')).to.have.lengthOf(3);
  });

  it('refuses a malformed transaction id without asking', async () => {
    await expect(lookUp({}, 'tx-1')).to.be.rejectedWith(TypeError, /64 lower-case hex/);
  });
});
