/**
 * Exit codes of the govchain CLI, and the mapping from errors to them.
 */
import { GovchainError } from '../errors';

/** Exit codes of the `govchain` command. */
export const ExitCode = Object.freeze({
  /** Success. */
  OK: 0,
  /** Unexpected failure (a bug, or something the CLI does not know how to explain). */
  UNEXPECTED: 1,
  /** Usage error: unknown command or option, missing argument, unreadable input file. */
  USAGE: 2,
  /** Profile or identity problem: unknown department, missing profiles, missing certificate or key. */
  PROFILE: 3,
  /** The department's peer is unreachable. */
  UNREACHABLE: 4,
  /** A chaincode refused the request (its stable code is printed). */
  CHAINCODE: 5,
  /** Endorsement, ordering or commit failed: the transaction did not and will not commit. */
  TRANSACTION: 6,
  /** The command ran, but its answer is negative: e.g. a licence verification other than VALID. */
  NEGATIVE: 7,
  /**
   * The transaction's outcome is unknown: it was sent but no orderer acknowledged it, or its commit status
   * could not be had. It may still commit; `govchain tx status <transactionId>` resolves it. Do not repeat it.
   */
  OUTCOME_UNKNOWN: 8,
  /** An endorsing peer did not reach the session's block in time (`--after-block`); nothing was sent. */
  CONSISTENCY: 9,
} as const);

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake in how the command was invoked; exits with {@link ExitCode.USAGE}. */
export class UsageError extends Error {
  /** Always `USAGE`. */
  readonly code = 'USAGE';

  /**
   * @param message - what is wrong with the invocation.
   */
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Chooses the exit code for a failure.
 *
 * @param err - what the command failed with.
 * @returns the exit code (see {@link ExitCode}).
 */
export function exitCodeFor(err: unknown): ExitCodeValue {
  if (err instanceof UsageError) {
    return ExitCode.USAGE;
  }
  if (!(err instanceof GovchainError)) {
    return ExitCode.UNEXPECTED;
  }
  switch (err.kind) {
    case 'profile':
    case 'identity':
      return ExitCode.PROFILE;
    case 'connection':
      return ExitCode.UNREACHABLE;
    case 'chaincode':
      return ExitCode.CHAINCODE;
    case 'endorsement':
    case 'submit':
    case 'commit':
    case 'commit-status':
      return ExitCode.TRANSACTION;
    case 'outcome-unknown':
      return ExitCode.OUTCOME_UNKNOWN;
    case 'consistency':
      return ExitCode.CONSISTENCY;
    default:
      return ExitCode.UNEXPECTED;
  }
}

/**
 * Tells whether a failure is expected (reported without a stack trace).
 *
 * @param err - what the command failed with.
 * @returns true for usage errors and govchain errors.
 */
export function isExpectedFailure(err: unknown): boolean {
  return err instanceof UsageError || err instanceof GovchainError;
}
