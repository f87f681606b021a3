import { status as GrpcStatus } from '@grpc/grpc-js';
import { type Contract, type Gateway, type Status, StatusCode } from '@hyperledger/fabric-gateway';
import {
  ChaincodeError,
  CommitError,
  CommitStatusError,
  OutcomeUnknownError,
  EndorsementError,
  ORDERER_UNAVAILABLE_RETRIES,
  SubmitError,
  evaluate,
  evaluateOffline,
  submit,
  submitOffline,
  waitForCommitStatus,
  UNREACHABLE_HINT,
} from '@govchain/gateway-client';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import * as sinon from 'sinon';
import { commitStatusError, endorseError, evaluateError, submitError } from './fixtures';

chai.use(chaiAsPromised);
const { expect } = chai;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const TAX_DETAIL = { address: '127.0.0.1:7210', mspId: 'TaxMSP' };

function status(transactionId: string, code: number = StatusCode.VALID, blockNumber = 7n): Status {
  return { transactionId, code: code as Status['code'], successful: code === StatusCode.VALID, blockNumber };
}

/** What one attempt (one proposal) does at each step. */
interface AttemptScript {
  readonly endorseError?: Error;
  /** Errors of the first endorsements of this same proposal, before one succeeds. */
  readonly endorseErrorsFirst?: readonly Error[];
  readonly submitError?: Error;
  /** Errors of the first submissions of this same transaction, before it is accepted. */
  readonly submitErrorsFirst?: readonly Error[];
  /** Successive outcomes of getStatus (an Error is thrown). */
  readonly statuses?: readonly (Status | Error)[];
  readonly result?: string;
}

interface FakeAttempt {
  readonly transactionId: string;
  readonly endorse: sinon.SinonStub;
  readonly submit: sinon.SinonStub;
  readonly getStatus: sinon.SinonStub;
}

/** A Contract whose proposals follow the given scripts, one proposal per script. */
function scriptedContract(scripts: readonly AttemptScript[]): {
  contract: Contract;
  newProposal: sinon.SinonStub;
  attempts: FakeAttempt[];
} {
  const attempts: FakeAttempt[] = [];
  const newProposal = sinon.stub().callsFake(() => {
    const n = attempts.length;
    const script = scripts[n];
    if (script === undefined) {
      throw new Error(`unexpected proposal #${n + 1}`);
    }
    const transactionId = `tx-${n + 1}`;
    const getStatus = sinon.stub();
    (script.statuses ?? [status(transactionId)]).forEach((outcome, i) => {
      if (outcome instanceof Error) {
        getStatus.onCall(i).rejects(outcome);
      } else {
        getStatus.onCall(i).resolves(outcome);
      }
    });
    const commit = { getStatus, getTransactionId: () => transactionId };
    const submitStub = script.submitError ? sinon.stub().rejects(script.submitError) : sinon.stub().resolves(commit);
    (script.submitErrorsFirst ?? []).forEach((e, i) => submitStub.onCall(i).rejects(e));
    const transaction = {
      submit: submitStub,
      getResult: () => utf8(script.result ?? ''),
      getTransactionId: () => transactionId,
    };
    const endorse = script.endorseError
      ? sinon.stub().rejects(script.endorseError)
      : sinon.stub().resolves(transaction);
    (script.endorseErrorsFirst ?? []).forEach((e, i) => endorse.onCall(i).rejects(e));
    attempts.push({ transactionId, endorse, submit: submitStub, getStatus });
    return { getTransactionId: () => transactionId, endorse };
  });
  return { contract: { newProposal } as unknown as Contract, newProposal, attempts };
}

const noWait = { sleep: (): Promise<void> => Promise.resolve(), random: (): number => 0.5 };
const deadline = (txid: string): Error =>
  commitStatusError(GrpcStatus.DEADLINE_EXCEEDED, 'DEADLINE_EXCEEDED', 'Deadline exceeded', txid);

