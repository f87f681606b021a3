/**
 * The stable codes of chaincode refusals. Every chaincode error message starts with one of them, then `: ` and
 * a sentence, e.g. `NOT_FOUND: licence BL-1 does not exist`. Clients see only the message text (inside the
 * endorsement details), so the code prefix is the contract between chaincode and client.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'RATE_LIMITED',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];
