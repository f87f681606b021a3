/**
 * The govchain error family: every failure the client library reports is a {@link GovchainError}
 * carrying a stable `code`, the transaction id when there is one, the per-peer `details` and the
 * original error as `cause`.
 */
import type { ErrorCode } from '@govchain/protocol';

/** What went wrong, in one word; lets callers `switch` without `instanceof`. */
export type GovchainErrorKind =
  | 'chaincode'
  | 'endorsement'
  | 'submit'
  | 'commit'
  | 'commit-status'
  | 'outcome-unknown'
  | 'consistency'
  | 'checkpoint'
  | 'connection'
  | 'profile'
  | 'identity';

/** One Fabric node's view of a failed request, as reported in a gateway error's `details[]`. */
export interface ErrorDetail {
  /** Endpoint of the node (peer or orderer) that reported the error. */
  readonly address: string;
  /** MSP of the organization that runs the node. */
  readonly mspId: string;
  /** The node's error message, verbatim. */
  readonly message: string;
}

/** Codes of {@link ProfileError}s. */
export type ProfileErrorCode =
  'PROFILES_NOT_FOUND' | 'UNKNOWN_DEPARTMENT' | 'INVALID_PROFILE' | 'CREDENTIAL_NOT_FOUND' | 'INVALID_CREDENTIAL';

/** Properties shared by every {@link GovchainError} constructor. */
export interface GovchainErrorOptions {
  /** Stable, machine-readable code, e.g. `NOT_FOUND` or `MVCC_READ_CONFLICT`. */
  readonly code: string;
  /** Human-readable description. */
  readonly message: string;
  /** Id of the transaction concerned, when there is one. */
  readonly transactionId?: string | undefined;
  /** Per-node error details from the gateway. */
  readonly details?: readonly ErrorDetail[] | undefined;
  /** The original error (for Fabric failures, the fabric-gateway error). */
  readonly cause?: unknown;
}

/**
 * Base class of every error the govchain client reports.
 *
 * @example
 * ```ts
 * try {
 *   await submit(contract, 'Revoke', { arguments: ['BL-1'] });
 * } catch (err) {
 *   if (err instanceof ChaincodeError && err.code === 'NOT_FOUND') { ... }
 * }
 * ```
 */
export class GovchainError extends Error {
  /** Stable, machine-readable code. */
  readonly code: string;
  /** The kind of failure; subclasses narrow it. */
  readonly kind: GovchainErrorKind | 'other' = 'other';
  /** Id of the transaction concerned, if known. */
  readonly transactionId: string | undefined;
  /** Per-node error details reported by the gateway (empty if none). */
  readonly details: readonly ErrorDetail[];

  /**
   * @param options - code, message and context of the failure.
   */
  constructor(options: Readonly<GovchainErrorOptions>) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GovchainError';
    this.code = options.code;
    this.transactionId = options.transactionId;
    this.details = Object.freeze([...(options.details ?? [])]);
  }
}

/**
 * A chaincode refused the request. `code` is the chaincode's stable code (`NOT_FOUND`, `FORBIDDEN`,
 * `CONFLICT`, `INVALID_ARGUMENT`, `PRECONDITION_FAILED`, …) and `message` is the chaincode's text after
 * that code, without the gateway's wrapping (`chaincode response 500, …`). Never retried.
 */
export class ChaincodeError extends GovchainError {
  override readonly kind = 'chaincode';
  /** MSP of the peer whose chaincode refused, when known. */
  readonly mspId: string | undefined;

  /**
   * @param options - the chaincode's code and message, plus context.
   */
  constructor(options: Readonly<GovchainErrorOptions & { mspId?: string | undefined }>) {
    super(options);
    this.name = 'ChaincodeError';
    this.mspId = options.mspId;
  }
}

/**
 * Tells whether an error is a chaincode's refusal, optionally with a given stable code.
 *
 * @param err - any thrown value.
 * @param code - the code to look for; any code when omitted.
 * @returns true for a {@link ChaincodeError} with that code.
 *
 * @example
 * ```ts
 * try { await transfers.registerTransfer(input); }
 * catch (err) { if (isRefusal(err, 'PRECONDITION_FAILED')) showWaitingSteps(); else throw err; }
 * ```
 */
