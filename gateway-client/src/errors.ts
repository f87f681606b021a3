/**
 * The govchain error family: every failure the client library reports is a {@link GovchainError}
 * carrying a stable `code`, the transaction id when there is one, the per-peer `details` and the
 * original error as `cause`.
 */

/** What went wrong, in one word; lets callers `switch` without `instanceof`. */
export type GovchainErrorKind =
  | 'chaincode'
  | 'endorsement'
  | 'submit'
  | 'commit'
  | 'commit-status'
  | 'commit-status-timeout'
  | 'connection'
  | 'profile';

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

/**
 * The transaction was submitted but its commit status could not be obtained in time, even after asking
 * again. It may still commit: look it up by `transactionId`; do not submit the same business request again
 * blindly.
 */
export class CommitStatusTimeoutError extends GovchainError {
  override readonly kind = 'commit-status-timeout';

  /**
   * @param options - code, message and context of the failure.
   */
  constructor(options: Readonly<GovchainErrorOptions>) {
    super(options);
    this.name = 'CommitStatusTimeoutError';
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
 * Builds a {@link ConnectionError} naming the unreachable endpoint.
 *
 * @param endpoint - the peer endpoint (`host:port`).
 * @param reason - why it is unreachable.
 * @param cause - the underlying error, if any.
 * @returns the error, ready to throw.
 */
export function newConnectionError(endpoint: string, reason: string, cause?: unknown): ConnectionError {
  return new ConnectionError({
    code: 'PEER_UNREACHABLE',
    message: `peer ${endpoint} is unreachable: ${reason}`,
    endpoint,
    cause,
  });
}

/**
 * Builds a {@link CommitStatusTimeoutError} for a transaction whose status could not be obtained.
 *
 * @param transactionId - the submitted transaction.
 * @param attempts - how many times the status was asked for.
 * @param cause - the last commit-status failure.
 * @returns the error, ready to throw.
 */
export function newCommitStatusTimeoutError(
  transactionId: string,
  attempts: number,
  cause?: unknown,
): CommitStatusTimeoutError {
  return new CommitStatusTimeoutError({
    code: 'COMMIT_STATUS_TIMEOUT',
    message:
      `commit status of transaction ${transactionId} still unknown after asking ${attempts} time(s); ` +
      'it may yet commit — look it up by transaction id before retrying the request',
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
