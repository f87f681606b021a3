/**
 * The retry policy: which failures are retried and how long to wait. Only read conflicts detected at
 * validation are retried, because re-endorsing a fresh proposal reads the new state and cannot do harm;
 * a chaincode refusal, a policy failure or an unknown outcome is never retried. Apart from that, the same
 * signed transaction is sent to the ordering service again while no orderer accepts it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CommitError as FabricCommitError,
  GatewayError as FabricGatewayError,
  StatusCode,
} from '@hyperledger/fabric-gateway';
import { CommitError } from './errors';

/** How failed submissions are retried. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3; 0 disables retrying). */
  readonly maxRetries: number;
  /** Upper bound of the first backoff in milliseconds (default 100). */
  readonly initialDelayMs: number;
  /** Upper bound of any backoff in milliseconds (default 2000). */
  readonly maxDelayMs: number;
  /** Source of randomness in [0, 1) for the jitter (default `Math.random`); injectable for tests. */
  readonly random: () => number;
  /** Waits the given milliseconds (default a timer); injectable for tests. */
  readonly sleep: (ms: number) => Promise<void>;
}

/** The default retry policy: 3 retries, backoff up to 100, 200, 400 ms with jitter, never above 2 s. */
export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
  maxRetries: 3,
  initialDelayMs: 100,
  maxDelayMs: 2000,
  random: Math.random,
  sleep: (ms: number) => sleep(ms),
});

/**
 * How often the same signed transaction is sent to the ordering service again while no orderer accepts
 * it (gRPC UNAVAILABLE: typically a Raft leader election after an orderer stopped). Sending the same
 * transaction again is safe: its id is unchanged, so the ledger holds it at most once.
 */
export const ORDERER_UNAVAILABLE_RETRIES = 6;

/** Backoff bounds while the ordering service is unavailable: up to 0.5, 1, 2, 4, 4, 4 s (about 15 s). */
export const ORDERER_BACKOFF: Readonly<Pick<RetryOptions, 'initialDelayMs' | 'maxDelayMs'>> = Object.freeze({
  initialDelayMs: 500,
  maxDelayMs: 4000,
});

/**
 * Tells whether a submission failed because no orderer accepted it for now.
 *
 * @param err - the error `Transaction.submit()` threw.
 * @returns true for fabric-gateway's SubmitError with gRPC status UNAVAILABLE, or DEADLINE_EXCEEDED
 * (an orderer that hung during a leader election); the same transaction may then be sent again.
 */
export function isOrdererUnavailable(err: unknown): boolean {
  // fabric-gateway exports SubmitError as a type only: recognise it by name.
  return (
    err instanceof FabricGatewayError &&
    err.name === 'SubmitError' &&
    (err.code === GRPC_UNAVAILABLE || err.code === GRPC_DEADLINE_EXCEEDED)
  );
}

/**
 * Tells whether an endorsement or evaluation failed because the gateway does not yet know a peer of a
 * required organization: right after a network (re)start gossip has not converged for a few seconds.
 * Nothing was endorsed or submitted, so asking again is safe.
 *
 * @param err - the error `Proposal.endorse()` or `Contract.evaluate()` threw.
 * @returns true for gRPC UNAVAILABLE "failed to find any endorsing peers".
 */
export function isEndorserUndiscovered(err: unknown): boolean {
  return (
    err instanceof FabricGatewayError &&
    err.code === GRPC_UNAVAILABLE &&
    err.message.includes('failed to find any endorsing peers')
  );
}

const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** Validation codes after which a fresh endorsement may succeed. */
export const RETRYABLE_VALIDATION_CODES: readonly string[] = Object.freeze([
  'MVCC_READ_CONFLICT',
  'PHANTOM_READ_CONFLICT',
]);

const RETRYABLE_NUMBERS: readonly number[] = [StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT];

/**
 * Tells whether a failed submission may be retried with a freshly endorsed proposal.
 *
 * @param err - the error the submission failed with.
 * @returns true only for a commit that failed validation with `MVCC_READ_CONFLICT` or
 * `PHANTOM_READ_CONFLICT`; false for chaincode refusals, endorsement-policy failures, submit failures,
 * commit-status timeouts and anything else.
 */
export function isRetryableError(err: unknown): boolean {
  if (err instanceof CommitError) {
    return RETRYABLE_VALIDATION_CODES.includes(err.code);
  }
  if (err instanceof FabricCommitError) {
    return RETRYABLE_NUMBERS.includes(err.code);
  }
  return false;
}

/**
 * Computes the wait before a retry: exponential with "equal jitter", i.e. a random value between half and
 * all of `min(maxDelayMs, initialDelayMs × 2^(retry−1))`.
 *
 * @param retry - which retry this is, starting at 1.
 * @param options - the delays and the random source.
 * @returns the delay in whole milliseconds, within [ceiling/2, ceiling].
 * @throws RangeError if `retry` is not a positive integer.
 */
export function backoffDelay(
  retry: number,
  options: Readonly<Pick<RetryOptions, 'initialDelayMs' | 'maxDelayMs' | 'random'>>,
): number {
  if (!Number.isInteger(retry) || retry < 1) {
    throw new RangeError(`retry must be a positive integer, got ${retry}`);
  }
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** (retry - 1));
  const r = Math.min(Math.max(options.random(), 0), 1);
  return Math.round(ceiling / 2 + (r * ceiling) / 2);
}

/**
 * Decides whether to try again after a failed attempt.
 *
 * @param err - the failure of the attempt.
 * @param retriesSoFar - retries already made (0 after the first attempt).
 * @param maxRetries - the bound.
 * @returns true if the error is retryable and the bound is not reached.
 */
export function shouldRetry(err: unknown, retriesSoFar: number, maxRetries: number): boolean {
  return retriesSoFar < maxRetries && isRetryableError(err);
}

/**
 * Runs an attempt, and runs it again after a backoff while it fails with a retryable error.
 *
 * @param attempt - one complete attempt (endorse a fresh proposal, submit, wait for commit); receives the
 * attempt number starting at 1.
 * @param options - overrides of {@link DEFAULT_RETRY_OPTIONS}.
 * @returns the first successful attempt's result.
 * @throws the last attempt's error when it is not retryable or the bound is reached.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: Readonly<Partial<RetryOptions>> = {},
): Promise<T> {
  const policy = { ...DEFAULT_RETRY_OPTIONS, ...options };
  for (let retries = 0; ; retries++) {
    try {
      return await attempt(retries + 1);
    } catch (err) {
      if (!shouldRetry(err, retries, policy.maxRetries)) {
        throw err;
      }
      await policy.sleep(backoffDelay(retries + 1, policy));
    }
  }
}
