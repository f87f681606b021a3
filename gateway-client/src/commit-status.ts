/**
 * Waiting for a submitted transaction's commit status. A deadline while waiting says nothing about the
 * transaction, so the status is asked for again (a read, never a second submission), a bounded number of
 * times; after that its outcome is unknown ({@link OutcomeUnknownError}), not failed.
 */
import { pollUntil } from '@govchain/protocol';
import { type CallOptions, status as GrpcStatus } from '@grpc/grpc-js';
import {
  type Commit,
  CommitStatusError as FabricCommitStatusError,
  type Gateway,
  type Identity,
  type Signer,
  type Status,
} from '@hyperledger/fabric-gateway';
import { gateway as gatewayProtos, msp } from '@hyperledger/fabric-protos';
import { CommitStatusError, newOutcomeUnknownError } from './errors';
import { fromFabricError, isCommitStatusTransient, newCommitError, validationCodeName } from './fabric-errors';

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
 * @throws {@link OutcomeUnknownError} (reason `COMMIT_STATUS_TIMEOUT`) when every attempt timed out.
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
  throw newOutcomeUnknownError(commit.getTransactionId(), 'COMMIT_STATUS_TIMEOUT', lastError);
}

/**
 * Waits for the commit status and requires the transaction to be valid.
 *
 * @param commit - the submitted transaction.
 * @param options - attempts and call options.
 * @returns the successful status (with its block number).
 * @throws {@link CommitError} when the transaction was marked invalid (e.g. `MVCC_READ_CONFLICT`).
 * @throws {@link OutcomeUnknownError} when the status could not be obtained in time.
 * @throws {@link CommitStatusError} when asking for the status failed otherwise.
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

/** What became of a transaction, as {@link lookUpCommitStatus} finds it. */
export type TransactionOutcome =
  /** Committed and valid: its writes are on the ledger. */
  | { readonly outcome: 'COMMITTED'; readonly transactionId: string; readonly blockNumber: bigint }
  /** In a block but invalidated (`validationCode`, e.g. `MVCC_READ_CONFLICT`): nothing was written. */
  | {
      readonly outcome: 'INVALID';
      readonly transactionId: string;
      readonly blockNumber: bigint;
      readonly validationCode: string;
    }
  /** Not committed within the wait: it may still be ordered, or never; ask again later. */
  | { readonly outcome: 'UNKNOWN'; readonly transactionId: string };

/** Options of {@link lookUpCommitStatus}. */
export interface CommitStatusLookupOptions {
  /** How long the peer may wait for the transaction to commit, in milliseconds (default 5 000). */
  readonly timeoutMs?: number;
  /** Signs the request's digest; needed on a connection made with `offlineSigning: true`. */
  readonly sign?: Signer;
}

/** Default wait of {@link lookUpCommitStatus}. */
export const DEFAULT_COMMIT_STATUS_LOOKUP_MS = 5_000;

const TRANSACTION_ID = /^[0-9a-f]{64}$/;

/**
 * Looks up a transaction by id on the gateway's peer: whether it committed, was invalidated, or is not
 * (yet) in its ledger. Resolves an {@link OutcomeUnknownError}; it only reads, never submits.
 *
 * @param gateway - the connection's gateway.
 * @param identity - the connection's identity (MSP id and certificate), named in the request.
 * @param channel - the channel.
 * @param transactionId - the transaction id (64 lower-case hex characters).
 * @param options - how long to wait, and a signer for offline-signing connections.
 * @returns the outcome.
 * @throws TypeError if the transaction id is malformed.
 * @throws {@link CommitStatusError} when the peer cannot be asked (e.g. it is unreachable).
 */
export async function lookUpCommitStatus(
  gateway: Gateway,
  identity: Identity,
  channel: string,
  transactionId: string,
  options: Readonly<CommitStatusLookupOptions> = {},
): Promise<TransactionOutcome> {
  if (!TRANSACTION_ID.test(transactionId)) {
    throw new TypeError(`a transaction id is 64 lower-case hex characters, got "${transactionId}"`);
  }
  const creator = new msp.SerializedIdentity();
  creator.setMspid(identity.mspId);
  creator.setIdBytes(identity.credentials);
  const request = new gatewayProtos.CommitStatusRequest();
  request.setTransactionId(transactionId);
  request.setChannelId(channel);
  request.setIdentity(creator.serializeBinary());
  const signed = new gatewayProtos.SignedCommitStatusRequest();
  signed.setRequest(request.serializeBinary());
  const bytes = signed.serializeBinary();
  const unsigned = gateway.newCommit(bytes);
  const commit =
    options.sign === undefined ? unsigned : gateway.newSignedCommit(bytes, await options.sign(unsigned.getDigest()));
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_COMMIT_STATUS_LOOKUP_MS);
  const failed = (err: unknown): CommitStatusError =>
    new CommitStatusError({
      code: 'COMMIT_STATUS_FAILED',
      message: `cannot look up transaction ${transactionId}: ${(err as Error).message}`,
      transactionId,
      cause: err,
    });
  let lastError: unknown;
  const answer = await pollUntil<{ readonly status?: Status }>(
    async () => {
      try {
        return { status: await commit.getStatus({ deadline }) };
      } catch (err) {
        if (err instanceof FabricCommitStatusError && err.code === (GrpcStatus.DEADLINE_EXCEEDED as number)) {
          return {}; // The peer waits for a transaction it has not committed: none within the wait.
        }
        // A dropped call (the connection was reset under it) or a peer not reachable for a moment: a lookup
        // only reads, so ask again while the wait lasts.
        const dropped =
          err instanceof FabricCommitStatusError &&
          (err.code === (GrpcStatus.CANCELLED as number) || err.code === (GrpcStatus.UNAVAILABLE as number));
        if (!dropped) throw failed(err);
        lastError = err;
        return undefined;
      }
    },
    { timeoutMs: deadline - Date.now(), intervalMs: 50, maxIntervalMs: 500 },
  );
  if (answer === undefined) throw failed(lastError);
  const { status } = answer;
  if (status === undefined) return { outcome: 'UNKNOWN', transactionId };
  return status.successful
    ? { outcome: 'COMMITTED', transactionId, blockNumber: status.blockNumber }
    : {
        outcome: 'INVALID',
        transactionId,
        blockNumber: status.blockNumber,
        validationCode: validationCodeName(status.code),
      };
}
