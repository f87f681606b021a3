import { LIMITS } from '@govchain/protocol';
import { invalidArgument } from './errors';

export { LIMITS };

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
