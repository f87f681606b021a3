import type { Context } from 'fabric-contract-api';
import { PRIVATE_SALT_RULE } from '@govchain/protocol';
import { invalidArgument } from './errors';
import { LIMITS } from './limits';
import { JsonObject, requireString, type StringRule } from './validation';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Transient field of the salt of a private record written from transient data. */
export const SALT_FIELD = 'salt';

/**
 * Reads a transient field as UTF-8 text. Transient data never reaches the
 * ledger, so this is where raw identifiers and other personal data arrive.
 * Error messages name the field but never echo its value. The raw bytes are
 * bounded ({@link LIMITS.transientValueBytes}) before they are decoded.
 *
 * @param ctx - transaction context
 * @param field - transient field name
 * @param rule - rule the text must obey
 * @returns the text, or undefined when the field is absent or empty
 * @throws INVALID_ARGUMENT when the field is too large, not UTF-8 or breaks the rule
 */
export function optionalTransient(ctx: Context, field: string, rule: StringRule = {}): string | undefined {
  const bytes = ctx.stub.getTransient().get(field);
  if (bytes === undefined || bytes.length === 0) {
    return undefined;
  }
  if (bytes.length > LIMITS.transientValueBytes) {
    throw invalidArgument(
      `transient field ${field} is ${bytes.length} bytes; the bound is ${LIMITS.transientValueBytes} bytes`,
    );
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw invalidArgument(`transient field ${field} is not UTF-8 text`);
  }
  return requireString(text, `transient field ${field}`, rule);
}

/**
 * @param ctx - transaction context
 * @param field - transient field name
 * @param rule - rule the text must obey
 * @returns the text
 * @throws INVALID_ARGUMENT when absent, not UTF-8 or breaking the rule
 */
export function requireTransient(ctx: Context, field: string, rule: StringRule = {}): string {
  const text = optionalTransient(ctx, field, rule);
  if (text === undefined) {
    throw invalidArgument(`transient field ${field} is required`);
  }
  return text;
}

/**
 * Reads a transient field holding a JSON object.
 *
 * @param ctx - transaction context
 * @param field - transient field name
 * @param maxLength - largest accepted size of the JSON text, in UTF-16 code units
 * (default {@link LIMITS.transientValueBytes})
 * @returns a reader over the object (its errors name `transient field <field>.<member>`)
 * @throws INVALID_ARGUMENT when absent, too large, not JSON or not an object
 */
export function requireTransientJson(
  ctx: Context,
  field: string,
  maxLength: number = LIMITS.transientValueBytes,
): JsonObject {
  const text = requireTransient(ctx, field, { maxLength });
  return JsonObject.parse(text, `transient field ${field}`, invalidArgument, maxLength);
}

/**
 * Reads the client's random salt for a private record (transient `salt`). The
 * chaincode never derives one: a salt derived from anything on the channel or
 * from a key other departments hold could be recomputed by them.
 *
 * @param ctx - transaction context
 * @returns the salt
 * @throws INVALID_ARGUMENT when absent or not {@link PRIVATE_SALT_RULE} (the value is never echoed)
 */
export function requireSalt(ctx: Context): string {
  return requireTransient(ctx, SALT_FIELD, PRIVATE_SALT_RULE);
}
