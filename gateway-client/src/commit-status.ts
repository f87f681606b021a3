/**
 * Waiting for a submitted transaction's commit status. A deadline while waiting says nothing about the
 * transaction, so the status is asked for again (a read, never a second submission), a bounded number of
 * times.
 */
import type { CallOptions } from '@grpc/grpc-js';
import type { Commit, Status } from '@hyperledger/fabric-gateway';
import { newCommitStatusTimeoutError } from './errors';
import { fromFabricError, isCommitStatusTransient, newCommitError } from './fabric-errors';

/** How long and how often to ask for a commit status. */
export interface CommitStatusOptions {
  /** Times to ask in total before giving up (default 3). */
  readonly maxAttempts?: number;
  /** Call options (e.g. a deadline) for each ask; default: the connection's commit-status deadline. */
  readonly callOptions?: () => CallOptions;
}

/** Default number of times a commit status is asked for. */
export const DEFAULT_COMMIT_STATUS_ATTEMPTS = 3;

/**
 * Asks for a transaction's commit status, and asks again while the request times out or the peer is
 * momentarily unavailable. Never resubmits the transaction.
 *
 * @param commit - the submitted transaction (from `Transaction.submit()` or `Gateway.newSignedCommit()`).
 * @param options - attempts and call options.
 * @returns the commit status, successful or not.
 * @throws {@link CommitStatusTimeoutError} when every attempt timed out.
 * @throws {@link CommitStatusError} when the status request fails for another reason.
 */
export async function waitForCommitStatus(
  commit: Pick<Commit, 'getStatus' | 'getTransactionId'>,
  options: Readonly<CommitStatusOptions> = {},
): Promise<Status> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_COMMIT_STATUS_ATTEMPTS);
  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      return await (options.callOptions ? commit.getStatus(options.callOptions()) : commit.getStatus());
    } catch (err) {
      if (!isCommitStatusTransient(err)) {
        throw fromFabricError(err, { transactionId: commit.getTransactionId() }) ?? err;
      }
      lastError = err;
    }
  }
  throw newCommitStatusTimeoutError(commit.getTransactionId(), maxAttempts, lastError);
}

/**
 * Waits for the commit status and requires the transaction to be valid.
 *
 * @param commit - the submitted transaction.
 * @param options - attempts and call options.
 * @returns the successful status (with its block number).
 * @throws {@link CommitError} when the transaction was marked invalid (e.g. `MVCC_READ_CONFLICT`).
 * @throws {@link CommitStatusTimeoutError} when the status could not be obtained in time.
 */
export async function waitForCommit(
  commit: Pick<Commit, 'getStatus' | 'getTransactionId'>,
  options: Readonly<CommitStatusOptions> = {},
): Promise<Status> {
  const status = await waitForCommitStatus(commit, options);
  if (!status.successful) {
    throw newCommitError(status);
  }
  return status;
}
