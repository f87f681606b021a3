import { ERROR_CODES, type ErrorCode } from '@govchain/protocol';

export { ERROR_CODES, type ErrorCode };

/**
 * An error refused by the contract itself (as opposed to an unexpected failure).
 * Its message is `CODE: detail`.
 */
export class ChaincodeError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;

  constructor(code: ErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'ChaincodeError';
    this.code = code;
    this.detail = detail;
  }
}

/**
 * @param detail - what is wrong with the argument
 * @returns an `INVALID_ARGUMENT` error
 */
export function invalidArgument(detail: string): ChaincodeError {
  return new ChaincodeError('INVALID_ARGUMENT', detail);
}

/**
 * @param detail - what does not exist, e.g. `licence BL-1 does not exist`
 * @returns a `NOT_FOUND` error
 */
export function notFound(detail: string): ChaincodeError {
  return new ChaincodeError('NOT_FOUND', detail);
}

/**
 * @param detail - who may not do what
 * @returns a `FORBIDDEN` error
 */
export function forbidden(detail: string): ChaincodeError {
  return new ChaincodeError('FORBIDDEN', detail);
}

/**
 * @param detail - what already exists
 * @returns a `CONFLICT` error
 */
export function conflict(detail: string): ChaincodeError {
  return new ChaincodeError('CONFLICT', detail);
}

/**
 * @param detail - which state forbids the action
 * @returns a `PRECONDITION_FAILED` error
 */
export function preconditionFailed(detail: string): ChaincodeError {
  return new ChaincodeError('PRECONDITION_FAILED', detail);
}

/**
 * @param detail - which limit the caller reached
 * @returns a `RATE_LIMITED` error: the same call may succeed later
 */
export function rateLimited(detail: string): ChaincodeError {
  return new ChaincodeError('RATE_LIMITED', detail);
}

/**
 * Reads the stable code from an error message, e.g. for clients that receive
 * the message text only.
 *
 * @param message - an error message
 * @returns the code, or undefined when the message does not start with one
 */
export function errorCodeOf(message: string): ErrorCode | undefined {
  const match = /^([A-Z_]+):/.exec(message);
  const candidate = match?.[1];
  return ERROR_CODES.find((code) => code === candidate);
}