export function isRefusal(err: unknown, code?: ErrorCode): err is ChaincodeError {
  return err instanceof ChaincodeError && (code === undefined || err.code === code);
}

/** Endorsement failed for a reason other than a chaincode refusal (no peers, mismatched results, access denied…). */
export class EndorsementError extends GovchainError {
  override readonly kind = 'endorsement';

  /**
   * @param options - code, message and context of the failure.
   */
  constructor(options: Readonly<GovchainErrorOptions>) {
    super(options);
    this.name = 'EndorsementError';
  }
}

/** The endorsed transaction could not be sent to the ordering service. */
export class SubmitError extends GovchainError {
  override readonly kind = 'submit';

  /**
   * @param options - code, message and context of the failure.
   */
  constructor(options: Readonly<GovchainErrorOptions>) {
    super(options);
    this.name = 'SubmitError';
  }
}

/**
 * The transaction was ordered into a block but marked invalid at validation. `code` is the Fabric
 * validation code name (`MVCC_READ_CONFLICT`, `ENDORSEMENT_POLICY_FAILURE`, …); nothing was written.
 */
export class CommitError extends GovchainError {
  override readonly kind = 'commit';
  /** Numeric Fabric `TxValidationCode`. */
  readonly validationCode: number;
  /** Block holding the invalid transaction, when known. */
  readonly blockNumber: bigint | undefined;

  /**
   * @param options - validation code (number and name) and context.
   */
  constructor(options: Readonly<GovchainErrorOptions & { validationCode: number; blockNumber?: bigint | undefined }>) {
    super(options);
    this.name = 'CommitError';
    this.validationCode = options.validationCode;
    this.blockNumber = options.blockNumber;
  }
}

/** Obtaining a transaction's commit status failed for a reason other than a timeout. */
export class CommitStatusError extends GovchainError {
  override readonly kind = 'commit-status';

  /**
   * @param options - code, message and context of the failure.
   */
  constructor(options: Readonly<GovchainErrorOptions>) {
    super(options);
    this.name = 'CommitStatusError';
  }
}

/** Why a transaction's outcome is unknown. */
export type OutcomeUnknownReason =
  /** No orderer acknowledged it, even after sending it again (gRPC UNAVAILABLE or DEADLINE_EXCEEDED). */
  | 'ORDERER_UNAVAILABLE'
  /** It was accepted for ordering, but asking for its commit status kept timing out. */
  | 'COMMIT_STATUS_TIMEOUT'
  /** It was accepted for ordering, but asking for its commit status failed. */
  | 'COMMIT_STATUS_FAILED';

/**
 * The transaction may or may not commit: the client gave up waiting on the ordering service or on the
 * commit status. It is not a failure — the ledger may hold it. Never repeat the business request under a new
 * transaction; resolve it with {@link GovchainConnection.commitStatus} on `transactionId`, which says whether
 * it committed, was invalidated, or is still unknown. Code `OUTCOME_UNKNOWN`; never retried.
 */
export class OutcomeUnknownError extends GovchainError {
  override readonly kind = 'outcome-unknown';
  declare readonly code: 'OUTCOME_UNKNOWN';
  declare readonly transactionId: string;
  /** Where the client gave up. */
  readonly reason: OutcomeUnknownReason;

  /**
   * @param options - message, transaction id, reason and cause.
   */
  constructor(
    options: Readonly<Omit<GovchainErrorOptions, 'code' | 'transactionId'>> & {
      readonly transactionId: string;
      readonly reason: OutcomeUnknownReason;
    },
  ) {
    super({ ...options, code: 'OUTCOME_UNKNOWN' });
    this.name = 'OutcomeUnknownError';
    this.reason = options.reason;
  }
}

/**
 * A read-your-writes wait ran out: an endorsing organization's peer did not reach the session's block in
 * time (code `READ_YOUR_WRITES_TIMEOUT`). Nothing was endorsed or submitted.
 */
export class ConsistencyError extends GovchainError {
  override readonly kind = 'consistency';
  /** The organization whose peer lags. */
  readonly mspId: string;
  /** The block its peer had to have committed. */
  readonly blockNumber: bigint;
  /** The peer's height when the wait gave up, if it could be asked at all. */
  readonly height: bigint | undefined;

