import type { Context } from 'fabric-contract-api';
import { callerMsp } from './access';
import { conflict } from './errors';
import { compositeKey, readJson, writeJson } from './state';
import { optionalTransient } from './transient';
import { ID_RULE, JsonObject, type StringRule, corruptState } from './validation';

/**
 * A client-chosen idempotency key: 8 to 64 letters, digits and `. _ : -`
 * (a UUID fits). It travels in transient data (field {@link REQUEST_ID_FIELD})
 * so that every transaction keeps its argument shape; it is not secret: the
 * request record that remembers it is public.
 */
export const REQUEST_ID_RULE: StringRule = {
  maxLength: 64,
  pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]{7,63}$/,
  patternHint: '8 to 64 letters, digits and . _ : - (e.g. a UUID)',
};

/** Transient field carrying the idempotency key. */
export const REQUEST_ID_FIELD = 'requestId';

/** Namespace of request records: attributes `[callerMsp, operation, requestId]`. */
export const REQUEST_NAMESPACE = 'request';

/** Values a request's content is compared by. */
export type RequestContent = Readonly<Record<string, string | number>>;

/** An operation retried under one idempotency key. */
export interface IdempotentRequest {
  /** The transaction name, e.g. `RecordViolation`. */
  readonly operation: string;
  readonly requestId: string;
  /** Key of the request record, scoped by the caller's MSP. */
  readonly key: string;
}

/** What a request record holds (public: ids and keys only, never the content). */
interface RequestRecord {
  readonly requestId: string;
  readonly operation: string;
  readonly callerMsp: string;
  /** State key of the record the first transaction wrote. */
  readonly recordKey: string;
  readonly txId: string;
}

function requestRecord(value: unknown): RequestRecord {
  const input = JsonObject.from(value, 'request record', corruptState).allowOnly([
    'requestId',
    'operation',
    'callerMsp',
    'recordKey',
    'txId',
  ]);
  return {
    requestId: input.string('requestId', REQUEST_ID_RULE),
    operation: input.string('operation', { maxLength: 64 }),
    callerMsp: input.string('callerMsp', { maxLength: 64 }),
    recordKey: input.string('recordKey', { maxLength: 1024 }),
    txId: input.string('txId', ID_RULE),
  };
}

/**
 * Reads the caller's idempotency key (transient `requestId`), scoped by the
 * caller's MSP and the operation, so one department cannot pre-empt another's
 * keys.
 *
 * @param ctx - transaction context
 * @param operation - the transaction name
 * @returns the request, or undefined when the caller sent no key (the operation is then not idempotent)
 * @throws INVALID_ARGUMENT when the key breaks {@link REQUEST_ID_RULE}
 */
export function optionalRequest(ctx: Context, operation: string): IdempotentRequest | undefined {
  const requestId = optionalTransient(ctx, REQUEST_ID_FIELD, REQUEST_ID_RULE);
  if (requestId === undefined) {
    return undefined;
  }
  return { operation, requestId, key: compositeKey(ctx, REQUEST_NAMESPACE, [callerMsp(ctx), operation, requestId]) };
}

/**
 * Looks for the first transaction of a request. The same key with the same
 * content returns what that transaction wrote (as it stands now), so a retry
 * writes nothing; the same key with other content is refused.
 *
 * @param ctx - transaction context
 * @param request - the request, or undefined (nothing is looked up)
 * @param content - what this call asks for, by name
 * @param readFirst - reads the first transaction's record by its key
 * @param contentOf - the same names, read from that record
 * @returns the first transaction's record, or undefined when this is the first
 * @throws CONFLICT naming the members that differ
 */
export async function priorResult<T>(
  ctx: Context,
  request: IdempotentRequest | undefined,
  content: RequestContent,
  readFirst: (recordKey: string) => Promise<T | undefined>,
  contentOf: (record: T) => RequestContent,
): Promise<T | undefined> {
  if (request === undefined) {
    return undefined;
  }
  const prior = await readJson(ctx, request.key, requestRecord, `request ${request.requestId}`);
  if (prior === undefined) {
    return undefined;
  }
  const first = await readFirst(prior.recordKey);
  if (first === undefined) {
    throw new Error(`stored state is corrupt: request ${request.requestId} names a record that does not exist`);
  }
  const before = contentOf(first);
  const differing = Object.keys(content)
    .filter((name) => before[name] !== content[name])
    .sort();
  if (differing.length > 0) {
    throw conflict(
      `request ${request.requestId} of ${request.operation} was already used by ${callerMsp(ctx)} in transaction ${prior.txId} with a different ${differing.join(', ')}`,
    );
  }
  return first;
}

/**
 * Remembers the record a request's first transaction wrote, under the caller's
 * own key-level policy: the record decides whether a retry applies again, so
 * no other departments — not even two together — may rewrite or delete it.
 *
 * @param ctx - transaction context
 * @param request - the request, or undefined (nothing is written)
 * @param recordKey - state key of the record written
 * @param callerPolicy - the key-level policy of a record the caller owns (the caller and one other
 * department, e.g. `ownerAndOtherPolicy(callerMsp, departments)`)
 */
export async function rememberRequest(
  ctx: Context,
  request: IdempotentRequest | undefined,
  recordKey: string,
  callerPolicy: Uint8Array,
): Promise<void> {
  if (request === undefined) {
    return;
  }
  const record: RequestRecord = {
    requestId: request.requestId,
    operation: request.operation,
    callerMsp: callerMsp(ctx),
    recordKey,
    txId: ctx.stub.getTxID(),
  };
  await writeJson(ctx, request.key, record);
  await ctx.stub.setStateValidationParameter(request.key, callerPolicy);
}
