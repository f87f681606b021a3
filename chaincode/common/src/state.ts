import type { Context } from 'fabric-contract-api';
import { marshal, unmarshal } from './marshal';

/**
 * Value of an index entry. Fabric treats an empty value as a delete, so index
 * keys (whose information is all in the key) store a single NUL byte.
 */
export const INDEX_VALUE: Uint8Array = Uint8Array.of(0);

/**
 * @param ctx - transaction context
 * @param objectType - key namespace, e.g. `licence`
 * @param attributes - key attributes, e.g. `[licenceId]`
 * @returns the composite key
 */
export function compositeKey(ctx: Context, objectType: string, attributes: readonly string[]): string {
  return ctx.stub.createCompositeKey(objectType, [...attributes]);
}

/**
 * Reads a public state value.
 *
 * @param ctx - transaction context
 * @param key - state key
 * @returns the bytes, or undefined when the key does not exist
 */
export async function readState(ctx: Context, key: string): Promise<Uint8Array | undefined> {
  const bytes = await ctx.stub.getState(key);
  return bytes.length > 0 ? bytes : undefined;
}

/**
 * Reads and checks a public state value written by {@link writeJson}.
 *
 * @param ctx - transaction context
 * @param key - state key
 * @param check - shape check from `unknown`
 * @param what - what is read, for messages
 * @returns the value, or undefined when the key does not exist
 */
export async function readJson<T>(
  ctx: Context,
  key: string,
  check: (value: unknown) => T,
  what: string,
): Promise<T | undefined> {
  const bytes = await readState(ctx, key);
  return bytes === undefined ? undefined : unmarshal(bytes, check, what);
}

/**
 * Writes a public state value as canonical JSON.
 *
 * @param ctx - transaction context
 * @param key - state key
 * @param value - plain data
 */
export async function writeJson(ctx: Context, key: string, value: unknown): Promise<void> {
  await ctx.stub.putState(key, marshal(value));
}

/**
 * Reads and checks a private data value.
 *
 * @param ctx - transaction context
 * @param collection - collection name
 * @param key - key in the collection
 * @param check - shape check from `unknown`
 * @param what - what is read, for messages
 * @returns the value, or undefined when the key does not exist
 */
export async function readPrivateJson<T>(
  ctx: Context,
  collection: string,
  key: string,
  check: (value: unknown) => T,
  what: string,
): Promise<T | undefined> {
  const bytes = await ctx.stub.getPrivateData(collection, key);
  return bytes.length > 0 ? unmarshal(bytes, check, what) : undefined;
}

/**
 * Writes an index entry (a composite key with the {@link INDEX_VALUE} value).
 *
 * @param ctx - transaction context
 * @param index - index name, e.g. `holder~licence`
 * @param attributes - key attributes, e.g. `[holderRef, licenceId]`
 */
export async function writeIndex(ctx: Context, index: string, attributes: readonly string[]): Promise<void> {
  await ctx.stub.putState(compositeKey(ctx, index, attributes), INDEX_VALUE);
}

/**
 * @param mspId - a department's MSP id
 * @returns the name of that department's implicit private data collection
 */
export function implicitCollection(mspId: string): string {
  return `_implicit_org_${mspId}`;
}
