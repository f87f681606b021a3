/**
 * Length bounds on everything a caller sends a govchain chaincode, in one
 * table. Every bound is checked before the value is converted or parsed, so an
 * oversized argument costs an endorser a comparison, not a parse: a 100 MB
 * argument is refused with `INVALID_ARGUMENT` naming the argument and the
 * bound, and writes nothing. (fabric-shim itself keeps one string copy of each
 * argument as the message arrives; nothing of ours or of fabric-contract-api's
 * runs on it before the bound.)
 *
 * Two layers:
 * - the raw bounds (`*Bytes`) on the proposal as it arrives, checked by
 *   {@link requireBoundedProposal} for every transaction of every govchain
 *   contract before fabric-contract-api converts any argument;
 * - the per-kind bounds (UTF-16 code units, i.e. `string.length`) that
 *   `requireString`, `parseJson`, `JsonObject.parse` and the transient readers
 *   apply by default, tighter per field where a rule says so.
 *
 * Sizes are chosen from the largest legitimate input with room to spare:
 * OpenBids' reveals of {@link LIMITS.jsonList} (500 bids of about 300
 * characters each) are the largest argument; a private record or holder detail
 * (32 fields of up to 1 KiB in transient data) the largest transient value.
 */
export const LIMITS = Object.freeze({
  /** Raw bytes of any one argument of a transaction (the largest legitimate one, OpenBids' reveals, is about 150 KB). */
  argumentBytes: 256 * 1024,
  /** Raw bytes of all arguments of a transaction together, the function name included. */
  argumentsTotalBytes: 512 * 1024,
  /** Raw bytes of any one transient value (a private record or a holder's detail). */
  transientValueBytes: 16 * 1024,
  /** Raw bytes of all transient data of a transaction together, names included. */
  transientTotalBytes: 64 * 1024,
  /** Identifiers: licence, project, application, consent ids (`ID_RULE`). */
  id: 128,
  /** MSP ids and upper-case codes (`MSP_ID_RULE`, `CODE_RULE`). */
  code: 64,
  /** Names, titles and any string without a rule of its own (`requireString`'s default). */
  string: 256,
  /** Pagination bookmarks (opaque, made by the peer). */
  bookmark: 1024,
  /** Public keys as PEM or hex DER, and signatures as hex. */
  key: 1024,
  /** A JSON document argument holding one record (`parseJson`'s and `JsonObject.parse`'s default). */
  jsonDocument: 64 * 1024,
  /** A JSON document argument holding a batch of records (OpenBids' reveals). */
  jsonList: 256 * 1024,
  /** Serialized bytes of one value the chaincodes write to, or read from, the ledger. */
  storedValueBytes: 1024 * 1024,
});
