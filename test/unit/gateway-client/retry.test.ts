import { CommitError as FabricCommitError, StatusCode } from '@hyperledger/fabric-gateway';
import {
  ChaincodeError,
  DEFAULT_RETRY_OPTIONS,
  backoffDelay,
  isRetryableError,
  newCommitError,
  newOutcomeUnknownError,
  shouldRetry,
  withRetry,
} from '@govchain/gateway-client';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';

chai.use(chaiAsPromised);
const { expect } = chai;

const conflict = (): Error => newCommitError({ code: StatusCode.MVCC_READ_CONFLICT, transactionId: 'tx' });

describe('isRetryableError', () => {
  const retryable: [string, unknown][] = [
    ['an MVCC read conflict', newCommitError({ code: StatusCode.MVCC_READ_CONFLICT, transactionId: 't' })],
    ['a phantom read conflict', newCommitError({ code: StatusCode.PHANTOM_READ_CONFLICT, transactionId: 't' })],
    [
      'a fabric CommitError with MVCC_READ_CONFLICT',
      new FabricCommitError({ code: StatusCode.MVCC_READ_CONFLICT, transactionId: 't' }),
    ],
  ];
  for (const [what, err] of retryable) {
    it(`retries ${what}`, () => {
      expect(isRetryableError(err)).to.equal(true);
    });
  }

  const final: [string, unknown][] = [
    ['a chaincode refusal', new ChaincodeError({ code: 'CONFLICT', message: 'already issued' })],
    [
      'an endorsement policy failure',
      newCommitError({ code: StatusCode.ENDORSEMENT_POLICY_FAILURE, transactionId: 't' }),
    ],
    ['a duplicate transaction id', newCommitError({ code: StatusCode.DUPLICATE_TXID, transactionId: 't' })],
    ['an unknown outcome after a commit-status timeout', newOutcomeUnknownError('t', 'COMMIT_STATUS_TIMEOUT')],
    ['an unknown outcome after the orderers stayed unavailable', newOutcomeUnknownError('t', 'ORDERER_UNAVAILABLE')],
    [
      'a fabric CommitError with ENDORSEMENT_POLICY_FAILURE',
      new FabricCommitError({ code: StatusCode.ENDORSEMENT_POLICY_FAILURE, transactionId: 't' }),
    ],
    ['a plain Error', new Error('MVCC_READ_CONFLICT')],
    ['undefined', undefined],
  ];
  for (const [what, err] of final) {
    it(`never retries ${what}`, () => {
      expect(isRetryableError(err)).to.equal(false);
    });
  }
});

describe('shouldRetry', () => {
  it('retries a conflict until the bound is reached', () => {
    expect(shouldRetry(conflict(), 0, 3)).to.equal(true);
    expect(shouldRetry(conflict(), 2, 3)).to.equal(true);
    expect(shouldRetry(conflict(), 3, 3)).to.equal(false);
    expect(shouldRetry(conflict(), 0, 0)).to.equal(false);
  });
});

describe('backoffDelay', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 2000 };

  it('returns half the ceiling with random 0 and the full ceiling with random 1', () => {
    expect(backoffDelay(1, { ...policy, random: () => 0 })).to.equal(50);
    expect(backoffDelay(1, { ...policy, random: () => 1 })).to.equal(100);
    expect(backoffDelay(3, { ...policy, random: () => 0 })).to.equal(200);
    expect(backoffDelay(3, { ...policy, random: () => 1 })).to.equal(400);
  });

  it('grows exponentially and never exceeds maxDelayMs', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 10, 30].map((retry) => backoffDelay(retry, { ...policy, random: () => 1 }));
    expect(ceilings).to.deep.equal([100, 200, 400, 800, 1600, 2000, 2000, 2000, 2000]);
  });

  it('stays within [ceiling/2, ceiling] for any random value, even out-of-range ones', () => {
    for (const r of [-5, 0, 0.123, 0.5, 0.999, 1, 7]) {
      for (let retry = 1; retry <= 8; retry++) {
        const ceiling = Math.min(2000, 100 * 2 ** (retry - 1));
        const delay = backoffDelay(retry, { ...policy, random: () => r });
        expect(delay).to.be.within(ceiling / 2, ceiling);
      }
    }
  });

  it('refuses a retry number below 1', () => {
    expect(() => backoffDelay(0, { ...policy, random: () => 0 })).to.throw(RangeError);
    expect(() => backoffDelay(1.5, { ...policy, random: () => 0 })).to.throw(RangeError);
  });

  it('defaults to 3 retries', () => {
    expect(DEFAULT_RETRY_OPTIONS.maxRetries).to.equal(3);
  });
});

describe('withRetry', () => {
  it('retries conflicts with backoff and returns the first success', async () => {
    const sleeps: number[] = [];
    const attempts: number[] = [];
    const result = await withRetry(
      (n) => {
        attempts.push(n);
        return n < 3 ? Promise.reject(conflict()) : Promise.resolve('ok');
      },
      { random: () => 1, sleep: (ms) => Promise.resolve(void sleeps.push(ms)) },
    );
    expect(result).to.equal('ok');
    expect(attempts).to.deep.equal([1, 2, 3]);
    expect(sleeps).to.deep.equal([100, 200]);
  });

  it('gives up after maxRetries and throws the last conflict', async () => {
    let calls = 0;
    const last = conflict();
    await expect(
      withRetry(
        () => {
          calls++;
          return Promise.reject(calls === 3 ? last : conflict());
        },
        { maxRetries: 2, sleep: () => Promise.resolve() },
      ),
    ).to.be.rejectedWith(last);
    expect(calls).to.equal(3);
  });

  it('does not retry a chaincode refusal', async () => {
    let calls = 0;
    const refusal = new ChaincodeError({ code: 'FORBIDDEN', message: 'no' });
    await expect(
      withRetry(
        () => {
          calls++;
          return Promise.reject(refusal);
        },
        { sleep: () => Promise.resolve() },
      ),
    ).to.be.rejectedWith(refusal);
    expect(calls).to.equal(1);
  });
});
