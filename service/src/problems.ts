/**
 * Errors as RFC 9457 problem details (`application/problem+json`). Every problem carries the stable code a
 * program acts on (`code`): a chaincode's own (`NOT_FOUND`, `FORBIDDEN`, `CONFLICT`, `INVALID_ARGUMENT`,
 * `PRECONDITION_FAILED`, `RATE_LIMITED`), the gateway client's (`OUTCOME_UNKNOWN`, `ENDORSEMENT_FAILED`, …) or
 * the service's (`UNAUTHENTICATED`, `IDEMPOTENCY_KEY_REQUIRED`, …), and the transaction id when there was one.
 * Refusals are 4xx; an unreachable or failing network is 503 with `Retry-After`. Nothing else of an unexpected
 * error reaches the caller (its message may hold what a log must not).
 */
import {
  ChaincodeError,
  CommitError,
  ConnectionError,
  ConsistencyError,
  EndorsementError,
  GovchainError,
  OutcomeUnknownError,
  ProfileError,
  SubmitError,
} from '@govchain/gateway-client';

/** An RFC 9457 problem, with govchain's members. */
export interface Problem {
  /** `urn:govchain:problem:<code in lower case with dashes>`. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The stable code. */
  readonly code: string;
  /** The transaction concerned, when there was one. */
  readonly transactionId?: string;
  /** Seconds to wait before trying again (also sent as `Retry-After`). */
  readonly retryAfter?: number;
}

const CHAINCODE_STATUS: Readonly<Record<string, readonly [number, string]>> = {
  INVALID_ARGUMENT: [400, 'Invalid argument'],
  NOT_FOUND: [404, 'Not found'],
  FORBIDDEN: [403, 'Forbidden'],
  CONFLICT: [409, 'Conflict'],
  // The request is well-formed but the ledger's state does not allow it now (e.g. a licence not active).
  PRECONDITION_FAILED: [422, 'Not allowed in the current state'],
  RATE_LIMITED: [429, 'Rate limited'],
};

/** Seconds a caller should wait before repeating a request the network could not serve. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Builds a problem.
 *
 * @param status - HTTP status
 * @param code - the stable code
 * @param title - a short, fixed summary of the kind of problem
 * @param detail - what happened this time
 * @param extra - transaction id, retry delay
 * @returns the problem
 */
export function problem(
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: { readonly transactionId?: string | undefined; readonly retryAfter?: number } = {},
): Problem {
  return {
    type: `urn:govchain:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title,
    status,
    detail,
    code,
    ...(extra.transactionId === undefined ? {} : { transactionId: extra.transactionId }),
    ...(extra.retryAfter === undefined ? {} : { retryAfter: extra.retryAfter }),
  };
}

function fromGovchain(err: GovchainError): Problem {
  const tx = { transactionId: err.transactionId };
  if (err instanceof ChaincodeError) {
    const [status, title] = CHAINCODE_STATUS[err.code] ?? [400, 'Refused by the chaincode'];
    return problem(status, err.code, title, err.message, {
      ...tx,
      ...(err.code === 'RATE_LIMITED' ? { retryAfter: 60 } : {}),
    });
  }
  if (err instanceof OutcomeUnknownError) {
    return problem(
      504,
      err.code,
      'Outcome unknown',
      'the transaction was sent but whether it committed is not known yet; ask for its status, do not send it again',
      tx,
    );
  }
  if (err instanceof CommitError) {
    return problem(409, err.code, 'Invalid at commit', `the transaction was ordered but not valid: ${err.code}`, tx);
  }
  if (err instanceof ConnectionError || err instanceof ConsistencyError) {
    return problem(503, err.code, 'Network unavailable', "the department's peer cannot serve the request now", {
      ...tx,
      retryAfter: RETRY_AFTER_SECONDS,
    });
  }
  if (err instanceof EndorsementError || err instanceof SubmitError) {
    return problem(503, err.code, 'Network unavailable', 'the peers or orderers did not complete the request', {
      ...tx,
      retryAfter: RETRY_AFTER_SECONDS,
    });
  }
  if (err instanceof ProfileError) {
    return problem(
      500,
      err.code,
      'Service misconfigured',
      "the service cannot load this identity's profile or credentials",
    );
  }
  return problem(502, err.code, 'Gateway error', 'the Fabric gateway failed the request', tx);
}

/**
 * The problem an error answers with.
 *
 * @param err - what a handler threw
 * @returns the problem (a TypeError from the client's own input checks is INVALID_ARGUMENT; anything
 * unexpected is a 500 with no detail of its own)
 */
export function problemOf(err: unknown): Problem {
  if (err instanceof GovchainError) return fromGovchain(err);
  if (err instanceof TypeError) return problem(400, 'INVALID_ARGUMENT', 'Invalid argument', err.message);
  return problem(500, 'INTERNAL', 'Internal error', 'the service failed; its log has the reason');
}