  /**
   * @param options - message, the lagging organization, the block awaited and the height reached.
   */
  constructor(
    options: Readonly<Omit<GovchainErrorOptions, 'code'>> & {
      readonly mspId: string;
      readonly blockNumber: bigint;
      readonly height?: bigint | undefined;
    },
  ) {
    super({ ...options, code: 'READ_YOUR_WRITES_TIMEOUT' });
    this.name = 'ConsistencyError';
    this.mspId = options.mspId;
    this.blockNumber = options.blockNumber;
    this.height = options.height;
  }
}

/** The peer could not be reached (nothing listening, TLS failure, deadline while connecting). */
export class ConnectionError extends GovchainError {
  override readonly kind = 'connection';
  /** The peer endpoint that could not be reached. */
  readonly endpoint: string | undefined;

  /**
   * @param options - code, message, endpoint and context of the failure.
   */
  constructor(options: Readonly<GovchainErrorOptions & { endpoint?: string | undefined }>) {
    super(options);
    this.name = 'ConnectionError';
    this.endpoint = options.endpoint;
  }
}

/** A connection profile, department name or credential file is missing or malformed. */
export class ProfileError extends GovchainError {
  override readonly kind = 'profile';
  declare readonly code: ProfileErrorCode;

  /**
   * @param options - profile error code, message and context.
   */
  constructor(options: Readonly<GovchainErrorOptions & { code: ProfileErrorCode }>) {
    super(options);
    this.name = 'ProfileError';
  }
}

/**
 * Builds a {@link ProfileError}.
 *
 * @param code - which profile problem.
 * @param message - what is wrong and how to fix it.
 * @param cause - the underlying error (e.g. a file-system error), if any.
 * @returns the error, ready to throw.
 */
export function newProfileError(code: ProfileErrorCode, message: string, cause?: unknown): ProfileError {
  return new ProfileError({ code, message, cause });
}

/**
 * What every unreachable-peer error ends with: where to look next. (On a network of our scripts,
 * `network:status` names each stopped or unhealthy node and exits non-zero.)
 */
export const UNREACHABLE_HINT =
  'is the peer running and is this its address? (on a network of the govchain scripts: npm run network:status)';

/**
 * Builds a {@link ConnectionError} naming the unreachable endpoint, with {@link UNREACHABLE_HINT}.
 *
 * @param endpoint - the peer endpoint (`host:port`).
 * @param reason - why it is unreachable.
 * @param cause - the underlying error, if any.
 * @returns the error, ready to throw.
 */
export function newConnectionError(endpoint: string, reason: string, cause?: unknown): ConnectionError {
  return new ConnectionError({
    code: 'PEER_UNREACHABLE',
    message: `peer ${endpoint} is unreachable: ${reason}; ${UNREACHABLE_HINT}`,
    endpoint,
    cause,
  });
}

const UNKNOWN_BECAUSE: Readonly<Record<OutcomeUnknownReason, string>> = {
  ORDERER_UNAVAILABLE: 'no orderer acknowledged it',
  COMMIT_STATUS_TIMEOUT: 'its commit status could not be obtained in time',
  COMMIT_STATUS_FAILED: 'asking for its commit status failed',
};

/**
 * Builds an {@link OutcomeUnknownError}.
 *
 * @param transactionId - the transaction whose outcome is unknown.
 * @param reason - where the client gave up.
 * @param cause - the last failure.
 * @returns the error, ready to throw.
 */
export function newOutcomeUnknownError(
  transactionId: string,
  reason: OutcomeUnknownReason,
  cause?: unknown,
): OutcomeUnknownError {
  const why = cause instanceof Error ? ` (${cause.message})` : '';
  return new OutcomeUnknownError({
    reason,
    message:
      `outcome of transaction ${transactionId} is unknown: ${UNKNOWN_BECAUSE[reason]}${why}; it may still ` +
      'commit — resolve it with commitStatus(transactionId) before repeating the request',
    transactionId,
    cause,
  });
}

/**
 * Tells whether a value is a {@link GovchainError}.
 *
 * @param err - any thrown value.
 * @returns true if `err` is a GovchainError (any kind).
 */
export function isGovchainError(err: unknown): err is GovchainError {
  return err instanceof GovchainError;
}
