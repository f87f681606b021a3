import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError as FabricCommitError, StatusCode } from '@hyperledger/fabric-gateway';
import {
  ChaincodeError,
  CommitError,
  CommitStatusError,
  OutcomeUnknownError,
  ConnectionError,
  EndorsementError,
  GovchainError,
  ProfileError,
  SubmitError,
  findChaincodeRefusal,
  fromEvaluateError,
  fromFabricError,
  newCommitError,
  newProfileError,
  parseChaincodeMessage,
  validationCodeName,
} from '@govchain/gateway-client';
import { expect } from 'chai';
import { commitStatusError, endorseError, evaluateError, submitError } from './fixtures';

const TAX_PEER = { address: '127.0.0.1:7110', mspId: 'TaxMSP' };
const ENDORSE_TEXT = 'failed to endorse transaction, see attached details for more info';

describe('parseChaincodeMessage', () => {
  const cases: [string, string, string, string][] = [
    ['a bare coded message', 'NOT_FOUND: licence BL-1 does not exist', 'NOT_FOUND', 'licence BL-1 does not exist'],
    [
      'a peer detail (chaincode response 500)',
      'chaincode response 500, FORBIDDEN: only TaxMSP may clear tax',
      'FORBIDDEN',
      'only TaxMSP may clear tax',
    ],
    [
      'an evaluate top-level message',
      '2 UNKNOWN: evaluate call to endorser returned error: chaincode response 500, CONFLICT: unit U-9 has an open application',
      'CONFLICT',
      'unit U-9 has an open application',
    ],
    [
      'an older simulation message',
      'error in simulation: transaction returned with failure: INVALID_ARGUMENT: shares must sum to 10000',
      'INVALID_ARGUMENT',
      'shares must sum to 10000',
    ],
    [
      'a message whose text contains colons',
      'chaincode response 500, PRECONDITION_FAILED: step tax: not yet cleared: wait',
      'PRECONDITION_FAILED',
      'step tax: not yet cleared: wait',
    ],
  ];
  for (const [what, text, code, message] of cases) {
    it(`returns the code and message of ${what}`, () => {
      expect(parseChaincodeMessage(text)).to.deep.equal({ code, message });
    });
  }

  const uncoded: [string, string][] = [
    ['the gateway endorse wrapper alone', `10 ABORTED: ${ENDORSE_TEXT}`],
    ['an uncoded chaincode error', 'chaincode response 500, something broke'],
    ['a gRPC transport failure', '14 UNAVAILABLE: No connection established'],
    ['an access-denied message', 'error validating proposal: access denied: channel [govchannel] creator org [X]'],
    ['an rpc error detail', 'rpc error: code = Unavailable desc = connection refused'],
    ['an empty string', ''],
  ];
  for (const [what, text] of uncoded) {
    it(`returns undefined for ${what}`, () => {
      expect(parseChaincodeMessage(text)).to.equal(undefined);
    });
  }
});

describe('findChaincodeRefusal', () => {
  it('prefers the first coded detail and names its MSP', () => {
    const found = findChaincodeRefusal(`10 ABORTED: ${ENDORSE_TEXT}`, [
      { address: '127.0.0.1:7010', mspId: 'RealEstateMSP', message: 'rpc error: code = Unavailable desc = x' },
      { ...TAX_PEER, message: 'chaincode response 500, FORBIDDEN: only TaxMSP may clear tax' },
    ]);
    expect(found).to.deep.equal({ code: 'FORBIDDEN', message: 'only TaxMSP may clear tax', mspId: 'TaxMSP' });
  });
});

