/**
 * Turns fabric-gateway errors into govchain errors. Everything here is pure: it only reads the error
 * objects it is given.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  CommitError as FabricCommitError,
  CommitStatusError as FabricCommitStatusError,
  EndorseError as FabricEndorseError,
  GatewayError as FabricGatewayError,
  StatusCode,
} from '@hyperledger/fabric-gateway';
import {
  ChaincodeError,
  CommitError,
  CommitStatusError,
  EndorsementError,
  type ErrorDetail,
  type GovchainError,
  GovchainError as GovchainErrorClass,
  SubmitError,
  newConnectionError,
  newOutcomeUnknownError,
} from './errors';

/** A chaincode's refusal, split into its stable code and its text. */
export interface ParsedChaincodeError {
  /** The stable code the chaincode put first, e.g. `NOT_FOUND`. */
  readonly code: string;
  /** The rest of the chaincode's message, e.g. `licence BL-1 does not exist`. */
  readonly message: string;
}

/** Context that helps classify an error (the gateway's error objects do not carry it). */
export interface ErrorContext {
  /** The gateway peer endpoint the call went to. */
  readonly endpoint?: string | undefined;
  /** The transaction id, if the error itself does not carry one. */
  readonly transactionId?: string | undefined;
}

const GRPC_DEADLINE_EXCEEDED: number = GrpcStatus.DEADLINE_EXCEEDED;
const GRPC_UNAVAILABLE: number = GrpcStatus.UNAVAILABLE;
const GRPC_FAILED_PRECONDITION: number = GrpcStatus.FAILED_PRECONDITION;
const GRPC_PREFIX = /^\d+ [A-Z_]+: /;
const WRAPPERS = [/chaincode response \d+, /g, /transaction returned with failure: /g];
const CODED_MESSAGE = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,}): ?([\s\S]*)$/;

/** Fabric transaction validation code names by number (`11` → `MVCC_READ_CONFLICT`). */
const VALIDATION_CODE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(StatusCode).map(([name, code]) => [code, name]),
);

/**
 * Finds the chaincode's stable error code in a message from the gateway or a peer. Understands the
 * wrappings the gateway adds (`10 ABORTED: …`, `evaluate call to endorser returned error: chaincode response
 * 500, …`, `error in simulation: transaction returned with failure: …`) and looks at what the chaincode
 * itself said, which must begin with an upper-case code and a colon.
 *
 * @param text - a gateway error message or an error detail's message.
 * @returns the code and the chaincode's message, or undefined if the text is not a coded chaincode refusal.
 *
 * @example
 * ```ts
 * parseChaincodeMessage('chaincode response 500, NOT_FOUND: licence BL-1 does not exist');
 * // → { code: 'NOT_FOUND', message: 'licence BL-1 does not exist' }
 * ```
 */
export function parseChaincodeMessage(text: string): ParsedChaincodeError | undefined {
  let remainder = text.trim().replace(GRPC_PREFIX, '');
  let end = -1;
  for (const wrapper of WRAPPERS) {
    for (const match of remainder.matchAll(wrapper)) {
      end = Math.max(end, match.index + match[0].length);
    }
  }
  if (end >= 0) {
    remainder = remainder.slice(end);
  }
  const match = CODED_MESSAGE.exec(remainder.trim());
  if (!match?.[1]) {
    return undefined;
  }
  return { code: match[1], message: (match[2] ?? '').trim() };
}

/**
 * Finds the first chaincode refusal in an error's details, then in its top-level message.
 *
 * @param message - the gateway error's top-level message.
 * @param details - the gateway error's per-peer details.
 * @returns the refusal with the MSP of the peer that reported it, or undefined if none is coded.
 */
export function findChaincodeRefusal(
  message: string,
  details: readonly ErrorDetail[],
): (ParsedChaincodeError & { mspId?: string }) | undefined {
  for (const detail of details) {
    const parsed = parseChaincodeMessage(detail.message);
    if (parsed) {
      return { ...parsed, mspId: detail.mspId };
    }
  }
  return parseChaincodeMessage(message);
}

/**
 * Names a Fabric transaction validation code.
 *
 * @param code - numeric `TxValidationCode`.
 * @returns its name, e.g. `MVCC_READ_CONFLICT`, or `VALIDATION_CODE_<n>` for an unknown number.
 */
export function validationCodeName(code: number): string {
  return VALIDATION_CODE_NAMES.get(code) ?? `VALIDATION_CODE_${code}`;
}

/**
 * Builds a {@link CommitError} from a Fabric commit status.
 *
 * @param status - the unsuccessful status (`code`, `transactionId`, optional `blockNumber`).
 * @param cause - the original fabric-gateway error, if any.
 * @returns the error, ready to throw.
 */
export function newCommitError(
  status: Readonly<{ code: number; transactionId: string; blockNumber?: bigint }>,
  cause?: unknown,
): CommitError {
  const name = validationCodeName(status.code);
  const block = status.blockNumber === undefined ? '' : ` in block ${status.blockNumber.toString()}`;
  return new CommitError({
    code: name,
    validationCode: status.code,
    blockNumber: status.blockNumber,
    transactionId: status.transactionId,
    message: `transaction ${status.transactionId} failed validation${block} with ${name}`,
    cause,
  });
}

function describe(message: string, details: readonly ErrorDetail[]): string {
  if (details.length === 0) {
    return message;
  }
  const parts = details.map((d) => `${d.mspId}@${d.address}: ${d.message}`);
  return `${message} [${parts.join('; ')}]`;
}

function copyDetails(details: readonly ErrorDetail[] | undefined): ErrorDetail[] {
  return (details ?? []).map((d) => ({ address: d.address, mspId: d.mspId, message: d.message }));
}

