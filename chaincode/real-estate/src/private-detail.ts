import type { Context } from 'fabric-contract-api';
import {
  ID_RULE,
  ISO_UTC_RULE,
  JsonObject,
  MSP_ID_RULE,
  PRIVATE_SALT_RULE,
  type StringRule,
  callerMsp,
  corruptState,
  invalidArgument,
  marshal,
  readPrivateJson,
  requireTransientJson,
  txTimeIso,
} from '@govchain/chaincode-common';
import { TRANSFER_DETAIL_COLLECTION, type PrivateKind, privateKey } from './keys';

/** Names of members of a private detail object (lowerCamelCase). */
const FIELD_NAME = /^[a-z][A-Za-z0-9]{0,63}$/;
/** Values of a private detail object. */
const FIELD_VALUE_RULE: StringRule = { minLength: 1, maxLength: 1024 };
/** The salt that keeps the private-data hash in the block from being confirmed by guessing (chosen by the client). */
const SALT_RULE: StringRule = PRIVATE_SALT_RULE;
/** Money amounts: a decimal with at most two decimals. */
export const AMOUNT_RULE: StringRule = {
  pattern: /^(?:0|[1-9]\d{0,14})(?:\.\d{1,2})?$/,
  patternHint: 'a decimal amount with at most two decimals, e.g. 3200000.00',
};
const MAX_FIELDS = 32;

/** A private record in the transferDetail collection. */
export interface PrivateRecord {
  readonly applicationId: string;
  readonly kind: PrivateKind;
  /** The detail as given (price, amounts, names…), sorted by name; never on the channel ledger. */
  readonly fields: Readonly<Record<string, string>>;
  /** Client-chosen random salt (hex). */
  readonly salt: string;
  readonly recordedAt: string;
  readonly recordedByMsp: string;
  readonly txId: string;
}

/** Transient fields carrying private records, and the amount each must contain. */
export const PRIVATE_INPUTS: Readonly<Record<PrivateKind, string>> = {
  transferDetail: 'declaredPrice',
  taxAssessment: 'assessedAmount',
  loanDetail: 'loanAmount',
};

/**
 * Reads a private record from the transient field of the same name: a JSON
 * object of strings with a random `salt` and the kind's amount field
 * (`declaredPrice`, `assessedAmount` or `loanAmount`). Values are never echoed.
 *
 * @param ctx - transaction context
 * @param kind - which record
 * @param applicationId - the application
 * @returns the record to write
 * @throws INVALID_ARGUMENT when missing or malformed
 */
export function readPrivateInput(ctx: Context, kind: PrivateKind, applicationId: string): PrivateRecord {
  const input = requireTransientJson(ctx, kind);
  const names = input.keys;
  if (names.length > MAX_FIELDS + 1) {
    throw invalidArgument(`transient field ${kind} must have at most ${MAX_FIELDS} members besides salt`);
  }
  const fields: Record<string, string> = {};
  for (const name of names) {
    if (!FIELD_NAME.test(name)) {
      throw invalidArgument(`transient field ${kind} has a member whose name is not lowerCamelCase`);
    }
    if (name !== 'salt') {
      fields[name] = input.string(name, FIELD_VALUE_RULE);
    }
  }
  input.string(PRIVATE_INPUTS[kind], AMOUNT_RULE);
  return {
    applicationId,
    kind,
    fields,
    salt: input.string('salt', SALT_RULE),
    recordedAt: txTimeIso(ctx),
    recordedByMsp: callerMsp(ctx),
    txId: ctx.stub.getTxID(),
  };
}

/**
 * @param ctx - transaction context
 * @param record - the record
 */
export async function writePrivateRecord(ctx: Context, record: PrivateRecord): Promise<void> {
  await ctx.stub.putPrivateData(
    TRANSFER_DETAIL_COLLECTION,
    privateKey(ctx, record.kind, record.applicationId),
    marshal(record),
  );
}

function checkRecord(value: unknown, kind: PrivateKind): PrivateRecord {
  const input = JsonObject.from(value, kind, corruptState).allowOnly([
    'applicationId',
    'kind',
    'fields',
    'salt',
    'recordedAt',
    'recordedByMsp',
    'txId',
  ]);
  return {
    applicationId: input.string('applicationId', ID_RULE),
    kind,
    fields: input.stringMap('fields', { pattern: FIELD_NAME }, FIELD_VALUE_RULE, MAX_FIELDS),
    salt: input.string('salt', SALT_RULE),
    recordedAt: input.string('recordedAt', ISO_UTC_RULE),
    recordedByMsp: input.string('recordedByMsp', MSP_ID_RULE),
    txId: input.string('txId', ID_RULE),
  };
}

/**
 * @param ctx - transaction context
 * @param kind - which record
 * @param applicationId - the application
 * @returns the record, or undefined when there is none (or this peer does not hold the collection's data)
 */
export async function readPrivateRecord(
  ctx: Context,
  kind: PrivateKind,
  applicationId: string,
): Promise<PrivateRecord | undefined> {
  return readPrivateJson(
    ctx,
    TRANSFER_DETAIL_COLLECTION,
    privateKey(ctx, kind, applicationId),
    (value) => checkRecord(value, kind),
    `${kind} of application ${applicationId}`,
  );
}
