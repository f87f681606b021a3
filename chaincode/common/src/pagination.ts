import type { Context } from 'fabric-contract-api';
import { invalidArgument } from './errors';
import { LIMITS } from './limits';
import { isoFromMillis, timestampToMillis } from './time';

/** Page size used when the caller passes none. */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest page size a caller may ask for. */
export const MAX_PAGE_SIZE = 100;

/** One page of a paginated query. */
export interface Page<T> {
  /** The records of this page, in key order. */
  readonly records: T[];
  /** Pass this to get the next page; empty when there are no more records. */
  readonly bookmark: string;
  /** How many index entries the ledger returned for this page. */
  readonly fetchedCount: number;
}

/**
 * Parses a page size argument.
 *
 * @param text - decimal string; empty means {@link DEFAULT_PAGE_SIZE}
 * @returns the page size
 * @throws INVALID_ARGUMENT unless it is an integer from 1 to {@link MAX_PAGE_SIZE}
 */
export function parsePageSize(text: string): number {
  if (text.length > 16) {
    throw invalidArgument(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  if (text.trim() === '') {
    return DEFAULT_PAGE_SIZE;
  }
  if (!/^\d{1,4}$/.test(text.trim())) {
    throw invalidArgument(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  const size = Number(text.trim());
  if (size < 1 || size > MAX_PAGE_SIZE) {
    throw invalidArgument(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return size;
}

/**
 * Checks a bookmark argument (opaque; empty means the first page).
 *
 * @param text - the bookmark a previous page returned, or empty
 * @returns the bookmark
 * @throws INVALID_ARGUMENT when it is implausibly long
 */
export function parseBookmark(text: string): string {
  if (text.length > LIMITS.bookmark) {
    throw invalidArgument(`bookmark must have at most ${LIMITS.bookmark} characters`);
  }
  return text;
}

/**
 * Reads one page of an index (composite keys `index` + attributes) and resolves
 * every entry to a record. Only valid in evaluate (read-only) transactions:
 * Fabric refuses paginated queries in transactions that write.
 *
 * @param ctx - transaction context
 * @param index - index name, e.g. `issuer~licence`
 * @param prefix - leading attributes to match, e.g. `[issuerMsp]`
 * @param pageSize - page size (already checked)
 * @param bookmark - bookmark from the previous page, or empty
 * @param resolve - turns an entry's attributes into a record (undefined skips it)
 * @returns the page
 */
export async function queryIndexPage<T>(
  ctx: Context,
  index: string,
  prefix: readonly string[],
  pageSize: number,
  bookmark: string,
  resolve: (attributes: string[]) => Promise<T | undefined>,
): Promise<Page<T>> {
  const { iterator, metadata } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(
    index,
    [...prefix],
    pageSize,
    bookmark,
  );
  const records: T[] = [];
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const { attributes } = ctx.stub.splitCompositeKey(next.value.key);
      const record = await resolve(attributes);
      if (record !== undefined) {
        records.push(record);
      }
    }
  } finally {
    await iterator.close();
  }
  // The peer sends no metadata for an empty page (an all-default protobuf serializes to nothing), and the
  // shim then leaves `metadata` undefined.
  const page = metadata as typeof metadata | undefined;
  return { records, bookmark: page?.bookmark ?? '', fetchedCount: page?.fetchedRecordsCount ?? 0 };
}

/** One entry of a key's history. */
export interface HistoryEntry {
  readonly txId: string;
  /** Commit timestamp of the transaction (its proposal time), ISO-8601 UTC. */
  readonly timestamp: string;
  readonly isDelete: boolean;
  /** The value written, or undefined for deletes. */
  readonly value: Uint8Array | undefined;
}

/**
 * Reads the whole history of a key (newest first, as Fabric returns it).
 *
 * @param ctx - transaction context
 * @param key - state key
 * @returns the history entries
 */
export async function readHistory(ctx: Context, key: string): Promise<HistoryEntry[]> {
  const iterator = await ctx.stub.getHistoryForKey(key);
  const entries: HistoryEntry[] = [];
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const modification = next.value;
      entries.push({
        txId: modification.txId,
        timestamp: isoFromMillis(timestampToMillis(modification.timestamp)),
        isDelete: modification.isDelete,
        value: modification.isDelete || modification.value.length === 0 ? undefined : modification.value,
      });
    }
  } finally {
    await iterator.close();
  }
  return entries;
}