describe('submit', () => {
  it('endorses, submits, waits for the commit and returns the decoded result', async () => {
    const { contract, newProposal, attempts } = scriptedContract([{ result: '{"id":"BL-1","status":"ACTIVE"}' }]);
    const outcome = await submit(contract, 'IssueLicence', {
      arguments: ['BL-1', { type: 'business' }],
      transientData: { holderId: '110101' },
      endorsingOrganizations: ['MarketRegulationMSP'],
    });
    expect(outcome).to.deep.equal({
      result: { id: 'BL-1', status: 'ACTIVE' },
      transactionId: 'tx-1',
      blockNumber: 7n,
      attempts: 1,
    });
    expect(newProposal.calledOnce).to.equal(true);
    const [name, options] = newProposal.firstCall.args as [string, Record<string, unknown>];
    expect(name).to.equal('IssueLicence');
    expect(options.arguments).to.deep.equal(['BL-1', '{"type":"business"}']);
    expect(options.endorsingOrganizations).to.deep.equal(['MarketRegulationMSP']);
    expect(Object.keys(options.transientData as object)).to.deep.equal(['holderId']);
    expect(attempts[0]?.submit.calledOnce).to.equal(true);
  });

  it('asks for the status again after a commit-status deadline, without submitting again', async () => {
    const { contract, newProposal, attempts } = scriptedContract([
      { statuses: [deadline('tx-1'), status('tx-1', StatusCode.VALID, 9n)], result: 'done' },
    ]);
    const outcome = await submit(contract, 'ClearTax', { arguments: ['APP-7'], retry: noWait });
    expect(outcome).to.include({ result: 'done', transactionId: 'tx-1', blockNumber: 9n, attempts: 1 });
    expect(attempts[0]?.getStatus.callCount).to.equal(2);
    expect(attempts[0]?.submit.callCount).to.equal(1);
    expect(newProposal.callCount).to.equal(1);
  });

  it('reports OUTCOME_UNKNOWN with the transaction id after the bounded asks, never resubmitting', async () => {
    const { contract, newProposal, attempts } = scriptedContract([
      { statuses: [deadline('tx-1'), deadline('tx-1'), deadline('tx-1'), status('tx-1')] },
      {},
    ]);
    const err: unknown = await submit(contract, 'ClearTax', { retry: noWait }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(OutcomeUnknownError);
    expect(err).to.include({ code: 'OUTCOME_UNKNOWN', reason: 'COMMIT_STATUS_TIMEOUT', transactionId: 'tx-1' });
    expect(attempts[0]?.getStatus.callCount).to.equal(3);
    expect(attempts[0]?.submit.callCount).to.equal(1);
    expect(newProposal.callCount).to.equal(1);
  });

  it('retries an MVCC read conflict with a freshly endorsed proposal after a backoff', async () => {
    const sleep = sinon.stub().resolves();
    const { contract, newProposal, attempts } = scriptedContract([
      { statuses: [status('tx-1', StatusCode.MVCC_READ_CONFLICT)] },
      { result: '"ok"' },
    ]);
    const outcome = await submit(contract, 'Transfer', { retry: { sleep, random: () => 1 } });
    expect(outcome).to.include({ result: 'ok', transactionId: 'tx-2', attempts: 2 });
    expect(newProposal.callCount).to.equal(2);
    expect(attempts.map((a) => a.endorse.callCount)).to.deep.equal([1, 1]);
    expect(sleep.calledOnceWithExactly(100)).to.equal(true);
  });

  it('sends the same transaction again while no orderer accepts it, without endorsing anew', async () => {
    const sleep = sinon.stub().resolves();
    const unavailable = submitError(
      GrpcStatus.UNAVAILABLE,
      'UNAVAILABLE',
      'no orderers could successfully process transaction',
    );
    const { contract, newProposal, attempts } = scriptedContract([
      { submitErrorsFirst: [unavailable, unavailable], result: '"ok"' },
    ]);
    const outcome = await submit(contract, 'Transfer', { retry: { sleep, random: () => 1 } });
    expect(outcome).to.include({ result: 'ok', transactionId: 'tx-1', attempts: 1 });
    expect(newProposal.callCount).to.equal(1);
    expect(attempts[0]?.endorse.callCount).to.equal(1);
    expect(attempts[0]?.submit.callCount).to.equal(3);
    expect(sleep.args).to.deep.equal([[500], [1000]]);
  });

  it('sends the same transaction again after an orderer deadline, which cannot commit it twice', async () => {
    const hung = submitError(GrpcStatus.DEADLINE_EXCEEDED, 'DEADLINE_EXCEEDED', 'context deadline exceeded');
    const { contract, newProposal, attempts } = scriptedContract([{ submitErrorsFirst: [hung], result: '"ok"' }]);
    const outcome = await submit(contract, 'Transfer', { retry: noWait });
    expect(outcome).to.include({ transactionId: 'tx-1', attempts: 1 });
    expect(newProposal.callCount).to.equal(1);
    expect(attempts[0]?.submit.callCount).to.equal(2);
  });

  it('asks for endorsement again while the gateway has not yet discovered a required organization', async () => {
    const undiscovered = endorseError(
      GrpcStatus.UNAVAILABLE,
      'UNAVAILABLE',
      'failed to find any endorsing peers for org(s): PublicSecurityMSP',
      [],
    );
    const { contract, newProposal, attempts } = scriptedContract([
      { endorseErrorsFirst: [undiscovered], result: '"ok"' },
    ]);
    const outcome = await submit(contract, 'Transfer', { retry: noWait });
    expect(outcome).to.include({ result: 'ok', transactionId: 'tx-1', attempts: 1 });
    expect(newProposal.callCount).to.equal(1);
    expect(attempts[0]?.endorse.callCount).to.equal(2);
    expect(attempts[0]?.submit.callCount).to.equal(1);
  });

  it('does not ask again when the gateway peer itself is unreachable', async () => {
    const down = endorseError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'No connection established', []);
    const { contract, attempts } = scriptedContract([{ endorseError: down }]);
    const err: unknown = await submit(contract, 'Transfer', { retry: noWait }).catch((e: unknown) => e);
    expect(err).to.include({ code: 'PEER_UNREACHABLE' });
    expect((err as Error).message).to.contain(UNREACHABLE_HINT);
    expect(attempts[0]?.endorse.callCount).to.equal(1);
  });

  it('reports OUTCOME_UNKNOWN, not a failure, when no orderer acknowledges it after the bounded sends', async () => {
    const unavailable = submitError(
      GrpcStatus.UNAVAILABLE,
      'UNAVAILABLE',
      'no orderers could successfully process transaction',
      'tx-1',
    );
    const { contract, newProposal, attempts } = scriptedContract([{ submitError: unavailable }, {}]);
    const err: unknown = await submit(contract, 'Transfer', { retry: noWait }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(OutcomeUnknownError).and.not.be.instanceOf(SubmitError);
    expect(err).to.include({ code: 'OUTCOME_UNKNOWN', reason: 'ORDERER_UNAVAILABLE', transactionId: 'tx-1' });
    expect((err as OutcomeUnknownError).cause).to.equal(unavailable);
    expect(attempts[0]?.submit.callCount).to.equal(ORDERER_UNAVAILABLE_RETRIES + 1);
    // The same transaction was sent each time; no new transaction id was ever proposed.
    expect(newProposal.callCount).to.equal(1);
  });

  it('reports OUTCOME_UNKNOWN when orderers keep hitting their deadline, with no new proposal', async () => {
    const hung = submitError(GrpcStatus.DEADLINE_EXCEEDED, 'DEADLINE_EXCEEDED', 'context deadline exceeded', 'tx-1');
    const { contract, newProposal } = scriptedContract([{ submitError: hung }, {}]);
    const err: unknown = await submit(contract, 'Transfer', { retry: noWait }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(OutcomeUnknownError).and.include({ reason: 'ORDERER_UNAVAILABLE' });
    expect(newProposal.callCount).to.equal(1);
  });

  it('reports OUTCOME_UNKNOWN when asking for the commit status of an accepted transaction fails', async () => {
    const denied = commitStatusError(GrpcStatus.PERMISSION_DENIED, 'PERMISSION_DENIED', 'access denied', 'tx-1');
    const { contract, newProposal, attempts } = scriptedContract([{ statuses: [denied] }, {}]);
    const err: unknown = await submit(contract, 'Transfer', { retry: noWait }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(OutcomeUnknownError);
    expect(err).to.include({ reason: 'COMMIT_STATUS_FAILED', transactionId: 'tx-1' });
    expect(attempts[0]?.submit.callCount).to.equal(1);
    expect(newProposal.callCount).to.equal(1);
  });

  it('never re-submits an unknown outcome under a new id, even with retries allowed', async () => {
    const { contract, newProposal } = scriptedContract([
      { statuses: [deadline('tx-1'), deadline('tx-1'), deadline('tx-1')] },
      {},
    ]);
    const err: unknown = await submit(contract, 'RecordViolation', {
      retry: { ...noWait, maxRetries: 5 },
      commitStatus: { maxAttempts: 3 },
    }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(OutcomeUnknownError);
    expect(newProposal.callCount).to.equal(1);
  });

  it('never sends again a transaction the orderer refused for another reason', async () => {
    const refused = submitError(GrpcStatus.PERMISSION_DENIED, 'PERMISSION_DENIED', 'access denied');
    const { contract, attempts } = scriptedContract([{ submitError: refused }]);
    await expect(submit(contract, 'Transfer', { retry: noWait })).to.be.rejectedWith(SubmitError);
    expect(attempts[0]?.submit.callCount).to.equal(1);
  });

  it('retries a phantom read conflict too', async () => {
    const { contract } = scriptedContract([{ statuses: [status('tx-1', StatusCode.PHANTOM_READ_CONFLICT)] }, {}]);
    expect((await submit(contract, 'Transfer', { retry: noWait })).attempts).to.equal(2);
  });

  it('stops after maxRetries and throws the conflict as a CommitError', async () => {
    const conflict = { statuses: [status('x', StatusCode.MVCC_READ_CONFLICT)] };
    const { contract, newProposal } = scriptedContract([conflict, conflict, conflict]);
    const err: unknown = await submit(contract, 'Transfer', { retry: { ...noWait, maxRetries: 2 } }).catch(
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(CommitError).and.include({ code: 'MVCC_READ_CONFLICT' });
    expect(newProposal.callCount).to.equal(3);
  });

  it('never retries an endorsement policy failure', async () => {
    const { contract, newProposal } = scriptedContract([
      { statuses: [status('tx-1', StatusCode.ENDORSEMENT_POLICY_FAILURE, 4n)] },
      {},
    ]);
    const err: unknown = await submit(contract, 'Revoke', { retry: noWait }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(CommitError);
    expect(err).to.include({ code: 'ENDORSEMENT_POLICY_FAILURE', validationCode: 10, transactionId: 'tx-1' });
    expect(newProposal.callCount).to.equal(1);
  });

  it('never retries a chaincode refusal, and never submits it', async () => {
    const refusal = endorseError(
      GrpcStatus.ABORTED,
      'ABORTED',
      'failed to endorse transaction, see attached details for more info',
      [{ ...TAX_DETAIL, message: 'chaincode response 500, FORBIDDEN: only TaxMSP may clear tax' }],
      'tx-1',
    );
    const { contract, newProposal, attempts } = scriptedContract([{ endorseError: refusal }, {}]);
    const err: unknown = await submit(contract, 'ClearTax', { retry: noWait }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ChaincodeError);
    expect(err).to.include({ code: 'FORBIDDEN', message: 'only TaxMSP may clear tax', transactionId: 'tx-1' });
    expect((err as ChaincodeError).cause).to.equal(refusal);
    expect(attempts[0]?.submit.called).to.equal(false);
    expect(newProposal.callCount).to.equal(1);
  });

  it('reports an uncoded endorsement failure as EndorsementError', async () => {
    const failure = endorseError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'failed to collect enough endorsements', [
      { ...TAX_DETAIL, message: 'rpc error: code = Unavailable desc = connection refused' },
    ]);
    const { contract } = scriptedContract([{ endorseError: failure }]);
    await expect(submit(contract, 'ClearTax')).to.be.rejectedWith(EndorsementError);
  });

  it('refuses arguments it cannot encode before endorsing anything', async () => {
    const { contract, newProposal } = scriptedContract([{}]);
    await expect(submit(contract, 'X', { arguments: [undefined] })).to.be.rejectedWith(TypeError, /argument 0/);
    expect(newProposal.called).to.equal(false);
  });
});

describe('waitForCommitStatus', () => {
  it('does not ask again after a failure that is not a timeout', async () => {
    const getStatus = sinon
      .stub()
      .rejects(commitStatusError(GrpcStatus.PERMISSION_DENIED, 'PERMISSION_DENIED', 'access denied', 'tx-5'));
    const err: unknown = await waitForCommitStatus({ getStatus, getTransactionId: () => 'tx-5' }).catch(
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(CommitStatusError);
    expect(getStatus.callCount).to.equal(1);
  });

  it('returns an unsuccessful status as it is (the caller decides)', async () => {
    const getStatus = sinon.stub().resolves(status('tx-6', StatusCode.MVCC_READ_CONFLICT));
    const result = await waitForCommitStatus({ getStatus, getTransactionId: () => 'tx-6' }, { maxAttempts: 5 });
    expect(result.successful).to.equal(false);
  });

  it('passes fresh call options on each ask', async () => {
    const getStatus = sinon.stub();
    getStatus.onFirstCall().rejects(deadline('tx-8'));
    getStatus.onSecondCall().resolves(status('tx-8'));
    let n = 0;
    await waitForCommitStatus(
      { getStatus, getTransactionId: () => 'tx-8' },
      { callOptions: () => ({ deadline: ++n }) },
    );
    expect(getStatus.args).to.deep.equal([[{ deadline: 1 }], [{ deadline: 2 }]]);
  });
});

describe('evaluate', () => {
  it('returns the decoded result', async () => {
    const evaluateStub = sinon.stub().resolves(utf8('{"status":"VALID"}'));
    const contract = { evaluate: evaluateStub } as unknown as Contract;
    expect(await evaluate(contract, 'VerifyLicence', { arguments: ['BL-1', 'ab12'] })).to.deep.equal({
      status: 'VALID',
    });
    expect(evaluateStub.firstCall.args).to.deep.equal(['VerifyLicence', { arguments: ['BL-1', 'ab12'] }]);
  });

  it('turns a refusal into a ChaincodeError', async () => {
    const failure = evaluateError(
      GrpcStatus.UNKNOWN,
      'UNKNOWN',
      'evaluate call to endorser returned error: chaincode response 500, NOT_FOUND: licence BL-1 does not exist',
      [{ ...TAX_DETAIL, message: 'chaincode response 500, NOT_FOUND: licence BL-1 does not exist' }],
    );
    const contract = { evaluate: sinon.stub().rejects(failure) } as unknown as Contract;
    const err: unknown = await evaluate(contract, 'ReadLicence', { arguments: ['BL-1'] }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ChaincodeError).and.include({ code: 'NOT_FOUND' });
  });
});

describe('offline signing', () => {
  /** A gateway and contract whose every step records the signature it was given. */
  function offlineFakes(statuses: readonly Status[]): {
    gateway: Gateway;
    contract: Contract;
    signed: string[];
    getStatus: sinon.SinonStub;
  } {
    const signed: string[] = [];
    const getStatus = sinon.stub();
    statuses.forEach((s, i) => getStatus.onCall(i).resolves(s));
    const signable = (name: string): { getBytes: () => Uint8Array; getDigest: () => Uint8Array } => ({
      getBytes: () => utf8(`${name}-bytes`),
      getDigest: () => utf8(`${name}-digest`),
    });
    const unsignedCommit = signable('commit');
    const unsignedTransaction = { ...signable('transaction'), submit: sinon.stub().resolves(unsignedCommit) };
    const unsignedProposal = { ...signable('proposal'), getTransactionId: () => 'tx-off' };
    const record = (bytes: Uint8Array, signature: Uint8Array): void => {
      signed.push(`${new TextDecoder().decode(bytes)}:${new TextDecoder().decode(signature)}`);
    };
    const gateway = {
      newSignedProposal: (bytes: Uint8Array, signature: Uint8Array) => {
        record(bytes, signature);
        return { endorse: sinon.stub().resolves(unsignedTransaction), evaluate: sinon.stub().resolves(utf8('42')) };
      },
      newSignedTransaction: (bytes: Uint8Array, signature: Uint8Array) => {
        record(bytes, signature);
        return { submit: sinon.stub().resolves(unsignedCommit), getResult: () => utf8('{"ok":true}') };
      },
      newSignedCommit: (bytes: Uint8Array, signature: Uint8Array) => {
        record(bytes, signature);
        return { getStatus, getTransactionId: () => 'tx-off' };
      },
    } as unknown as Gateway;
    const contract = { newProposal: sinon.stub().returns(unsignedProposal) } as unknown as Contract;
    return { gateway, contract, signed, getStatus };
  }

  const sign = (digest: Uint8Array): Promise<Uint8Array> =>
    Promise.resolve(utf8(`sig(${new TextDecoder().decode(digest)})`));

  it('has the caller sign the proposal, the transaction and the commit request, in order', async () => {
    const { gateway, contract, signed } = offlineFakes([status('tx-off', StatusCode.VALID, 3n)]);
    const outcome = await submitOffline({ gateway, contract, transactionName: 'Consent', arguments: ['BL-1'], sign });
    expect(outcome).to.deep.equal({ result: { ok: true }, transactionId: 'tx-off', blockNumber: 3n, attempts: 1 });
    expect(signed).to.deep.equal([
      'proposal-bytes:sig(proposal-digest)',
      'transaction-bytes:sig(transaction-digest)',
      'commit-bytes:sig(commit-digest)',
    ]);
  });

  it('reports an invalid offline transaction as CommitError', async () => {
    const { gateway, contract } = offlineFakes([status('tx-off', StatusCode.ENDORSEMENT_POLICY_FAILURE)]);
    await expect(submitOffline({ gateway, contract, transactionName: 'Consent', sign })).to.be.rejectedWith(
      CommitError,
      /ENDORSEMENT_POLICY_FAILURE/,
    );
  });

  it('evaluates with a caller-signed proposal', async () => {
    const { gateway, contract, signed } = offlineFakes([]);
    expect(await evaluateOffline({ gateway, contract, transactionName: 'Count', sign })).to.equal(42);
    expect(signed).to.deep.equal(['proposal-bytes:sig(proposal-digest)']);
  });
});
