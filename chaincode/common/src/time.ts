import type { Context } from 'fabric-contract-api';

/** A protobuf timestamp as the shim hands it out (seconds may be a Long or a number). */
export interface TimestampLike {
  readonly seconds: number | { toNumber(): number };
  readonly nanos: number;
}

/**
 * @param timestamp - a protobuf timestamp (transaction or history timestamp)
 * @returns milliseconds since the epoch (sub-millisecond nanos truncated)
 */
export function timestampToMillis(timestamp: TimestampLike): number {
  const seconds = typeof timestamp.seconds === 'number' ? timestamp.seconds : timestamp.seconds.toNumber();
  return seconds * 1000 + Math.floor(timestamp.nanos / 1_000_000);
}

/**
 * @param millis - milliseconds since the epoch
 * @returns the ISO-8601 UTC form with milliseconds, e.g. `2025-01-31T08:00:00.000Z`
 */
export function isoFromMillis(millis: number): string {
  return new Date(millis).toISOString();
}

/**
 * The transaction time: the only clock chaincode may use (every endorser sees
 * the same value, the client's proposal timestamp).
 *
 * @param ctx - transaction context
 * @returns milliseconds since the epoch
 */
export function txTimeMillis(ctx: Context): number {
  return timestampToMillis(ctx.stub.getTxTimestamp());
}

/**
 * @param ctx - transaction context
 * @returns the transaction time as ISO-8601 UTC with milliseconds
 */
export function txTimeIso(ctx: Context): string {
  return isoFromMillis(txTimeMillis(ctx));
}

/** Milliseconds in one day. */
export const DAY_MILLIS = 86_400_000;
