import type { Context } from 'fabric-contract-api';
import { PRIVATE_SALT_RULE } from '@govchain/protocol';
import {
  callerMsp,
  invalidArgument,
  marshal,
  readPrivateJson,
  requireTransientJson,
  storedRecord,
  txTimeIso,
} from '@govchain/chaincode-common';
import { TRANSFER_DETAIL_COLLECTION, privateKey } from './keys';
import {
  AMOUNT_RULE,
  DETAIL_FIELD_NAME_RULE,
  DETAIL_FIELD_VALUE_RULE,
  MAX_DETAIL_FIELDS,
  PRIVATE_AMOUNT_FIELDS,
  type TransferPrivateKind,
  TransferPrivateRecord,
} from './models';

/**
 * Reads a private record from the transient field of the same name: a JSON object of strings with a random
 * `salt` and the kind's amount field (`declaredPrice`, `assessedAmount` or `loanAmount`). Values are never
 * echoed. (Transient input has open member names, so it is read here rather than as a protocol class; the
 * record written is a {@link TransferPrivateRecord}.)
 *
 * @param ctx - transaction context
 * @param kind - which record
 * @param applicationId - the application
 * @returns the record to write
 * @throws INVALID_ARGUMENT when missing or malformed
 */
export function readPrivateInput(
  ctx: Context,
  kind: TransferPrivateKind,
  applicationId: string,
): TransferPrivateRecord {
  const input = requireTransientJson(ctx, kind);
  const names = input.keys;
  if (names.length > MAX_DETAIL_FIELDS + 1) {
    throw invalidArgument(`transient field ${kind} must have at most ${MAX_DETAIL_FIELDS} members besides salt`);
  }
  const fields: Record<string, string> = {};
  for (const name of names) {
    if (!(DETAIL_FIELD_NAME_RULE.pattern?.test(name) ?? false)) {
      throw invalidArgument(`transient field ${kind} has a member whose name is not lowerCamelCase`);
    }
    if (name !== 'salt') {
      fields[name] = input.string(name, DETAIL_FIELD_VALUE_RULE);
    }
  }
  input.string(PRIVATE_AMOUNT_FIELDS[kind], AMOUNT_RULE);
  return Object.assign(new TransferPrivateRecord(), {
    applicationId,
    kind,
    fields,
    salt: input.string('salt', PRIVATE_SALT_RULE),
    recordedAt: txTimeIso(ctx),
    recordedByMsp: callerMsp(ctx),
    txId: ctx.stub.getTxID(),
  });
}

/**
 * @param ctx - transaction context
 * @param record - the record
 */
export async function writePrivateRecord(ctx: Context, record: TransferPrivateRecord): Promise<void> {
  await ctx.stub.putPrivateData(
    TRANSFER_DETAIL_COLLECTION,
    privateKey(ctx, record.kind, record.applicationId),
    marshal(record),
  );
}

/**
 * @param ctx - transaction context
 * @param kind - which record
 * @param applicationId - the application
 * @returns the record, or undefined when there is none (or this peer does not hold the collection's data)
 */
export async function readPrivateRecord(
  ctx: Context,
  kind: TransferPrivateKind,
  applicationId: string,
): Promise<TransferPrivateRecord | undefined> {
  return readPrivateJson(
    ctx,
    TRANSFER_DETAIL_COLLECTION,
    privateKey(ctx, kind, applicationId),
    storedRecord(TransferPrivateRecord, kind),
    `${kind} of application ${applicationId}`,
  );
}
