import { invalidArgument } from './errors';

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

/**
 * What {@link requireBoundedProposal} needs of the stub: fabric-shim's
 * `ChaincodeStub` has both (`getBufferArgs` is left out of its type declarations).
 */
export interface ProposalSource {
  /** The raw arguments, the function name first. */
  getBufferArgs(): readonly Uint8Array[];
  /** The transient map. */
  getTransient(): Map<string, Uint8Array>;
}

/** At most this much of a caller-chosen name is quoted in an error message. */
const QUOTED = 64;

function quoted(name: string): string {
  return JSON.stringify(name.length > QUOTED ? `${name.slice(0, QUOTED)}…` : name);
}

/**
 * Refuses a proposal with an oversized argument or transient value, looking
 * only at byte lengths: nothing is decoded, so the check costs the same for a
 * 100 MB argument as for a 10-byte one. Values are never echoed.
 *
 * @param stub - the transaction's stub (its raw arguments and transient map)
 * @param parameterNames - the transaction function's parameter names, to name an argument in the message
 * @throws INVALID_ARGUMENT naming the argument (or transient field) and the bound
 */
export function requireBoundedProposal(stub: ProposalSource, parameterNames: readonly string[] = []): void {
  const [fn = new Uint8Array(), ...args] = stub.getBufferArgs();
  const fnName = fn.length <= LIMITS.id ? Buffer.from(fn).toString('utf8') : 'the transaction';
  let total = fn.length;
  args.forEach((arg, index) => {
    total += arg.length;
    if (arg.length > LIMITS.argumentBytes) {
      const name = parameterNames[index];
      const which = name === undefined ? `argument ${index + 1}` : `argument ${index + 1} (${name})`;
      throw invalidArgument(`${which} of ${fnName} is ${arg.length} bytes; the bound is ${LIMITS.argumentBytes} bytes`);
    }
  });
  if (total > LIMITS.argumentsTotalBytes) {
    throw invalidArgument(
      `the arguments of ${fnName} are ${total} bytes together; the bound is ${LIMITS.argumentsTotalBytes} bytes`,
    );
  }
  let transientTotal = 0;
  for (const [field, value] of stub.getTransient()) {
    transientTotal += Buffer.byteLength(field) + value.length;
    if (value.length > LIMITS.transientValueBytes) {
      throw invalidArgument(
        `transient field ${quoted(field)} is ${value.length} bytes; the bound is ${LIMITS.transientValueBytes} bytes`,
      );
    }
  }
  if (transientTotal > LIMITS.transientTotalBytes) {
    throw invalidArgument(
      `the transient data is ${transientTotal} bytes together; the bound is ${LIMITS.transientTotalBytes} bytes`,
    );
  }
}
