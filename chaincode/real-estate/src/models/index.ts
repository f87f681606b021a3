/**
 * The ledger records and JSON inputs of real-estate are the protocol classes of
 * `@govchain/protocol/real-estate` (defined once, checked alike by the chaincode and its clients): the
 * chaincode reads state with `storedRecord` and parses arguments with `argumentRecord`. They carry no
 * fabric-contract-api @Object/@Property decorators on purpose: every transaction takes and returns strings,
 * and fabric-shim validates each argument against a schema that embeds every declared @Object type (about
 * 0.2 ms of a three-argument call with the e-license types, against 0.02 ms without; see BENCHMARKS.md).
 */
import type { OwnerShare, PropertyUnit } from '@govchain/protocol/real-estate';

export * from '@govchain/protocol/real-estate';

/**
 * Code-unit string comparison (the order used wherever lists are written).
 *
 * @param a - first string
 * @param b - second string
 * @returns negative, zero or positive
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * @param shares - owner shares
 * @returns them sorted by holder reference (the order they are stored in)
 */
export function sortShares(shares: OwnerShare[]): OwnerShare[] {
  return shares.sort((a, b) => compareStrings(a.holderRef, b.holderRef));
}

/**
 * @param a - first list
 * @param b - second list
 * @returns whether both name the same holders with the same shares (order ignored)
 */
export function sameShares(a: readonly OwnerShare[], b: readonly OwnerShare[]): boolean {
  const key = (list: readonly OwnerShare[]): string =>
    list
      .map((share) => `${share.holderRef}:${share.shareBasisPoints}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

/**
 * @param unit - a unit
 * @returns whether a judicial seizure is registered on it
 */
export function isSeized(unit: PropertyUnit): boolean {
  return unit.encumbrances.some((encumbrance) => encumbrance.kind === 'SEIZURE');
}