describe('fromFabricError', () => {
  it('turns an EndorseError with a coded detail into a ChaincodeError', () => {
    const cause = endorseError(
      GrpcStatus.ABORTED,
      'ABORTED',
      ENDORSE_TEXT,
      [{ ...TAX_PEER, message: 'chaincode response 500, FORBIDDEN: only TaxMSP may clear tax for APP-7' }],
      'tx-42',
    );
    const err = fromFabricError(cause);
    expect(err).to.be.instanceOf(ChaincodeError);
    expect(err).to.be.instanceOf(GovchainError);
    const refusal = err as ChaincodeError;
    expect(refusal.name).to.equal('ChaincodeError');
    expect(refusal.kind).to.equal('chaincode');
    expect(refusal.code).to.equal('FORBIDDEN');
    expect(refusal.message).to.equal('only TaxMSP may clear tax for APP-7');
    expect(refusal.transactionId).to.equal('tx-42');
    expect(refusal.mspId).to.equal('TaxMSP');
    expect(refusal.cause).to.equal(cause);
    expect(refusal.details).to.deep.equal([
      { ...TAX_PEER, message: 'chaincode response 500, FORBIDDEN: only TaxMSP may clear tax for APP-7' },
    ]);
  });

  it('turns an EndorseError without a coded message into an EndorsementError that keeps the details', () => {
    const cause = endorseError(GrpcStatus.ABORTED, 'ABORTED', ENDORSE_TEXT, [
      { ...TAX_PEER, message: 'ProposalResponsePayloads do not match' },
    ]);
    const err = fromFabricError(cause);
    expect(err).to.be.instanceOf(EndorsementError);
    expect(err?.code).to.equal('ENDORSEMENT_FAILED');
    expect(err?.transactionId).to.equal('tx-endorse-1');
    expect(err?.message).to.contain(ENDORSE_TEXT).and.contain('TaxMSP@127.0.0.1:7110');
    expect(err?.details).to.have.length(1);
    expect(err?.cause).to.equal(cause);
  });

  it('turns a failed evaluation carrying a coded message into a ChaincodeError', () => {
    const cause = evaluateError(
      GrpcStatus.UNKNOWN,
      'UNKNOWN',
      'evaluate call to endorser returned error: chaincode response 500, NOT_FOUND: licence BL-1 does not exist',
      [{ ...TAX_PEER, message: 'chaincode response 500, NOT_FOUND: licence BL-1 does not exist' }],
    );
    const err = fromEvaluateError(cause);
    expect(err).to.be.instanceOf(ChaincodeError);
    expect(err?.code).to.equal('NOT_FOUND');
    expect(err?.message).to.equal('licence BL-1 does not exist');
  });

  it('finds the code in the top-level message when there are no details', () => {
    const cause = evaluateError(
      GrpcStatus.UNKNOWN,
      'UNKNOWN',
      'evaluate call to endorser returned error: chaincode response 500, CONFLICT: already issued',
      [],
    );
    expect(fromEvaluateError(cause)).to.be.instanceOf(ChaincodeError).and.include({ code: 'CONFLICT' });
  });

  it('turns an unreachable peer into a ConnectionError naming the endpoint', () => {
    const cause = evaluateError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'No connection established', []);
    const err = fromEvaluateError(cause, { endpoint: '127.0.0.1:7110' });
    expect(err).to.be.instanceOf(ConnectionError);
    expect((err as ConnectionError).endpoint).to.equal('127.0.0.1:7110');
    expect(err?.message).to.contain('127.0.0.1:7110');
  });

  it('turns a SubmitError into a SubmitError that keeps the fabric error as cause', () => {
    const cause = submitError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'no orderers available', 'tx-7');
    const err = fromFabricError(cause);
    expect(err).to.be.instanceOf(SubmitError);
    expect(err).to.include({ code: 'SUBMIT_FAILED', transactionId: 'tx-7', name: 'SubmitError' });
    expect(err?.cause).to.equal(cause);
  });

  it('turns a fabric CommitError into a CommitError with the validation code name', () => {
    const cause = new FabricCommitError({
      code: StatusCode.ENDORSEMENT_POLICY_FAILURE,
      transactionId: 'tx-9',
      message: 'Transaction tx-9 failed to commit with status code 10 (ENDORSEMENT_POLICY_FAILURE)',
    });
    const err = fromFabricError(cause);
    expect(err).to.be.instanceOf(CommitError);
    expect(err).to.include({ code: 'ENDORSEMENT_POLICY_FAILURE', validationCode: 10, transactionId: 'tx-9' });
    expect(err?.cause).to.equal(cause);
  });

  it('turns a commit-status deadline into an unknown outcome, not a failure', () => {
    const cause = commitStatusError(GrpcStatus.DEADLINE_EXCEEDED, 'DEADLINE_EXCEEDED', 'Deadline exceeded', 'tx-3');
    const err = fromFabricError(cause);
    expect(err).to.be.instanceOf(OutcomeUnknownError);
    expect(err).to.include({
      code: 'OUTCOME_UNKNOWN',
      kind: 'outcome-unknown',
      reason: 'COMMIT_STATUS_TIMEOUT',
      transactionId: 'tx-3',
    });
    expect(err?.message).to.match(/tx-3 is unknown: .* it may still commit — resolve it with commitStatus/);
  });

  it('turns another commit-status failure into a CommitStatusError', () => {
    const cause = commitStatusError(GrpcStatus.PERMISSION_DENIED, 'PERMISSION_DENIED', 'access denied', 'tx-4');
    expect(fromFabricError(cause)).to.be.instanceOf(CommitStatusError).and.include({ code: 'COMMIT_STATUS_FAILED' });
  });

  it('returns a GovchainError unchanged and ignores errors that are not from Fabric', () => {
    const profileError = newProfileError('UNKNOWN_DEPARTMENT', 'unknown department "x"');
    expect(fromFabricError(profileError)).to.equal(profileError);
    expect(fromFabricError(new TypeError('bug'))).to.equal(undefined);
    expect(fromFabricError('text')).to.equal(undefined);
  });
});

describe('error factories', () => {
  it('names validation codes, including unknown ones', () => {
    expect(validationCodeName(11)).to.equal('MVCC_READ_CONFLICT');
    expect(validationCodeName(12)).to.equal('PHANTOM_READ_CONFLICT');
    expect(validationCodeName(77)).to.equal('VALIDATION_CODE_77');
  });

  it('builds a CommitError from a status, with the block number', () => {
    const err = newCommitError({ code: 11, transactionId: 'tx-1', blockNumber: 12n });
    expect(err).to.include({ name: 'CommitError', code: 'MVCC_READ_CONFLICT', blockNumber: 12n });
    expect(err.message).to.equal('transaction tx-1 failed validation in block 12 with MVCC_READ_CONFLICT');
  });

  it('builds a ProfileError with its code, name and kind', () => {
    const err = newProfileError('CREDENTIAL_NOT_FOUND', 'key missing');
    expect(err).to.be.instanceOf(ProfileError);
    expect(err).to.include({ name: 'ProfileError', kind: 'profile', code: 'CREDENTIAL_NOT_FOUND' });
    expect(err.details).to.deep.equal([]);
  });
});