function isTransient(grpcCode: number): boolean {
  return grpcCode === GRPC_DEADLINE_EXCEEDED || grpcCode === GRPC_UNAVAILABLE;
}

function fromGatewayError(
  err: FabricGatewayError,
  kind: 'endorse' | 'evaluate' | 'submit' | 'other',
  context: Readonly<ErrorContext>,
): GovchainError {
  const details = copyDetails(err.details);
  const transactionId = (err as { transactionId?: string }).transactionId ?? context.transactionId;
  const refusal = findChaincodeRefusal(err.message, details);
  if (refusal && kind !== 'submit') {
    return new ChaincodeError({ ...refusal, transactionId, details, cause: err });
  }
  if (kind !== 'submit' && err.code === GRPC_UNAVAILABLE && details.length === 0) {
    return newConnectionError(context.endpoint ?? 'gateway peer', err.message, err);
  }
  const options = { message: describe(err.message, details), transactionId, details, cause: err };
  switch (kind) {
    case 'submit':
      return new SubmitError({ ...options, code: 'SUBMIT_FAILED' });
    case 'endorse':
      return new EndorsementError({ ...options, code: 'ENDORSEMENT_FAILED' });
    case 'evaluate':
      return new EndorsementError({ ...options, code: 'EVALUATE_FAILED' });
    default:
      return new GovchainErrorClass({ ...options, code: 'GATEWAY_ERROR' });
  }
}

/**
 * Converts an error thrown by @hyperledger/fabric-gateway into the matching {@link GovchainError}:
 * a coded chaincode refusal becomes a {@link ChaincodeError}; other endorsement failures an
 * {@link EndorsementError}; ordering failures a {@link SubmitError}; invalid transactions a
 * {@link CommitError}; a commit-status deadline an {@link OutcomeUnknownError}; an unreachable peer a
 * {@link ConnectionError}. The fabric-gateway error is kept as `cause`.
 *
 * @param err - the thrown value.
 * @param context - what the error object does not say (the endpoint, the transaction id).
 * @returns the govchain error, `err` itself if it already is one, or undefined if `err` is not a
 * fabric-gateway error.
 */
export function fromFabricError(err: unknown, context: Readonly<ErrorContext> = {}): GovchainError | undefined {
  if (err instanceof GovchainErrorClass) {
    return err;
  }
  if (err instanceof FabricCommitError) {
    return newCommitError({ code: err.code, transactionId: err.transactionId }, err);
  }
  if (err instanceof FabricEndorseError) {
    return fromGatewayError(err, 'endorse', context);
  }
  if (err instanceof FabricCommitStatusError) {
    if (isTransient(err.code)) {
      return newOutcomeUnknownError(err.transactionId, 'COMMIT_STATUS_TIMEOUT', err);
    }
    return new CommitStatusError({
      code: 'COMMIT_STATUS_FAILED',
      message: describe(err.message, err.details),
      transactionId: err.transactionId,
      details: copyDetails(err.details),
      cause: err,
    });
  }
  if (err instanceof FabricGatewayError) {
    return fromGatewayError(err, err.name === 'SubmitError' ? 'submit' : 'other', context);
  }
  return undefined;
}

/**
 * Like {@link fromFabricError} for a failed evaluate call (which fabric-gateway reports as a plain
 * `GatewayError`).
 *
 * @param err - the thrown value.
 * @param context - the endpoint and transaction id, when known.
 * @returns the govchain error, or undefined if `err` is not a fabric-gateway error.
 */
export function fromEvaluateError(err: unknown, context: Readonly<ErrorContext> = {}): GovchainError | undefined {
  if (err instanceof FabricGatewayError && err.name === 'GatewayError') {
    return fromGatewayError(err, 'evaluate', context);
  }
  return fromFabricError(err, context);
}

/**
 * Tells whether a commit-status failure is worth asking about again (deadline exceeded or peer
 * momentarily unavailable). Asking again is always safe: it does not resubmit anything.
 *
 * @param err - the error thrown by `Commit.getStatus()`.
 * @returns true for a fabric-gateway `CommitStatusError` with gRPC status DEADLINE_EXCEEDED or UNAVAILABLE.
 */
export function isCommitStatusTransient(err: unknown): boolean {
  return err instanceof FabricCommitStatusError && isTransient(err.code);
}

/**
 * Tells whether a gateway call failed for a reason that may pass (gRPC DEADLINE_EXCEEDED or UNAVAILABLE),
 * so that asking again later may succeed. A peer that refused the caller's identity (`access denied`, e.g. a
 * certificate on its organization's CRL) reaches the gateway as UNAVAILABLE too, but asking again does not
 * change its answer.
 *
 * @param err - the error a fabric-gateway call threw.
 * @returns true for a fabric-gateway error with one of those gRPC codes, unless every peer it names denied
 * the caller access.
 */
export function isTransientGatewayError(err: unknown): boolean {
  if (!(err instanceof FabricGatewayError) || !isTransient(err.code)) return false;
  const details = err.details;
  return details.length === 0 || !details.every((d) => /access denied/i.test(d.message));
}

/**
 * Tells whether the gateway could not ask an organization's peer because its channel membership does not
 * list one yet (`FAILED_PRECONDITION: no peers available to evaluate chaincode qscc …`). Gossip fills that
 * membership in as peers publish their state (within seconds; tens of seconds in a large network), so
 * a read-your-writes guard asks again until its timeout, which then reports this cause.
 *
 * @param err - the error a fabric-gateway evaluation threw.
 * @returns true for that FAILED_PRECONDITION.
 */
export function isMembershipGap(err: unknown): boolean {
  return (
    err instanceof FabricGatewayError &&
    err.code === GRPC_FAILED_PRECONDITION &&
    err.message.includes('no peers available to evaluate chaincode')
  );
}
